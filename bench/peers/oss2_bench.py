#!/usr/bin/env python3
"""The oss2 peer of oss-bench: the benchmark scenarios through the official `oss2` SDK.

    oss2_bench.py SCENARIO --endpoint URL --access-key-id AK ... (see bench_common.py)

As a user would write them with oss2's own calls: one `oss2.Bucket` shared by the threads
(V4 signing, `enable_crc=True`, the SDK's default; its connection pool raised to the
concurrency), a thread pool for concurrency, the SDK's CRC-64 (crcmod's C extension) for
ranged downloads. Large transfers are the loop oss2's resumable_upload/resumable_download
run per part (init, upload_part with CRC check, complete; ranged get_object written at its
offset in the output file, fsync at the end), without their checkpoint files.
"""

import bench_common as common
import oss2
from oss2.models import PartInfo
from oss2.utils import Crc64


def connect(args):
    # Read when the Bucket makes its session: enough connections for every thread.
    oss2.defaults.connection_pool_size = max(args.concurrency or 1, oss2.defaults.connection_pool_size)
    auth = oss2.AuthV4(args.access_key_id, args.access_key_secret)
    return oss2.Bucket(auth, args.endpoint, args.bucket, region=args.region, enable_crc=True)


def large_upload(bucket, args):
    plan = common.parts(args.size, args.part_size)
    upload_id = bucket.init_multipart_upload(args.key).upload_id

    def upload(index):
        number, offset, length = plan[index]
        data = common.read_part(args.file, offset, length)
        return PartInfo(number, bucket.upload_part(args.key, upload_id, number, data).etag)

    done = common.in_parallel(len(plan), args.concurrency, upload)
    result = bucket.complete_multipart_upload(args.key, upload_id, done)
    return common.Outcome(len(plan), args.size, "%d parts, each CRC-64 checked" % len(plan),
                          crc64=result.crc)


def large_download(bucket, args):
    plan = common.parts(args.size, args.part_size)

    def download(output, index):
        _, offset, length = plan[index]
        body = bucket.get_object(args.key, byte_range=(offset, offset + length - 1))
        crc, received = Crc64(0), 0
        while True:
            chunk = body.read(1 << 20)
            if not chunk:
                break
            output.write_at(chunk, offset + received)
            crc.update(chunk)
            received += len(chunk)
        if received != length:
            raise common.CheckFailed("range at %d: %d bytes" % (offset, received))
        return crc.crc

    with common.OutputFile(args.output) as output:
        crcs = common.in_parallel(len(plan), args.concurrency, lambda i: download(output, i))
    combiner, whole = Crc64(0), 0
    for (_, _, length), crc in zip(plan, crcs):
        whole = combiner.combine(whole, crc, length)
    return common.Outcome(len(plan), args.size, "%d ranges into the file, CRC-64 of each combined" % len(plan),
                          crc64=whole)


def small_put(bucket, args):
    def put(index):
        bucket.put_object(common.small_key(args.prefix, index),
                          common.small_body(index, args.object_size))

    common.in_parallel(args.count, args.concurrency, put)
    return common.Outcome(args.count, args.count * args.object_size,
                          "%d PUTs, each CRC-64 checked" % args.count)


def small_get(bucket, args):
    def get(index):
        body = bucket.get_object(common.small_key(args.prefix, index)).read()
        if body != common.small_body(index, args.object_size):
            raise common.CheckFailed("object %d came back different" % index)

    common.in_parallel(args.count, args.concurrency, get)
    return common.Outcome(args.count, args.count * args.object_size,
                          "%d GETs byte-identical" % args.count)


def list_keys(bucket, args):
    keys, last = 0, ""
    for entry in oss2.ObjectIteratorV2(bucket, prefix=args.prefix, max_keys=1000):
        if entry.key <= last:
            raise common.CheckFailed("%r listed after %r" % (entry.key, last))
        last = entry.key
        keys += 1
    if keys != args.expect_count:
        raise common.CheckFailed("listed %d keys, expected %d" % (keys, args.expect_count))
    pages = -(-keys // 1000)
    return common.Outcome(pages, 0, "%d keys in order" % keys)


if __name__ == "__main__":
    common.main("oss2", connect, {
        "large-upload": large_upload,
        "large-download": large_download,
        "small-put": small_put,
        "small-get": small_get,
        "list": list_keys,
    })
