//! Directory transfers against an in-process oss-server: a tree to a prefix and back, with
//! patterns, skip-if-unchanged (size and mtime, CRC-64), symlinks, unsafe keys, directory
//! markers, a failing file, and overall progress. Every file appears in the report.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use oss_server::faults::Fault;
use oss_transfer::dir::{DirReport, SkipPolicy, SkipReason};
use oss_transfer::{Downloader, ProgressScope, TransferProgress, Uploader};
use support::{write_data, Env, TempDir};

const PART: u64 = 100 * 1024;

fn tree(root: &Path) {
    for (name, size) in [
        ("a.txt", 10),
        ("b.bin", 3 * PART + 1),
        ("sub/c.txt", 0),
        ("sub/deeper/d.jpg", PART),
        ("sub/skip.tmp", 5),
        ("e.jpg", 1000),
    ] {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        write_data(&path, size, size);
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("a.txt"), root.join("link.txt")).unwrap();
}

fn reasons(report: &DirReport) -> BTreeMap<String, SkipReason> {
    report
        .skipped
        .iter()
        .map(|s| (s.key.clone(), s.reason.clone()))
        .collect()
}

fn done(report: &DirReport) -> Vec<String> {
    let mut keys: Vec<String> = report.done.iter().map(|f| f.key.clone()).collect();
    keys.sort();
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tree_goes_up_and_comes_back_and_unchanged_files_are_skipped() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("tree");
    let root = dir.join("root");
    tree(&root);
    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap();
    let events: Arc<Mutex<Vec<TransferProgress>>> = Arc::default();
    let sink = Arc::clone(&events);
    let report = uploader
        .upload_dir(&root, "site")
        .exclude("*.tmp")
        .progress(move |p| sink.lock().unwrap().push(p.clone()))
        .await
        .unwrap();
    assert!(report.is_success(), "{:?}", report.failed);
    assert_eq!(
        done(&report),
        [
            "site/a.txt",
            "site/b.bin",
            "site/e.jpg",
            "site/sub/c.txt",
            "site/sub/deeper/d.jpg"
        ]
    );
    let skipped = reasons(&report);
    assert_eq!(
        skipped.get("site/sub/skip.tmp"),
        Some(&SkipReason::Excluded)
    );
    #[cfg(unix)]
    assert_eq!(skipped.get("site/link.txt"), Some(&SkipReason::Symlink));
    let total: u64 = report.bytes();
    let last_overall = events
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find(|e| matches!(e.scope, ProgressScope::Overall { .. }))
        .cloned()
        .unwrap();
    assert_eq!(last_overall.bytes_done, total);
    assert_eq!(
        last_overall.scope,
        ProgressScope::Overall {
            files_finished: 5,
            files_total: 5
        }
    );
    assert!(events
        .lock()
        .unwrap()
        .iter()
        .any(|e| matches!(&e.scope, ProgressScope::Object { key } if &**key == "site/b.bin")));

    // Again, unchanged: everything is skipped, nothing sent.
    let again = uploader
        .upload_dir(&root, "site/")
        .exclude("*.tmp")
        .skip_unchanged(SkipPolicy::SizeAndMtime)
        .await
        .unwrap();
    assert!(again.done.is_empty(), "{:?}", again.done);
    assert_eq!(
        again
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::Unchanged)
            .count(),
        5
    );
    // One file changed: only it goes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_data(&root.join("e.jpg"), 1000, 99);
    let changed = uploader
        .upload_dir(&root, "site/")
        .include("*.jpg")
        .skip_unchanged(SkipPolicy::SizeAndMtime)
        .await
        .unwrap();
    assert_eq!(done(&changed), ["site/e.jpg"]);
    assert_eq!(
        reasons(&changed).get("site/a.txt"),
        Some(&SkipReason::Excluded)
    );

    // Back down, then again with each policy.
    let downloader = Downloader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap();
    let back = dir.join("back");
    let report = downloader.download_dir("site", &back).await.unwrap();
    assert!(report.is_success(), "{:?}", report.failed);
    assert_eq!(report.done.len(), 5);
    for name in ["a.txt", "b.bin", "e.jpg", "sub/c.txt", "sub/deeper/d.jpg"] {
        assert_eq!(
            std::fs::read(back.join(name)).unwrap(),
            std::fs::read(root.join(name)).unwrap(),
            "{name}"
        );
    }
    for policy in [SkipPolicy::SizeAndMtime, SkipPolicy::Crc64] {
        let again = downloader
            .download_dir("site/", &back)
            .skip_unchanged(policy)
            .await
            .unwrap();
        assert!(again.done.is_empty(), "{policy:?}: {:?}", again.done);
        assert_eq!(again.skipped.len(), 5);
    }
    // Same size, other content: CRC-64 notices.
    write_data(&back.join("b.bin"), 3 * PART + 1, 12345);
    let repaired = downloader
        .download_dir("site/", &back)
        .skip_unchanged(SkipPolicy::Crc64)
        .await
        .unwrap();
    assert_eq!(done(&repaired), ["site/b.bin"]);
    assert_eq!(
        std::fs::read(back.join("b.bin")).unwrap(),
        std::fs::read(root.join("b.bin")).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsafe_keys_markers_and_failures_are_reported() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("unsafe");
    for key in [
        "p/ok.txt",
        "p/../evil.txt",
        "p/a//b.txt",
        "p/fail.txt",
        "p/empty/",
    ] {
        bucket.put_object(key, "data").await.unwrap();
    }
    env.server
        .faults()
        .add(Fault::error(403).operation("GetObject").key("p/fail.txt"));
    let target = dir.join("out");
    let report = Downloader::new(bucket.clone())
        .download_dir("p/", &target)
        .await
        .unwrap();
    assert_eq!(done(&report), ["p/ok.txt"]);
    let skipped = reasons(&report);
    assert!(matches!(
        skipped.get("p/../evil.txt"),
        Some(SkipReason::InvalidName(_))
    ));
    assert!(matches!(
        skipped.get("p/a//b.txt"),
        Some(SkipReason::InvalidName(_))
    ));
    assert_eq!(skipped.get("p/empty/"), Some(&SkipReason::DirectoryMarker));
    assert!(target.join("empty").is_dir());
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].key, "p/fail.txt");
    assert!(!report.is_success());
    assert!(!dir.join("evil.txt").exists());
    let files = support::files_in(&target);
    assert_eq!(files, ["empty", "ok.txt"], "nothing else written");
}
