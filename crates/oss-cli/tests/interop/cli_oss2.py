#!/usr/bin/env python3
"""The oss2 side of the `oss` command's interop test.

    cli_oss2.py ENDPOINT AK SK REGION BUCKET verify KEY FILE [META_NAME=VALUE]
    cli_oss2.py ENDPOINT AK SK REGION BUCKET upload KEY FILE [--multipart]
    cli_oss2.py ENDPOINT AK SK REGION BUCKET verify-tree PREFIX DIR

`verify` reads KEY with oss2 (CRC checks on) and requires the bytes of FILE (and the user
metadata given); `upload` writes FILE as KEY, with a multipart resumable upload when asked;
`verify-tree` requires every file under DIR at PREFIX + its relative path, and nothing else.
Exits non-zero with a message on the first failure.
"""

import os
import sys

import oss2


def fail(message):
    print(f"cli_oss2.py: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    endpoint, ak, sk, region, bucket_name, mode = sys.argv[1:7]
    rest = sys.argv[7:]
    auth = oss2.AuthV4(ak, sk)
    bucket = oss2.Bucket(auth, endpoint, bucket_name, region=region, enable_crc=True)
    if mode == "verify":
        key, path = rest[0], rest[1]
        got = bucket.get_object(key).read()
        if got != read(path):
            fail(f"{key}: oss2 read {len(got)} bytes that differ from {path}")
        head = bucket.head_object(key)
        for pair in rest[2:]:
            name, value = pair.split("=", 1)
            actual = head.headers.get("x-oss-meta-" + name)
            if actual != value:
                fail(f"{key}: x-oss-meta-{name} is {actual!r}, expected {value!r}")
        print(f"verified {key}: {len(got)} bytes, ETag {head.etag}")
    elif mode == "upload":
        key, path = rest[0], rest[1]
        if "--multipart" in rest:
            workdir = os.path.dirname(os.path.abspath(path))
            oss2.resumable_upload(bucket, key, path, store=oss2.ResumableStore(root=workdir),
                                  multipart_threshold=100 * 1024, part_size=256 * 1024,
                                  num_threads=3)
        else:
            bucket.put_object_from_file(key, path)
        print(f"uploaded {key}")
    elif mode == "verify-tree":
        prefix, root = rest[0], rest[1]
        expected = {}
        for directory, _, files in os.walk(root):
            for name in files:
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                expected[prefix + relative] = read(path)
        listed = [obj.key for obj in oss2.ObjectIteratorV2(bucket, prefix=prefix)]
        if sorted(listed) != sorted(expected):
            fail(f"listed {sorted(listed)}, expected {sorted(expected)}")
        for key, data in expected.items():
            if bucket.get_object(key).read() != data:
                fail(f"{key} differs")
        print(f"verified {len(expected)} objects under {prefix}")
    else:
        fail(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
