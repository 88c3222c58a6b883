"""The line protocol every signing oracle here speaks (see sign_oracle.py).

One JSON case per stdin line, one JSON answer per stdout line, flushed after each,
in input order. The oracle's sign_case(case) never raises; a line that is not JSON is
answered with {"id": null, "ok": false, "error": ..}.
"""

import json
import sys
import traceback


def failure(case_id, exc):
    """The answer for a case that made the SDK raise."""
    return {"id": case_id, "ok": False, "error": "{}: {}".format(type(exc).__name__, exc),
            "traceback": traceback.format_exc(limit=4)}


def serve(sign_case):
    """Answers every stdin line with sign_case's answer until stdin closes."""
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        try:
            case = json.loads(line)
        except ValueError as exc:
            out = {"id": None, "ok": False, "error": "bad JSON: {}".format(exc)}
        else:
            out = sign_case(case)
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
