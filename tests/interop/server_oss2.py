#!/usr/bin/env python3
"""Drives a running oss-server with the official oss2 SDK through every supported operation.

    server_oss2.py ENDPOINT AK SK REGION BUCKET [--auth v1|v4] [--token TOKEN]
    server_oss2.py ENDPOINT AK SK REGION BUCKET --expect-error CODE [--auth ...] [--token ...]

The first form runs the whole suite against a new bucket BUCKET (CRC checks on) and deletes
it at the end; the second makes one signed call and requires it to fail with CODE (wrong
secret, wrong token, skewed clock). Exits non-zero with a message on the first failure.
"""

import argparse
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request

import oss2
from oss2.models import PartInfo, Tagging, TaggingRule


def fail(message):
    print(f"server_oss2.py: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def expect_error(call, status, code, what):
    try:
        call()
    except oss2.exceptions.OssError as e:
        if e.status != status or (code and e.code != code):
            fail(f"{what}: expected {status} {code}, got {e.status} {e.code} ({e.message})")
        return e
    fail(f"{what}: expected {status} {code}, but the call succeeded")


def make_auth(args):
    v4 = args.auth == "v4"
    if args.token:
        version = oss2.AUTH_VERSION_4 if v4 else oss2.AUTH_VERSION_1
        return oss2.StsAuth(args.ak, args.sk, args.token, auth_version=version)
    return oss2.AuthV4(args.ak, args.sk) if v4 else oss2.Auth(args.ak, args.sk)


def suite(args, bucket, service, workdir):
    name = bucket.bucket_name
    bucket.create_bucket(oss2.BUCKET_ACL_PRIVATE,
                         oss2.models.BucketCreateConfig(oss2.BUCKET_STORAGE_CLASS_STANDARD))
    check(name in [b.name for b in oss2.BucketIterator(service)], "ListBuckets lists the bucket")
    check(bucket.get_bucket_info().name == name, "GetBucketInfo")
    check(bucket.get_bucket_location().location == "oss-" + args.region, "GetBucketLocation")
    bucket.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ)
    check(bucket.get_bucket_acl().acl == oss2.BUCKET_ACL_PUBLIC_READ, "Put/GetBucketAcl")
    bucket.put_bucket_acl(oss2.BUCKET_ACL_PRIVATE)

    # Simple objects, with CRC-64 checked by the SDK on upload and download.
    data = os.urandom(300 * 1024)
    key = "dir/a b+c.bin"
    bucket.put_object(key, data, headers={"x-oss-meta-color": "blue", "Content-Type": "text/plain"})
    check(bucket.get_object(key).read() == data, "GetObject returns the data")
    check(bucket.get_object(key, byte_range=(10, 99)).read() == data[10:100], "ranged GetObject")
    check(bucket.get_object(key, byte_range=(len(data) - 5, None)).read() == data[-5:], "open range")
    head = bucket.head_object(key)
    check(head.headers.get("x-oss-meta-color") == "blue", "user metadata round trip")
    check(head.content_type == "text/plain", "Content-Type round trip")
    check(head.object_type == "Normal", "x-oss-object-type")
    check(bucket.get_object_meta(key).content_length == len(data), "GetObjectMeta")
    check(bucket.object_exists(key) and not bucket.object_exists("nope"), "object_exists")
    expect_error(lambda: bucket.get_object(key, headers={"If-Match": '"0"'}), 412,
                 "PreconditionFailed", "If-Match")
    expect_error(lambda: bucket.get_object("nope"), 404, "NoSuchKey", "missing key")
    expect_error(lambda: bucket.put_object(key, b"x", headers={"x-oss-forbid-overwrite": "true"}),
                 409, "FileAlreadyExists", "forbid-overwrite")

    # Copy, append, ACL, symlink, tagging.
    bucket.copy_object(name, key, "dir/copy.bin")
    check(bucket.get_object("dir/copy.bin").read() == data, "CopyObject")
    r = bucket.append_object("log", 0, b"hello ")
    r = bucket.append_object("log", r.next_position, b"world", init_crc=r.crc)
    check(r.next_position == 11, "AppendObject position")
    check(bucket.get_object("log").read() == b"hello world", "AppendObject data")
    expect_error(lambda: bucket.append_object("log", 3, b"x"), 409, "PositionNotEqualToLength",
                 "append at a wrong position")
    bucket.put_object_acl(key, oss2.OBJECT_ACL_PUBLIC_READ)
    check(bucket.get_object_acl(key).acl == oss2.OBJECT_ACL_PUBLIC_READ, "Put/GetObjectAcl")
    bucket.put_symlink(key, "link")
    check(bucket.get_symlink("link").target_key == key, "GetSymlink")
    check(bucket.get_object("link").read() == data, "GET through a symlink")
    rule = TaggingRule()
    rule.add("k1", "v1")
    bucket.put_object_tagging(key, Tagging(rule))
    check(bucket.get_object_tagging(key).tag_set.tagging_rule == {"k1": "v1"}, "ObjectTagging")
    bucket.delete_object_tagging(key)
    check(bucket.get_object_tagging(key).tag_set.tagging_rule == {}, "DeleteObjectTagging")

    # Listing, v1 and v2, with delimiters and small pages.
    for i in range(7):
        bucket.put_object(f"list/{i % 2}/k{i}", b"x")
    keys = [o.key for o in oss2.ObjectIterator(bucket, prefix="list/", max_keys=2)]
    check(len(keys) == 7 and keys == sorted(keys), f"ObjectIterator: {keys}")
    prefixes = [o.key for o in oss2.ObjectIteratorV2(bucket, prefix="list/", delimiter="/",
                                                      max_keys=1) if o.is_prefix()]
    check(prefixes == ["list/0/", "list/1/"], f"ObjectIteratorV2 prefixes: {prefixes}")
    listed = bucket.list_objects_v2(prefix="list/", fetch_owner=True, max_keys=3)
    check(listed.is_truncated and listed.object_list[0].owner is not None, "fetch-owner")

    # Multipart, by hand.
    mp = "mp/obj"
    upload_id = bucket.init_multipart_upload(mp).upload_id
    parts, chunks = [], [os.urandom(100 * 1024), os.urandom(100 * 1024), os.urandom(777)]
    for n, chunk in enumerate(chunks, 1):
        r = bucket.upload_part(mp, upload_id, n, chunk)
        parts.append(PartInfo(n, r.etag, size=len(chunk), part_crc=r.crc))
    check([p.part_number for p in bucket.list_parts(mp, upload_id).parts] == [1, 2, 3], "ListParts")
    check(upload_id in [u.upload_id for u in bucket.list_multipart_uploads().upload_list],
          "ListMultipartUploads")
    bucket.complete_multipart_upload(mp, upload_id, parts)
    check(bucket.get_object(mp).read() == b"".join(chunks), "completed multipart object")
    check(bucket.head_object(mp).etag.endswith("-3"), "multipart ETag form")
    upload_id = bucket.init_multipart_upload("mp/copy").upload_id
    r = bucket.upload_part_copy(name, key, (0, 102399), "mp/copy", upload_id, 1)
    r2 = bucket.upload_part_copy(name, key, (102400, len(data) - 1), "mp/copy", upload_id, 2)
    bucket.complete_multipart_upload("mp/copy", upload_id, [PartInfo(1, r.etag), PartInfo(2, r2.etag)])
    check(bucket.get_object("mp/copy").read() == data, "UploadPartCopy")
    upload_id = bucket.init_multipart_upload("mp/aborted").upload_id
    bucket.abort_multipart_upload("mp/aborted", upload_id)
    expect_error(lambda: bucket.abort_multipart_upload("mp/aborted", upload_id), 404, "NoSuchUpload",
                 "abort twice")

    # Resumable transfers with four threads and small parts.
    src = os.path.join(workdir, "src.bin")
    big = os.urandom(2 * 1024 * 1024 + 12345)
    with open(src, "wb") as f:
        f.write(big)
    oss2.resumable_upload(bucket, "resumable", src, store=oss2.ResumableStore(root=workdir),
                          multipart_threshold=100 * 1024, part_size=200 * 1024, num_threads=4)
    dst = os.path.join(workdir, "dst.bin")
    oss2.resumable_download(bucket, "resumable", dst,
                            store=oss2.ResumableDownloadStore(root=workdir),
                            multiget_threshold=100 * 1024, part_size=150 * 1024, num_threads=4)
    with open(dst, "rb") as f:
        check(f.read() == big, "resumable_download returns what resumable_upload sent")

    # Presigned URLs through a plain HTTP client.
    url = bucket.sign_url("GET", key, 60)
    check(urllib.request.urlopen(url).read() == data, "presigned GET")
    # urllib adds a Content-Type to a request with a body; V4 signs it, so sign it too.
    content_type = {"Content-Type": "application/octet-stream"}
    url = bucket.sign_url("PUT", "presigned-put", 60, headers=content_type)
    urllib.request.urlopen(urllib.request.Request(url, data=b"via url", method="PUT",
                                                  headers=content_type)).read()
    check(bucket.get_object("presigned-put").read() == b"via url", "presigned PUT")
    expired = bucket.sign_url("GET", key, 1)
    time.sleep(2.1)
    try:
        urllib.request.urlopen(expired)
        fail("an expired URL was accepted")
    except urllib.error.HTTPError as e:
        body = e.read().decode()
        check(e.code == 403 and "<Code>AccessDenied</Code>" in body, f"expired URL: {e.code} {body}")

    # Archive objects and restore.
    bucket.put_object("cold", b"frozen", headers={"x-oss-storage-class": "Archive"})
    expect_error(lambda: bucket.get_object("cold"), 403, "InvalidObjectState", "unrestored GET")
    bucket.restore_object("cold")
    expect_error(lambda: bucket.restore_object("cold"), 409, "RestoreAlreadyInProgress", "restore twice")
    deadline = time.time() + 10
    while 'ongoing-request="false"' not in bucket.head_object("cold").headers.get("x-oss-restore", ""):
        check(time.time() < deadline, "restore completes")
        time.sleep(0.2)
    check(bucket.get_object("cold").read() == b"frozen", "restored GET")

    # Batch delete, then the bucket.
    expect_error(lambda: bucket.delete_bucket(), 409, "BucketNotEmpty", "DeleteBucket non-empty")
    while True:
        keys = [o.key for o in oss2.ObjectIterator(bucket, max_keys=1000)]
        if not keys:
            break
        result = bucket.batch_delete_objects(keys[:1000])
        check(sorted(result.deleted_keys) == sorted(keys[:1000]), "DeleteMultipleObjects")
    for upload in oss2.MultipartUploadIterator(bucket):
        bucket.abort_multipart_upload(upload.key, upload.upload_id)
    bucket.delete_bucket()
    expect_error(lambda: bucket.get_bucket_info(), 404, "NoSuchBucket", "deleted bucket")


def main():
    parser = argparse.ArgumentParser()
    for name in ("endpoint", "ak", "sk", "region", "bucket"):
        parser.add_argument(name)
    parser.add_argument("--auth", choices=("v1", "v4"), default="v4")
    parser.add_argument("--token")
    parser.add_argument("--expect-error")
    args = parser.parse_args()
    auth = make_auth(args)
    bucket = oss2.Bucket(auth, args.endpoint, args.bucket, region=args.region, enable_crc=True)
    service = oss2.Service(auth, args.endpoint, region=args.region)
    if args.expect_error:
        try:
            bucket.get_object("any-key")
            fail(f"expected {args.expect_error}, but the call succeeded")
        except oss2.exceptions.OssError as e:
            check(e.code == args.expect_error, f"expected {args.expect_error}, got {e.status} {e.code}")
        print(f"ok: {args.expect_error}")
        return
    with tempfile.TemporaryDirectory() as workdir:
        suite(args, bucket, service, workdir)
    print(f"ok: oss2 {args.auth}{' sts' if args.token else ''}")


if __name__ == "__main__":
    main()
