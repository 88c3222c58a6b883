#!/usr/bin/env python3
"""Offline signing oracle for Tencent Cloud COS: runs cos-python-sdk-v5's own signing code.

Same protocol as sign_oracle.py: one JSON case per stdin line, one JSON answer per
stdout line (flushed), in order; a case that makes the SDK raise is answered with
{"id": .., "ok": false, "error": ..} and the loop goes on. Nothing goes to the network.

Case: {"id", "mode": "header" | "query", "method", "bucket": "name-appid",
       "key": str | null, "region": "ap-guangzhou", "query": [[name, value]],
       "headers": [[name, value]], "access_key_id", "access_key_secret",
       "security_token": str | null, "time": unix seconds, "expires_in": seconds}

- header mode: the SDK's request signer (qcloud_cos.cos_auth.CosS3Auth, as
  CosS3Client.send_request installs it) signs a request object holding the method,
  the URL CosConfig.uri builds and the headers. With a token, the headers carry
  x-cos-security-token first, as send_request adds it before signing.
- query mode: CosS3Client.get_presigned_url(Bucket, Key, Method, Expired, Params,
  Headers). The SDK does not add an STS token to a presigned URL by itself; its
  documentation has the caller pass it as the parameter x-cos-security-token, which
  is then signed like any parameter. The oracle does that, as our signer does.

Answer: {"id", "ok": true, "authorization" (header mode), "url", "host", "path",
         "query": [[name, value]] (decoded URL parameters, query mode),
         "headers": [[name, value]] (the signed request's headers, header mode)}
"""

from urllib.parse import parse_qsl, quote, urlsplit

from oracle_io import failure, serve

import qcloud_cos.cos_auth as cos_auth
from qcloud_cos import CosConfig, CosS3Client
from requests.structures import CaseInsensitiveDict

# cos_auth reads the clock as time.time(); the case's time replaces it.
_NOW = {"t": None}


class _FrozenTime:
    @staticmethod
    def time():
        if _NOW["t"] is None:
            raise RuntimeError("oracle clock not set")
        return float(_NOW["t"])


cos_auth.time = _FrozenTime


class _Request:
    """What CosS3Auth reads of a requests.PreparedRequest: method, url and headers."""

    def __init__(self, method, url, headers):
        self.method = method
        self.url = url
        self.headers = headers


def _config(case):
    return CosConfig(Region=case["region"], SecretId=case["access_key_id"],
                     SecretKey=case["access_key_secret"], Token=case.get("security_token"))


def _sign_header(case, conf):
    query = case.get("query") or []
    params = dict(query)
    headers = CaseInsensitiveDict()
    if case.get("security_token") is not None:
        headers["x-cos-security-token"] = case["security_token"]
    for name, value in case.get("headers") or []:
        headers[name] = value
    url = conf.uri(bucket=case["bucket"], path=case.get("key"))
    if query:
        url += "?" + "&".join(quote(n, safe="") + "=" + quote(v, safe="") for n, v in query)
    request = _Request(case["method"], url, headers)
    auth = cos_auth.CosS3Auth(conf, case.get("key"), params, case["expires_in"])
    auth(request)
    parts = urlsplit(url)
    return {
        "authorization": request.headers["Authorization"],
        "headers": [[k, v] for k, v in request.headers.items()],
        "url": url,
        "host": parts.netloc,
        "path": parts.path,
    }


def _sign_query(case, conf):
    params = dict(case.get("query") or [])
    if case.get("security_token") is not None:
        params["x-cos-security-token"] = case["security_token"]
    client = CosS3Client(conf)
    url = client.get_presigned_url(Bucket=case["bucket"], Key=case["key"], Method=case["method"],
                                   Expired=case["expires_in"], Params=params,
                                   Headers=dict(case.get("headers") or []))
    parts = urlsplit(url)
    return {
        "url": url,
        "host": parts.netloc,
        "path": parts.path,
        "query": [[n, v] for n, v in parse_qsl(parts.query, keep_blank_values=True)],
    }


def sign_case(case):
    case_id = case.get("id") if isinstance(case, dict) else None
    try:
        conf = _config(case)
        _NOW["t"] = case["time"]
        try:
            if case["mode"] == "header":
                result = _sign_header(case, conf)
            elif case["mode"] == "query":
                result = _sign_query(case, conf)
            else:
                raise ValueError("unknown mode {!r}".format(case["mode"]))
        finally:
            _NOW["t"] = None
    except Exception as exc:  # a bad case must not end the stream
        return failure(case_id, exc)
    out = {"id": case_id, "ok": True}
    out.update(result)
    return out


def main():
    serve(sign_case)


if __name__ == "__main__":
    main()
