#!/usr/bin/env python3
"""The reference's bucket configurations (CORS, referer, website, logging, lifecycle) driven
through the official oss2 and alibabacloud-oss-v2 SDKs against a running oss-server, and the
behaviour the server gives each of them checked from outside: preflights and browser
requests in plain HTTP, anonymous and presigned reads with and without a Referer, website
requests, log objects, lifecycle expiry.

    configs_interop.py ENDPOINT AK SK REGION PHASE

PHASE is `main` (round trips, documented errors, CORS, referer, website, logging), or the
two halves of the lifecycle scenario: `lifecycle-setup` (rules and objects), then, after the
caller moved the server's clock two days ahead and swept, `lifecycle-check`. Exits non-zero
with a message on the first failure.
"""

import sys
import urllib.error
import urllib.request

import alibabacloud_oss_v2 as oss
import oss2

from sdk_checks import check, expect_oss2_error, expect_v2_error, fail, passed, v2_client


def http(method, url, headers=None):
    """A plain HTTP request (no SDK, no signature): (status, headers, body)."""
    request = urllib.request.Request(url, method=method, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def cors(endpoint, auth, client):
    bucket = oss2.Bucket(auth, endpoint, "cfg-cors")
    bucket.create_bucket()
    bucket.put_object("photo.jpg", b"jpeg")
    expect_oss2_error(bucket.get_bucket_cors, 404, "NoSuchCORSConfiguration", "oss2 GetBucketCors before any")
    # Without rules a preflight is refused.
    status, _, _ = http("OPTIONS", f"{endpoint}/cfg-cors/photo.jpg",
                        {"Origin": "http://www.example.com", "Access-Control-Request-Method": "PUT"})
    check(status == 403, f"a preflight without CORS rules: {status}")
    rule = oss2.models.CorsRule(allowed_origins=["http://www.example.com"],
                                allowed_methods=["GET", "PUT"],
                                allowed_headers=["x-oss-test"],
                                expose_headers=["x-oss-test", "ETag"],
                                max_age_seconds=100)
    bucket.put_bucket_cors(oss2.models.BucketCors([rule], response_vary=True))
    got = bucket.get_bucket_cors()
    check(got.rules[0].allowed_origins == ["http://www.example.com"], "oss2 GetBucketCors origins")
    check(got.rules[0].max_age_seconds == 100, "oss2 GetBucketCors max age")
    # The reference's preflight, from plain HTTP.
    status, headers, _ = http("OPTIONS", f"{endpoint}/cfg-cors/testobject", {
        "Origin": "http://www.example.com",
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "x-oss-test",
    })
    check(status == 200, f"the reference's preflight: {status}")
    check(headers.get("Access-Control-Allow-Origin") == "http://www.example.com", f"Allow-Origin: {headers}")
    check(headers.get("Access-Control-Allow-Methods") == "GET, PUT", f"Allow-Methods: {headers}")
    check(headers.get("Access-Control-Allow-Headers") == "x-oss-test", f"Allow-Headers: {headers}")
    check(headers.get("Access-Control-Expose-Headers") == "x-oss-test, ETag", f"Expose-Headers: {headers}")
    check(headers.get("Access-Control-Max-Age") == "100", f"Max-Age: {headers}")
    for origin, method, asked in [("http://evil.example.org", "PUT", ""),
                                  ("http://www.example.com", "DELETE", ""),
                                  ("http://www.example.com", "PUT", "x-other")]:
        h = {"Origin": origin, "Access-Control-Request-Method": method}
        if asked:
            h["Access-Control-Request-Headers"] = asked
        status, headers, _ = http("OPTIONS", f"{endpoint}/cfg-cors/testobject", h)
        check(status == 403 and headers.get("Access-Control-Allow-Origin") is None,
              f"a preflight no rule allows ({origin} {method} {asked}): {status}")
    # The actual request from the allowed origin carries the CORS headers; another does not.
    result = bucket.get_object("photo.jpg", headers={"Origin": "http://www.example.com"})
    check(result.read() == b"jpeg", "GetObject body")
    check(result.headers.get("Access-Control-Allow-Origin") == "http://www.example.com",
          f"actual request: {dict(result.headers)}")
    check(result.headers.get("Access-Control-Expose-Headers") == "x-oss-test, ETag", "actual request expose")
    check("Origin" in (result.headers.get("Vary") or ""), "ResponseVary gives Vary: Origin")
    other = bucket.get_object("photo.jpg", headers={"Origin": "http://evil.example.org"})
    other.read()
    check(other.headers.get("Access-Control-Allow-Origin") is None, "another origin gets no CORS headers")
    # The v2 SDK: its own preflight and round trip.
    allowed = client.option_object(oss.models.OptionObjectRequest(
        bucket="cfg-cors", key="testobject", origin="http://www.example.com",
        access_control_request_method="GET"))
    check(allowed.access_control_allow_origin == "http://www.example.com", "v2 OptionObject")
    check(allowed.access_control_max_age == 100, "v2 OptionObject max age")
    expect_v2_error(lambda: client.option_object(oss.models.OptionObjectRequest(
        bucket="cfg-cors", key="testobject", origin="http://evil.example.org",
        access_control_request_method="GET")), 403, "Forbidden", "v2 OptionObject refused")
    client.put_bucket_cors(oss.models.PutBucketCorsRequest(bucket="cfg-cors", cors_configuration=oss.models.CORSConfiguration(
        cors_rules=[oss.models.CORSRule(allowed_origins=["*"], allowed_methods=["GET"])])))
    got = client.get_bucket_cors(oss.models.GetBucketCorsRequest(bucket="cfg-cors"))
    check(got.cors_configuration.cors_rules[0].allowed_origins == ["*"], "v2 GetBucketCors")
    expect_v2_error(lambda: client.put_bucket_cors(oss.models.PutBucketCorsRequest(
        bucket="cfg-cors", cors_configuration=oss.models.CORSConfiguration(
            cors_rules=[oss.models.CORSRule(allowed_origins=["*"], allowed_methods=["PATCH"])]))),
        400, "InvalidArgument", "v2 PutBucketCors with PATCH")
    client.delete_bucket_cors(oss.models.DeleteBucketCorsRequest(bucket="cfg-cors"))
    expect_oss2_error(bucket.get_bucket_cors, 404, "NoSuchCORSConfiguration", "GetBucketCors after delete")


def referer(endpoint, auth, client):
    bucket = oss2.Bucket(auth, endpoint, "cfg-referer")
    bucket.create_bucket(oss2.BUCKET_ACL_PUBLIC_READ)
    bucket.put_object("image.png", b"png")
    default = bucket.get_bucket_referer()
    check(default.allow_empty_referer is True and default.referers == [], "the default referer configuration")
    bucket.put_bucket_referer(oss2.models.BucketReferer(False, ["http://www.*.com", "https://www.?.aliyuncs.com"],
                                                        black_referers=["http://www.bad.com"]))
    got = bucket.get_bucket_referer()
    check(got.allow_empty_referer is False, "oss2 GetBucketReferer allow empty")
    check(got.referers == ["http://www.*.com", "https://www.?.aliyuncs.com"], f"oss2 referers {got.referers}")
    check(got.black_referers == ["http://www.bad.com"], f"oss2 blacklist {got.black_referers}")
    anonymous = oss2.Bucket(oss2.AnonymousAuth(), endpoint, "cfg-referer")
    check(anonymous.get_object("image.png", headers={"Referer": "http://www.example.com"}).read() == b"png",
          "an allowed referer reads anonymously")
    check(anonymous.get_object("image.png", headers={"Referer": "https://www.a.aliyuncs.com"}).read() == b"png",
          "? matches one character")
    expect_oss2_error(lambda: anonymous.get_object("image.png", headers={"Referer": "https://www.ab.aliyuncs.com"}),
                      403, "AccessDenied", "? matches only one character")
    expect_oss2_error(lambda: anonymous.get_object("image.png", headers={"Referer": "http://www.bad.com"}),
                      403, "AccessDenied", "a blacklisted referer")
    expect_oss2_error(lambda: anonymous.get_object("image.png"), 403, "AccessDenied", "no referer, empty not allowed")
    # A signed request is exempt; a presigned URL is not.
    check(bucket.get_object("image.png").read() == b"png", "a signed request without a referer")
    url = bucket.sign_url("GET", "image.png", 600)
    status, _, _ = http("GET", url)
    check(status == 403, f"a presigned URL without a referer: {status}")
    status, _, body = http("GET", url, {"Referer": "http://www.example.com"})
    check(status == 200 and body == b"png", f"a presigned URL with an allowed referer: {status}")
    # The v2 SDK: round trip, and its presigned URL under the same rules.
    client.put_bucket_referer(oss.models.PutBucketRefererRequest(bucket="cfg-referer", referer_configuration=oss.models.RefererConfiguration(
        allow_empty_referer=True, allow_truncate_query_string=False,
        referer_list=oss.models.RefererList(referers=["http://app.example.com/page"]))))
    got = client.get_bucket_referer(oss.models.GetBucketRefererRequest(bucket="cfg-referer")).referer_configuration
    check(got.allow_empty_referer is True and got.allow_truncate_query_string is False, "v2 GetBucketReferer flags")
    check(got.referer_list.referers == ["http://app.example.com/page"], "v2 GetBucketReferer list")
    presigned = client.presign(oss.models.GetObjectRequest(bucket="cfg-referer", key="image.png"))
    check(http("GET", presigned.url)[0] == 200, "v2 presigned URL, empty referer allowed")
    check(http("GET", presigned.url, {"Referer": "http://app.example.com/page"})[0] == 200, "v2 presigned URL, allowed referer")
    check(http("GET", presigned.url, {"Referer": "http://app.example.com/page?x=1"})[0] == 403,
          "the query string counts without AllowTruncateQueryString")
    # An empty list clears the whitelist.
    bucket.put_bucket_referer(oss2.models.BucketReferer(True, []))
    check(http("GET", f"{endpoint}/cfg-referer/image.png", {"Referer": "http://anything.org/"})[0] == 200,
          "no whitelist, every referer passes")


def website(endpoint, auth, client):
    bucket = oss2.Bucket(auth, endpoint, "cfg-website")
    bucket.create_bucket(oss2.BUCKET_ACL_PUBLIC_READ)
    expect_oss2_error(bucket.get_bucket_website, 404, "NoSuchWebsiteConfiguration", "oss2 GetBucketWebsite before any")
    for key, body in [("index.html", b"home"), ("error.html", b"oops"), ("docs/index.html", b"docs"),
                      ("new/page.html", b"new page")]:
        bucket.put_object(key, body)
    rules = [oss2.models.RoutingRule(1, oss2.models.Condition(key_prefix_equals="old/", http_err_code_return_equals=404),
                                     oss2.models.Redirect(redirect_type="Internal", replace_key_prefix_with="new/")),
             # (oss2 cannot read back a Condition without HttpErrorCodeReturnedEquals.)
             oss2.models.RoutingRule(2, oss2.models.Condition(key_prefix_equals="away/", http_err_code_return_equals=404),
                                     oss2.models.Redirect(redirect_type="External", proto="https", host_name="www.example.com",
                                                          http_redirect_code=301, replace_key_with="landing/${key}"))]
    bucket.put_bucket_website(oss2.models.BucketWebsite("index.html", "error.html", rules))
    got = bucket.get_bucket_website()
    check(got.index_file == "index.html" and got.error_file == "error.html", "oss2 GetBucketWebsite")
    check(len(got.rules) == 2, "oss2 GetBucketWebsite rules")
    status, _, body = http("GET", f"{endpoint}/cfg-website/")
    check((status, body) == (200, b"home"), f"the root gets the index document: {status} {body!r}")
    status, _, body = http("GET", f"{endpoint}/cfg-website/docs/")
    check((status, body) == (200, b"docs"), f"a directory gets its index document: {status} {body!r}")
    status, _, body = http("GET", f"{endpoint}/cfg-website/missing.html")
    check((status, body) == (404, b"oops"), f"a missing key gets the error document: {status} {body!r}")
    status, _, body = http("GET", f"{endpoint}/cfg-website/old/page.html")
    check((status, body) == (200, b"new page"), f"an Internal rule: {status} {body!r}")
    status, headers, _ = http("GET", f"{endpoint}/cfg-website/away/x.html")
    check(status == 301 and headers.get("Location") == "https://www.example.com/landing/away/x.html",
          f"an External rule: {status} {headers.get('Location')}")
    # A signed request sees the bucket: the root is a listing.
    check(len(list(oss2.ObjectIterator(bucket))) == 4, "a signed listing of the root")
    # The v2 SDK: round trip and documented errors.
    client.put_bucket_website(oss.models.PutBucketWebsiteRequest(bucket="cfg-website", website_configuration=oss.models.WebsiteConfiguration(
        index_document=oss.models.IndexDocument(suffix="index.html"))))
    got = client.get_bucket_website(oss.models.GetBucketWebsiteRequest(bucket="cfg-website")).website_configuration
    check(got.index_document.suffix == "index.html" and got.error_document is None, "v2 GetBucketWebsite")
    status, _, _ = http("GET", f"{endpoint}/cfg-website/missing.html")
    check(status == 404, "without an error document a missing key is 404")
    expect_v2_error(lambda: client.put_bucket_website(oss.models.PutBucketWebsiteRequest(bucket="cfg-website",
        website_configuration=oss.models.WebsiteConfiguration())), 400, "InvalidArgument", "an empty website configuration")
    client.delete_bucket_website(oss.models.DeleteBucketWebsiteRequest(bucket="cfg-website"))
    expect_v2_error(lambda: client.get_bucket_website(oss.models.GetBucketWebsiteRequest(bucket="cfg-website")),
                    404, "NoSuchWebsiteConfiguration", "v2 GetBucketWebsite after delete")


def logging(endpoint, auth, client):
    source = oss2.Bucket(auth, endpoint, "cfg-logging")
    source.create_bucket()
    target = oss2.Bucket(auth, endpoint, "cfg-logs")
    target.create_bucket()
    got = source.get_bucket_logging()
    check(not got.target_bucket, "logging is off by default")
    expect_oss2_error(lambda: source.put_bucket_logging(oss2.models.BucketLogging("cfg-no-such-bucket", "log/")),
                      400, "InvalidTargetBucketForLogging", "a logging target that does not exist")
    source.put_bucket_logging(oss2.models.BucketLogging("cfg-logs", "MyLog-"))
    got = source.get_bucket_logging()
    check((got.target_bucket, got.target_prefix) == ("cfg-logs", "MyLog-"), "oss2 GetBucketLogging")
    source.put_object("a b.txt", b"logged")
    source.get_object("a b.txt").read()
    got = client.get_bucket_logging(oss.models.GetBucketLoggingRequest(bucket="cfg-logging")).bucket_logging_status
    check(got.logging_enabled.target_bucket == "cfg-logs", "v2 GetBucketLogging")


def logging_check(endpoint, auth, client):
    target = oss2.Bucket(auth, endpoint, "cfg-logs")
    logs = [o.key for o in oss2.ObjectIterator(target, prefix="MyLog-cfg-logging-")]
    check(len(logs) >= 1, f"a log object appears: {logs}")
    lines = b"".join(target.get_object(key).read() for key in logs).decode().splitlines()
    check(any('"PutObject" "cfg-logging" "a%20b.txt"' in line for line in lines), f"the PutObject line: {lines}")
    check(any('"GetObject" "cfg-logging" "a%20b.txt"' in line for line in lines), f"the GetObject line: {lines}")
    client.delete_bucket_logging(oss.models.DeleteBucketLoggingRequest(bucket="cfg-logging"))
    check(not oss2.Bucket(auth, endpoint, "cfg-logging").get_bucket_logging().target_bucket, "logging off after delete")


def lifecycle_setup(endpoint, auth, client):
    bucket = oss2.Bucket(auth, endpoint, "cfg-lifecycle")
    bucket.create_bucket()
    expect_oss2_error(bucket.get_bucket_lifecycle, 404, "NoSuchLifecycle", "oss2 GetBucketLifecycle before any")
    bad = oss2.models.LifecycleRule("bad", "data/", expiration=oss2.models.LifecycleExpiration(days=30),
                                    storage_transitions=[oss2.models.StorageTransition(days=60, storage_class="IA")])
    expect_oss2_error(lambda: bucket.put_bucket_lifecycle(oss2.models.BucketLifecycle([bad])),
                      400, "InvalidArgument", "an expiration before a transition")
    rules = [
        oss2.models.LifecycleRule("expire logs", "logs/", expiration=oss2.models.LifecycleExpiration(days=1),
                                  abort_multipart_upload=oss2.models.AbortMultipartUpload(days=1)),
        oss2.models.LifecycleRule("cool data", "data/",
                                  storage_transitions=[oss2.models.StorageTransition(days=1, storage_class="IA")]),
        oss2.models.LifecycleRule("off", "off/", status=oss2.models.LifecycleRule.DISABLED,
                                  expiration=oss2.models.LifecycleExpiration(days=1)),
    ]
    bucket.put_bucket_lifecycle(oss2.models.BucketLifecycle(rules))
    got = bucket.get_bucket_lifecycle()
    check([r.id for r in got.rules] == ["expire logs", "cool data", "off"], "oss2 GetBucketLifecycle ids")
    check(got.rules[0].expiration.days == 1, "oss2 GetBucketLifecycle expiration")
    for key in ["logs/1.log", "logs/2.log", "data/big.bin", "off/keep.txt", "other.txt"]:
        bucket.put_object(key, b"x")
    bucket.init_multipart_upload("logs/partial.log")
    # The v2 SDK reads the same rules back.
    got = client.get_bucket_lifecycle(oss.models.GetBucketLifecycleRequest(bucket="cfg-lifecycle")).lifecycle_configuration
    check(got.rules[1].transitions[0].storage_class == "IA", "v2 GetBucketLifecycle transition")


def lifecycle_check(endpoint, auth, client):
    bucket = oss2.Bucket(auth, endpoint, "cfg-lifecycle")
    keys = sorted(o.key for o in oss2.ObjectIterator(bucket))
    check(keys == ["data/big.bin", "off/keep.txt", "other.txt"], f"after the sweep: {keys}")
    check(bucket.head_object("data/big.bin").headers.get("x-oss-storage-class") == "IA", "data/ moved to IA")
    check(bucket.head_object("other.txt").headers.get("x-oss-storage-class") == "Standard", "other.txt untouched")
    uploads = list(oss2.MultipartUploadIterator(bucket))
    check(uploads == [], f"the old upload is aborted: {[u.key for u in uploads]}")
    client.delete_bucket_lifecycle(oss.models.DeleteBucketLifecycleRequest(bucket="cfg-lifecycle"))
    expect_v2_error(lambda: client.get_bucket_lifecycle(oss.models.GetBucketLifecycleRequest(bucket="cfg-lifecycle")),
                    404, "NoSuchLifecycle", "v2 GetBucketLifecycle after delete")


def main():
    endpoint, ak, sk, region, phase = sys.argv[1:6]
    # oss2 addresses an IP endpoint in path style.
    auth = oss2.Auth(ak, sk)
    client = v2_client(endpoint, ak, sk, region)
    phases = {
        "main": [cors, referer, website, logging],
        "logging-check": [logging_check],
        "lifecycle-setup": [lifecycle_setup],
        "lifecycle-check": [lifecycle_check],
    }
    for step in phases[phase]:
        step(endpoint, auth, client)
    print(f"{phase}: {passed()} checks passed")


if __name__ == "__main__":
    main()
