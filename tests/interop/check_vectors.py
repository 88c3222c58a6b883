#!/usr/bin/env python3
"""Self-check for sign_oracle.py against the published OSS signing vectors.

The oracle is only worth trusting if, fed the upstream test vectors
(shared/spec/official-sdks-and-ossutil.md, section A.9: V1-H1..H4, V1-Q1/Q2,
V4-H1..H5, V4-Q1..Q6), it reproduces the expected outputs through both SDKs.
A failure here means the harness (URL building, clock pinning, argument
plumbing) is wrong, not our Rust signer. Values marked [derived] come from
the spec's derived intermediates rather than upstream test files.

Also re-derives, from the installed alibabacloud-oss-v2 source, the union of
per-operation V1 sub-resource names that the oracle hard-codes, so an SDK
upgrade cannot silently change what "v2 V1" means.

Usage: /tmp/oracle-venv/bin/python tests/interop/check_vectors.py
Exit status 0 only if every check passes.
"""

import ast
import hashlib
import os
import pathlib
import sys
from urllib.parse import unquote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sign_oracle  # noqa: E402

AK_SK = {"access_key_id": "ak", "access_key_secret": "sk"}

# --- V1 inputs --------------------------------------------------------------
V1_DATE = "Wed, 28 Dec 2022 10:27:41 GMT"
V1_TIME = 1672223261  # the same instant as V1_DATE
V1_HDRS = [
    ["Content-MD5", "eB5eJF1ptWaXm4bijSPyxw=="],
    ["Content-Type", "text/html"],
    ["x-oss-meta-author", "alice"],
    ["x-oss-meta-magic", "abracadabra"],
    ["x-oss-date", V1_DATE],
]
V1_H12_STS = ("PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\n" + V1_DATE + "\nx-oss-date:" + V1_DATE
              + "\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson")

# --- V4 inputs --------------------------------------------------------------
V4_QUERY = [["param1", "value1"], ["+param1", "value3"], ["|param1", "value4"],
            ["+param2", ""], ["|param2", ""], ["param2", ""]]
V4_HDRS = [["x-oss-head1", "value"], ["abc", "value"], ["ZAbc", "value"], ["XYZ", "value"]]
V4_HDR_MODE_HDRS = V4_HDRS + [["content-type", "text/plain"], ["x-oss-content-sha256", "UNSIGNED-PAYLOAD"]]
V4_QRY_MODE_HDRS = V4_HDRS + [["content-type", "application/octet-stream"]]
CLOUDBOX = {"region": "cb-123", "product": "oss-cloudbox", "endpoint": "cb-123.cn-hangzhou.oss-cloudbox.aliyuncs.com"}
V4_H1_CANONICAL = (
    "PUT\n/bucket/1234%2B-/123/1.txt\n"
    "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2\n"
    "content-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\n"
    "x-oss-head1:value\n\n\nUNSIGNED-PAYLOAD")


def v1_header(method, key, query, headers, sub_resource=None):
    case = dict(AK_SK, version="v1", mode="header", method=method, bucket="examplebucket", key=key,
                query=query, headers=headers, security_token=None, time=V1_TIME,
                region="cn-hangzhou", product="oss", additional_headers=[])
    if sub_resource is not None:
        case["sub_resource"] = sub_resource
    return case


def v1_query(key, token, expires, query, headers=()):
    return dict(AK_SK, version="v1", mode="query", method="GET", bucket="bucket", key=key,
                query=query, headers=list(headers), security_token=token,
                # V1 presign signs only the absolute expiry; any earlier signing time works.
                time=expires - 900, expires=expires,
                region="cn-hangzhou", product="oss", additional_headers=[])


def v4(mode, time, token=None, additional=(), expires=None, **over):
    case = dict(AK_SK, version="v4", mode=mode, method="PUT", bucket="bucket", key="1234+-/123/1.txt",
                query=V4_QUERY, headers=V4_HDR_MODE_HDRS if mode == "header" else V4_QRY_MODE_HDRS,
                security_token=token, time=time, region="cn-hangzhou", product="oss",
                additional_headers=list(additional))
    if expires is not None:
        case["expires"] = expires
    case.update(over)
    return case


def auth_fields(value):
    """V4 Authorization as {field: value}; oss2 and v2 differ only in separators/order."""
    scheme, _, rest = value.partition(" ")
    fields = dict(f.strip().partition("=")[::2] for f in rest.split(","))
    return scheme, fields


def qdict(result):
    return {n: v for n, v in result["query"]}


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def sts_hash(result):
    return result["string_to_sign"].rsplit("\n", 1)[-1]


# Each vector: name, case (sdk filled in per run), sdks, and a function
# returning [(label, got, want), ...] for one SDK's result.
def v1_header_checks(sts, auth):
    return lambda sdk, r: [("string_to_sign", r["string_to_sign"], sts),
                           ("authorization", r["authorization"], auth)]


def v1_query_checks(expected_url, sts):
    want_q = sorted([unquote(n), unquote(v)] for n, _, v in
                    (p.partition("=") for p in urlsplit(expected_url).query.split("&")))

    def check(sdk, r):
        # Go sorts the final query; the Python SDKs keep their own order, so
        # compare the pairs as a set plus the path and the string-to-sign.
        return [("query pairs (sorted)", sorted(r["query"]), want_q),
                ("path", urlsplit(r["url"]).path, urlsplit(expected_url).path),
                ("string_to_sign [derived]", r["string_to_sign"], sts)]
    return check


def v4_header_checks(auth, canonical=None, canonical_hash=None):
    def check(sdk, r):
        out = []
        if sdk == "v2":
            out.append(("authorization", r["authorization"], auth))
        else:
            # oss2 writes ", " and puts AdditionalHeaders after Signature.
            out.append(("authorization fields", auth_fields(r["authorization"]), auth_fields(auth)))
        if canonical is not None:
            out.append(("canonical_request [derived]", r.get("canonical_request"), canonical))
        if canonical_hash is not None:
            out.append(("sha256(canonical_request) [derived]", sha(r.get("canonical_request", "")), canonical_hash))
            out.append(("string_to_sign hash line [derived]", sts_hash(r), canonical_hash))
        return out
    return check


def v4_query_checks(sig, date, expires, credential, additional=None, canonical_hash=None):
    def check(sdk, r):
        q = qdict(r)
        out = [("x-oss-signature", q.get("x-oss-signature"), sig),
               ("x-oss-date", q.get("x-oss-date"), date),
               ("x-oss-expires", q.get("x-oss-expires"), str(expires)),
               ("x-oss-credential", q.get("x-oss-credential"), credential),
               ("x-oss-signature-version", q.get("x-oss-signature-version"), "OSS4-HMAC-SHA256"),
               ("x-oss-additional-headers", q.get("x-oss-additional-headers"), additional)]
        if canonical_hash is not None:
            out.append(("string_to_sign hash line [derived]", sts_hash(r), canonical_hash))
        return out
    return check


CRED_OSS = "ak/20231217/cn-hangzhou/oss/aliyun_v4_request"
CRED_CB = "ak/20231217/cb-123/oss-cloudbox/aliyun_v4_request"
BOTH = ("oss2", "v2")

VECTORS = [
    ("V1-H1", v1_header("PUT", "nelson", [], V1_HDRS), BOTH,
     v1_header_checks(V1_H12_STS, "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M=")),
    ("V1-H2", v1_header("PUT", "nelson", [["acl", ""]], V1_HDRS), BOTH,
     v1_header_checks(V1_H12_STS + "?acl", "OSS ak:/afkugFbmWDQ967j1vr6zygBLQk=")),
    # Upstream passes SubResource=[resourceGroup] for H3/H4; v2 has it built
    # in anyway and oss2 lists it in its fixed set.
    ("V1-H3", v1_header("GET", None, [["resourceGroup", ""], ["non-resousce", "null"]],
                        [["x-oss-date", V1_DATE]], sub_resource=["resourceGroup"]), BOTH,
     v1_header_checks("GET\n\n\n" + V1_DATE + "\nx-oss-date:" + V1_DATE + "\n/examplebucket/?resourceGroup",
                      "OSS ak:vkQmfuUDyi1uDi3bKt67oemssIs=")),
    ("V1-H4", v1_header("GET", None, [["resourceGroup", ""], ["acl", ""]],
                        [["x-oss-date", V1_DATE]], sub_resource=["resourceGroup"]), BOTH,
     v1_header_checks("GET\n\n\n" + V1_DATE + "\nx-oss-date:" + V1_DATE + "\n/examplebucket/?acl&resourceGroup",
                      "OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk=")),
    ("V1-Q1", v1_query("key", None, 1699807420, [["versionId", "versionId"]]), BOTH,
     v1_query_checks("http://bucket.oss-cn-hangzhou.aliyuncs.com/key?Expires=1699807420&OSSAccessKeyId=ak"
                     "&Signature=dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D&versionId=versionId",
                     "GET\n\n\n1699807420\n/bucket/key?versionId=versionId")),
    ("V1-Q2", v1_query("key+123", "token", 1699808204, [["versionId", "versionId"]]), BOTH,
     v1_query_checks("http://bucket.oss-cn-hangzhou.aliyuncs.com/key%2B123?Expires=1699808204&OSSAccessKeyId=ak"
                     "&Signature=jzKYRrM5y6Br0dRFPaTGOsbrDhY%3D&security-token=token&versionId=versionId",
                     "GET\n\n\n1699808204\n/bucket/key+123?security-token=token&versionId=versionId")),
    # V1-Q3 well-formed variant (spec: derived, not upstream): shows that x-oss-*
    # headers and Content-Type are signed in V1 presign and sub-resource values decoded.
    ("V1-Q3 [derived]",
     v1_query("key", "token", 1699808204,
              [["versionId", "versionId"]] + V4_QUERY
              + [["response-content-disposition", "attachment; filename=example.txt"]],
              V4_QRY_MODE_HDRS), BOTH,
     lambda sdk, r: [("Signature", qdict(r).get("Signature"), "VmWfLWfxbR3MSFvUx5+nyQhCa3g="),
                     ("string_to_sign", r["string_to_sign"],
                      "GET\n\napplication/octet-stream\n1699808204\nx-oss-head1:value\n/bucket/key"
                      "?response-content-disposition=attachment; filename=example.txt"
                      "&security-token=token&versionId=versionId")]),
    ("V4-H1", v4("header", 1702743657), BOTH,
     v4_header_checks("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
                      "Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe",
                      canonical=V4_H1_CANONICAL,
                      canonical_hash="f4613657f1b108998e8dbd10a1aa5da621dc2c6e02c9ddec0f163664848704c4")),
    ("V4-H2", v4("header", 1702784856, token="token"), BOTH,
     v4_header_checks("OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,"
                      "Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea",
                      canonical_hash="69494678fb11579d4ee12996e2796d9e2ba43c34aa4c723c4aec018f3d6b86b8")),
    ("V4-H3", v4("header", 1702747512, additional=["ZAbc", "abc"]), BOTH,
     v4_header_checks("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
                      "AdditionalHeaders=abc;zabc,"
                      "Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f",
                      canonical_hash="16b86004ed2cc3406dd7a13081bd940ef6a5ad49e508da2d4fdf84e8a5dd2145")),
    ("V4-H4", v4("header", 1702747512, additional=["x-oss-no-exist", "ZAbc", "x-oss-head1", "abc"]), BOTH,
     v4_header_checks("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,"
                      "AdditionalHeaders=abc;zabc,"
                      "Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f")),
    # oss2 can express CloudBox too: its V4 scope takes cloudbox_id or region,
    # and the product; passing region=cb-123 / product=oss-cloudbox is equivalent.
    ("V4-H5", v4("header", 1702743657, **CLOUDBOX), BOTH,
     v4_header_checks("OSS4-HMAC-SHA256 Credential=ak/20231216/cb-123/oss-cloudbox/aliyun_v4_request,"
                      "Signature=94ce1f12c17d148ea681030275a94449d3357f5b5b21133996eec80af3e08a43")),
    ("V4-Q1", v4("query", 1702781677, expires=1702782276), BOTH,
     v4_query_checks("a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe",
                     "20231217T025437Z", 599, CRED_OSS,
                     canonical_hash="48814c11f278d51662015bf2f896b66ca10b6de0187ed8d952e341bbce0aa336")),
    ("V4-Q2", v4("query", 1702785388, token="token", expires=1702785987), BOTH,
     v4_query_checks("3817ac9d206cd6dfc90f1c09c00be45005602e55898f26f5ddb06d7892e1f8b5",
                     "20231217T035628Z", 599, CRED_OSS,
                     canonical_hash="458705026c021c95dd317d008cff79df19ce99bf2b241d1ecb20f4d65bb851a5")),
    ("V4-Q3", v4("query", 1702783809, additional=["ZAbc", "abc"], expires=1702784408), BOTH,
     v4_query_checks("6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7",
                     "20231217T033009Z", 599, CRED_OSS, additional="abc;zabc",
                     canonical_hash="e06541af14a8dc30dd12d3b75557af47f405e37784a76eae1a844c3426777df9")),
    ("V4-Q3b", v4("query", 1702783809, additional=["x-oss-no-exist", "abc", "x-oss-head1", "ZAbc"],
                  expires=1702784408), BOTH,
     v4_query_checks("6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7",
                     "20231217T033009Z", 599, CRED_OSS, additional="abc;zabc")),
    ("V4-Q4", v4("query", 1702781677, additional=["ZAbc", "abc"], expires=1702782276, **CLOUDBOX), BOTH,
     v4_query_checks("07284191b9b4978ac3520cd39ee2dea2747eda454089359371ff463a6c7ba20f",
                     "20231217T025437Z", 599, CRED_CB, additional="abc;zabc")),
    ("V4-Q5", v4("query", 1702783809, additional=["x-oss-no-exist", "abc", "x-oss-head1", "ZAbc"],
                 expires=1702784408, **CLOUDBOX), BOTH,
     v4_query_checks("16782cc8a7a554523db055eb804b508522e7e370073108ad88ee2f47496701dd",
                     "20231217T033009Z", 599, CRED_CB, additional="abc;zabc")),
    ("V4-Q6", v4("query", 1702781677, expires=1702781677 + 432000), BOTH,
     v4_query_checks("31029123dc7732d2d2cfd4006ea4fdb6cf86da6478f813e2bf8f87877c7b9fec",
                     "20231217T025437Z", 432000, CRED_OSS,
                     canonical_hash="39c7f5784b29b48491317edd4b6c375e3df26979f1bdac8fc7de4c01cf6b7736")),
]


def v2_declared_sub_resources():
    """Union of op_metadata['sub-resource'] literals in the installed v2 operations."""
    import alibabacloud_oss_v2
    root = pathlib.Path(alibabacloud_oss_v2.__file__).parent
    names = set()
    for sub in ("operations", "aio/operations", "dataprocess/operations"):
        for path in (root / sub).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Dict):
                    for k, v in zip(node.keys, node.values):
                        if isinstance(k, ast.Constant) and k.value == "sub-resource":
                            names.update(e.value for e in v.elts)
    return names


def main():
    passed = failed = 0
    for name, base, sdks, check in VECTORS:
        for sdk in sdks:
            case = dict(base, id=name, sdk=sdk)
            result = sign_oracle.sign_case(case)
            label = "{} [{}]".format(name, sdk)
            if not result["ok"]:
                print("FAIL {}: oracle error {}".format(label, result["error"]))
                failed += 1
                continue
            bad = [(what, got, want) for what, got, want in check(sdk, result) if got != want]
            if bad:
                failed += 1
                print("FAIL " + label)
                for what, got, want in bad:
                    print("     {}:\n       got  {!r}\n       want {!r}".format(what, got, want))
            else:
                passed += 1
                print("pass " + label)

    declared = v2_declared_sub_resources()
    if declared == set(sign_oracle.V2_OPERATION_SUB_RESOURCES):
        passed += 1
        print("pass v2 per-operation sub-resource union matches installed source ({} names)".format(len(declared)))
    else:
        failed += 1
        print("FAIL v2 sub-resource union drifted: missing {} extra {}".format(
            sorted(declared - set(sign_oracle.V2_OPERATION_SUB_RESOURCES)),
            sorted(set(sign_oracle.V2_OPERATION_SUB_RESOURCES) - declared)))

    print("{} passed, {} failed".format(passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
