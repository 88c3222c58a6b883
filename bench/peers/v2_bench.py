#!/usr/bin/env python3
"""The alibabacloud-oss-v2 peer of oss-bench: the scenarios through the official V2 SDK.

    v2_bench.py SCENARIO --endpoint URL --access-key-id AK ... (see bench_common.py)

As a user would write them with the SDK's own calls: one `Client` shared by the threads
(the defaults: V4 signing, CRC-64 checks on; its connection pool raised to the
concurrency), a thread pool for concurrency, the SDK's CRC-64 (crcmod's C extension) for
ranged downloads. Large transfers are the loop the SDK's Uploader/Downloader run per part
(initiate, upload_part with CRC check, complete; ranged get_object written at its offset in
the output file, fsync at the end), without their checkpoint files.
"""

import alibabacloud_oss_v2 as oss
import bench_common as common
from alibabacloud_oss_v2.crc import Crc64


def connect(args):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(
        args.access_key_id, args.access_key_secret)
    cfg.region = args.region
    cfg.endpoint = args.endpoint
    # The default pool keeps 20 connections; enough for every thread.
    cfg.http_client = oss.transport.RequestsHttpClient(max_connections=max(args.concurrency or 1, 20))
    return oss.Client(cfg)


def large_upload(client, args):
    plan = common.parts(args.size, args.part_size)
    upload_id = client.initiate_multipart_upload(oss.InitiateMultipartUploadRequest(
        bucket=args.bucket, key=args.key)).upload_id

    def upload(index):
        number, offset, length = plan[index]
        data = common.read_part(args.file, offset, length)
        result = client.upload_part(oss.UploadPartRequest(
            bucket=args.bucket, key=args.key, upload_id=upload_id, part_number=number, body=data))
        return oss.UploadPart(part_number=number, etag=result.etag)

    done = common.in_parallel(len(plan), args.concurrency, upload)
    result = client.complete_multipart_upload(oss.CompleteMultipartUploadRequest(
        bucket=args.bucket, key=args.key, upload_id=upload_id,
        complete_multipart_upload=oss.CompleteMultipartUpload(parts=done)))
    return common.Outcome(len(plan), args.size, "%d parts, each CRC-64 checked" % len(plan),
                          crc64=result.hash_crc64)


def large_download(client, args):
    plan = common.parts(args.size, args.part_size)

    def download(output, index):
        _, offset, length = plan[index]
        result = client.get_object(oss.GetObjectRequest(
            bucket=args.bucket, key=args.key, range_header="bytes=%d-%d" % (offset, offset + length - 1)))
        crc, received = Crc64(0), 0
        for chunk in result.body.iter_bytes(block_size=1 << 20):
            output.write_at(chunk, offset + received)
            crc.update(chunk)
            received += len(chunk)
        if received != length:
            raise common.CheckFailed("range at %d: %d bytes" % (offset, received))
        return crc.sum64()

    with common.OutputFile(args.output) as output:
        crcs = common.in_parallel(len(plan), args.concurrency, lambda i: download(output, i))
    whole = 0
    for (_, _, length), crc in zip(plan, crcs):
        whole = Crc64.combine(whole, crc, length)
    return common.Outcome(len(plan), args.size, "%d ranges into the file, CRC-64 of each combined" % len(plan),
                          crc64=whole)


def small_put(client, args):
    def put(index):
        client.put_object(oss.PutObjectRequest(
            bucket=args.bucket, key=common.small_key(args.prefix, index),
            body=common.small_body(index, args.object_size)))

    common.in_parallel(args.count, args.concurrency, put)
    return common.Outcome(args.count, args.count * args.object_size,
                          "%d PUTs, each CRC-64 checked" % args.count)


def small_get(client, args):
    def get(index):
        result = client.get_object(oss.GetObjectRequest(
            bucket=args.bucket, key=common.small_key(args.prefix, index)))
        if result.body.read() != common.small_body(index, args.object_size):
            raise common.CheckFailed("object %d came back different" % index)

    common.in_parallel(args.count, args.concurrency, get)
    return common.Outcome(args.count, args.count * args.object_size,
                          "%d GETs byte-identical" % args.count)


def list_keys(client, args):
    keys, pages, last = 0, 0, ""
    paginator = client.list_objects_v2_paginator(limit=1000)
    for page in paginator.iter_page(oss.ListObjectsV2Request(bucket=args.bucket, prefix=args.prefix)):
        pages += 1
        for entry in page.contents or []:
            if entry.key <= last:
                raise common.CheckFailed("%r listed after %r" % (entry.key, last))
            last = entry.key
            keys += 1
    if keys != args.expect_count:
        raise common.CheckFailed("listed %d keys, expected %d" % (keys, args.expect_count))
    return common.Outcome(pages, 0, "%d keys in order in %d pages" % (keys, pages))


if __name__ == "__main__":
    common.main("alibabacloud-oss-v2", connect, {
        "large-upload": large_upload,
        "large-download": large_download,
        "small-put": small_put,
        "small-get": small_get,
        "list": list_keys,
    })
