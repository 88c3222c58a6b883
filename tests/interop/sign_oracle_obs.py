#!/usr/bin/env python3
"""Offline signing oracle for Huawei Cloud OBS: runs esdk-obs-python's own signing code.

Same protocol as sign_oracle.py: one JSON case per stdin line, one JSON answer per
stdout line (flushed), in order; a case that makes the SDK raise is answered with
{"id": .., "ok": false, "error": ..} and the loop goes on. Nothing goes to the network.

Case: {"id", "signature": "obs" | "v2" | "v4", "mode": "header" | "query", "method",
       "bucket": str | null, "key": str | null, "query": [[name, value]] ("" = no value),
       "headers": [[name, value]], "access_key_id", "access_key_secret",
       "security_token": str | null, "time": unix seconds, "expires_in": seconds,
       "region": str, "server": "obs.cn-north-4.myhuaweicloud.com"}

The SDK is an ObsClient(signature=..., is_signature_negotiation=False) for the server
(virtual-hosted addressing, HTTPS):
- header mode: ObsClient._add_auth_headers(headers, method, bucket, key, pathArgs), the
  step _make_request_internal runs after setting Host; it adds Date (unless the mode's
  x-obs-date / x-amz-date is given), the token header and Authorization;
- query mode: ObsClient.createSignedUrl(method, bucket, key, expires=..., headers=...,
  queryParams=...);
- post mode: ObsClient.createPostSignature (obs, v2) or createV4PostSignature (v4) with
  (bucket, key, expires=expires_in, formParams=dict(case["form"])); the answer is the
  SDK's result (originPolicy, policy, signature, and accessKeyId or algorithm,
  credential, date).
The clock is pinned: obs.client's `time` module for V2 presign expiry, and `datetime`
for Date / V4 times (imported inside the SDK's functions, so it is swapped in
sys.modules for the duration of the call).

Answer: {"id", "ok": true, "authorization" (header mode), "headers" (header mode, after
signing), "url", "host", "path", "query" (decoded URL parameters, query mode)}
"""

import datetime as _real_datetime
import sys
import types
from urllib.parse import unquote, urlsplit

from oracle_io import failure, serve

import obs.client as obs_client
from obs import ObsClient

_NOW = {"t": None}


def _now():
    if _NOW["t"] is None:
        raise RuntimeError("oracle clock not set")
    return _NOW["t"]


class _FrozenTime:
    @staticmethod
    def time():
        return float(_now())


class _FrozenDatetime(_real_datetime.datetime):
    @classmethod
    def utcnow(cls):
        t = _real_datetime.datetime.fromtimestamp(_now(), _real_datetime.timezone.utc)
        return cls(t.year, t.month, t.day, t.hour, t.minute, t.second)


_FROZEN_DATETIME_MODULE = types.ModuleType("datetime")
_FROZEN_DATETIME_MODULE.__dict__.update(_real_datetime.__dict__)
_FROZEN_DATETIME_MODULE.datetime = _FrozenDatetime

obs_client.time = _FrozenTime


def _client(case):
    return ObsClient(access_key_id=case["access_key_id"],
                     secret_access_key=case["access_key_secret"],
                     security_token=case.get("security_token"),
                     server="https://" + case["server"], signature=case["signature"],
                     region=case["region"], is_signature_negotiation=False)


def _path_args(case):
    return {n: (None if v == "" else v) for n, v in case.get("query") or []}


def _decode_query(query):
    out = []
    for pair in query.split("&") if query else []:
        name, _, value = pair.partition("=")
        out.append([unquote(name), unquote(value)])
    return out


def _sign_header(case, client):
    bucket = case.get("bucket") or ""
    headers = {n: v for n, v in case.get("headers") or []}
    headers["Host"] = client.calling_format.get_server(client.server, bucket)
    signed = client._add_auth_headers(headers, case["method"], bucket, case.get("key") or "",
                                      _path_args(case))
    return {
        "authorization": signed["Authorization"],
        "headers": [[k, str(v)] for k, v in signed.items()],
        "host": headers["Host"],
    }


def _sign_query(case, client):
    result = client.createSignedUrl(case["method"], case.get("bucket"), case.get("key"),
                                    expires=case["expires_in"],
                                    headers={n: v for n, v in case.get("headers") or []},
                                    queryParams=_path_args(case))
    parts = urlsplit(result["signedUrl"])
    return {
        "url": result["signedUrl"],
        "host": parts.netloc,
        "path": parts.path,
        "query": _decode_query(parts.query),
        "headers": [[k, str(v)] for k, v in result["actualSignedRequestHeaders"].items()],
    }


def _sign_post(case, client):
    form = {n: v for n, v in case.get("form") or []}
    sign = client.createV4PostSignature if case["signature"] == "v4" else client.createPostSignature
    result = sign(case.get("bucket"), case.get("key"), expires=case["expires_in"], formParams=form)
    return {k: result[k] for k in result.keys()}


def sign_case(case):
    case_id = case.get("id") if isinstance(case, dict) else None
    try:
        client = _client(case)
        _NOW["t"] = case["time"]
        sys.modules["datetime"] = _FROZEN_DATETIME_MODULE
        try:
            if case["mode"] == "header":
                result = _sign_header(case, client)
            elif case["mode"] == "query":
                result = _sign_query(case, client)
            elif case["mode"] == "post":
                result = _sign_post(case, client)
            else:
                raise ValueError("unknown mode {!r}".format(case["mode"]))
        finally:
            sys.modules["datetime"] = _real_datetime
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
