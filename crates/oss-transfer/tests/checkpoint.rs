//! Checkpoint files: round trips, and every kind of damage reads as invalid, never as state.

use std::fs;
use std::path::PathBuf;

use oss_transfer::checkpoint::{CheckpointDir, CheckpointError, CheckpointState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Parts {
    upload_id: String,
    done: Vec<(u32, String, u64)>,
}

impl CheckpointState for Parts {
    const KIND: &'static str = "test-upload";
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Other {
    upload_id: String,
}

impl CheckpointState for Other {
    const KIND: &'static str = "test-download";
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oss-rs-ckpt-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn sample() -> Parts {
    Parts {
        upload_id: "0004B9894A22E5B1888A1E29F823****".into(),
        done: vec![(1, "\"A1\"".into(), 42), (2, "\"B2\"".into(), u64::MAX)],
    }
}

#[test]
fn saves_loads_overwrites_and_removes() {
    let dir = temp_dir("roundtrip");
    let store = CheckpointDir::new(&dir);
    let path = store.file_for::<Parts>("bucket/key <- /home/u/file with spaces");
    assert_eq!(store.load::<Parts>(&path).unwrap(), None);

    store.save(&path, &sample()).unwrap();
    assert_eq!(store.load::<Parts>(&path).unwrap(), Some(sample()));

    let mut more = sample();
    more.done.push((3, "\"C3\"".into(), 7));
    store.save(&path, &more).unwrap();
    assert_eq!(store.load::<Parts>(&path).unwrap(), Some(more));
    // Only the checkpoint itself: no temporary files left behind.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);

    store.remove(&path).unwrap();
    assert_eq!(store.load::<Parts>(&path).unwrap(), None);
    store.remove(&path).unwrap();
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn identities_map_to_distinct_files() {
    let store = CheckpointDir::new("/tmp/x");
    let a = store.file_for::<Parts>("b/k <- /a");
    assert_eq!(a, store.file_for::<Parts>("b/k <- /a"));
    assert_ne!(a, store.file_for::<Parts>("b/k <- /b"));
    assert_ne!(a, store.file_for::<Other>("b/k <- /a"));
}

#[test]
fn any_damage_is_invalid_not_state() {
    let dir = temp_dir("damage");
    let store = CheckpointDir::new(&dir);
    let path = store.file_for::<Parts>("damaged");
    store.save(&path, &sample()).unwrap();
    let good = fs::read(&path).unwrap();

    let mut damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", vec![]),
        ("not utf-8", vec![0xff, 0xfe, b'{']),
        ("not json", b"hello".to_vec()),
    ];
    // Flip one digit of the state: the checksum no longer matches.
    let text = String::from_utf8(good.clone()).unwrap();
    damaged.push(("edited state", text.replace("42", "43").into_bytes()));
    damaged.push((
        "other version",
        text.replace("\"version\":1", "\"version\":2").into_bytes(),
    ));
    damaged.push((
        "other magic",
        text.replace("oss-rs-checkpoint", "something-else")
            .into_bytes(),
    ));
    for (what, bytes) in damaged {
        fs::write(&path, &bytes).unwrap();
        match store.load::<Parts>(&path) {
            Err(CheckpointError::Invalid { .. }) => {}
            other => panic!("{what}: {other:?}"),
        }
    }

    // A checkpoint of another kind of transfer is not this one's.
    fs::write(&path, &good).unwrap();
    assert!(matches!(
        store.load::<Other>(&path),
        Err(CheckpointError::Invalid { .. })
    ));
    assert_eq!(store.load::<Parts>(&path).unwrap(), Some(sample()));
    fs::remove_dir_all(&dir).unwrap();
}
