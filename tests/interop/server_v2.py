#!/usr/bin/env python3
"""Drives a running oss-server with the official alibabacloud-oss-v2 SDK.

    server_v2.py ENDPOINT AK SK REGION BUCKET [--sign v1|v4] [--token TOKEN]
    server_v2.py ENDPOINT AK SK REGION BUCKET --expect-error CODE [--sign ...] [--token ...]

The first form runs objects, paginators, the uploader and downloader (four parallel parts),
multipart uploads and presigned URLs (fetched with urllib) against a new bucket BUCKET, with
the SDK's CRC-64 checks on (its default), and deletes the bucket; the second makes one call
that must fail with CODE. Exits non-zero with a message on the first failure.
"""

import argparse
import os
import sys
import tempfile
import urllib.error
import urllib.request

import alibabacloud_oss_v2 as oss


def fail(message):
    print(f"server_v2.py: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def service_error(e):
    while isinstance(e, oss.exceptions.OperationError):
        e = e.unwrap()
    return e if isinstance(e, oss.exceptions.ServiceError) else None


def expect_error(call, status, code, what):
    try:
        call()
    except Exception as e:  # the SDK wraps service errors in OperationError
        se = service_error(e)
        if se is None or se.status_code != status or se.code != code:
            fail(f"{what}: expected {status} {code}, got {e!r}")
        return se
    fail(f"{what}: expected {status} {code}, but the call succeeded")


def client_for(args, secret=None, token=None):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(
        args.ak, secret or args.sk, token if token is not None else args.token)
    cfg.region = args.region
    cfg.endpoint = args.endpoint
    cfg.signature_version = args.sign
    cfg.retry_max_attempts = 1
    return oss.Client(cfg)


def suite(args, client, workdir):
    b = args.bucket
    client.put_bucket(oss.PutBucketRequest(bucket=b, acl="private"))
    names = [x.name for page in client.list_buckets_paginator().iter_page(oss.ListBucketsRequest())
             for x in (page.buckets or [])]
    check(b in names, f"ListBuckets paginator: {names}")
    info = client.get_bucket_info(oss.GetBucketInfoRequest(bucket=b))
    check(info.bucket_info.name == b, "GetBucketInfo")

    data = os.urandom(250 * 1024)
    r = client.put_object(oss.PutObjectRequest(bucket=b, key="a/obj", body=data,
                                               metadata={"color": "red"}))
    check(r.status_code == 200 and r.hash_crc64 is not None, "PutObject")
    got = client.get_object(oss.GetObjectRequest(bucket=b, key="a/obj"))
    check(got.body.read() == data, "GetObject")
    part = client.get_object(oss.GetObjectRequest(bucket=b, key="a/obj", range_header="bytes=100-199",
                                                  range_behavior="standard"))
    check(part.body.read() == data[100:200] and part.status_code == 206, "ranged GetObject")
    head = client.head_object(oss.HeadObjectRequest(bucket=b, key="a/obj"))
    check(head.metadata.get("color") == "red" and head.content_length == len(data), "HeadObject")
    expect_error(lambda: client.head_object(oss.HeadObjectRequest(bucket=b, key="missing")),
                 404, "NoSuchKey", "HeadObject of a missing key")
    client.copy_object(oss.CopyObjectRequest(bucket=b, key="a/copy", source_bucket=b, source_key="a/obj"))
    check(client.get_object(oss.GetObjectRequest(bucket=b, key="a/copy")).body.read() == data, "CopyObject")
    r = client.append_object(oss.AppendObjectRequest(bucket=b, key="log", position=0, body=b"abc"))
    client.append_object(oss.AppendObjectRequest(bucket=b, key="log", position=r.next_position,
                                                 body=b"def", init_hash_crc64=r.hash_crc64))
    check(client.get_object(oss.GetObjectRequest(bucket=b, key="log")).body.read() == b"abcdef", "AppendObject")

    # Paginators over v1 and v2 listings.
    for i in range(5):
        client.put_object(oss.PutObjectRequest(bucket=b, key=f"p/{i}", body=b"x"))
    keys = [o.key for page in client.list_objects_v2_paginator(limit=2).iter_page(
        oss.ListObjectsV2Request(bucket=b, prefix="p/")) for o in (page.contents or [])]
    check(keys == [f"p/{i}" for i in range(5)], f"ListObjectsV2 paginator: {keys}")
    keys = [o.key for page in client.list_objects_paginator(limit=3).iter_page(
        oss.ListObjectsRequest(bucket=b, prefix="p/")) for o in (page.contents or [])]
    check(len(keys) == 5, f"ListObjects paginator: {keys}")

    # Multipart by hand, listed with paginators.
    init = client.initiate_multipart_upload(oss.InitiateMultipartUploadRequest(bucket=b, key="mp"))
    chunks = [os.urandom(100 * 1024), os.urandom(5)]
    parts = []
    for n, chunk in enumerate(chunks, 1):
        up = client.upload_part(oss.UploadPartRequest(bucket=b, key="mp", upload_id=init.upload_id,
                                                      part_number=n, body=chunk))
        parts.append(oss.UploadPart(part_number=n, etag=up.etag))
    listed = [p.part_number for page in client.list_parts_paginator().iter_page(
        oss.ListPartsRequest(bucket=b, key="mp", upload_id=init.upload_id)) for p in (page.parts or [])]
    check(listed == [1, 2], f"ListParts paginator: {listed}")
    uploads = [u.upload_id for page in client.list_multipart_uploads_paginator().iter_page(
        oss.ListMultipartUploadsRequest(bucket=b)) for u in (page.uploads or [])]
    check(init.upload_id in uploads, "ListMultipartUploads paginator")
    client.complete_multipart_upload(oss.CompleteMultipartUploadRequest(
        bucket=b, key="mp", upload_id=init.upload_id,
        complete_multipart_upload=oss.CompleteMultipartUpload(parts=parts)))
    check(client.get_object(oss.GetObjectRequest(bucket=b, key="mp")).body.read() == b"".join(chunks),
          "CompleteMultipartUpload")

    # Uploader and downloader: four parts in parallel.
    src = os.path.join(workdir, "src.bin")
    big = os.urandom(3 * 1024 * 1024 + 777)
    with open(src, "wb") as f:
        f.write(big)
    uploader = client.uploader(part_size=256 * 1024, parallel_num=4)
    uploader.upload_file(oss.PutObjectRequest(bucket=b, key="big"), filepath=src)
    dst = os.path.join(workdir, "dst.bin")
    downloader = client.downloader(part_size=200 * 1024, parallel_num=4)
    downloader.download_file(oss.GetObjectRequest(bucket=b, key="big"), filepath=dst)
    with open(dst, "rb") as f:
        check(f.read() == big, "downloader returns what the uploader sent")

    # Presigned URLs through urllib.
    pre = client.presign(oss.GetObjectRequest(bucket=b, key="a/obj"))
    check(urllib.request.urlopen(pre.url).read() == data, "presigned GET")

    # Batch delete and the bucket.
    while True:
        listed = client.list_objects_v2(oss.ListObjectsV2Request(bucket=b, max_keys=1000))
        objects = [oss.DeleteObject(key=o.key) for o in (listed.contents or [])]
        if not objects:
            break
        r = client.delete_multiple_objects(oss.DeleteMultipleObjectsRequest(bucket=b, objects=objects))
        check(len(r.deleted_objects) == len(objects), "DeleteMultipleObjects")
    client.delete_bucket(oss.DeleteBucketRequest(bucket=b))


def main():
    parser = argparse.ArgumentParser()
    for name in ("endpoint", "ak", "sk", "region", "bucket"):
        parser.add_argument(name)
    parser.add_argument("--sign", choices=("v1", "v4"), default="v4")
    parser.add_argument("--token")
    parser.add_argument("--expect-error")
    args = parser.parse_args()
    client = client_for(args)
    if args.expect_error:
        try:
            client.get_object(oss.GetObjectRequest(bucket=args.bucket, key="any-key"))
            fail(f"expected {args.expect_error}, but the call succeeded")
        except Exception as e:
            se = service_error(e)
            check(se is not None and se.code == args.expect_error,
                  f"expected {args.expect_error}, got {e!r}")
        print(f"ok: {args.expect_error}")
        return
    with tempfile.TemporaryDirectory() as workdir:
        suite(args, client, workdir)
    print(f"ok: alibabacloud-oss-v2 {args.sign}{' sts' if args.token else ''}")


if __name__ == "__main__":
    main()
