//! The adversarial review's transfer defects (reviews/adversarial-2026-12-06.md), each from
//! its reproduction: a forged checkpoint (D3), a symbolic link at the temporary file's name
//! (D4), a shared checkpoint directory (D3), transfers interrupted or resumed from a damaged
//! checkpoint (D11), and files whose size the file system gets wrong (D15). Against an
//! in-process oss-server over real sockets.

#![cfg(unix)]

mod support;

use std::path::Path;

use oss_client::Bucket;
use oss_transfer::checkpoint::CheckpointError;
use oss_transfer::{CancellationToken, Downloader, Error, Uploader};
use support::{data, files_in, object_bytes, uploads_in_progress, write_data, Env, TempDir};

const PART: u64 = 100 * 1024;

fn downloader(bucket: &Bucket, checkpoints: Option<&Path>) -> Downloader {
    let mut builder = Downloader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(2);
    if let Some(dir) = checkpoints {
        builder = builder.checkpoint_dir(dir);
    }
    builder.build().unwrap()
}

fn uploader(bucket: &Bucket, checkpoints: Option<&Path>) -> Uploader {
    let mut builder = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(2);
    if let Some(dir) = checkpoints {
        builder = builder.checkpoint_dir(dir);
    }
    builder.build().unwrap()
}

/// Puts `len` bytes as `key`.
async fn put(bucket: &Bucket, key: &str, len: usize) -> Vec<u8> {
    let bytes = data(len, len as u64);
    bucket.put_object(key, bytes.clone()).await.unwrap();
    bytes
}

/// Downloads `key` to `target` until `stop_after` bytes are done, then cancels.
async fn interrupted_download(downloader: &Downloader, key: &str, target: &Path, stop_after: u64) {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let result = downloader
        .download_file(key, target)
        .cancel(token)
        .progress(move |p| {
            if p.bytes_done >= stop_after {
                trigger.cancel();
            }
        })
        .await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
}

/// Uploads `path` as `key` until `stop_after` bytes are done, then cancels.
async fn interrupted_upload(uploader: &Uploader, key: &str, path: &Path, stop_after: u64) {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let result = uploader
        .upload_file(path, key)
        .cancel(token)
        .progress(move |p| {
            if p.bytes_done >= stop_after {
                trigger.cancel();
            }
        })
        .await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
}

/// A change to a checkpoint's state.
type Edit<'a> = dyn Fn(&mut serde_json::Value) + 'a;

/// The only checkpoint file in `dir`.
fn the_checkpoint(dir: &Path) -> std::path::PathBuf {
    let names = files_in(dir);
    assert_eq!(names.len(), 1, "{names:?}");
    dir.join(&names[0])
}

/// Rewrites a checkpoint's state with `edit`, with a checksum that checks out (a forgery,
/// as anyone who can write the directory can make).
fn forge(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let envelope: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut state = envelope["state"].clone();
    edit(&mut state);
    let state = serde_json::to_string(&state).unwrap();
    let crc = oss_checksum::crc64::checksum(state.as_bytes());
    let text = format!(
        r#"{{"magic":"oss-rs-checkpoint","version":1,"kind":"{}","crc64":"{crc}","state":{state}}}"#,
        envelope["kind"].as_str().unwrap()
    );
    std::fs::write(path, text).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d3_a_forged_download_checkpoint_never_deletes_or_writes_another_file() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("forged");
    let checkpoints = dir.join("ck");
    let bytes = put(&bucket, "f1m", 1_000_000).await;
    let downloader = downloader(&bucket, Some(&checkpoints));
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let target = dir.join("out.bin");

    // The review's forgery: the state names the victim as its temporary file. Then the same
    // with a state that no longer matches the run (which used to delete "its" temp).
    let forgeries: [(&str, Box<Edit<'_>>); 2] = [
        (
            "temp",
            Box::new(|state| state["temp"] = victim.display().to_string().into()),
        ),
        (
            "stale",
            Box::new(|state| {
                state["temp"] = victim.display().to_string().into();
                state["etag"] = "\"0123\"".into();
            }),
        ),
    ];
    for (what, edit) in forgeries {
        interrupted_download(&downloader, "f1m", &target, 3 * PART).await;
        forge(&the_checkpoint(&checkpoints), edit);
        downloader.download_file("f1m", &target).await.unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), bytes, "{what}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious", "{what}");
        std::fs::remove_file(&target).unwrap();
    }
    assert_eq!(files_in(dir.path()), ["ck", "victim.txt"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d3_checkpoints_live_only_in_a_private_directory() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("private");
    put(&bucket, "obj", 300_000).await;

    // A new checkpoint directory is the user's alone.
    let fresh = dir.join("new/ck");
    interrupted_download(
        &downloader(&bucket, Some(&fresh)),
        "obj",
        &dir.join("a"),
        PART,
    )
    .await;
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);

    // One every user may write is refused: nothing is read from it or written to it.
    let shared = dir.join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    for result in [
        downloader(&bucket, Some(&shared))
            .download_file("obj", dir.join("b"))
            .await
            .map(drop),
        uploader(&bucket, Some(&shared))
            .upload_file(write(dir.join("src"), 3 * PART), "up")
            .await
            .map(drop),
    ] {
        match result {
            Err(Error::Checkpoint(CheckpointError::Insecure { reason, .. })) => {
                assert!(reason.contains("writable by every user"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(files_in(&shared).is_empty());
    assert!(!dir.join("b").exists());
    assert!(uploads_in_progress(&bucket).await.is_empty());
}

fn write(path: std::path::PathBuf, len: u64) -> std::path::PathBuf {
    write_data(&path, len, len);
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d4_a_symlink_at_the_temporary_name_is_never_written_through() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("symlink");
    let checkpoints = dir.join("ck");
    let bytes = put(&bucket, "big", 1_000_000).await;
    let victim = dir.join("victim");
    std::fs::write(&victim, b"VICTIM").unwrap();
    let d = dir.join("d");
    std::fs::create_dir(&d).unwrap();
    let planted = d.join(".big.oss-download");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let downloader = downloader(&bucket, Some(&checkpoints));

    // Planted before the first run: refused, with the link named.
    let error = downloader
        .download_file("big", d.join("big"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("symbolic link"), "{error}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"VICTIM");
    assert!(std::fs::symlink_metadata(d.join("big")).is_err());

    // Planted between an interrupted run and its resumption: refused too.
    std::fs::remove_file(&planted).unwrap();
    interrupted_download(&downloader, "big", &d.join("big"), 3 * PART).await;
    std::fs::remove_file(&planted).unwrap();
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let error = downloader
        .download_file("big", d.join("big"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("symbolic link"), "{error}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"VICTIM");

    // Once the link is gone the download completes, as a regular file.
    std::fs::remove_file(&planted).unwrap();
    downloader
        .download_file("big", d.join("big"))
        .await
        .unwrap();
    assert!(std::fs::symlink_metadata(d.join("big")).unwrap().is_file());
    assert_eq!(std::fs::read(d.join("big")).unwrap(), bytes);
    assert_eq!(std::fs::read(&victim).unwrap(), b"VICTIM");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d11_interrupted_transfers_without_checkpoints_leave_nothing_behind() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("interrupted");
    put(&bucket, "f1m", 1_000_000).await;
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    interrupted_download(
        &downloader(&bucket, None),
        "f1m",
        &out.join("dl.bin"),
        3 * PART,
    )
    .await;
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));

    let source = &write(dir.join("src"), 10 * PART);
    interrupted_upload(&uploader(&bucket, None), "up", source, 3 * PART).await;
    assert!(uploads_in_progress(&bucket).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d11_a_damaged_upload_checkpoint_aborts_the_upload_it_names() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("damaged");
    let checkpoints = dir.join("ck");
    let source = &write(dir.join("src"), 10 * PART);
    let uploader = uploader(&bucket, Some(&checkpoints));

    // Damaged (an edited digit: the checksum no longer matches): the named upload is
    // aborted, a new one completes.
    interrupted_upload(&uploader, "up", source, 3 * PART).await;
    let orphan = uploads_in_progress(&bucket).await;
    assert_eq!(orphan.len(), 1);
    let path = the_checkpoint(&checkpoints);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("\"part_size\":102400", "\"part_size\":102401", 1);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    let outcome = uploader.upload_file(source, "up").await.unwrap();
    assert_ne!(outcome.upload_id.as_deref(), Some(orphan[0].as_str()));
    assert!(uploads_in_progress(&bucket).await.is_empty());
    assert_eq!(
        object_bytes(&bucket, "up").await,
        std::fs::read(source).unwrap()
    );

    // Too damaged to parse (cut short, and a byte that is not UTF-8): the upload id is still
    // found in what remains, and that upload aborted.
    for damage in [
        |bytes: &mut Vec<u8>| bytes.truncate(bytes.len() - 20),
        |bytes: &mut Vec<u8>| {
            bytes[3] = 0xFF;
        },
    ] {
        interrupted_upload(&uploader, "up", source, 3 * PART).await;
        let orphan = uploads_in_progress(&bucket).await;
        assert_eq!(orphan.len(), 1);
        let path = the_checkpoint(&checkpoints);
        let mut bytes = std::fs::read(&path).unwrap();
        damage(&mut bytes);
        std::fs::write(&path, bytes).unwrap();
        uploader.upload_file(source, "up").await.unwrap();
        assert!(uploads_in_progress(&bucket).await.is_empty());
    }

    // A forged one naming an upload of another key does not abort it.
    let other = bucket.initiate_multipart_upload("other").await.unwrap();
    interrupted_upload(&uploader, "up", source, 3 * PART).await;
    let path = the_checkpoint(&checkpoints);
    forge(&path, |state| {
        state["upload_id"] = other.upload_id.clone().into()
    });
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"crc64\":\"", "\"crc64\":\"9", 1)).unwrap();
    uploader.upload_file(source, "up").await.unwrap();
    let left = uploads_in_progress(&bucket).await;
    // The interrupted run's own upload is no longer named anywhere: it stays, with the other.
    assert!(left.contains(&other.upload_id), "{left:?}");
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d15_files_whose_size_is_wrong_are_read_to_their_end() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    // procfs says 0 bytes; this process's command line does not change while it runs.
    let path = Path::new("/proc/self/cmdline");
    assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
    let expected = std::fs::read(path).unwrap();
    assert!(!expected.is_empty());
    for uploader in [uploader(&bucket, None), Uploader::new(bucket.clone())] {
        let outcome = uploader.upload_file(path, "proc").await.unwrap();
        assert_eq!(outcome.size, expected.len() as u64);
        assert_eq!(object_bytes(&bucket, "proc").await, expected);
    }
    // A real empty file is still an empty object.
    let dir = TempDir::new("empty");
    std::fs::write(dir.join("e"), b"").unwrap();
    uploader(&bucket, None)
        .upload_file(dir.join("e"), "empty")
        .await
        .unwrap();
    assert!(object_bytes(&bucket, "empty").await.is_empty());
}
