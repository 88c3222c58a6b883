#!/usr/bin/env python3
"""Version histories driven through both official Python SDKs (oss2 and
alibabacloud-oss-v2) against a running oss-server:

    versions_sdks.py ENDPOINT AK SK REGION

Each SDK, on a bucket of its own: versioning enabled, a key written twice (two version ids),
the old version read back, a delete that makes a delete marker (the key then reads as
missing, `x-oss-delete-marker: true`), the marker removed (the key is back), a version
removed, a copy of an old version, per-version tags and ACLs, suspended versioning writing
and replacing the `null` version, DeleteMultipleObjects with versions, and ListObjectVersions
paged one entry at a time against the whole listing. Exits non-zero with a message on the
first failure.
"""

import sys

import alibabacloud_oss_v2 as oss
import oss2

from sdk_checks import check, expect_oss2_error, fail, passed


def oss2_history(endpoint, ak, sk):
    bucket = oss2.Bucket(oss2.Auth(ak, sk), endpoint, "versions-oss2")
    bucket.create_bucket()
    check(bucket.get_bucket_versioning().status is None, "a new bucket is unversioned")
    bucket.put_object("before", b"unversioned")
    bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    check(bucket.get_bucket_versioning().status == "Enabled", "versioning reads Enabled")

    v1 = bucket.put_object("k", b"one").versionid
    v2 = bucket.put_object("k", b"two").versionid
    check(v1 and v2 and v1 != v2 and "null" not in (v1, v2), f"two version ids: {v1} {v2}")
    got = bucket.get_object("k")
    check(got.read() == b"two" and got.versionid == v2, "the current version is the last")
    got = bucket.get_object("k", params={"versionId": v1})
    check(got.read() == b"one" and got.versionid == v1, "the old version reads back")
    head = bucket.head_object("k", params={"versionId": v1})
    check(head.content_length == 3 and head.versionid == v1, "HEAD of the old version")
    meta = bucket.get_object_meta("k", params={"versionId": v1})
    check(meta.content_length == 3, "GetObjectMeta of the old version")

    listed = bucket.list_object_versions()
    check([(v.key, v.versionid, v.is_latest) for v in listed.versions]
          == [("before", "null", True), ("k", v2, True), ("k", v1, False)],
          f"versions listed newest first: {[(v.key, v.versionid) for v in listed.versions]}")
    check(listed.delete_marker == [], "no delete marker yet")

    # Per-version metadata.
    bucket.put_object_acl("k", oss2.OBJECT_ACL_PUBLIC_READ, params={"versionId": v1})
    check(bucket.get_object_acl("k", params={"versionId": v1}).acl == "public-read",
          "the old version's ACL")
    check(bucket.get_object_acl("k").acl == "default", "the current version's ACL is its own")
    tags = oss2.models.Tagging(oss2.models.TaggingRule())
    tags.tag_set.add("state", "old")
    bucket.put_object_tagging("k", tags, params={"versionId": v1})
    check(bucket.get_object_tagging("k", params={"versionId": v1}).tag_set.tagging_rule
          == {"state": "old"}, "the old version's tags")
    check(bucket.get_object_tagging("k").tag_set.tagging_rule == {}, "the current has none")

    # A delete makes a marker; the key reads as missing.
    deleted = bucket.delete_object("k")
    marker = deleted.versionid
    check(deleted.delete_marker and marker and marker not in (v1, v2), "a delete marker")
    error = expect_oss2_error(lambda: bucket.get_object("k"), 404, "NoSuchKey",
                              "GET behind a delete marker")
    check(error.headers.get("x-oss-delete-marker") == "true", "the 404 names the marker")
    check(not bucket.object_exists("k"), "the key no longer exists")
    check(bucket.get_object("k", params={"versionId": v2}).read() == b"two",
          "a version behind the marker still reads")
    expect_oss2_error(lambda: bucket.get_object("k", params={"versionId": marker}), 405,
                      "MethodNotAllowed", "GET of a delete marker")
    expect_oss2_error(lambda: bucket.get_object("k", params={"versionId": "nope"}), 404,
                      "NoSuchVersion", "GET of an unknown version")
    listed = bucket.list_object_versions(prefix="k")
    check([(m.key, m.versionid, m.is_latest) for m in listed.delete_marker]
          == [("k", marker, True)], "the marker is the latest version")
    check(all(not v.is_latest for v in listed.versions), "no version is latest")

    # Removing the marker brings the key back; removing a version drops only it.
    undone = bucket.delete_object("k", params={"versionId": marker})
    check(undone.delete_marker and undone.versionid == marker, "the marker is removed")
    check(bucket.get_object("k").read() == b"two", "the key is back")
    bucket.delete_object("k", params={"versionId": v2})
    check(bucket.get_object("k").read() == b"one", "the older version is current again")

    # Copy an old version.
    bucket.put_object("k", b"three")
    copied = bucket.copy_object("versions-oss2", "k", "k-copy", params={"versionId": v1})
    check(copied.versionid, "the copy is a new version")
    check(bucket.get_object("k-copy").read() == b"one", "the copy has the old version's data")

    # Suspended: writes make the null version, which each new write replaces.
    bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Suspended"))
    check(bucket.get_bucket_versioning().status == "Suspended", "versioning reads Suspended")
    check(bucket.put_object("s", b"first").versionid == "null", "a null version")
    bucket.put_object("s", b"second")
    ids = [v.versionid for v in bucket.list_object_versions(prefix="s").versions]
    check(ids == ["null"], f"one null version, replaced: {ids}")
    check(bucket.get_object("s", params={"versionId": "null"}).read() == b"second",
          "the null version reads by its id")
    bucket.put_object("k", b"four")
    ids = [v.versionid for v in bucket.list_object_versions(prefix="k", delimiter="-").versions]
    check(ids[0] == "null" and v1 in ids and len(ids) == 3, f"k keeps its versions: {ids}")
    deleted = bucket.delete_object("s")
    check(deleted.delete_marker and deleted.versionid == "null", "a null delete marker")

    # DeleteMultipleObjects with versions.
    batch = oss2.models.BatchDeleteObjectVersionList()
    batch.append(oss2.models.BatchDeleteObjectVersion("k", v1))
    batch.append(oss2.models.BatchDeleteObjectVersion("before", "null"))
    result = bucket.delete_object_versions(batch)
    check(sorted((d.key, d.versionid) for d in result.delete_versions)
          == [("before", "null"), ("k", v1)], "both versions reported deleted")
    check(not bucket.object_exists("before"), "the null version was the object")
    ids = [v.versionid for v in bucket.list_object_versions(prefix="k").versions if v.key == "k"]
    check(v1 not in ids, "the deleted version is gone")

    # Paging one entry at a time gives the whole listing (versioning enabled again: two
    # versions and a marker per key).
    bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    for i in range(3):
        bucket.put_object(f"page/{i}", b"x")
        bucket.put_object(f"page/{i}", b"y")
        bucket.delete_object(f"page/{i}")
    whole = bucket.list_object_versions(prefix="page/", max_keys=1000)
    expected = sorted([(v.key, v.versionid) for v in whole.versions]
                      + [(m.key, m.versionid) for m in whole.delete_marker])
    paged, key_marker, version_marker = [], "", ""
    for _ in range(20):
        page = bucket.list_object_versions(prefix="page/", max_keys=1, key_marker=key_marker,
                                           versionid_marker=version_marker)
        paged += [(v.key, v.versionid) for v in page.versions]
        paged += [(m.key, m.versionid) for m in page.delete_marker]
        if not page.is_truncated:
            break
        key_marker, version_marker = page.next_key_marker, page.next_versionid_marker
    check(len(expected) == 9 and sorted(paged) == expected, f"paged listing: {paged}")
    dirs = bucket.list_object_versions(delimiter="/")
    check(dirs.common_prefix == ["page/"], f"common prefixes: {dirs.common_prefix}")


def v2_history(endpoint, ak, sk, region):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(ak, sk)
    cfg.region = region
    cfg.endpoint = endpoint
    cfg.use_path_style = True
    cfg.disable_ssl = True
    client = oss.Client(cfg)
    name = "versions-v2"
    client.put_bucket(oss.PutBucketRequest(bucket=name))
    client.put_bucket_versioning(oss.PutBucketVersioningRequest(
        bucket=name,
        versioning_configuration=oss.VersioningConfiguration(status="Enabled")))
    got = client.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket=name))
    check(got.version_status == "Enabled", "v2: versioning reads Enabled")

    v1 = client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"one")).version_id
    v2 = client.put_object(oss.PutObjectRequest(bucket=name, key="k", body=b"two")).version_id
    check(v1 and v2 and v1 != v2, "v2: two version ids")
    old = client.get_object(oss.GetObjectRequest(bucket=name, key="k", version_id=v1))
    check(old.body.read() == b"one" and old.version_id == v1, "v2: the old version reads")

    deleted = client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k"))
    check(deleted.delete_marker and deleted.version_id, "v2: a delete marker")
    try:
        client.get_object(oss.GetObjectRequest(bucket=name, key="k"))
        fail("v2: GET behind a delete marker succeeded")
    except oss.exceptions.OperationError as e:
        error = e.unwrap()
        check(getattr(error, "status_code", None) == 404
              and getattr(error, "code", None) == "NoSuchKey",
              f"v2: GET behind a delete marker: {error}")

    versions, markers = [], []
    paginator = client.list_object_versions_paginator(limit=1)
    for page in paginator.iter_page(oss.ListObjectVersionsRequest(bucket=name)):
        versions += [(v.key, v.version_id, v.is_latest) for v in page.version or []]
        markers += [(m.key, m.version_id, m.is_latest) for m in page.delete_marker or []]
    check(versions == [("k", v2, False), ("k", v1, False)], f"v2: versions {versions}")
    check(markers == [("k", deleted.version_id, True)], f"v2: markers {markers}")

    removed = client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k",
                                                           version_id=v2))
    check(removed.version_id == v2 and not removed.delete_marker, "v2: a version removed")
    client.delete_object(oss.DeleteObjectRequest(bucket=name, key="k",
                                                 version_id=deleted.version_id))
    head = client.head_object(oss.HeadObjectRequest(bucket=name, key="k"))
    check(head.version_id == v1 and head.content_length == 3, "v2: the first version is back")


def main():
    endpoint, ak, sk, region = sys.argv[1:5]
    oss2_history(endpoint, ak, sk)
    v2_history(endpoint, ak, sk, region)
    print(f"versions_sdks.py: {passed()} checks passed")


if __name__ == "__main__":
    main()
