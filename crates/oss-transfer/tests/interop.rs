//! Interoperability with the official Python SDK: `oss2` reads back what the Uploader wrote
//! (single PutObject and multipart, from files and a reader), and the Downloader reads back
//! what `oss2.resumable_upload` wrote. The Python side is `tests/interop_oss2.py`.
//!
//! Needs the interop virtualenv: `OSS_RS_PYTHON`, or `target/interop-venv` (which `cargo
//! xtask ci` creates). Without one the test says so and passes, unless
//! `OSS_RS_REQUIRE_INTEROP` is set.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use oss_server::ServerConfig;
use oss_transfer::{Downloader, Uploader};
use support::{client, write_data, TempDir};

const PART: u64 = 100 * 1024;

/// The interop virtualenv's Python, as `tests/src/lib.rs` of the workspace finds it.
fn interop_python(test: &str) -> Option<PathBuf> {
    let required = std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = std::env::var_os("OSS_RS_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let default = workspace.join("target/interop-venv/bin/python");
            default.exists().then_some(default)
        });
    match python {
        Some(path) if path.exists() => Some(path),
        _ if required => {
            panic!("{test}: OSS_RS_REQUIRE_INTEROP is set but no interop Python was found")
        }
        _ => {
            eprintln!("{test}: skipped: no interop virtualenv (run `cargo xtask ci` to create it)");
            None
        }
    }
}

#[test]
fn oss2_reads_uploads_and_the_downloader_reads_oss2_uploads() {
    let Some(python) = interop_python("oss2_reads_uploads_and_the_downloader_reads_oss2_uploads")
    else {
        return;
    };
    let server = ServerConfig::new().start_background().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = client(server.endpoint(), 3);
    let bucket = runtime.block_on(support::new_bucket(&client));
    let dir = TempDir::new("interop");
    let up = dir.join("up");
    std::fs::create_dir_all(&up).unwrap();

    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(3)
        .build()
        .unwrap();
    for (name, size) in [
        ("empty", 0),
        ("small", 1000),
        ("parts", 7 * PART + 5),
        ("exact", 3 * PART),
    ] {
        let path = up.join(name);
        write_data(&path, size, size);
        runtime
            .block_on(uploader.upload_file(&path, format!("rust/{name}")).send())
            .unwrap();
    }
    let from_reader = support::data(5 * PART as usize + 1, 7);
    std::fs::write(up.join("reader"), &from_reader).unwrap();
    runtime
        .block_on(
            uploader
                .upload_reader(std::io::Cursor::new(from_reader), "rust/reader")
                .send(),
        )
        .unwrap();
    write_data(&dir.join("py.bin"), 2 * 1024 * 1024 + 12345, 42);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop_oss2.py");
    let credentials = &server.credentials()[0];
    let output = Command::new(&python)
        .arg(&script)
        .arg(server.endpoint())
        .arg(credentials.access_key_id())
        .arg(credentials.access_key_secret())
        .arg(server.region())
        .arg(bucket.name())
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "interop_oss2.py failed:\n{stdout}\n{stderr}"
    );
    eprintln!("interop_oss2.py: {}", stdout.trim());

    let target = dir.join("downloaded");
    let outcome = runtime
        .block_on(
            Downloader::builder(bucket.clone())
                .part_size(PART)
                .build()
                .unwrap()
                .download_file("py/resumable.bin", &target)
                .send(),
        )
        .unwrap();
    assert!(outcome.crc64.is_some(), "the CRC-64 was checked");
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(dir.join("py.bin")).unwrap()
    );
}
