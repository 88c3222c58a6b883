#!/usr/bin/env bash
# The `oss` command end to end on its embedded local server: no account, no network.
#
#   crates/oss-cli/demo.sh            # builds oss (release) and runs the demo
#   OSS_BIN=path/to/oss demo.sh       # with an oss binary already built
#   DEMO_SIZE_MIB=64 demo.sh          # a smaller generated file (default 300 MiB)
#
# It makes a bucket, uploads a generated file and a directory (with progress bars on a
# terminal), lists them, downloads them again and checks every byte, compares checksums,
# presigns a URL and fetches it from `oss serve`, and cleans up. Nothing outside a temporary
# directory is touched: the embedded server keeps its data there, and any OSS configuration
# in your environment or home directory is ignored.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ -z "${OSS_BIN:-}" ]]; then
    # cargo shows its own progress: the first build compiles about 200 crates, which takes
    # a few minutes (7 to 8 on 2 busy cores); later runs reuse it and start at once.
    echo "== building oss (cargo build -p oss-rs-cli --release): the first build takes a few minutes"
    cargo build --manifest-path "$root/Cargo.toml" -p oss-rs-cli --release
    OSS_BIN="$root/target/release/oss"
fi
size_mib="${DEMO_SIZE_MIB:-300}"
work="$(mktemp -d "${TMPDIR:-/tmp}/oss-demo.XXXXXX")"
serve_pid=""
cleanup() {
    if [[ -n "$serve_pid" ]]; then kill "$serve_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# No endpoint anywhere: every command runs the embedded server over this data directory.
unset OSS_ENDPOINT OSS_REGION OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN OSS_PROFILE
export OSS_CONFIG_FILE=/dev/null
export OSS_LOCAL_DATA_DIR="$work/data"

oss() {
    printf '\n$ oss %s\n' "$*"
    "$OSS_BIN" "$@"
}

echo "== generating a ${size_mib} MiB file and a small site in $work"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/big.bin"
mkdir -p "$work/site/css" "$work/site/img" "$work/site/posts"
echo '<h1>hello from oss</h1>' > "$work/site/index.html"
echo 'body { color: #333 }' > "$work/site/css/site.css"
head -c 300000 /dev/urandom > "$work/site/img/photo.jpg"
for i in $(seq 1 20); do echo "post $i" > "$work/site/posts/$i.md"; done

oss mb oss://demo
oss cp "$work/big.bin" oss://demo/big.bin
oss cp -r "$work/site" oss://demo/site/ --jobs 4
oss ls oss://demo
oss ls -r -s oss://demo/site/ --limit 5
oss du oss://demo

oss cp oss://demo/big.bin "$work/big.back"
oss cp -r oss://demo/site/ "$work/site.back"
cmp "$work/big.bin" "$work/big.back"
diff -r "$work/site" "$work/site.back"
echo "verified: every byte came back"

local_crc="$("$OSS_BIN" hash "$work/big.bin" --output-format json | sed -n 's/.*"crc64": "\([0-9]*\)".*/\1/p')"
remote_crc="$("$OSS_BIN" stat oss://demo/big.bin --output-format json -q | sed -n 's/.*"crc64": "\([0-9]*\)".*/\1/p')"
echo "CRC-64 local $local_crc, OSS $remote_crc"
[[ -n "$local_crc" && "$local_crc" == "$remote_crc" ]]

oss presign oss://demo/site/index.html --expires 1h
url="$("$OSS_BIN" presign oss://demo/site/index.html --expires 1h -q)"
# The embedded server stops with each command; `oss serve` serves the same data, on the
# address embedded presigned URLs point at (127.0.0.1:9000).
if command -v curl > /dev/null; then
    "$OSS_BIN" serve > "$work/serve.log" 2>&1 &
    serve_pid=$!
    for _ in $(seq 1 50); do
        grep -q "listening on" "$work/serve.log" 2> /dev/null && break
        sleep 0.1
    done
    if grep -q "listening on" "$work/serve.log"; then
        printf '\n$ curl <the presigned URL>   (served by `oss serve`)\n'
        curl -fsS "$url"
    else
        echo "(127.0.0.1:9000 is busy: skipping the download of the presigned URL)"
    fi
    kill "$serve_pid" 2> /dev/null || true
    wait "$serve_pid" 2> /dev/null || true
    serve_pid=""
fi

oss rb --force -f oss://demo
cat <<'DONE'

== done. The same commands work against Alibaba Cloud OSS once configured, e.g.
   oss config --region cn-hangzhou --access-key-id <id> --access-key-secret <secret>
   (or OSS_REGION / OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET in the environment)
DONE
