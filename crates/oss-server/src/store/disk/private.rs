//! Keeping the data directory private to its user: every directory the store creates is
//! 0700 and every file 0600, whatever the umask (which can only take permissions away), and
//! an existing data directory that grants its group or others anything is tightened, with a
//! warning, because it holds every object, private ones included.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// The mode of the store's directories.
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
/// The mode of the store's files.
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// Creates `path` and its missing parents, private.
pub(super) fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(path)
}

/// Creates the directory `path`, private; fails if it exists.
pub(super) fn create_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(path)
}

/// Creates the file `path` for writing, private; fails if something is there already (never
/// follows a planted link).
pub(super) fn create_new_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(FILE_MODE);
    options.open(path)
}

/// Creates the file `path` if it is missing, private, so that a program creating it later
/// (SQLite, whose journal and WAL files copy its mode) does not use its own default.
pub(super) fn ensure_file(path: &Path) -> io::Result<()> {
    match create_new_file(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map(drop),
    }
}

/// Takes group and other permissions away from an existing directory or file (a missing one
/// is fine), warning when it had any; when they cannot be taken (someone else's directory),
/// warns and goes on.
pub(super) fn tighten(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let metadata = match std::fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let mode = metadata.permissions().mode();
        if mode & 0o077 != 0 {
            let private = if metadata.is_dir() {
                DIR_MODE
            } else {
                FILE_MODE
            };
            tracing::warn!(
                path = %path.display(),
                mode = format!("{:o}", mode & 0o777),
                "the data directory was open to other users; made it private"
            );
            if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(private))
            {
                tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "the data directory is open to other users and cannot be made private"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
