#!/usr/bin/env python3
"""Bucket WORM driven through both official Python SDKs against a running oss-server, in two
phases around a move of the server's clock:

    worm_sdks.py ENDPOINT AK SK REGION before|after=SECONDS

before (the clock as it is): a policy initiated (InProgress) and one completed (Locked);
objects within their retention cannot be deleted or overwritten (409 FileImmutable), alone
or in a DeleteMultipleObjects; a locked policy cannot be aborted and extends only to a
longer period.

after (the server's clock SECONDS ahead, 25 hours, and oss2's with it: neither SDK of this
version corrects its clock from the server's, so this script moves its own): the InProgress
policies lapsed and their objects can go; the locked ones hold, and protect objects until
their own period ends (one day: over; two days: not yet).
Exits non-zero with a message on the first failure.
"""

import sys
import time

import alibabacloud_oss_v2 as oss
import oss2

from sdk_checks import check, expect_oss2_error, expect_v2_error, fail, passed, v2_client


def before(endpoint, ak, sk, region):
    auth = oss2.Auth(ak, sk)
    # oss2: an InProgress policy.
    bucket = oss2.Bucket(auth, endpoint, "worm-oss2")
    bucket.create_bucket()
    bucket.put_object("kept", b"data")
    expect_oss2_error(bucket.get_bucket_worm, 404, "NoSuchWORMConfiguration", "no policy yet")
    worm_id = bucket.init_bucket_worm(1).worm_id
    check(worm_id, "InitiateBucketWorm answers an id")
    got = bucket.get_bucket_worm()
    check((got.worm_id, got.state, got.retention_period_days) == (worm_id, "InProgress", 1),
          f"the policy reads back InProgress: {got.worm_id} {got.state}")
    expect_oss2_error(lambda: bucket.delete_object("kept"), 409, "FileImmutable",
                      "delete within the retention")
    expect_oss2_error(lambda: bucket.put_object("kept", b"other"), 409, "FileImmutable",
                      "overwrite within the retention")
    check(bucket.get_object("kept").read() == b"data", "the object is unchanged")
    expect_oss2_error(lambda: bucket.init_bucket_worm(1), 400, "InvalidWORMConfiguration",
                      "a second policy")
    expect_oss2_error(
        lambda: bucket.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled")),
        400, "OperationNotSupported", "versioning while a policy is in force")

    # oss2: a Locked policy.
    locked = oss2.Bucket(auth, endpoint, "worm-oss2-locked")
    locked.create_bucket()
    locked.put_object("held", b"data")
    locked_id = locked.init_bucket_worm(1).worm_id
    expect_oss2_error(lambda: locked.complete_bucket_worm("not-the-id"), 404,
                      "NoSuchWORMConfiguration", "completing another id")
    locked.complete_bucket_worm(locked_id)
    check(locked.get_bucket_worm().state == "Locked", "the policy is locked")
    expect_oss2_error(locked.abort_bucket_worm, 403, "WORMConfigurationLocked",
                      "aborting a locked policy")
    expect_oss2_error(lambda: locked.extend_bucket_worm(locked_id, 1), 400,
                      "InvalidWORMConfiguration", "an extension that does not lengthen")
    locked.extend_bucket_worm(locked_id, 2)
    check(locked.get_bucket_worm().retention_period_days == 2, "the period is extended")
    expect_oss2_error(lambda: locked.batch_delete_objects(["held", "missing"]), 409,
                      "FileImmutable", "a multiple delete naming a protected object")
    check(locked.object_exists("held"), "nothing was deleted")

    # alibabacloud-oss-v2: a Locked policy of one day, and an InProgress one.
    client = v2_client(endpoint, ak, sk, region)
    for name, complete in [("worm-v2", True), ("worm-v2-lapse", False)]:
        client.put_bucket(oss.PutBucketRequest(bucket=name))
        client.put_object(oss.PutObjectRequest(bucket=name, key="x", body=b"data"))
        result = client.initiate_bucket_worm(oss.InitiateBucketWormRequest(
            bucket=name,
            initiate_worm_configuration=oss.InitiateWormConfiguration(
                retention_period_in_days=1)))
        check(result.worm_id, "v2: InitiateBucketWorm answers an id")
        if complete:
            client.complete_bucket_worm(oss.CompleteBucketWormRequest(
                bucket=name, worm_id=result.worm_id))
        expect_v2_error(
            lambda: client.delete_object(oss.DeleteObjectRequest(bucket=name, key="x")),
            409, "FileImmutable", f"v2: delete within the retention ({name})")
    got = client.get_bucket_worm(oss.GetBucketWormRequest(bucket="worm-v2"))
    check(got.worm_configuration.state == "Locked", "v2: the policy reads back Locked")


def after(endpoint, ak, sk, region):
    auth = oss2.Auth(ak, sk)
    for name in ["worm-oss2", "worm-v2-lapse"]:
        bucket = oss2.Bucket(auth, endpoint, name)
        expect_oss2_error(bucket.get_bucket_worm, 404, "NoSuchWORMConfiguration",
                          f"the InProgress policy lapsed ({name})")
        key = "kept" if name == "worm-oss2" else "x"
        bucket.delete_object(key)
        check(not bucket.object_exists(key), f"an object of a lapsed policy can go ({name})")
    locked = oss2.Bucket(auth, endpoint, "worm-oss2-locked")
    got = locked.get_bucket_worm()
    check((got.state, got.retention_period_days) == ("Locked", 2), "a locked policy holds")
    expect_oss2_error(lambda: locked.delete_object("held"), 409, "FileImmutable",
                      "two days of retention have not passed")
    # One day of retention has passed: the object can go, the policy stays.
    v2 = oss2.Bucket(auth, endpoint, "worm-v2")
    v2.delete_object("x")
    check(not v2.object_exists("x"), "an object past its retention can go")
    check(v2.get_bucket_worm().state == "Locked", "the locked policy stays")


def main():
    endpoint, ak, sk, region, phase = sys.argv[1:6]
    phase, _, skew = phase.partition("=")
    if skew:
        # The client's clock moves with the server's, so that its signatures are current.
        real_time = time.time
        time.time = lambda: real_time() + int(skew)
    {"before": before, "after": after}[phase](endpoint, ak, sk, region)
    print(f"worm_sdks.py {phase}: {passed()} checks passed")


if __name__ == "__main__":
    main()
