#!/usr/bin/env python3
"""Object WORM, sealed appendable objects and the real-time log's fields, driven through
alibabacloud-oss-v2 (the official SDK that has these operations) against a running
oss-server:

    object_worm_sdks.py ENDPOINT AK SK REGION PHASE

A versioned bucket gets an object-WORM configuration whose default retention (GOVERNANCE, one
day) applies to the versions written after it; a version's own retention is set, read back
and lengthened, never shortened once COMPLIANCE (403 AccessDenied); a protected version
cannot be deleted (409 FileImmutable) while a delete marker may hide it; a legal hold
protects a version until lifted; a GOVERNANCE retention yields to the bypass header; HEAD
reports what protects a version. An appendable object, sealed, refuses appends (409
ObjectNotAppendable) and HEAD tells when it was sealed. The user-defined log fields round
trip. Exits non-zero with a message on the first failure.
"""

import datetime
import sys

import alibabacloud_oss_v2 as oss

from sdk_checks import check, expect_v2_error, passed, v2_client


def iso_in(days):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def object_worm(client):
    name = "object-worm-v2"
    client.put_bucket(oss.PutBucketRequest(bucket=name))
    client.put_bucket_versioning(oss.PutBucketVersioningRequest(
        bucket=name, versioning_configuration=oss.VersioningConfiguration(status="Enabled")))
    old = client.put_object(oss.PutObjectRequest(bucket=name, key="old", body=b"before"))
    expect_v2_error(lambda: client.put_object_retention(oss.PutObjectRetentionRequest(
        bucket=name, key="old", retention=oss.Retention(mode="COMPLIANCE",
                                                        retain_until_date=iso_in(1)))),
        400, "InvalidRequest", "a retention before object WORM is enabled")

    config = oss.ObjectWormConfiguration(
        object_worm_enabled="Enabled",
        rule=oss.ObjectWormConfigurationRule(
            default_retention=oss.ObjectWormConfigurationRuleDefaultRetention(
                mode="GOVERNANCE", days=1)))
    client.put_bucket_object_worm_configuration(oss.PutBucketObjectWormConfigurationRequest(
        bucket=name, object_worm_configuration=config))
    got = client.get_bucket_object_worm_configuration(
        oss.GetBucketObjectWormConfigurationRequest(bucket=name)).object_worm_configuration
    check(got.object_worm_enabled == "Enabled"
          and got.rule.default_retention.mode == "GOVERNANCE"
          and got.rule.default_retention.days == 1, "the configuration reads back")

    # The default applies to new versions only.
    new = client.put_object(oss.PutObjectRequest(bucket=name, key="new", body=b"after"))
    retention = client.get_object_retention(oss.GetObjectRetentionRequest(
        bucket=name, key="new")).retention
    check(retention.mode == "GOVERNANCE" and retention.retain_until_date,
          f"a new version gets the default: {retention.mode} {retention.retain_until_date}")
    head = client.head_object(oss.HeadObjectRequest(bucket=name, key="new"))
    check(head.object_worm_mode == "GOVERNANCE" and head.object_worm_retain_until_date,
          "HEAD reports the retention")
    retention = client.get_object_retention(oss.GetObjectRetentionRequest(
        bucket=name, key="old")).retention
    check(retention is None or not retention.mode, "an older version has none")
    expect_v2_error(lambda: client.delete_object(oss.DeleteObjectRequest(
        bucket=name, key="new", version_id=new.version_id)),
        409, "FileImmutable", "deleting a retained version")
    marker = client.delete_object(oss.DeleteObjectRequest(bucket=name, key="new"))
    check(marker.delete_marker, "a delete marker hides a retained version")
    got = client.get_object(oss.GetObjectRequest(bucket=name, key="new",
                                                 version_id=new.version_id))
    check(got.body.read() == b"after", "the retained version is still there")
    client.delete_object(oss.DeleteObjectRequest(
        bucket=name, key="new", version_id=new.version_id, bypass_governance_retention=True))
    expect_v2_error(lambda: client.get_object(oss.GetObjectRequest(
        bucket=name, key="new", version_id=new.version_id)),
        404, "NoSuchVersion", "the bypass lifts a GOVERNANCE retention")

    # COMPLIANCE only lengthens.
    client.put_object_retention(oss.PutObjectRetentionRequest(
        bucket=name, key="old", version_id=old.version_id,
        retention=oss.Retention(mode="COMPLIANCE", retain_until_date=iso_in(2))))
    expect_v2_error(lambda: client.put_object_retention(oss.PutObjectRetentionRequest(
        bucket=name, key="old", version_id=old.version_id, bypass_governance_retention=True,
        retention=oss.Retention(mode="COMPLIANCE", retain_until_date=iso_in(1)))),
        403, "AccessDenied", "shortening a COMPLIANCE retention")
    expect_v2_error(lambda: client.put_object_retention(oss.PutObjectRetentionRequest(
        bucket=name, key="old", version_id=old.version_id,
        retention=oss.Retention(mode="GOVERNANCE", retain_until_date=iso_in(3)))),
        403, "AccessDenied", "weakening COMPLIANCE to GOVERNANCE")
    client.put_object_retention(oss.PutObjectRetentionRequest(
        bucket=name, key="old", version_id=old.version_id,
        retention=oss.Retention(mode="COMPLIANCE", retain_until_date=iso_in(3))))
    expect_v2_error(lambda: client.delete_object(oss.DeleteObjectRequest(
        bucket=name, key="old", version_id=old.version_id, bypass_governance_retention=True)),
        409, "FileImmutable", "the bypass does not lift COMPLIANCE")

    # A legal hold.
    held = client.put_object(oss.PutObjectRequest(bucket=name, key="held", body=b"h"))
    client.delete_object(oss.DeleteObjectRequest(
        bucket=name, key="held", version_id=held.version_id, bypass_governance_retention=True))
    held = client.put_object(oss.PutObjectRequest(bucket=name, key="held", body=b"h"))
    client.put_object_legal_hold(oss.PutObjectLegalHoldRequest(
        bucket=name, key="held", version_id=held.version_id,
        legal_hold=oss.LegalHold(status="ON")))
    status = client.get_object_legal_hold(oss.GetObjectLegalHoldRequest(
        bucket=name, key="held", version_id=held.version_id)).legal_hold.status
    check(status == "ON", f"the legal hold reads back: {status}")
    head = client.head_object(oss.HeadObjectRequest(bucket=name, key="held"))
    check(head.object_worm_legal_hold == "ON", "HEAD reports the legal hold")
    expect_v2_error(lambda: client.delete_object(oss.DeleteObjectRequest(
        bucket=name, key="held", version_id=held.version_id, bypass_governance_retention=True)),
        409, "FileImmutable", "deleting a version under legal hold, even with the bypass")
    client.put_object_legal_hold(oss.PutObjectLegalHoldRequest(
        bucket=name, key="held", version_id=held.version_id,
        legal_hold=oss.LegalHold(status="OFF")))
    client.delete_object(oss.DeleteObjectRequest(
        bucket=name, key="held", version_id=held.version_id, bypass_governance_retention=True))


def sealed(client):
    name = "seal-v2"
    client.put_bucket(oss.PutBucketRequest(bucket=name))
    client.append_object(oss.AppendObjectRequest(bucket=name, key="log", position=0,
                                                 body=b"abc"))
    expect_v2_error(lambda: client.seal_append_object(oss.SealAppendObjectRequest(
        bucket=name, key="log", position=1)),
        409, "PositionNotEqualToLength", "sealing at another length")
    result = client.seal_append_object(oss.SealAppendObjectRequest(
        bucket=name, key="log", position=3))
    check(result.sealed_time, "the seal answers its time")
    head = client.head_object(oss.HeadObjectRequest(bucket=name, key="log"))
    check(head.sealed_time == result.sealed_time, "HEAD reports the sealed time")
    expect_v2_error(lambda: client.append_object(oss.AppendObjectRequest(
        bucket=name, key="log", position=3, body=b"more")),
        409, "ObjectNotAppendable", "appending to a sealed object")
    got = client.get_object(oss.GetObjectRequest(bucket=name, key="log"))
    check(got.body.read() == b"abc", "the sealed object is unchanged")


def log_fields(client):
    name = "log-fields-v2"
    client.put_bucket(oss.PutBucketRequest(bucket=name))
    config = oss.UserDefinedLogFieldsConfiguration(
        header_set=oss.LoggingHeaderSet(headers=["x-trace", "user-agent"]),
        param_set=oss.LoggingParamSet(parameters=["utm"]))
    client.put_user_defined_log_fields_config(oss.PutUserDefinedLogFieldsConfigRequest(
        bucket=name, user_defined_log_fields_configuration=config))
    got = client.get_user_defined_log_fields_config(oss.GetUserDefinedLogFieldsConfigRequest(
        bucket=name)).user_defined_log_fields_configuration
    check(got.header_set.headers == ["x-trace", "user-agent"]
          and got.param_set.parameters == ["utm"], "the log fields read back")
    client.delete_user_defined_log_fields_config(
        oss.DeleteUserDefinedLogFieldsConfigRequest(bucket=name))


def main():
    endpoint, ak, sk, region = sys.argv[1:5]
    client = v2_client(endpoint, ak, sk, region)
    object_worm(client)
    sealed(client)
    log_fields(client)
    print(f"object_worm_sdks.py: {passed()} checks passed")


if __name__ == "__main__":
    main()
