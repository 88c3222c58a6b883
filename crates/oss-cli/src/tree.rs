//! The files of a local directory or the objects under a prefix, by their path relative to
//! the root (`/`-separated), for recursive `cp` and `sync`.
//!
//! Symbolic links to files are followed; links to directories are not (no cycles). Objects
//! whose key ends with `/` (directory markers) are left out. A local name that is not UTF-8
//! cannot be a key: it is listed apart, as unusable, with why.
//!
//! A key maps to a local path only when each of its `/`-separated components is a plain
//! name: not empty (so no leading `/` and no `//`), not `.` or `..`, and without `\` or NUL.
//! `dir//double.txt`, `./dot.txt` and `dir/./x` do not map, although a file system would
//! read them as `dir/double.txt`, `dot.txt` and `dir/x`: `dir/double.txt` may be another key
//! of the same listing, and two keys must never write one file. A key that does not map is
//! reported as failed by the command; nothing is ever written outside the destination.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use oss_client::Bucket;

use crate::commands::fail;
use crate::error::{CliError, Result};

/// A file or object of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The size in bytes.
    pub size: u64,
    /// When it was last modified.
    pub modified: Option<SystemTime>,
}

/// A tree: relative path to entry, in order.
pub type Tree = BTreeMap<String, Entry>;

/// A local file that cannot take part in a tree transfer, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The file, as shown.
    pub path: String,
    /// Why it cannot be transferred.
    pub reason: String,
}

/// The files under `root`, and those whose names cannot be keys.
pub fn local(root: &Path) -> Result<(Tree, Vec<Unusable>)> {
    let mut tree = Tree::new();
    let mut unusable = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, relative)) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| CliError::io(format!("cannot list {}", dir.display()), e))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| CliError::io(format!("cannot list {}", dir.display()), e))?;
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                unusable.push(Unusable {
                    path: path.display().to_string(),
                    reason: "the file name is not valid UTF-8, so it cannot be a key \
                             (rename it to upload it)"
                        .to_owned(),
                });
                continue;
            };
            let child = if relative.is_empty() {
                name
            } else {
                format!("{relative}/{name}")
            };
            let kind = entry
                .file_type()
                .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?;
            if kind.is_dir() {
                stack.push((path, child));
                continue;
            }
            // Files, and links to files.
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_file() => {
                    tree.insert(
                        child,
                        Entry {
                            size: metadata.len(),
                            modified: metadata.modified().ok(),
                        },
                    );
                }
                _ => {}
            }
        }
    }
    Ok((tree, unusable))
}

/// The objects under `prefix`.
pub async fn remote(bucket: &Bucket, prefix: &str) -> Result<Tree> {
    let mut tree = Tree::new();
    let mut pages = bucket.list_objects_v2().prefix(prefix).into_paginator();
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!("list oss://{}/{prefix}", bucket.name())))?;
        for object in &page.contents {
            let relative = &object.key[prefix.len().min(object.key.len())..];
            if relative.is_empty() || object.key.ends_with('/') {
                continue;
            }
            tree.insert(
                relative.to_owned(),
                Entry {
                    size: object.size,
                    modified: object.last_modified.to_system_time(),
                },
            );
        }
    }
    Ok(tree)
}

/// `root` joined with a relative key, or why the key does not map to a local path (see the
/// module documentation).
pub fn local_path(root: &Path, relative: &str) -> std::result::Result<PathBuf, String> {
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        let mut components = Path::new(part).components();
        let plain =
            matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none();
        let why = if part.is_empty() {
            "an empty path component (a leading \"/\" or \"//\")"
        } else if part == "." || part == ".." {
            "a \".\" or \"..\" path component"
        } else if part.contains(['\\', '\0']) {
            "a backslash or NUL"
        } else if !plain {
            "a component that is not a plain file name"
        } else {
            path.push(part);
            continue;
        };
        return Err(format!("the key has {why}, so it has no local path"));
    }
    Ok(path)
}

/// Whether the destination is up to date: the same size, and modified no earlier (to the
/// second: OSS keeps Last-Modified in whole seconds).
pub fn is_current(source: &Entry, dest: Option<&Entry>) -> bool {
    let seconds = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    match dest {
        Some(dest) => {
            dest.size == source.size
                && match (source.modified, dest.modified) {
                    (Some(s), Some(d)) => seconds(d) >= seconds(s),
                    _ => false,
                }
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_stay_inside() {
        let root = Path::new("/tmp/x");
        assert_eq!(
            local_path(root, "a/b.txt"),
            Ok(PathBuf::from("/tmp/x/a/b.txt"))
        );
        assert_eq!(
            local_path(root, "ctrl\x1b\nname"),
            Ok(PathBuf::from("/tmp/x/ctrl\x1b\nname"))
        );
        for bad in [
            "../etc/passwd",
            "a//b",
            "a/./b",
            "./dot.txt",
            "dir//double.txt",
            "dir/..",
            "..",
            "/abs.txt",
            "..\\win.txt",
            "nul\0byte",
            "a/b/../../../evil3.txt",
        ] {
            assert!(local_path(root, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn currency() {
        let now = SystemTime::now();
        let old = now - std::time::Duration::from_secs(60);
        let entry = |size, modified| Entry {
            size,
            modified: Some(modified),
        };
        assert!(is_current(&entry(1, old), Some(&entry(1, now))));
        assert!(!is_current(&entry(1, now), Some(&entry(1, old))));
        assert!(!is_current(&entry(1, old), Some(&entry(2, now))));
        assert!(!is_current(&entry(1, old), None));
    }

    #[test]
    fn lists_a_local_tree() {
        let root = std::env::temp_dir().join(format!("oss-cli-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("top.txt"), b"1").unwrap();
        std::fs::write(root.join("a/b/deep.txt"), b"22").unwrap();
        let (tree, unusable) = local(&root).unwrap();
        assert!(unusable.is_empty());
        let names: Vec<&str> = tree.keys().map(String::as_str).collect();
        assert_eq!(names, ["a/b/deep.txt", "top.txt"]);
        assert_eq!(tree["a/b/deep.txt"].size, 2);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
