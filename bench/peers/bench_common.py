"""What the Python benchmark peers share: the command line, the data, measuring, the JSON line.

Mirrors bench/src/args.rs, data.rs and measure.rs of the Rust driver, so that every client
takes the same arguments, moves the same bytes and measures itself the same way:

    PEER SCENARIO --endpoint URL --access-key-id AK --access-key-secret SK --region R
                  --bucket B [--file PATH --key K --size N --part-size N --concurrency N]
                  [--output PATH]
                  [--prefix P --count N --object-size N] [--expect-count N]

A peer module provides a `connect(args)` returning its client and one function per scenario
taking `(client, args)` and returning an Outcome; `main` does the rest. The client is made
before the meter starts (as the Rust clients' set-up, it costs next to nothing; the
interpreter's start-up and imports are left out).
"""

import argparse
import json
import os
import resource
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

SCENARIOS = ("large-upload", "large-download", "small-put", "small-get", "list")


class Outcome:
    """What a scenario did: requests, payload bytes, the downloaded CRC-64, what was checked."""

    def __init__(self, operations, nbytes, check, crc64=None):
        self.operations = operations
        self.bytes = nbytes
        self.check = check
        self.crc64 = crc64


class CheckFailed(Exception):
    """A correctness check failed (wrong bytes, wrong count)."""


def parse_args(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=SCENARIOS)
    for name in ("endpoint", "access-key-id", "access-key-secret", "region", "bucket"):
        parser.add_argument("--" + name, required=True)
    for name in ("file", "key", "prefix", "output"):
        parser.add_argument("--" + name)
    for name in ("size", "part-size", "concurrency", "count", "object-size", "expect-count"):
        parser.add_argument("--" + name, type=int)
    args = parser.parse_args(argv)
    if args.scenario == "large-upload":
        args.size = os.path.getsize(args.file)
    return args


def small_key(prefix, index):
    return "%s%06d" % (prefix, index)


def small_body(index, size):
    return (b"%08d" % index * (size // 8 + 1))[:size]


def parts(size, part_size):
    """(part number from 1, offset, length) of each part."""
    return [(n + 1, offset, min(part_size, size - offset))
            for n, offset in enumerate(range(0, size, part_size))]


def in_parallel(count, concurrency, work):
    """work(index) for every index below count, `concurrency` threads at a time, in order."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(work, range(count)))


def read_part(path, offset, length):
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.pread(fd, length, offset)
    finally:
        os.close(fd)


class OutputFile:
    """The download's destination: parts are written at their offsets from any thread, and the
    file is flushed with fsync when closed (as the Rust clients do)."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

    def write_at(self, data, offset):
        view = memoryview(data)
        while view:
            written = os.pwrite(self.fd, view, offset)
            view, offset = view[written:], offset + written

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                os.fsync(self.fd)
        finally:
            os.close(self.fd)


def vm_hwm_bytes():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Meter:
    """Wall time, process CPU (all threads) and peak RSS from start() to stop()."""

    def start(self):
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass
        self.usage = resource.getrusage(resource.RUSAGE_SELF)
        self.started = time.perf_counter()
        return self

    def stop(self):
        wall = time.perf_counter() - self.started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "wall_s": round(wall, 6),
            "user_s": round(usage.ru_utime - self.usage.ru_utime, 3),
            "sys_s": round(usage.ru_stime - self.usage.ru_stime, 3),
            "peak_rss_bytes": vm_hwm_bytes(),
        }


def main(client_name, connect, scenarios):
    """Parses the arguments, runs the scenario under a Meter and prints the JSON line."""
    args = parse_args(sys.argv[1:])
    client = connect(args)
    meter = Meter().start()
    try:
        outcome = scenarios[args.scenario](client, args)
        error = None
    except Exception as e:  # every failure becomes the report's error
        outcome = None
        error = "%s: %s" % (type(e).__name__, e)
        traceback.print_exc()
    line = {"client": client_name, "scenario": args.scenario, "ok": error is None}
    line.update(meter.stop())
    if outcome is not None:
        line.update(operations=outcome.operations, bytes=outcome.bytes, check=outcome.check)
        if outcome.crc64 is not None:
            line["crc64"] = str(outcome.crc64)
    else:
        line["error"] = error
    print(json.dumps(line), flush=True)
    sys.exit(0 if error is None else 1)
