//! Interop with the official Python SDK: what `oss cp` uploads (simple, multipart, trees,
//! with metadata) oss2 reads back byte for byte, and what oss2 uploads (simple and
//! multipart) `oss cp` downloads byte for byte (whole and ranged).
//!
//! Needs `OSS_RS_PYTHON` (or the workspace's `target/interop-venv`); skipped with a message
//! otherwise, unless `OSS_RS_REQUIRE_INTEROP` is set.

use std::path::{Path, PathBuf};
use std::process::Command;

use oss_rs_tests::interop_python;

use crate::support::{data, Cli, Server, TempDir, AK, REGION, SK};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/cli_oss2.py");

fn oss2(python: &PathBuf, server: &Server, bucket: &str, args: &[&str]) {
    let output = Command::new(python)
        .arg(SCRIPT)
        .args([server.endpoint.as_str(), AK, SK, REGION, bucket])
        .args(args)
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "cli_oss2.py {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn oss_cp_and_oss2_read_each_others_objects() {
    let Some(python) = interop_python("oss_cp_and_oss2_read_each_others_objects") else {
        return;
    };
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("interop");
    oss.ok(&["mb", "oss://interop"]);

    // oss uploads, oss2 reads.
    let small = dir.join("small.txt");
    std::fs::write(&small, "written by oss, read by oss2\n").unwrap();
    oss.ok(&[
        "cp",
        s(&small),
        "oss://interop/small.txt",
        "--meta",
        "author=oss-cli",
    ]);
    oss2(
        &python,
        &server,
        "interop",
        &["verify", "small.txt", s(&small), "author=oss-cli"],
    );
    let big = dir.join("big.bin");
    std::fs::write(&big, data(5 << 20 | 12345, 11)).unwrap();
    oss.ok(&[
        "cp",
        s(&big),
        "oss://interop/big.bin",
        "--bigfile-threshold",
        "1MiB",
        "--part-size",
        "1MiB",
    ]);
    oss2(&python, &server, "interop", &["verify", "big.bin", s(&big)]);
    let tree = dir.join("tree");
    for (name, seed) in [("a.txt", 1), ("sub/b.bin", 2), ("sub/deeper/c.bin", 3)] {
        let path = tree.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data(100_000 * seed as usize, seed)).unwrap();
    }
    oss.ok(&["cp", "-r", s(&tree), "oss://interop/tree/"]);
    oss2(
        &python,
        &server,
        "interop",
        &["verify-tree", "tree/", s(&tree)],
    );

    // oss2 uploads, oss downloads.
    let from_oss2 = dir.join("from-oss2.bin");
    std::fs::write(&from_oss2, data(3 << 20 | 777, 12)).unwrap();
    oss2(
        &python,
        &server,
        "interop",
        &["upload", "by-oss2/simple.bin", s(&from_oss2)],
    );
    oss2(
        &python,
        &server,
        "interop",
        &[
            "upload",
            "by-oss2/multipart.bin",
            s(&from_oss2),
            "--multipart",
        ],
    );
    let stat = oss
        .ok(&[
            "stat",
            "oss://interop/by-oss2/multipart.bin",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(stat["object_type"], "Multipart", "{stat}");
    for (key, extra) in [
        ("simple.bin", &[][..]),
        ("multipart.bin", &[][..]),
        (
            "multipart.bin",
            &["--bigfile-threshold", "1MiB", "--part-size", "700KiB"][..],
        ),
    ] {
        let out = dir.join("downloaded.bin");
        let mut args = vec![
            "cp".to_owned(),
            format!("oss://interop/by-oss2/{key}"),
            s(&out).to_owned(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        oss.ok(&args);
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(&from_oss2).unwrap(),
            "{key} {extra:?}"
        );
    }
    let down = dir.join("down");
    oss.ok(&["cp", "-r", "oss://interop/by-oss2/", s(&down)]);
    assert_eq!(
        std::fs::read(down.join("simple.bin")).unwrap(),
        std::fs::read(&from_oss2).unwrap()
    );
}
