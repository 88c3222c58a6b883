//! The temporary file of a download: a name derived from the destination alone, created
//! only where nothing is (see [`crate::safe_fs`]), and reopened only if it is a regular file.
//!
//! A download with a checkpoint writes `.NAME.oss-download` beside `NAME`, the name the next
//! run looks for; one without a checkpoint writes `.NAME.PID.RANDOM.oss-download`, a name no
//! other run uses (another is drawn if it is taken).

use std::collections::hash_map::RandomState;
use std::ffi::OsString;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use crate::safe_fs;

/// How many unique names are tried before giving up.
const ATTEMPTS: u32 = 16;

/// The temporary file of a checkpointed download of `destination`.
pub(crate) fn resumable_path(destination: &Path) -> PathBuf {
    sibling(destination, "oss-download")
}

/// `.NAME.SUFFIX` beside `destination`.
fn sibling(destination: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(destination.file_name().unwrap_or_default());
    name.push(".");
    name.push(suffix);
    destination.with_file_name(name)
}

/// Creates the temporary file of a checkpointed download with `size` bytes. A regular file
/// left there (by a run whose checkpoint is gone) is replaced; anything else is refused.
pub(crate) fn create_resumable(path: &Path, size: u64) -> io::Result<File> {
    safe_fs::clear_leftover(path)?;
    sized(safe_fs::create_new(path)?, size)
}

/// Creates a temporary file of its own for a download of `destination` without a
/// checkpoint, with `size` bytes.
pub(crate) fn create_unique(destination: &Path, size: u64) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for attempt in 0..ATTEMPTS {
        let suffix = format!(
            "{}.{:08x}.oss-download",
            std::process::id(),
            random(attempt)
        );
        let path = sibling(destination, &suffix);
        match safe_fs::create_new(&path) {
            Ok(file) => return Ok((path, sized(file, size)?)),
            // Taken (by anything, a planted link included): never used, another is drawn.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::ErrorKind::AlreadyExists.into()))
}

/// Reopens the temporary file of an interrupted download.
pub(crate) fn reopen(path: &Path) -> io::Result<File> {
    safe_fs::open_regular(path)
}

fn sized(file: File, size: u64) -> io::Result<File> {
    file.set_len(size)?;
    Ok(file)
}

/// 32 unpredictable bits (std's per-process random hash keys).
fn random(salt: u32) -> u32 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(salt);
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_destination() {
        assert_eq!(
            resumable_path(Path::new("/d/big.bin")),
            Path::new("/d/.big.bin.oss-download")
        );
        let dir = std::env::temp_dir().join(format!("oss-transfer-temp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, _) = create_unique(&dir.join("x"), 3).unwrap();
        let (b, _) = create_unique(&dir.join("x"), 3).unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::metadata(&a).unwrap().len(), 3);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
