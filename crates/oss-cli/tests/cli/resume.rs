//! A killed `oss cp` resumes: the upload (and the download) of a large file is killed
//! midway; the rerun with the same `--checkpoint-dir` continues from the checkpoint, and the
//! result is byte-identical.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{data, Cli, Server, TempDir};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Starts `oss args` and kills it (SIGKILL) once `ready` says so.
fn kill_midway(oss: &Cli, args: &[&str], ready: impl Fn() -> bool) {
    let mut child = oss
        .command()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn oss cp");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < deadline, "the transfer never got midway");
        assert!(
            child.try_wait().unwrap().is_none(),
            "oss cp ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The parts a checkpoint says are done (from the checkpoint file's JSON).
fn parts_done(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".ckpt"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .map(|v| v["state"]["parts"].as_object().map_or(0, |p| p.len()))
        .max()
        .unwrap_or(0)
}

#[test]
fn killed_cp_resumes_from_its_checkpoint() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("resume");
    let big = dir.join("big.bin");
    let body = data(24 << 20, 21);
    std::fs::write(&big, &body).unwrap();
    let checkpoints = dir.join("checkpoints");
    oss.ok(&["mb", "oss://resume"]);
    let transfer = [
        "--checkpoint-dir",
        s(&checkpoints),
        "--bigfile-threshold",
        "1MiB",
        "--part-size",
        "1MiB",
        "--parallel",
        "2",
    ];

    // Upload: killed after some of its 24 parts, rerun without the limit.
    let upload: Vec<&str> = [
        &[
            "cp",
            s(&big),
            "oss://resume/big.bin",
            "--bandwidth-limit",
            "4MiB",
        ][..],
        &transfer[..],
    ]
    .concat();
    kill_midway(&oss, &upload, || parts_done(&checkpoints) >= 4);
    let done_before = parts_done(&checkpoints);
    assert!(done_before < 24, "killed midway, not at the end");
    assert!(oss
        .ok(&["ls", "-m", "-s", "oss://resume"])
        .stdout
        .contains("oss://resume/big.bin"));
    let rerun: Vec<&str> = [
        &[
            "cp",
            s(&big),
            "oss://resume/big.bin",
            "--output-format",
            "json",
        ][..],
        &transfer[..],
    ]
    .concat();
    let json = oss.ok(&rerun).json();
    assert!(
        json["resumed_parts"].as_u64().unwrap() >= done_before as u64,
        "{json}"
    );
    assert_eq!(
        parts_done(&checkpoints),
        0,
        "the checkpoint is removed when done"
    );
    assert_eq!(
        oss.ok(&["ls", "-m", "-s", "oss://resume"]).stdout,
        "",
        "no upload left behind"
    );
    let back = dir.join("back.bin");
    oss.ok(&["cp", "oss://resume/big.bin", s(&back)]);
    assert!(
        std::fs::read(&back).unwrap() == body,
        "the uploaded object is byte-identical"
    );

    // Download: the same, into a temporary file beside the destination.
    let out = dir.join("out.bin");
    let download: Vec<&str> = [
        &[
            "cp",
            "oss://resume/big.bin",
            s(&out),
            "--bandwidth-limit",
            "4MiB",
        ][..],
        &transfer[..],
    ]
    .concat();
    kill_midway(&oss, &download, || parts_done(&checkpoints) >= 4);
    assert!(
        !out.exists(),
        "nothing at the destination before the download completes"
    );
    let rerun: Vec<&str> = [
        &[
            "cp",
            "oss://resume/big.bin",
            s(&out),
            "--output-format",
            "json",
        ][..],
        &transfer[..],
    ]
    .concat();
    let json = oss.ok(&rerun).json();
    assert!(json["resumed_parts"].as_u64().unwrap() >= 4, "{json}");
    assert!(
        std::fs::read(&out).unwrap() == body,
        "the downloaded file is byte-identical"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A changed file does not resume from a stale checkpoint.
    kill_midway(&oss, &upload, || parts_done(&checkpoints) >= 2);
    let mut changed = body.clone();
    changed[0] ^= 0xff;
    std::fs::write(&big, &changed).unwrap();
    let json = oss.ok(&rerun_upload(&big, &checkpoints)).json();
    assert_eq!(json["resumed_parts"], 0, "{json}");
    oss.ok(&["cp", "oss://resume/big.bin", s(&back)]);
    assert!(std::fs::read(&back).unwrap() == changed);
}

fn rerun_upload<'a>(big: &'a Path, checkpoints: &'a Path) -> Vec<&'a str> {
    vec![
        "cp",
        s(big),
        "oss://resume/big.bin",
        "--output-format",
        "json",
        "--checkpoint-dir",
        s(checkpoints),
        "--bigfile-threshold",
        "1MiB",
        "--part-size",
        "1MiB",
        "--parallel",
        "2",
    ]
}
