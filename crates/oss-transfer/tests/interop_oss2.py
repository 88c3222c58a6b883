#!/usr/bin/env python3
"""The other half of tests/interop.rs: the official oss2 SDK against what oss-transfer wrote,
and oss-transfer against what oss2 wrote.

    interop_oss2.py ENDPOINT AK SK REGION BUCKET WORKDIR

1. Reads back every object the Rust Uploader wrote (keys `rust/NAME`, one per file
   WORKDIR/up/NAME) with CRC checks on, and compares them with the files.
2. Uploads WORKDIR/py.bin with oss2.resumable_upload (small parts, four threads) as
   `py/resumable.bin`, for the Rust Downloader to read back.

Exits non-zero with a message on the first failure.
"""

import os
import sys

import oss2


def fail(message):
    print(f"interop_oss2.py: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 7:
        fail(__doc__)
    endpoint, ak, sk, region, bucket_name, workdir = sys.argv[1:]
    bucket = oss2.Bucket(oss2.AuthV4(ak, sk), endpoint, bucket_name, region=region,
                         enable_crc=True)

    up = os.path.join(workdir, "up")
    names = sorted(os.listdir(up))
    if not names:
        fail("no files to read back")
    for name in names:
        with open(os.path.join(up, name), "rb") as f:
            expected = f.read()
        got = bucket.get_object("rust/" + name).read()
        if got != expected:
            fail(f"rust/{name}: {len(got)} bytes read, not the {len(expected)} uploaded")
        meta = bucket.head_object("rust/" + name)
        if meta.content_length != len(expected):
            fail(f"rust/{name}: HeadObject says {meta.content_length} bytes")

    source = os.path.join(workdir, "py.bin")
    oss2.resumable_upload(bucket, "py/resumable.bin", source,
                          store=oss2.ResumableStore(root=workdir),
                          multipart_threshold=100 * 1024, part_size=150 * 1024,
                          num_threads=4)
    print(f"read back {len(names)} objects; uploaded py/resumable.bin")


if __name__ == "__main__":
    main()
