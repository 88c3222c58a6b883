//! The front-page example (the crate docs' first example, the same as the README's) builds
//! in a new crate whose only dependencies are oss-client and tokio, as its text says: what a
//! newcomer pastes into `src/main.rs` compiles.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The first code block of `text` that opens with `fence`, with rustdoc's hidden-line marks
/// (`# `) removed.
fn first_block(text: &str, fence: &str) -> String {
    let start = text.find(fence).expect("a code block") + fence.len();
    let end = start + text[start..].find("```").expect("the block's end");
    text[start..end]
        .lines()
        .map(|line| line.strip_prefix("# ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crate docs' front-page example, as plain Rust.
fn front_page_example() -> String {
    let lib = std::fs::read_to_string(crate_dir().join("src/lib.rs")).unwrap();
    let docs: String = lib
        .lines()
        .take_while(|line| line.starts_with("//!"))
        .map(|line| {
            line.strip_prefix("//! ")
                .unwrap_or(line.trim_start_matches("//!"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    first_block(&docs, "```no_run\n")
}

#[test]
fn the_readme_shows_the_front_page_example() {
    let readme = std::fs::read_to_string(crate_dir().join("README.md")).unwrap();
    assert_eq!(
        first_block(&readme, "```rust,no_run\n"),
        front_page_example()
    );
}

#[test]
fn the_front_page_example_builds_with_only_oss_client_and_tokio() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("front-page-example");
    let _ = std::fs::remove_dir_all(root.join("src"));
    std::fs::create_dir_all(root.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"front-page-example\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[dependencies]\noss-client = {{ path = {:?} }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
         # A workspace of its own, not a member of the one it is built under.\n[workspace]\n",
        crate_dir().display().to_string()
    );
    std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(root.join("src/main.rs"), front_page_example()).unwrap();
    // The workspace's lock: the same versions as the rest of the tests, found offline.
    std::fs::copy(
        crate_dir().join("../../Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["check", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the example does not build with only oss-client and tokio:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
