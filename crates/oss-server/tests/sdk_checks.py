"""What the SDK scripts of oss-server's interop tests share: counted checks that stop the
script with a message on the first failure, the official SDKs' errors expected, and an
alibabacloud-oss-v2 client for a local server.

The scripts run as `python tests/<script>.py ...`, so this module is found beside them.
"""

import os
import sys

import alibabacloud_oss_v2 as oss
import oss2

_script = os.path.basename(sys.argv[0])
_checks = 0


def passed():
    """How many checks have passed so far."""
    return _checks


def fail(message):
    print(f"{_script}: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    global _checks
    _checks += 1
    if not condition:
        fail(message)


def expect_oss2_error(call, status, code, what):
    """`call` must fail with this status and error code, as oss2 reports it; returns the
    error (its headers and message can be checked further)."""
    global _checks
    _checks += 1
    try:
        call()
    except oss2.exceptions.OssError as e:
        if e.status != status or e.code != code:
            fail(f"{what}: expected {status} {code}, got {e.status} {e.code} ({e.message})")
        return e
    fail(f"{what}: expected {status} {code}, but the call succeeded")


def v2_error(call):
    """The error `call` raises, unwrapped from alibabacloud-oss-v2's OperationError; None if
    it succeeds."""
    try:
        call()
    except Exception as e:
        while isinstance(e, oss.exceptions.OperationError):
            e = e.unwrap()
        return e
    return None


def expect_v2_error(call, status, code, what):
    """`call` must fail with this status and error code, as alibabacloud-oss-v2 reports it;
    returns the error."""
    global _checks
    _checks += 1
    e = v2_error(call)
    if e is None:
        fail(f"{what}: expected {status} {code}, but the call succeeded")
    got = (getattr(e, "status_code", None), getattr(e, "code", None))
    if not isinstance(e, oss.exceptions.ServiceError) or got != (status, code):
        fail(f"{what}: expected {status} {code}, got {got} ({e!r})")
    return e


def v2_client(endpoint, ak, sk, region):
    """An alibabacloud-oss-v2 client of the server at `endpoint` (path-style, plain HTTP, no
    retries: a failure shows at once)."""
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(ak, sk)
    cfg.region = region
    cfg.endpoint = endpoint
    cfg.use_path_style = True
    cfg.disable_ssl = True
    cfg.retry_max_attempts = 1
    return oss.Client(cfg)
