#!/usr/bin/env python3
"""Every listing parameter of the reference, driven through the official oss2 SDK against a
running oss-server, checked against a model of the listing computed here from the keys
alone (not from the server's answers):

    listing_oss2.py ENDPOINT AK SK REGION

ListObjects (prefix, delimiter, marker, max-keys), ListObjectsV2 (prefix, delimiter,
start-after, continuation-token, max-keys, fetch-owner, encoding-type),
ListMultipartUploads (prefix, delimiter, key-marker, upload-id-marker, max-uploads),
ListParts (part-number-marker, max-parts, encoding-type), ListBuckets (prefix, marker,
max-keys), paging through oss2's iterators, and the documented error for invalid values.
Exits non-zero with a message on the first failure.
"""

import itertools
import sys
from xml.etree import ElementTree

import oss2

from sdk_checks import check, expect_oss2_error, fail, passed


def expect_error(call, code, what):
    expect_oss2_error(call, 400, code, what)


# Keys with nesting, spaces, plus, percent, non-ASCII and a control character (which XML
# cannot carry unencoded). Python orders strings by code point, as UTF-8 bytes order.
KEYS = sorted(
    ["a.txt", "a/1", "a/2", "a/b/1", "a/b/2", "a/c/1", "a/c/2", "a0", "b", "b/1", "b/2/3",
     "c d+e%f", "dir/sub/x", "dir/sub/y", "dir/z", "ctrl\x01key", "ключ/1", "ключ/2", "z"]
    + [f"many/{i:02}" for i in range(12)]
)


def model(keys, prefix="", delimiter="", after="", max_keys=1000):
    """The entries a listing returns: ("key", k) and ("prefix", p), and whether truncated.
    A common prefix is listed once, where its first key would be, and only if it sorts after
    the marker (a marker that is a common prefix, as NextMarker is, skips that prefix)."""
    entries = []
    for key in sorted(keys):
        if not key.startswith(prefix) or key <= after:
            continue
        if delimiter:
            i = key.find(delimiter, len(prefix))
            if i >= 0:
                common = key[: i + len(delimiter)]
                if common > after and ("prefix", common) not in entries[-1:]:
                    entries.append(("prefix", common))
                continue
        entries.append(("key", key))
    return entries[:max_keys], len(entries) > max_keys


def entries_of(result):
    got = [("key", o.key) for o in result.object_list] + [("prefix", p) for p in result.prefix_list]
    return sorted(got, key=lambda e: e[1])


def check_objects(bucket):
    prefixes = ["", "a/", "a", "ключ/", "many/", "nope"]
    delimiters = ["", "/"]
    markers = ["", "a/1", "a/b/", "b", "ctrl\x01key", "many/05"]
    sizes = [1, 2, 5, 1000]
    for prefix, delimiter, marker, size in itertools.product(prefixes, delimiters, markers, sizes):
        want, truncated = model(KEYS, prefix, delimiter, marker, size)
        case = f"prefix={prefix!r} delimiter={delimiter!r} after={marker!r} max={size}"
        # ListObjects (v1): marker.
        v1 = bucket.list_objects(prefix=prefix, delimiter=delimiter, marker=marker, max_keys=size)
        check(entries_of(v1) == sorted(want, key=lambda e: e[1]), f"ListObjects {case}: {entries_of(v1)} != {want}")
        check(v1.is_truncated == truncated, f"ListObjects {case}: IsTruncated {v1.is_truncated}")
        if truncated:
            check(v1.next_marker == want[-1][1], f"ListObjects {case}: NextMarker {v1.next_marker!r}")
        # ListObjectsV2: start-after (oss2 sends an empty continuation-token with it).
        v2 = bucket.list_objects_v2(prefix=prefix, delimiter=delimiter, start_after=marker, max_keys=size)
        check(entries_of(v2) == sorted(want, key=lambda e: e[1]), f"ListObjectsV2 {case}: {entries_of(v2)} != {want}")
        check(v2.is_truncated == truncated, f"ListObjectsV2 {case}: IsTruncated {v2.is_truncated}")
        check(bool(v2.next_continuation_token) == truncated, f"ListObjectsV2 {case}: token")
    # Paging through the iterators gives the whole listing, once each.
    for prefix, delimiter, marker in itertools.product(prefixes, delimiters, markers):
        want, _ = model(KEYS, prefix, delimiter, marker)
        case = f"prefix={prefix!r} delimiter={delimiter!r} after={marker!r}"
        got = [(("prefix" if o.is_prefix() else "key"), o.key)
               for o in oss2.ObjectIterator(bucket, prefix, delimiter, marker, max_keys=2)]
        check(got == want, f"ObjectIterator {case}: {got} != {want}")
        got = [(("prefix" if o.is_prefix() else "key"), o.key)
               for o in oss2.ObjectIteratorV2(bucket, prefix, delimiter, start_after=marker, max_keys=2)]
        check(got == want, f"ObjectIteratorV2 {case}: {got} != {want}")
    # A continuation token wins over start-after.
    first = bucket.list_objects_v2(max_keys=3)
    rest = bucket.list_objects_v2(continuation_token=first.next_continuation_token, start_after="z", max_keys=3)
    check([o.key for o in rest.object_list] == KEYS[3:6], f"token beats start-after: {[o.key for o in rest.object_list]}")
    # fetch-owner.
    with_owner = bucket.list_objects_v2(prefix="a/", fetch_owner=True)
    check(all(o.owner is not None and o.owner.id for o in with_owner.object_list), "fetch-owner=true gives owners")
    without = bucket.list_objects_v2(prefix="a/")
    check(all(o.owner is None for o in without.object_list), "fetch-owner=false gives none")
    check(all(o.owner is not None for o in bucket.list_objects(prefix="a/").object_list), "ListObjects (v1) gives owners")
    # encoding-type: url on request; without it, a page naming a control character is encoded
    # anyway (and says so), and one without is not.
    for encoding in ["url", ""]:
        got = [o.key for o in bucket.list_objects_v2(prefix="ctrl", encoding_type=encoding).object_list]
        check(got == ["ctrl\x01key"], f"encoding-type={encoding!r}: {got}")
    # The raw bodies, through oss2's own request path.
    do_bucket = getattr(bucket, "_Bucket__do_bucket")

    def raw_v2(prefix):
        return do_bucket("GET", params={"list-type": "2", "prefix": prefix}).read()

    raw = raw_v2("ctrl")
    root = ElementTree.fromstring(raw)
    check(root.findtext("EncodingType") == "url", f"a control character forces url encoding: {raw!r}")
    check(root.findtext("Contents/Key") == "ctrl%01key", f"and is encoded: {raw!r}")
    raw = raw_v2("a/")
    root = ElementTree.fromstring(raw)
    check(root.find("EncodingType") is None, f"nothing to encode, nothing encoded: {raw!r}")
    check(root.findtext("Contents/Key") == "a/1", f"plain keys: {raw!r}")
    # Invalid values: the documented InvalidArgument.
    expect_error(lambda: bucket.list_objects(max_keys=1001), "InvalidArgument", "ListObjects max-keys=1001")
    expect_error(lambda: bucket.list_objects(max_keys=-1), "InvalidArgument", "ListObjects max-keys=-1")
    expect_error(lambda: bucket.list_objects(max_keys="ten"), "InvalidArgument", "ListObjects max-keys=ten")
    expect_error(lambda: bucket.list_objects(prefix="p" * 1024), "InvalidArgument", "ListObjects 1024-byte prefix")
    expect_error(lambda: bucket.list_objects(marker="m" * 1024), "InvalidArgument", "ListObjects 1024-byte marker")
    expect_error(lambda: bucket.list_objects_v2(max_keys=1001), "InvalidArgument", "ListObjectsV2 max-keys=1001")
    expect_error(lambda: bucket.list_objects_v2(continuation_token="zz"), "InvalidArgument", "ListObjectsV2 bad token")
    expect_error(lambda: bucket.list_objects_v2(encoding_type="base64"), "InvalidArgument", "ListObjectsV2 encoding-type=base64")
    expect_error(lambda: bucket.list_objects_v2(start_after="s" * 1024), "InvalidArgument", "ListObjectsV2 1024-byte start-after")
    expect_error(lambda: bucket.list_objects_v2(delimiter="d" * 1024), "InvalidArgument", "ListObjectsV2 1024-byte delimiter")


def upload_model(uploads, prefix="", delimiter="", key_marker="", id_marker="", max_uploads=1000):
    """Uploads (key, id) after the markers: keys after key-marker, and with an upload-id
    marker, uploads of key-marker itself with a later id; common prefixes as for objects."""
    entries = []
    for key, upload_id in sorted(uploads):
        if not key.startswith(prefix):
            continue
        if key_marker:
            if key < key_marker or (key == key_marker and (not id_marker or upload_id <= id_marker)):
                continue
        if delimiter:
            i = key.find(delimiter, len(prefix))
            if i >= 0:
                common = key[: i + len(delimiter)]
                if common > key_marker and ("prefix", common) not in entries[-1:]:
                    entries.append(("prefix", common))
                continue
        entries.append(("upload", key, upload_id))
    return entries[:max_uploads], len(entries) > max_uploads


def check_uploads(bucket):
    keys = ["m/a", "m/a", "m/a", "m/b", "m/c/1", "m/c/2", "m/d/1", "n", "ключ"]
    uploads = [(key, bucket.init_multipart_upload(key).upload_id) for key in keys]
    ids_of_a = sorted(u for k, u in uploads if k == "m/a")
    markers = [("", ""), ("m/a", ""), ("m/a", ids_of_a[0]), ("m/a", ids_of_a[2]), ("m/b", ""),
               ("m/c/", ""), ("", ids_of_a[1]), ("zz", "")]
    for prefix, delimiter, (key_marker, id_marker), size in itertools.product(
            ["", "m/", "m/c", "x"], ["", "/"], markers, [1, 2, 1000]):
        want, truncated = upload_model(uploads, prefix, delimiter, key_marker, id_marker, size)
        case = (f"prefix={prefix!r} delimiter={delimiter!r} key-marker={key_marker!r} "
                f"upload-id-marker={id_marker!r} max={size}")
        r = bucket.list_multipart_uploads(prefix=prefix, delimiter=delimiter, key_marker=key_marker,
                                          upload_id_marker=id_marker, max_uploads=size)
        got = [("upload", u.key, u.upload_id) for u in r.upload_list] + [("prefix", p) for p in r.prefix_list]
        check(sorted(got, key=lambda e: e[1:]) == sorted(want, key=lambda e: e[1:]),
              f"ListMultipartUploads {case}: {got} != {want}")
        check(r.is_truncated == truncated, f"ListMultipartUploads {case}: IsTruncated {r.is_truncated}")
        if truncated:
            last = want[-1]
            check(r.next_key_marker == last[1], f"ListMultipartUploads {case}: NextKeyMarker {r.next_key_marker!r}")
            if last[0] == "upload":
                check(r.next_upload_id_marker == last[2], f"ListMultipartUploads {case}: NextUploadIdMarker")
    for prefix, delimiter in itertools.product(["", "m/"], ["", "/"]):
        want, _ = upload_model(uploads, prefix, delimiter)
        got = [("prefix", u.key) if u.is_prefix() else ("upload", u.key, u.upload_id)
               for u in oss2.MultipartUploadIterator(bucket, prefix, delimiter, max_uploads=2)]
        check(got == want, f"MultipartUploadIterator prefix={prefix!r} delimiter={delimiter!r}: {got} != {want}")
    # ObjectUploadIterator: the uploads of one key, paged.
    got = [u.upload_id for u in oss2.ObjectUploadIterator(bucket, "m/a", max_uploads=1)]
    check(got == ids_of_a, f"ObjectUploadIterator: {got} != {ids_of_a}")
    expect_error(lambda: bucket.list_multipart_uploads(max_uploads=1001), "InvalidArgument", "max-uploads=1001")
    expect_error(lambda: bucket.list_multipart_uploads(max_uploads=-1), "InvalidArgument", "max-uploads=-1")
    return uploads


def check_parts(bucket, uploads):
    key, upload_id = uploads[-1]
    for n in [1, 2, 3, 5, 8]:
        bucket.upload_part(key, upload_id, n, f"part {n}".encode())
    numbers = [1, 2, 3, 5, 8]
    for marker, size in itertools.product([0, 1, 2, 4, 8, 9], [1, 2, 1000]):
        after = [n for n in numbers if n > marker]
        want, truncated = after[:size], len(after) > size
        r = bucket.list_parts(key, upload_id, marker=str(marker), max_parts=size)
        got = [p.part_number for p in r.parts]
        case = f"part-number-marker={marker} max-parts={size}"
        check(got == want, f"ListParts {case}: {got} != {want}")
        check(r.is_truncated == truncated, f"ListParts {case}: IsTruncated {r.is_truncated}")
        if truncated:
            check(int(r.next_marker) == want[-1], f"ListParts {case}: NextPartNumberMarker {r.next_marker}")
        check(all(p.size == len(f"part {p.part_number}") for p in r.parts), f"ListParts {case}: sizes")
    got = [p.part_number for p in oss2.PartIterator(bucket, key, upload_id, max_parts=2)]
    check(got == numbers, f"PartIterator: {got}")
    # encoding-type (oss2 has no argument for it on ListParts: its own request path, with the
    # parameter added, and its own XML parsing).
    do_object = getattr(bucket, "_Bucket__do_object")
    resp = do_object("GET", key, params={"uploadId": upload_id, "encoding-type": "url"})
    root = ElementTree.fromstring(resp.read())
    check(root.findtext("EncodingType") == "url", "ListParts encoding-type=url is declared")
    check(root.findtext("Key") == "%D0%BA%D0%BB%D1%8E%D1%87", f"ListParts Key encoded: {root.findtext('Key')}")
    expect_error(lambda: bucket.list_parts(key, upload_id, max_parts=1001), "InvalidArgument", "max-parts=1001")
    expect_error(lambda: bucket.list_parts(key, upload_id, marker="x"), "InvalidArgument", "part-number-marker=x")
    for key, upload_id in uploads:
        bucket.abort_multipart_upload(key, upload_id)


def check_buckets(service, make_bucket):
    names = [f"lb-{c}" for c in "abcde"]
    for name in names:
        make_bucket(name).create_bucket()
    for prefix, marker, size in itertools.product(["lb-", "lb-c", "nope"], ["", "lb-b", "lb-e"], [1, 2, 100]):
        after = [n for n in names if n.startswith(prefix) and n > marker]
        want, truncated = after[:size], len(after) > size
        r = service.list_buckets(prefix=prefix, marker=marker, max_keys=size)
        got = [b.name for b in r.buckets]
        case = f"prefix={prefix!r} marker={marker!r} max-keys={size}"
        check(got == want, f"ListBuckets {case}: {got} != {want}")
        check(r.is_truncated == truncated, f"ListBuckets {case}: IsTruncated {r.is_truncated}")
        if truncated:
            check(r.next_marker == want[-1], f"ListBuckets {case}: NextMarker {r.next_marker!r}")
    got = [b.name for b in oss2.BucketIterator(service, prefix="lb-", max_keys=2)]
    check(got == names, f"BucketIterator: {got}")
    expect_error(lambda: service.list_buckets(max_keys=1001), "InvalidArgument", "ListBuckets max-keys=1001")
    for name in names:
        make_bucket(name).delete_bucket()


def main():
    endpoint, ak, sk, region = sys.argv[1:5]
    auth = oss2.AuthV4(ak, sk)
    service = oss2.Service(auth, endpoint, region=region)

    def make_bucket(name):
        return oss2.Bucket(auth, endpoint, name, region=region)

    bucket = make_bucket("listing")
    bucket.create_bucket()
    for key in KEYS:
        bucket.put_object(key, key.encode())
    check_objects(bucket)
    uploads = check_uploads(bucket)
    check_parts(bucket, uploads)
    check_buckets(service, make_bucket)
    print(f"{passed()} checks passed")


if __name__ == "__main__":
    main()
