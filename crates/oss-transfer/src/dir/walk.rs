//! Local trees: walking one into the files to upload (and what cannot be uploaded, with
//! why), and mapping keys back to safe local paths.
//!
//! Symbolic links are not followed (they could loop or leave the tree) and, like sockets or
//! devices, are reported as skipped; names that are not UTF-8 cannot be keys and are
//! reported too. A key maps to a local path only if every component is a plain name: no
//! empty component, `.` or `..`, no backslash or NUL, so that no key can write outside the
//! destination.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::SkipReason;

/// What the walk found at one path.
#[derive(Debug)]
pub(crate) enum Found {
    /// A regular file.
    File {
        rel: String,
        path: PathBuf,
        size: u64,
        modified: Option<SystemTime>,
    },
    /// Something that is not uploaded, and why.
    Skipped {
        rel: String,
        path: PathBuf,
        reason: SkipReason,
    },
    /// A directory or file that could not be read.
    Failed { path: PathBuf, error: io::Error },
}

/// Every entry under `root` (blocking), in path order.
pub(crate) fn walk(root: &Path) -> io::Result<Vec<Found>> {
    let metadata = std::fs::metadata(root)?;
    if !metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a directory", root.display()),
        ));
    }
    let mut found = Vec::new();
    visit(root, "", &mut found);
    Ok(found)
}

fn visit(dir: &Path, rel_dir: &str, found: &mut Vec<Found>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            found.push(Found::Failed {
                path: dir.to_owned(),
                error,
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by_key(|e| e.as_ref().map(|e| e.file_name()).ok());
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                found.push(Found::Failed {
                    path: dir.to_owned(),
                    error,
                });
                continue;
            }
        };
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            let shown = entry.file_name().to_string_lossy().into_owned();
            found.push(Found::Skipped {
                rel: format!("{rel_dir}{shown}"),
                path,
                reason: SkipReason::InvalidName("the name is not UTF-8".into()),
            });
            continue;
        };
        let rel = format!("{rel_dir}{name}");
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) => {
                found.push(Found::Failed { path, error });
                continue;
            }
        };
        let kind = metadata.file_type();
        if kind.is_symlink() {
            found.push(Found::Skipped {
                rel,
                path,
                reason: SkipReason::Symlink,
            });
        } else if kind.is_dir() {
            visit(&path, &format!("{rel}/"), found);
        } else if kind.is_file() {
            found.push(Found::File {
                rel,
                path,
                size: metadata.len(),
                modified: metadata.modified().ok(),
            });
        } else {
            found.push(Found::Skipped {
                rel,
                path,
                reason: SkipReason::NotAFile,
            });
        }
    }
}

/// The local path of `rel` (a key relative to the prefix) under `root`, or why there is none.
pub(crate) fn local_path(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let mut path = root.to_path_buf();
    for component in rel.split('/') {
        match component {
            "" => return Err("the key has an empty path component".into()),
            "." | ".." => return Err(format!("the key has a {component:?} component")),
            c if c.contains(['\\', '\0']) => {
                return Err("the key has a backslash or NUL in a component".into())
            }
            c => path.push(c),
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_leave_the_root() {
        let root = Path::new("/data");
        assert_eq!(
            local_path(root, "a/b.txt").unwrap(),
            Path::new("/data/a/b.txt")
        );
        for bad in ["../x", "a/../../x", "a//b", "/abs", "a/./b", "a\\b", "x/"] {
            assert!(local_path(root, bad).is_err(), "{bad}");
        }
    }
}
