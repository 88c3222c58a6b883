//! Replays the seed corpus through every fuzz target on stable, as an ordinary test.
//!
//! Each file in `corpus/<target>/` is fed to the target's function from `oss_rs_fuzz`, and so
//! is every byte prefix of it (truncated headers and queries, split escapes, cut UTF-8). A
//! panic fails the test; so does a missing or empty corpus directory.

use std::fs;
use std::path::{Path, PathBuf};

fn corpus_files(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let entries = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read corpus directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("corpus directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "corpus directory {} has no seeds",
        dir.display()
    );
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    for path in corpus_files(target) {
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("{target}: {} ({} bytes)", path.display(), data.len());
        run(&data);
        for end in 0..data.len() {
            run(&data[..end]);
        }
    }
}

#[test]
fn authorization_header_corpus() {
    replay("authorization_header", oss_rs_fuzz::authorization_header);
}

#[test]
fn presigned_query_corpus() {
    replay("presigned_query", oss_rs_fuzz::presigned_query);
}

#[test]
fn verify_request_corpus() {
    replay("verify_request", oss_rs_fuzz::verify_request);
}

#[test]
fn model_parsers_corpus() {
    replay("model_parsers", oss_rs_fuzz::model_parsers);
}
