#!/usr/bin/env python3
"""Reproduces the oss2 vs alibabacloud-oss-v2 differences listed in README.md.

Each probe signs one request through both SDKs (via sign_oracle.sign_case)
and prints, field by field, where the two agree and where they do not, so a
claim in the README can be re-checked after an SDK upgrade instead of being
taken on trust. Informational only: it never fails.

Usage: /tmp/oracle-venv/bin/python tests/interop/probe_differences.py [substring]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sign_oracle  # noqa: E402

BASE = dict(method="PUT", bucket="examplebucket", key="a/b c+%.txt", query=[], headers=[],
            access_key_id="ak", access_key_secret="sk", security_token=None, time=1702743657,
            expires=1702744257, region="cn-hangzhou", product="oss", additional_headers=[])
FIELDS = ("string_to_sign", "canonical_request", "authorization", "url", "headers", "warnings", "error")

# (label, version, mode, overrides)
PROBES = [
    ("V1 header + STS token", "v1", "header", dict(security_token="tok")),
    ("V1 presign + STS token (query order)", "v1", "query", dict(security_token="tok")),
    ("V4 Authorization format", "v4", "header", dict(headers=[["abc", "x"]], additional_headers=["abc"])),
    ("V4 additional headers sort (ab2, ab1)", "v4", "header",
     dict(headers=[["ab2", "x"], ["ab1", "y"]], additional_headers=["ab2", "ab1"])),
    ("V4 additional header absent from request", "v4", "header",
     dict(headers=[["abc", "x"]], additional_headers=["abc", "nothere"])),
    ("V4 additional header with empty value (header)", "v4", "header",
     dict(headers=[["abc", ""]], additional_headers=["abc"])),
    ("V4 additional header with empty value (presign)", "v4", "query",
     dict(headers=[["abc", ""]], additional_headers=["abc"])),
    ("V4 additional headers repeated in other case", "v4", "header",
     dict(headers=[["abc", "x"]], additional_headers=["abc", "ABC"])),
    ("V4 'date' as additional header", "v4", "header", dict(additional_headers=["date"])),
    ("header value whitespace (V1)", "v1", "header",
     dict(headers=[["X-Oss-Meta-A", "  b  c "], ["Content-Type", " text/plain "]])),
    ("header value whitespace (V4)", "v4", "header",
     dict(headers=[["X-Oss-Meta-A", "  b  c "], ["Content-Type", " text/plain "]])),
    ("duplicate header", "v4", "header", dict(headers=[["X-Oss-Meta-A", "1"], ["x-oss-meta-a", "2"]])),
    ("duplicate query name (V4 header)", "v4", "header", dict(query=[["a", "2"], ["a", "1"], ["b", ""]])),
    ("duplicate query name (V4 presign)", "v4", "query", dict(query=[["a", "2"], ["a", "1"], ["b", ""]])),
    ("duplicate sub-resource (V1 header)", "v1", "header", dict(query=[["acl", "2"], ["acl", "1"]])),
    ("space / plus / reserved in query (V4 header)", "v4", "header",
     dict(query=[["a b", "c d+e"], ["x~*'()!", "/?#[]@"]])),
    ("non-ASCII and + % ~ * ? # in key (V4)", "v4", "header",
     dict(key="\u00fc/\u65e5\u672c ~*?#+%.txt", query=[["\u00fc", "\u65e5"]])),
    ("non-ASCII and + % ~ * ? # in key (V1)", "v1", "header",
     dict(key="\u00fc/\u65e5\u672c ~*?#+%.txt", query=[["response-content-type", "\u65e5 +/%"]])),
    ("empty-valued sub-resources (V1 presign)", "v1", "query", dict(query=[["acl", ""], ["uploadId", ""]])),
    ("x-oss-process / cloudboxes / max-keys (V1)", "v1", "header",
     dict(query=[["x-oss-process", "image/resize,w_100"], ["cloudboxes", ""], ["max-keys", "10"]])),
    ("x-oss-date header in V1 presign", "v1", "query",
     dict(headers=[["x-oss-date", "Wed, 28 Dec 2022 10:27:41 GMT"]])),
    ("no bucket but a key (V1)", "v1", "header", dict(bucket=None)),
    ("no bucket but a key (V4)", "v4", "header", dict(bucket=None)),
    ("region missing (V4 header)", "v4", "header", dict(region=None)),
    ("stale signature params in presign input (V4)", "v4", "query",
     dict(query=[["x-oss-signature", "x"], ["x-oss-additional-headers", "h"]])),
    ("stale security-token without STS (V1 presign)", "v1", "query", dict(query=[["security-token", "old"]])),
    ("stale x-oss-security-token without STS (V4 presign)", "v4", "query",
     dict(query=[["x-oss-security-token", "old"]])),
    ("custom x-oss-content-sha256 (V4 presign)", "v4", "query", dict(headers=[["x-oss-content-sha256", "abcd"]])),
]


def main():
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    for label, version, mode, over in PROBES:
        if wanted not in label:
            continue
        print("===== {} ({} {})".format(label, version, mode))
        res = {}
        for sdk in ("oss2", "v2"):
            case = dict(BASE, id=label, sdk=sdk, version=version, mode=mode)
            case.update(over)
            res[sdk] = sign_oracle.sign_case(case)
        for field in FIELDS:
            a, b = res["oss2"].get(field), res["v2"].get(field)
            if a is None and b is None:
                continue
            if a == b:
                print("  same {}: {!r}".format(field, a))
            else:
                print("  DIFF {}:\n    oss2: {!r}\n    v2:   {!r}".format(field, a, b))
        sa, sb = res["oss2"].get("signature"), res["v2"].get("signature")
        print("  signature {}".format("SAME" if sa == sb else "DIFF  oss2={} v2={}".format(sa, sb)))


if __name__ == "__main__":
    main()
