#!/usr/bin/env python3
"""The SDKs' bucket families, driven through the official oss2 and alibabacloud-oss-v2 SDKs
against a running oss-server: round trips of each stored configuration with their
documented errors, and what the server enforces (a bucket's default encryption reported on
writes and reads; bucket policies and the public access block deciding anonymous access;
requester pays):

    bucket_families_sdks.py ENDPOINT AK SK REGION

Exits non-zero with a message on the first failure.
"""

import json
import sys
import time
import urllib.error
import urllib.request

import alibabacloud_oss_v2 as oss
import oss2

from sdk_checks import check, expect_oss2_error, fail, passed, v2_client, v2_error


def anonymous_get(endpoint, bucket, key, headers=None):
    """An unsigned GET, as a browser would send it: the status."""
    request = urllib.request.Request(f"{endpoint}/{bucket}/{key}", headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def oss2_round_trips(auth, endpoint, name):
    bucket = oss2.Bucket(auth, endpoint, name)
    bucket.create_bucket()

    # Policy.
    expect_oss2_error(bucket.get_bucket_policy, 404, "NoSuchBucketPolicy", "GetBucketPolicy")
    policy = {"Version": "1", "Statement": [{
        "Effect": "Allow", "Action": ["oss:GetObject"], "Principal": ["*"],
        "Resource": [f"acs:oss:*:*:{name}/public/*"]}]}
    bucket.put_bucket_policy(json.dumps(policy))
    check(json.loads(bucket.get_bucket_policy().policy) == policy, "policy round trip")
    bucket.delete_bucket_policy()
    expect_oss2_error(bucket.get_bucket_policy, 404, "NoSuchBucketPolicy", "deleted policy")
    expect_oss2_error(lambda: bucket.put_bucket_policy("{not json"), 400, "MalformedXML",
                      "a policy that is not JSON")

    # Encryption.
    expect_oss2_error(bucket.get_bucket_encryption, 404, "NoSuchServerSideEncryptionRule",
                      "GetBucketEncryption")
    bucket.put_bucket_encryption(oss2.models.ServerSideEncryptionRule("KMS", "key-1"))
    rule = bucket.get_bucket_encryption()
    check((rule.sse_algorithm, rule.kms_master_keyid) == ("KMS", "key-1"), "encryption round trip")
    expect_oss2_error(lambda: bucket.put_bucket_encryption(
        oss2.models.ServerSideEncryptionRule("DES")), 400, "InvalidArgument", "an unknown algorithm")
    bucket.delete_bucket_encryption()

    # Tags.
    check(bucket.get_bucket_tagging().tag_set.tagging_rule == {}, "no bucket tags")
    rules = oss2.models.TaggingRule()
    rules.add("team", "storage")
    rules.add("env", "test")
    bucket.put_bucket_tagging(oss2.models.Tagging(rules))
    check(bucket.get_bucket_tagging().tag_set.tagging_rule == {"team": "storage", "env": "test"},
          "bucket tags round trip")
    bucket.delete_bucket_tagging(params={"tagging": "env"})
    check(bucket.get_bucket_tagging().tag_set.tagging_rule == {"team": "storage"},
          "deleting one bucket tag")

    # The small settings.
    check(bucket.get_bucket_request_payment().payer == "BucketOwner", "default payer")
    expect_oss2_error(bucket.get_bucket_transfer_acceleration, 404,
                      "NoSuchTransferAccelerationConfiguration", "GetBucketTransferAcceleration")
    bucket.put_bucket_transfer_acceleration("true")
    check(bucket.get_bucket_transfer_acceleration().enabled == "true", "transfer acceleration")
    check(bucket.get_bucket_access_monitor().access_monitor.status == "Disabled",
          "default access monitor")
    bucket.put_bucket_access_monitor("Enabled")
    check(bucket.get_bucket_access_monitor().access_monitor.status == "Enabled", "access monitor")
    bucket.put_bucket_archive_direct_read(True)
    check(bucket.get_bucket_archive_direct_read().enabled in (True, "true"), "archive direct read")
    bucket.put_bucket_https_config(oss2.models.BucketTlsVersion(True, ["TLSv1.2", "TLSv1.3"]))
    https = bucket.get_bucket_https_config()
    check(https.tls_enabled in (True, "true") and sorted(https.tls_version) == ["TLSv1.2", "TLSv1.3"],
          "https config")
    bucket.put_bucket_resource_group("rg-aek27tc")
    check(bucket.get_bucket_resource_group().resource_group_id == "rg-aek27tc", "resource group")
    bucket.set_bucket_storage_capacity(oss2.models.BucketUserQos(100))
    check(bucket.get_bucket_storage_capacity().storage_capacity == 100, "storage capacity")
    bucket.put_bucket_callback_policy([oss2.models.CallbackPolicyInfo(
        "first", "eyJjYWxsYmFja1VybCI6Ind3dy5leGFtcGxlLmNvbSJ9", None)])
    items = bucket.get_bucket_callback_policy().callback_policies
    check([p.policy_name for p in items] == ["first"], "callback policy")

    # Image styles.
    bucket.put_bucket_style("thumb", "image/resize,p_50")
    check(bucket.get_bucket_style("thumb").content == "image/resize,p_50", "GetStyle")
    check([s.name for s in bucket.list_bucket_style().styles] == ["thumb"], "ListStyle")
    bucket.delete_bucket_style("thumb")
    expect_oss2_error(lambda: bucket.get_bucket_style("thumb"), 404, "NoSuchStyle", "deleted style")

    # Inventory.
    destination = oss2.models.InventoryDestination(bucket_destination=oss2.models.InventoryBucketDestination(
        account_id="1000", role_arn="acs:ram::1000:role/AliyunOSSRole", bucket="dest",
        inventory_format="CSV", prefix="inventory"))
    inventory = oss2.models.InventoryConfiguration(
        inventory_id="report", is_enabled=True,
        inventory_schedule=oss2.models.InventorySchedule(frequency="Daily"),
        included_object_versions="All", inventory_destination=destination,
        optional_fields=["Size", "ETag"])
    bucket.put_bucket_inventory_configuration(inventory)
    got = bucket.get_bucket_inventory_configuration("report")
    check(got.inventory_id == "report" and got.optional_fields == ["Size", "ETag"], "inventory")
    listed = bucket.list_bucket_inventory_configurations()
    check([c.inventory_id for c in listed.inventory_configurations] == ["report"], "inventories")
    bucket.delete_bucket_inventory_configuration("report")
    expect_oss2_error(lambda: bucket.get_bucket_inventory_configuration("report"), 404,
                      "NoSuchInventory", "deleted inventory")

    # What the server cannot make real.
    expect_oss2_error(lambda: bucket.put_async_fetch_task(oss2.models.AsyncFetchTaskConfiguration(
        "https://example.com/a.txt", "a.txt")), 501, "NotImplemented", "PutAsyncFetchTask")
    check(not bucket.object_exists("a.txt"), "a refused fetch writes nothing")

    regions = oss2.Service(auth, endpoint).describe_regions()
    check(len(regions.regions) == 1, "DescribeRegions")
    return bucket


def oss2_enforcement(auth, endpoint, name):
    bucket = oss2.Bucket(auth, endpoint, name)
    bucket.create_bucket()
    for key in ["public/a.txt", "public/secret.txt", "private/b.txt"]:
        bucket.put_object(key, b"data")

    # Default encryption: applied to writes that ask for none, reported on writes and reads.
    bucket.put_bucket_encryption(oss2.models.ServerSideEncryptionRule("AES256"))
    put = bucket.put_object("enc.txt", b"secret")
    check(put.headers.get("x-oss-server-side-encryption") == "AES256", "the write reports SSE")
    head = bucket.head_object("enc.txt")
    check(head.headers.get("x-oss-server-side-encryption") == "AES256", "the read reports SSE")
    own = bucket.put_object("kms.txt", b"x", headers={"x-oss-server-side-encryption": "KMS"})
    check(own.headers.get("x-oss-server-side-encryption") == "KMS", "a request's own SSE wins")
    expect_oss2_error(lambda: bucket.put_object("bad.txt", b"x", headers={
        "x-oss-server-side-encryption": "DES"}), 400, "InvalidEncryptionAlgorithmError",
        "an invalid SSE header")
    bucket.delete_bucket_encryption()
    plain = bucket.put_object("plain.txt", b"x")
    check("x-oss-server-side-encryption" not in plain.headers, "no default, no SSE")

    # Policies decide anonymous access.
    check(anonymous_get(endpoint, name, "public/a.txt") == 403, "private before a policy")
    policy = {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Principal": ["*"],
         "Resource": [f"acs:oss:*:*:{name}/public/*"]},
        {"Effect": "Deny", "Action": ["oss:GetObject"], "Principal": ["*"],
         "Resource": [f"acs:oss:*:*:{name}/public/secret*"]},
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Principal": ["*"],
         "Resource": [f"acs:oss:*:*:{name}/private/*"],
         "Condition": {"StringLike": {"acs:Referer": ["https://app.example.com/*"]}}}]}
    bucket.put_bucket_policy(json.dumps(policy))
    check(anonymous_get(endpoint, name, "public/a.txt") == 200, "a policy allows")
    check(anonymous_get(endpoint, name, "public/secret.txt") == 403, "a Deny wins")
    check(anonymous_get(endpoint, name, "private/b.txt") == 403, "a condition unmet")
    check(anonymous_get(endpoint, name, "private/b.txt",
                        {"Referer": "https://app.example.com/page"}) == 200, "a condition met")
    check(bucket.get_object("private/b.txt").read() == b"data", "the owner is not restricted")

    # The public access block overrides policies and public ACLs.
    bucket.put_bucket_public_access_block(True)
    check(bucket.get_bucket_public_access_block().block_public_access in (True, "true"), "PAB")
    check(anonymous_get(endpoint, name, "public/a.txt") == 403, "PAB overrides the policy")
    bucket.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ)
    check(anonymous_get(endpoint, name, "private/b.txt") == 403, "PAB overrides a public ACL")
    bucket.delete_bucket_public_access_block()
    check(anonymous_get(endpoint, name, "private/b.txt") == 200, "public again without PAB")
    bucket.put_bucket_acl(oss2.BUCKET_ACL_PRIVATE)

    # Requester pays.
    bucket.put_bucket_request_payment("Requester")
    check(bucket.get_bucket_request_payment().payer == "Requester", "payer")
    expect_oss2_error(lambda: bucket.get_object("public/a.txt"), 403, "AccessDenied",
                      "a requester-pays read without the header")
    data = bucket.get_object("public/a.txt", headers={"x-oss-request-payer": "requester"}).read()
    check(data == b"data", "a requester-pays read that pays")
    check(anonymous_get(endpoint, name, "public/a.txt") == 403, "anonymous requests cannot pay")
    bucket.put_bucket_request_payment("BucketOwner")
    check(bucket.get_object("public/a.txt").read() == b"data", "the owner pays again")

    # Same-server replication.
    destination = oss2.Bucket(auth, endpoint, name + "-replica")
    destination.create_bucket()
    location = bucket.get_bucket_location().location
    bucket.put_bucket_replication(oss2.models.ReplicationRule(
        rule_id="r1", target_bucket_name=destination.bucket_name, target_bucket_location=location,
        prefix_list=["public/"], action_list=["ALL"]))
    check(destination.get_object("public/a.txt").read() == b"data", "historical objects replicated")
    check(not destination.object_exists("private/b.txt"), "objects outside the prefixes stay")
    bucket.put_object("public/new.txt", b"new")
    check(destination.get_object("public/new.txt").read() == b"new", "new writes replicated")
    bucket.delete_object("public/new.txt")
    check(not destination.object_exists("public/new.txt"), "deletes replicated")
    rules = bucket.get_bucket_replication().rule_list
    check([r.rule_id for r in rules] == ["r1"], "GetBucketReplication")
    progress = bucket.get_bucket_replication_progress("r1").progress
    check(progress.new_object_progress is not None, "replication progress")
    check(bucket.get_bucket_replication_location().location_list == [location],
          "replication location")
    bucket.delete_bucket_replication("r1")
    bucket.put_object("public/late.txt", b"x")
    check(not destination.object_exists("public/late.txt"), "no rule, no replication")


def v2_round_trips(client, name):
    client.put_bucket(oss.PutBucketRequest(bucket=name))

    status = client.get_bucket_policy_status(oss.GetBucketPolicyStatusRequest(bucket=name))
    check(not status.policy_status.is_public, "no policy: not public")
    policy = json.dumps({"Version": "1", "Statement": [{
        "Effect": "Allow", "Action": ["oss:GetObject"], "Principal": ["*"],
        "Resource": [f"acs:oss:*:*:{name}/*"]}]})
    client.put_bucket_policy(oss.PutBucketPolicyRequest(bucket=name, body=policy))
    status = client.get_bucket_policy_status(oss.GetBucketPolicyStatusRequest(bucket=name))
    check(status.policy_status.is_public, "a policy for everyone: public")
    got = client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket=name))
    check(json.loads(got.body) == json.loads(policy), "v2 policy round trip")

    client.put_bucket_encryption(oss.PutBucketEncryptionRequest(
        bucket=name, server_side_encryption_rule=oss.ServerSideEncryptionRule(
            apply_server_side_encryption_by_default=oss.ApplyServerSideEncryptionByDefault(
                sse_algorithm="AES256"))))
    rule = client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket=name))
    check(rule.server_side_encryption_rule.apply_server_side_encryption_by_default.sse_algorithm
          == "AES256", "v2 encryption")
    put = client.put_object(oss.PutObjectRequest(bucket=name, key="e", body=b"x"))
    check(put.headers.get("x-oss-server-side-encryption") == "AES256",
          "v2 sees the default encryption on a write")

    client.put_bucket_tags(oss.PutBucketTagsRequest(bucket=name, tagging=oss.Tagging(
        tag_set=oss.TagSet(tags=[oss.Tag(key="k", value="v")]))))
    tags = client.get_bucket_tags(oss.GetBucketTagsRequest(bucket=name))
    check([(t.key, t.value) for t in tags.tagging.tag_set.tags] == [("k", "v")], "v2 tags")
    client.delete_bucket_tags(oss.DeleteBucketTagsRequest(bucket=name))
    tags = client.get_bucket_tags(oss.GetBucketTagsRequest(bucket=name))
    check(not (tags.tagging.tag_set and tags.tagging.tag_set.tags), "v2 tags deleted")

    client.put_bucket_public_access_block(oss.PutBucketPublicAccessBlockRequest(
        bucket=name, public_access_block_configuration=oss.PublicAccessBlockConfiguration(
            block_public_access=True)))
    pab = client.get_bucket_public_access_block(oss.GetBucketPublicAccessBlockRequest(bucket=name))
    check(pab.public_access_block_configuration.block_public_access, "v2 PAB")

    client.put_bucket_overwrite_config(oss.PutBucketOverwriteConfigRequest(
        bucket=name, overwrite_configuration=oss.OverwriteConfiguration(rules=[oss.OverwriteRule(
            id="r1", action="forbid", prefix="logs/")])))
    over = client.get_bucket_overwrite_config(oss.GetBucketOverwriteConfigRequest(bucket=name))
    check([(r.id, r.prefix) for r in over.overwrite_configuration.rules] == [("r1", "logs/")],
          "v2 overwrite config")

    client.put_bucket_request_payment(oss.PutBucketRequestPaymentRequest(
        bucket=name, request_payment_configuration=oss.RequestPaymentConfiguration(payer="Requester")))
    pay = client.get_bucket_request_payment(oss.GetBucketRequestPaymentRequest(bucket=name))
    check(pay.request_payment_configuration.payer == "Requester", "v2 request payment")

    e = v2_error(lambda: client.put_cname(oss.PutCnameRequest(
        bucket=name, bucket_cname_configuration=oss.BucketCnameConfiguration(
            cname=oss.Cname(domain="www.example.com")))))
    check(e is not None and getattr(e, "status_code", None) == 501, f"v2 PutCname refused: {e!r}")
    regions = client.describe_regions(oss.DescribeRegionsRequest())
    check(len(regions.region_info) == 1, "v2 DescribeRegions")


def main():
    if len(sys.argv) < 5:
        fail("usage: bucket_families_sdks.py ENDPOINT AK SK REGION")
    endpoint, ak, sk, region = sys.argv[1:5]
    auth = oss2.Auth(ak, sk)
    suffix = str(int(time.time() * 1000))
    oss2_round_trips(auth, endpoint, f"families-oss2-{suffix}")
    oss2_enforcement(auth, endpoint, f"families-enforce-{suffix}")
    v2_round_trips(v2_client(endpoint, ak, sk, region), f"families-v2-{suffix}")
    print(f"{passed()} checks passed")


if __name__ == "__main__":
    main()
