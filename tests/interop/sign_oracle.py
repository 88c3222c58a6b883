#!/usr/bin/env python3
"""Offline signing oracle: runs the official Python OSS SDKs' own signing code.

Rust tests stream signing cases through one long-lived process of this script
and compare our signer's output with what oss2 (2.19.1) and
alibabacloud-oss-v2 (1.4.1) produce for the very same input. Nothing here goes
to the network; both SDKs are driven at the level of "sign this request
object" with the clock pinned to the case's time.

Protocol: one JSON object per stdin line, one JSON object per stdout line,
flushed after each, in input order. A case that makes an SDK raise is answered
with {"id": .., "ok": false, "error": ".."}; the loop never stops on a bad case.
See README.md in this folder for the case format and the observed differences
between the two SDKs.
"""

import datetime
import email.utils
from urllib.parse import quote, unquote, unquote_plus, urlsplit

from oracle_io import failure, serve

import oss2
import oss2.auth
import oss2.http
import oss2.utils
import requests

import alibabacloud_oss_v2.signer as v2_signer
import alibabacloud_oss_v2.types as v2_types

DEFAULT_HOST = "oss-cn-hangzhou.aliyuncs.com"

# alibabacloud-oss-v2's SignerV1 signs a query key only if it is in its
# built-in SignerV1._subresource_key_set or in SigningContext.sub_resource.
# The client fills sub_resource per operation from the operation's
# op_metadata['sub-resource'] (see _client.py build_request_context), a fixed
# literal list in each operation module. A signing case does not name an
# operation, so by default we pass the UNION of every list the 1.4.1
# operations declare (alibabacloud_oss_v2/operations, aio/operations,
# dataprocess/operations; vectors/ uses its own signer and is left out):
# a key is then signed iff at least one v2 operation would sign it.
# check_vectors.py re-derives this list from the installed source with `ast`
# and fails if it drifts. A case may override it with "sub_resource": [...].
V2_OPERATION_SUB_RESOURCES = (
    "MetaQuery", "accessPoint", "accessPointPolicy", "action",
    "bucketArchiveDirectRead", "cleanRestoredObject", "cloudboxes", "cname",
    "comp", "cors", "dataPipeline", "encryption", "httpsConfig", "inventory",
    "inventoryId", "legalHold", "lifecycle", "logging", "metaQuery",
    "metadataConfiguration", "metadataInventoryTable", "metadataJournalTable",
    "objectWorm", "overwriteConfig", "policy", "policyStatus",
    "publicAccessBlock", "quota", "redundancyTransition", "referer",
    "replication", "replicationLocation", "replicationProgress",
    "requestPayment", "resourceGroup", "retention", "rtc", "seal", "style",
    "styleName", "tagging", "transferAcceleration",
    "userDefinedLogFieldsConfig", "website", "worm", "wormExtend", "wormId",
    "x-oss-access-point-name", "x-oss-redundancy-transition-taskid",
    "x-oss-target-redundancy-type",
)


# ---------------------------------------------------------------------------
# Pinning oss2's clock.
#
# oss2 reads "now" in three places of its signing path (oss2/auth.py 2.19.1):
#   * V1 header auth: req.headers['date'] = utils.http_date()  -> oss2.utils.http_date
#   * V1/V2 presign:  int(time.time()) + expires               -> oss2.auth.time
#   * V4 (both):      datetime.utcnow()                        -> oss2.auth.datetime
# Each is looked up as a module attribute at call time, so replacing the
# attribute is enough. The replacements read _NOW, set per case.
# ---------------------------------------------------------------------------
_NOW = {"t": None}


def _now():
    if _NOW["t"] is None:
        raise RuntimeError("oracle clock not set")
    return _NOW["t"]


class _FrozenTimeModule:
    """Stands in for the `time` module inside oss2.auth."""

    @staticmethod
    def time():
        return float(_now())


class _FrozenDatetime:
    """Stands in for the `datetime` class inside oss2.auth (naive UTC, as utcnow())."""

    @staticmethod
    def utcnow():
        return datetime.datetime.fromtimestamp(_now(), datetime.timezone.utc).replace(tzinfo=None)


def _frozen_http_date(timeval=None):
    return email.utils.formatdate(_now() if timeval is None else timeval, usegmt=True)


oss2.auth.time = _FrozenTimeModule
oss2.auth.datetime = _FrozenDatetime
oss2.utils.http_date = _frozen_http_date


# ---------------------------------------------------------------------------
# Capturing intermediates. oss2 computes its string-to-sign / canonical request
# inside private (name-mangled) methods and only logs them, so we wrap those
# methods to record their return values; the signature itself is untouched.
# On Python 3 oss2 takes the *_bytes variants.
# ---------------------------------------------------------------------------
_CAPTURE = {}


def _record(cls, attr, slot):
    original = getattr(cls, attr)

    def wrapper(self, *args, **kwargs):
        value = original(self, *args, **kwargs)
        _CAPTURE[slot] = value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else value
        return value

    setattr(cls, attr, wrapper)


_record(oss2.auth.ProviderAuth, "_ProviderAuth__get_bytes_to_sign", "string_to_sign")
_record(oss2.auth.ProviderAuthV4, "_ProviderAuthV4__get_canonical_request_bytes", "canonical_request")
_record(oss2.auth.ProviderAuthV4, "_ProviderAuthV4__get_string_to_sign_bytes", "string_to_sign")


class _RecordingSignerV4(v2_signer.SignerV4):
    """v2's SignerV4 keeps the canonical request local; keep a copy of it."""

    def _calc_canonical_request(self, *args, **kwargs):
        value = super()._calc_canonical_request(*args, **kwargs)
        _CAPTURE["canonical_request"] = value
        return value


# ---------------------------------------------------------------------------
# Helpers shared by both SDK paths.
# ---------------------------------------------------------------------------
def _encode_query(pairs):
    # Brief-mandated form: every byte but RFC 3986 unreserved escaped, and a
    # "" value written as the bare name (?acl), which is how OSS spells it.
    parts = []
    for name, value in pairs:
        if value == "":
            parts.append(quote(name, safe=""))
        else:
            parts.append(quote(name, safe="") + "=" + quote(value, safe=""))
    return "&".join(parts)


def _base_url(case):
    host = case.get("endpoint") or DEFAULT_HOST
    bucket = case.get("bucket")
    key = case.get("key")
    if bucket:
        host = "{}.{}".format(bucket, host)
    path = "/" + (quote(key, safe="/") if key is not None else "")
    return "http://{}{}".format(host, path)


def _decode_query(url, plus_is_space=False):
    # Keep URL order and duplicates; a bare name and "name=" both decode to "".
    query = urlsplit(url).query
    if not query:
        return []
    dec = unquote_plus if plus_is_space else unquote
    out = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        out.append([dec(name), dec(value)])
    return out


def _fill_headers(target, headers, warnings):
    # Both SDKs keep headers in a CaseInsensitiveDict, so a repeated name can
    # only be expressed as "last one wins"; say so instead of hiding it.
    seen = set()
    for name, value in headers:
        if name.lower() in seen:
            warnings.append("duplicate header {!r}: SDK keeps only the last value".format(name))
        seen.add(name.lower())
        target[name] = value


def _header_list(headers, skip=()):
    return [[k, v] for k, v in headers.items() if v is not None and k.lower() not in skip]


def _utc(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)


# ---------------------------------------------------------------------------
# alibabacloud-oss-v2
# ---------------------------------------------------------------------------
def _sign_v2(case):
    warnings = []
    url = _base_url(case)
    query = case.get("query") or []
    if query:
        url += "?" + _encode_query(query)

    request = v2_types.HttpRequest(case["method"], url)
    _fill_headers(request.headers, case.get("headers") or [], warnings)

    ctx = v2_types.SigningContext(
        product=case.get("product", "oss"),
        region=case.get("region"),
        bucket=case.get("bucket"),
        key=case.get("key"),
        request=request,
        credentials=v2_types.Credentials(
            case["access_key_id"], case["access_key_secret"], case.get("security_token")),
        signing_time=_utc(case["time"]),
        additional_headers=list(case.get("additional_headers") or []),
    )
    query_mode = case["mode"] == "query"
    if query_mode:
        ctx.auth_method_query = True
        ctx.expiration_time = _utc(case["expires"])

    if case["version"] == "v1":
        ctx.sub_resource = list(case.get("sub_resource", V2_OPERATION_SUB_RESOURCES))
        signer = v2_signer.SignerV1()
        sig_param = "Signature"
    elif case["version"] == "v4":
        signer = _RecordingSignerV4()
        sig_param = "x-oss-signature"
    else:
        raise ValueError("unknown version {!r}".format(case["version"]))

    # v2's presign copies the existing query into a dict, so a repeated name
    # collapses there (header mode keeps every pair).
    if query_mode:
        names = [n for n, _ in query]
        if len(set(names)) != len(names):
            warnings.append("duplicate query name: v2 presign keeps one entry per name")

    signer.sign(ctx)

    out_query = _decode_query(request.url)
    result = {
        "string_to_sign": ctx.string_to_sign,
        "headers": _header_list(request.headers),
        "query": out_query,
        "url": request.url,
    }
    if "canonical_request" in _CAPTURE:
        result["canonical_request"] = _CAPTURE["canonical_request"]
    if query_mode:
        sig = [v for n, v in out_query if n == sig_param]
        result["signature"] = sig[-1] if sig else None
        result["authorization"] = result["signature"]
    else:
        result["authorization"] = request.headers.get("Authorization")
        result["signature"] = _signature_from_authorization(result["authorization"])
    return result, warnings


# ---------------------------------------------------------------------------
# oss2
# ---------------------------------------------------------------------------
def _oss2_auth(case):
    version = case["version"]
    ak, sk, token = case["access_key_id"], case["access_key_secret"], case.get("security_token")
    if version not in ("v1", "v4"):
        raise ValueError("unknown version {!r}".format(version))
    if token:
        auth_version = oss2.AUTH_VERSION_4 if version == "v4" else oss2.AUTH_VERSION_1
        auth = oss2.StsAuth(ak, sk, token, auth_version=auth_version)
        # StsAuth._sign_request/_sign_url do not forward in_additional_headers;
        # the provider auth it wraps (same credentials) does.
        inner = auth._StsAuth__auth
    else:
        auth = oss2.AuthV4(ak, sk) if version == "v4" else oss2.Auth(ak, sk)
        inner = auth
    return auth, inner


def _sign_oss2(case):
    warnings = []
    query = case.get("query") or []
    # oss2 carries the query as a dict (Request.params): a repeated name
    # collapses to the last value, in the position of its first occurrence.
    params = {}
    for name, value in query:
        if name in params:
            warnings.append("duplicate query name {!r}: oss2 keeps only the last value".format(name))
        params[name] = value

    headers = requests.structures.CaseInsensitiveDict()
    _fill_headers(headers, case.get("headers") or [], warnings)
    supplied = {k.lower() for k, _ in (case.get("headers") or [])}

    req = oss2.http.Request(
        case["method"], _base_url(case), params=params, headers=headers,
        region=case.get("region"), product=case.get("product", "oss"))

    bucket = case.get("bucket")
    # oss2 passes key='' for bucket-level requests (Bucket._do / _UrlMaker).
    key = case.get("key") or ""
    additional = list(case.get("additional_headers") or [])
    auth, inner = _oss2_auth(case)
    query_mode = case["mode"] == "query"
    v4 = case["version"] == "v4"

    _NOW["t"] = case["time"]
    try:
        if query_mode:
            expires = case["expires"] - case["time"]
            if v4 and additional:
                url = inner._sign_url(req, bucket, key, expires, in_additional_headers=additional)
            else:
                url = auth._sign_url(req, bucket, key, expires)
        else:
            # Bucket._do never passes additional headers to _sign_request; the
            # V4 provider accepts them, so a case that lists some gets them.
            if v4 and additional:
                inner._sign_request(req, bucket, key, in_additional_headers=additional)
            else:
                auth._sign_request(req, bucket, key)
            # The wire URL is what requests would build from url + params
            # (oss2 Session.do_request), i.e. urlencode with quote_plus.
            url = requests.Request(case["method"], req.url, params=req.params).prepare().url
    finally:
        _NOW["t"] = None

    skip = set() if "user-agent" in supplied else {"user-agent"}
    out_query = _decode_query(url, plus_is_space=not query_mode)
    result = {
        "string_to_sign": _CAPTURE.get("string_to_sign"),
        "headers": _header_list(req.headers, skip),
        "query": out_query,
        "url": url,
    }
    if "canonical_request" in _CAPTURE:
        result["canonical_request"] = _CAPTURE["canonical_request"]
    if query_mode:
        sig_param = "x-oss-signature" if v4 else "Signature"
        sig = [v for n, v in out_query if n == sig_param]
        result["signature"] = sig[-1] if sig else None
        result["authorization"] = result["signature"]
    else:
        result["authorization"] = req.headers.get("authorization")
        result["signature"] = _signature_from_authorization(result["authorization"])
    return result, warnings


def _signature_from_authorization(value):
    if not value:
        return None
    if value.startswith("OSS "):
        return value.rsplit(":", 1)[-1]
    for field in value.split(" ", 1)[-1].split(","):
        name, _, val = field.strip().partition("=")
        if name == "Signature":
            return val
    return None


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
def sign_case(case):
    """Sign one case dict; never raises."""
    case_id = case.get("id") if isinstance(case, dict) else None
    _CAPTURE.clear()
    try:
        sdk = case["sdk"]
        if sdk == "v2":
            result, warnings = _sign_v2(case)
        elif sdk == "oss2":
            result, warnings = _sign_oss2(case)
        else:
            raise ValueError("unknown sdk {!r}".format(sdk))
    except Exception as exc:  # a bad case must not end the stream
        return failure(case_id, exc)
    finally:
        _CAPTURE.clear()
    out = {"id": case_id, "ok": True}
    out.update(result)
    if warnings:
        out["warnings"] = warnings
    return out


def main():
    serve(sign_case)


if __name__ == "__main__":
    main()
