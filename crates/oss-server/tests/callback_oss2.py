#!/usr/bin/env python3
"""Upload callbacks against a running oss-server, with oss2 as the client and an application
server on loopback in this script that records what it receives:

    callback_oss2.py ENDPOINT AK SK REGION

PutObject (form and JSON body types, system and `x:` variables, callbackHost, a second URL
after a failing first), CompleteMultipartUpload (the reply replaces the result document),
PostObject (a form's callback field and `x:` fields), 203 CallbackFailed with the object kept
(an application answering 500 or non-JSON, or not listening), and InvalidArgument for
malformed callback parameters with nothing stored.
Exits non-zero with a message on the first failure.
"""

import base64
import datetime
import hashlib
import hmac
import http.server
import json
import sys
import threading
from urllib.parse import parse_qs

import oss2
import requests

from sdk_checks import check, fail, passed

ENDPOINT, AK, SK, REGION = sys.argv[1:5]
RECEIVED = []


class Application(http.server.BaseHTTPRequestHandler):
    """Records each callback; /fail answers 500, /text answers non-JSON, others JSON."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        RECEIVED.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path.startswith("/fail"):
            self.send_response(500)
            reply = b"broken"
        elif self.path.startswith("/text"):
            self.send_response(200)
            reply = b"not json"
        else:
            self.send_response(200)
            reply = json.dumps({"Status": "OK", "seen": len(RECEIVED)}).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def b64(value):
    return base64.b64encode(json.dumps(value).encode()).decode()


def callback_headers(url, body, body_type=None, host=None, variables=None):
    callback = {"callbackUrl": url, "callbackBody": body}
    if body_type:
        callback["callbackBodyType"] = body_type
    if host:
        callback["callbackHost"] = host
    headers = {"x-oss-callback": b64(callback)}
    if variables is not None:
        headers["x-oss-callback-var"] = b64(variables)
    return headers


def last():
    check(RECEIVED, "the application received a callback")
    return RECEIVED[-1]


def main():
    app = http.server.HTTPServer(("127.0.0.1", 0), Application)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    base = f"127.0.0.1:{app.server_port}"
    bucket = oss2.Bucket(oss2.Auth(AK, SK), ENDPOINT, "callbacks", region=REGION)
    bucket.create_bucket()

    # Form body: every system variable and an x: variable, URL-encoded.
    template = ("bucket=${bucket}&object=${object}&etag=${etag}&size=${size}"
                "&mimeType=${mimeType}&imageInfo.height=${imageInfo.height}&my_var=${x:my_var}")
    headers = callback_headers(f"http://{base}/index.html?id=1", template,
                               variables={"x:my_var": "for callback/test"})
    headers["Content-Type"] = "text/plain"
    result = bucket.put_object("test.txt", b"hello", headers=headers)
    check(result.status == 200, f"put with callback: {result.status}")
    reply = json.loads(result.resp.read())
    check(reply["Status"] == "OK", f"the application's reply is relayed: {reply}")
    got = last()
    check(got["path"] == "/index.html?id=1", f"callback path {got['path']}")
    check(got["headers"]["Content-Type"] == "application/x-www-form-urlencoded",
          f"form body type {got['headers']}")
    form = parse_qs(got["body"].decode(), keep_blank_values=True)
    etag = bucket.head_object("test.txt").etag
    expected = {"bucket": ["callbacks"], "object": ["test.txt"], "etag": [etag], "size": ["5"],
                "mimeType": ["text/plain"], "imageInfo.height": [""],
                "my_var": ["for callback/test"]}
    check(form == expected, f"callback body {form} vs {expected}")
    check(b"text%2Fplain" in got["body"], f"values are URL-encoded: {got['body']}")

    # JSON body, callbackHost, and a first URL that fails before one that works.
    headers = callback_headers(f"{base}/fail;http://{base}/second",
                               '{"object":${object},"size":${size},"v":${x:v}}',
                               body_type="application/json", host="app.example",
                               variables={"x:v": 'quote " here'})
    before = len(RECEIVED)
    result = bucket.put_object("json.bin", b"0123456789", headers=headers)
    check(result.status == 200, f"json callback: {result.status}")
    check(len(RECEIVED) == before + 2, "the failing URL, then the next one")
    got = last()
    check(got["path"] == "/second" and got["headers"]["Host"] == "app.example",
          f"second URL with callbackHost: {got['path']} {got['headers'].get('Host')}")
    sent = json.loads(got["body"])
    check(sent == {"object": "json.bin", "size": 10, "v": 'quote " here'}, f"json body {sent}")

    # Failures: 203 CallbackFailed, the object kept.
    for url, what in [(f"{base}/fail", "500"), (f"{base}/text", "non-JSON"),
                      ("127.0.0.1:1/closed", "nothing listening")]:
        key = f"failed-{what}"
        result = bucket.put_object(key, b"kept", headers=callback_headers(url, "k=${object}"))
        check(result.status == 203, f"callback {what}: status {result.status}")
        body = result.resp.read().decode()
        check("<Code>CallbackFailed</Code>" in body, f"callback {what}: {body}")
        check(bucket.get_object(key).read() == b"kept", f"callback {what}: the object is kept")

    # Malformed parameters: 400 InvalidArgument, nothing stored.
    bad = [
        ({"x-oss-callback": "not base64!"}, "not base64"),
        ({"x-oss-callback": base64.b64encode(b"{oops").decode()}, "not JSON"),
        (callback_headers(f"{base}/x", ""), "empty body"),
        (callback_headers("127.0.0.1:test/x", "a=b"), "invalid port"),
        (callback_headers(";".join([f"{base}/x"] * 6), "a=b"), "six URLs"),
        (callback_headers(f"{base}/x", "a=b", body_type="text/xml"), "bad body type"),
        (callback_headers(f"{base}/x", "a=${bucket"), "unclosed variable"),
        (callback_headers(f"{base}/x", "a=b", variables={"X:Upper": "1"}), "upper-case var"),
        ({"x-oss-callback": b64({"callbackUrl": f"{base}/x",
                                 "callbackBody": "a" * 6000})}, "over 5 KB"),
    ]
    for headers, what in bad:
        key = "malformed"
        try:
            bucket.put_object(key, b"x", headers=headers)
            fail(f"{what}: accepted")
        except oss2.exceptions.OssError as e:
            check((e.status, e.code) == (400, "InvalidArgument"),
                  f"{what}: {e.status} {e.code} {e.message}")
        check(not bucket.object_exists(key), f"{what}: stored anyway")

    # CompleteMultipartUpload: the application's reply replaces the result document.
    upload = bucket.init_multipart_upload("parts.bin").upload_id
    part = bucket.upload_part("parts.bin", upload, 1, b"p" * 1000)
    result = bucket.complete_multipart_upload(
        "parts.bin", upload, [oss2.models.PartInfo(1, part.etag)],
        headers=callback_headers(f"{base}/complete", "object=${object}&size=${size}"))
    check(result.status == 200, f"complete with callback: {result.status}")
    got = last()
    check(parse_qs(got["body"].decode()) == {"object": ["parts.bin"], "size": ["1000"]},
          f"complete callback body {got['body']}")

    # PostObject: the form's callback field, its x: fields as variables.
    expiration = (datetime.datetime.now(datetime.timezone.utc)
                  + datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    policy = base64.b64encode(json.dumps(
        {"expiration": expiration, "conditions": [["starts-with", "$key", "posted/"]]}
    ).encode()).decode()
    signature = base64.b64encode(
        hmac.new(SK.encode(), policy.encode(), hashlib.sha1).digest()).decode()
    callback = b64({"callbackUrl": f"http://{base}/post",
                    "callbackBody": "object=${object}&who=${x:who}"})
    files = [("key", (None, "posted/a.txt")), ("x:who", (None, "alice")),
             ("callback", (None, callback)), ("OSSAccessKeyId", (None, AK)),
             ("policy", (None, policy)), ("Signature", (None, signature)),
             ("file", ("a.txt", b"form data", "text/plain"))]
    r = requests.post(f"{ENDPOINT}/callbacks", files=files, timeout=30)
    check(r.status_code == 200, f"post with callback: {r.status_code} {r.text}")
    check(r.json()["Status"] == "OK", f"post relays the reply: {r.text}")
    check(parse_qs(last()["body"].decode()) == {"object": ["posted/a.txt"], "who": ["alice"]},
          f"post callback body {last()['body']}")

    app.shutdown()
    print(f"{passed()} checks passed")


main()
