#!/usr/bin/env python3
"""PostObject (browser form uploads) against a running oss-server, as a browser sends them:
plain HTTP `multipart/form-data` posts made with `requests`, the forms signed here from the
reference's algorithms (V1: base64 HMAC-SHA1 of the base64 policy; V4: hex HMAC-SHA256 with
the `aliyun_v4` derived key), independently of oss-rs. oss2 (which has no POST helper)
creates the buckets and reads back what the forms stored.

    post_object_oss2.py ENDPOINT AK SK REGION

Covers success_action_status 200/201/204 and success_action_redirect, `${filename}`, the
content headers, user metadata, object ACL and encryption fields, every condition kind
passing and failing, expired policies, wrong signatures, content-length-range, incomplete
signature fields, anonymous forms to private and public-read-write buckets, forbidden
overwrites, malformed forms and CORS; after each refusal the object does not exist.
Exits non-zero with a message on the first failure.
"""

import base64
import datetime
import hashlib
import hmac
import json
import sys
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

import oss2
import requests

from sdk_checks import check, fail, passed

ENDPOINT, AK, SK, REGION = sys.argv[1:5]


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def policy_of(conditions, expires_in=600, raw=None):
    """The base64 policy: `raw` JSON text as is, or the conditions with an expiration."""
    if raw is None:
        expiration = (utcnow() + datetime.timedelta(seconds=expires_in)).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"
        )
        raw = json.dumps({"expiration": expiration, "conditions": conditions})
    return base64.b64encode(raw.encode()).decode()


def v1_form(conditions, secret=SK, **kw):
    policy = policy_of(conditions, **kw)
    signature = base64.b64encode(
        hmac.new(secret.encode(), policy.encode(), hashlib.sha1).digest()
    ).decode()
    return [("OSSAccessKeyId", AK), ("policy", policy), ("Signature", signature)]


def v4_signing_key(secret, date, region):
    key = ("aliyun_v4" + secret).encode()
    for part in (date, region, "oss", "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def v4_form(conditions, secret=SK, **kw):
    now = utcnow()
    datetime_ = now.strftime("%Y%m%dT%H%M%SZ")
    credential = f"{AK}/{datetime_[:8]}/{REGION}/oss/aliyun_v4_request"
    signed = [
        ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
        ("x-oss-credential", credential),
        ("x-oss-date", datetime_),
    ]
    policy = policy_of(conditions + [{k: v} for k, v in signed], **kw)
    signature = hmac.new(
        v4_signing_key(secret, datetime_[:8], REGION), policy.encode(), hashlib.sha256
    ).hexdigest()
    return [("policy", policy)] + signed + [("x-oss-signature", signature)]


def post(bucket, fields, data=b"form data", filename="local.txt", file_type="text/plain",
         headers=None):
    """Posts the form: `fields` in order, then the file."""
    files = [(name, (None, value)) for name, value in fields]
    files.append(("file", (filename, data, file_type)))
    return requests.post(f"{ENDPOINT}/{bucket}", files=files, headers=headers or {},
                         allow_redirects=False, timeout=60)


def error_of(response):
    root = ElementTree.fromstring(response.content)
    return root.findtext("Code"), root.findtext("Message") or ""


def expect_refused(bucket, response, status, code, what, key=None, message=None):
    if response.status_code != status:
        fail(f"{what}: expected {status} {code}, got {response.status_code} {response.text}")
    got, text = error_of(response)
    check(got == code, f"{what}: expected {code}, got {got} ({text})")
    if message is not None:
        check(message in text, f"{what}: message {text!r} lacks {message!r}")
    if key is not None:
        check(not bucket.object_exists(key), f"{what}: {key} was stored anyway")


def run(bucket, name, public_bucket, sign):
    """Every case with forms signed by `sign` (v1_form or v4_form)."""
    tag = sign.__name__[:2]

    # Success statuses: 204 by default (and for any other value), 200, 201 with PostResponse.
    for status, expected in [(None, 204), ("200", 200), ("204", 204), ("201", 201),
                             ("302", 204)]:
        key = f"{tag}/status-{status}"
        fields = [("key", key)]
        if status:
            fields.append(("success_action_status", status))
        r = post(name, fields + sign([["starts-with", "$key", f"{tag}/"]]), data=b"abc")
        check(r.status_code == expected, f"status {status}: got {r.status_code} {r.text}")
        head = bucket.head_object(key)
        check(r.headers.get("ETag") == f'"{head.etag}"',
              f"status {status}: ETag {r.headers.get('ETag')} vs {head.etag}")
        check(bucket.get_object(key).read() == b"abc", f"status {status}: content")
        if expected == 201:
            root = ElementTree.fromstring(r.content)
            check(root.tag == "PostResponse", f"201 body root {root.tag}")
            check(root.findtext("Bucket") == name, "PostResponse Bucket")
            check(root.findtext("Key") == key, "PostResponse Key")
            check(root.findtext("ETag") == f'"{head.etag}"', "PostResponse ETag")
            check(root.findtext("Location", "").endswith(f"/{name}/{key}"),
                  f"PostResponse Location {root.findtext('Location')}")
        else:
            check(r.content == b"", f"status {status}: empty body, got {r.content!r}")

    # A redirect: 303 to the URL with bucket, key and etag in its query.
    key = f"{tag}/redirected"
    r = post(name, [("key", key), ("success_action_redirect", "http://app.example/done?x=1")]
             + sign([["starts-with", "$success_action_redirect", "http://app.example/"]]))
    check(r.status_code == 303, f"redirect: got {r.status_code} {r.text}")
    location = urlparse(r.headers["Location"])
    query = parse_qs(location.query)
    check(location.netloc == "app.example" and location.path == "/done",
          f"redirect target {r.headers['Location']}")
    check(query.get("x") == ["1"] and query.get("bucket") == [name] and query.get("key") == [key],
          f"redirect query {query}")
    check(query.get("etag") == [f'"{bucket.head_object(key).etag}"'], f"redirect etag {query}")

    # ${filename}, the content headers, user metadata and the object ACL.
    r = post(name, [
        ("key", f"{tag}/uploads/${{filename}}"),
        ("Content-Type", "image/png"),
        ("Cache-Control", "no-cache"),
        ("Content-Disposition", "attachment; filename=x.png"),
        ("Content-Encoding", "identity"),
        ("Expires", "Thu, 01 Dec 1994 16:00:00 GMT"),
        ("x-oss-meta-owner", "alice"),
        ("X-OSS-META-Project", "Apollo"),
        ("x-oss-object-acl", "public-read"),
    ] + sign([["starts-with", "$key", f"{tag}/uploads/"],
              ["starts-with", "$Content-Type", "image/"],
              {"x-oss-meta-owner": "alice"}]),
        filename="C:\\photos\\cat.png", file_type="application/octet-stream")
    check(r.status_code == 204, f"headers: got {r.status_code} {r.text}")
    key = f"{tag}/uploads/cat.png"
    head = bucket.head_object(key)
    h = head.headers
    check(h.get("Content-Type") == "image/png", f"Content-Type {h.get('Content-Type')}")
    check(h.get("Cache-Control") == "no-cache", "Cache-Control")
    check(h.get("Content-Disposition") == "attachment; filename=x.png", "Content-Disposition")
    check(h.get("Content-Encoding") == "identity", "Content-Encoding")
    check(h.get("Expires") == "Thu, 01 Dec 1994 16:00:00 GMT", "Expires")
    check(h.get("x-oss-meta-owner") == "alice", f"meta owner {dict(h)}")
    check(h.get("x-oss-meta-project") == "Apollo", "meta project")
    check(bucket.get_object_acl(key).acl == "public-read", "object ACL")
    check(oss2.Bucket(oss2.AnonymousAuth(), ENDPOINT, name).get_object(key).read() == b"form data",
          "the public-read object reads anonymously")

    # Without a Content-Type field the file part's type is the object's.
    key = f"{tag}/typed"
    r = post(name, [("key", key)] + sign([]), file_type="text/csv")
    check(r.status_code == 204, f"file type: {r.status_code} {r.text}")
    check(bucket.head_object(key).content_type == "text/csv", "the file part's type")

    # Encryption.
    key = f"{tag}/encrypted"
    r = post(name, [("key", key), ("x-oss-server-side-encryption", "AES256")] + sign([]))
    check(r.status_code == 204, f"sse: {r.status_code} {r.text}")
    check(r.headers.get("x-oss-server-side-encryption") == "AES256", "sse response header")
    check(bucket.head_object(key).headers.get("x-oss-server-side-encryption") == "AES256",
          "sse stored")
    key = f"{tag}/bad-sse"
    expect_refused(bucket, post(name, [("key", key), ("x-oss-server-side-encryption", "DES")]
                                + sign([])),
                   400, "InvalidEncryptionAlgorithmError", "bad sse", key)

    # Every condition kind, passing: exact, eq, starts-with (key, Content-Type, meta),
    # content-length-range, $bucket, success_action_status, the \$ escape, field names in
    # any case.
    key = f"{tag}/all-conditions"
    raw_conditions = [
        {"bucket": name},
        ["eq", "$bucket", name],
        {"key": key},
        ["eq", "$key", key],
        ["starts-with", "$key", f"{tag}/all"],
        ["starts-with", "$content-type", "text/"],
        ["eq", "$Cache-Control", "max-age=60"],
        ["starts-with", "$x-oss-meta-price", "$"],
        {"x-oss-meta-note": "costs $5"},
        ["content-length-range", 1, 20],
        ["eq", "$success_action_status", "201"],
        ["starts-with", "$x-oss-meta-anything", ""],
    ]
    fields = [("KEY", key), ("Content-Type", "text/plain"), ("cache-control", "max-age=60"),
              ("x-oss-meta-price", "$9"), ("x-oss-meta-note", "costs $5"),
              ("success_action_status", "201")]
    r = post(name, fields + sign(raw_conditions), data=b"twelve bytes")
    check(r.status_code == 201, f"all conditions: {r.status_code} {r.text}")
    check(bucket.head_object(key).content_length == 12, "all conditions: stored")

    # The \$ escape of the reference: a literal dollar sign in a value.
    key = f"{tag}/escaped"
    escaped_policy = (
        '{"expiration":"%s","conditions":[{"x-oss-meta-cost":"\\$5"},["eq","$key","%s"]]}'
        % ((utcnow() + datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ"), key)
    )
    if sign is v1_form:
        form = v1_form(None, raw=escaped_policy)
        r = post(name, [("key", key), ("x-oss-meta-cost", "$5")] + form)
        check(r.status_code == 204, f"escaped dollar: {r.status_code} {r.text}")
        r = post(name, [("key", key + "-2"), ("x-oss-meta-cost", "$5")] + form)
        expect_refused(bucket, r, 403, "AccessDenied", "escaped policy, other key", key + "-2")

    # Each condition kind failing: 403 AccessDenied naming the condition; nothing stored.
    key = f"{tag}/refused"
    base = [("key", key), ("Content-Type", "text/plain"), ("x-oss-meta-a", "1")]
    for condition, what in [
        ({"key": "other"}, "exact key"),
        (["eq", "$key", "other"], "eq key"),
        (["starts-with", "$key", "elsewhere/"], "starts-with key"),
        (["starts-with", "$Content-Type", "image/"], "starts-with content-type"),
        ({"bucket": "another-bucket"}, "exact bucket"),
        (["eq", "$x-oss-meta-a", "2"], "eq meta"),
        (["eq", "$x-oss-meta-missing", "x"], "a field the form lacks"),
        (["eq", "$success_action_status", "201"], "success_action_status"),
    ]:
        r = post(name, base + sign([condition]))
        expect_refused(bucket, r, 403, "AccessDenied", f"failing {what}", key,
                       "Invalid according to Policy: Policy Condition failed")

    # content-length-range: too large, too small, at both bounds.
    for size, ok in [(11, False), (4, False), (5, True), (10, True)]:
        key = f"{tag}/sized-{size}"
        r = post(name, [("key", key)] + sign([["content-length-range", 5, 10]]),
                 data=b"x" * size)
        if ok:
            check(r.status_code == 204, f"size {size}: {r.status_code} {r.text}")
        else:
            code = "EntityTooLarge" if size > 10 else "EntityTooSmall"
            expect_refused(bucket, r, 400, code, f"size {size}", key)
    # A large file over the range is refused while streaming.
    key = f"{tag}/sized-big"
    r = post(name, [("key", key)] + sign([["content-length-range", 0, 1024]]),
             data=b"y" * (3 << 20))
    expect_refused(bucket, r, 400, "EntityTooLarge", "3 MiB over 1 KiB", key)

    # Expired policy, wrong signature, unknown key, incomplete signature fields.
    key = f"{tag}/expired"
    expect_refused(bucket, post(name, [("key", key)] + sign([], expires_in=-60)),
                   403, "AccessDenied", "expired", key,
                   "Invalid according to Policy: Policy expired.")
    key = f"{tag}/forged"
    expect_refused(bucket, post(name, [("key", key)] + sign([], secret="not-the-secret")),
                   403, "SignatureDoesNotMatch", "wrong secret", key)
    form = sign([["starts-with", "$key", f"{tag}/"]])
    tampered = [(n, policy_of([]) if n == "policy" else v) for n, v in form]
    expect_refused(bucket, post(name, [("key", key)] + tampered),
                   403, "SignatureDoesNotMatch", "a policy changed after signing", key)
    unknown = [(n, v.replace(AK, "unknown-ak")) for n, v in form]
    expect_refused(bucket, post(name, [("key", key)] + unknown),
                   403, "InvalidAccessKeyId", "unknown access key", key)
    signature_field = "Signature" if sign is v1_form else "x-oss-credential"
    partial = [(n, v) for n, v in form if n != signature_field]
    expect_refused(bucket, post(name, [("key", key)] + partial),
                   400, "InvalidArgument", f"without {signature_field}", key)
    bad_policy = [(n, base64.b64encode(b"{not json").decode() if n == "policy" else v)
                  for n, v in sign([])]
    expect_refused(bucket, post(name, [("key", key)] + bad_policy),
                   403, "SignatureDoesNotMatch", "an unsigned garbage policy", key)

    # Forbidden overwrite: the first form stores, the second is refused and changes nothing.
    key = f"{tag}/once"
    fields = [("key", key), ("x-oss-forbid-overwrite", "true")]
    check(post(name, fields + sign([]), data=b"first").status_code == 204, "first write")
    expect_refused(bucket, post(name, fields + sign([]), data=b"second"),
                   409, "FileAlreadyExists", "overwrite forbidden")
    check(bucket.get_object(key).read() == b"first", "the forbidden overwrite changed nothing")

    # The anonymous form: refused by a private bucket, accepted by a public-read-write one.
    key = f"{tag}/anonymous"
    expect_refused(bucket, post(name, [("key", key)]), 403, "AccessDenied",
                   "anonymous to private", key)
    r = post(public_bucket.bucket_name, [("key", key)], data=b"anon")
    check(r.status_code == 204, f"anonymous to public-read-write: {r.status_code} {r.text}")
    check(public_bucket.get_object(key).read() == b"anon", "anonymous upload stored")


def malformed_forms(bucket, name, public_bucket):
    """Forms that are not well-formed; the anonymous ones go to the public-read-write bucket,
    where only the form itself can be the reason for a refusal."""
    key = "malformed"
    # No file field.
    body = b"--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nmalformed\r\n--XX--\r\n"
    r = requests.post(f"{ENDPOINT}/{name}", data=body,
                      headers={"Content-Type": "multipart/form-data; boundary=XX"}, timeout=30)
    expect_refused(bucket, r, 400, "MalformedPOSTRequest", "no file field", key)
    # A file whose closing boundary never comes, and then one whose does.
    head = (b"--XX\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nmalformed\r\n"
            b"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
            b"data\r\n--X")
    public = public_bucket.bucket_name
    for body, status in [(head, 400), (head + b"X\r\nContent-Disposition: form-data; "
                                       b"name=\"submit\"\r\n\r\nUpload\r\n--XX--", 204)]:
        r = requests.post(f"{ENDPOINT}/{public}", data=body, timeout=30,
                          headers={"Content-Type": "multipart/form-data; boundary=XX"})
        if status == 400:
            expect_refused(public_bucket, r, 400, "MalformedPOSTRequest", "unterminated file", key)
        else:
            check(r.status_code == 204, f"a field after the file: {r.status_code} {r.text}")
            check(public_bucket.get_object(key).read() == b"data", "data before the boundary")
    # Not a form at all.
    r = requests.post(f"{ENDPOINT}/{name}", data=b"key=x",
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    expect_refused(bucket, r, 400, "InvalidArgument", "not multipart", key)
    # No key field.
    r = post(name, v1_form([]))
    expect_refused(bucket, r, 400, "InvalidArgument", "no key")
    # A signed policy that is not JSON, or lacks its expiration.
    for raw in ["{not json", '{"conditions":[]}']:
        r = post(name, [("key", key)] + v1_form(None, raw=raw))
        expect_refused(bucket, r, 400, "InvalidPolicyDocument", f"policy {raw}", key)


def cors(bucket, name):
    rule = oss2.models.CorsRule(allowed_origins=["http://app.example"], allowed_methods=["POST"],
                                allowed_headers=["*"], max_age_seconds=60)
    bucket.put_bucket_cors(oss2.models.BucketCors([rule]))
    r = post(name, [("key", "cors")] + v1_form([]), headers={"Origin": "http://app.example"})
    check(r.status_code == 204, f"cors post: {r.status_code} {r.text}")
    check(r.headers.get("Access-Control-Allow-Origin") == "http://app.example",
          f"CORS header on the form's answer: {dict(r.headers)}")
    r = post(name, [("key", "cors")] + v1_form([]), headers={"Origin": "http://evil.example"})
    check("Access-Control-Allow-Origin" not in r.headers, "no CORS header for another origin")
    bucket.delete_bucket_cors()


def main():
    auth = oss2.Auth(AK, SK)
    name, public = "post-forms", "post-public"
    bucket = oss2.Bucket(auth, ENDPOINT, name, region=REGION)
    bucket.create_bucket()
    public_bucket = oss2.Bucket(auth, ENDPOINT, public, region=REGION)
    public_bucket.create_bucket(oss2.BUCKET_ACL_PUBLIC_READ_WRITE)
    for sign in (v1_form, v4_form):
        run(bucket, name, public_bucket, sign)
    malformed_forms(bucket, name, public_bucket)
    cors(bucket, name)
    print(f"{passed()} checks passed")


main()
