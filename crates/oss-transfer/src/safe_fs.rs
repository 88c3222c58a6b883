//! Files and directories the transfers create where others may also write: temporary files
//! that are never opened through a symbolic link or over something already there, and
//! checkpoint directories that are private to the user.
//!
//! A download's temporary file sits beside its destination, in a directory other users may
//! be able to write. Creating it with `O_CREAT | O_EXCL | O_NOFOLLOW` makes the kernel refuse
//! a name that is already taken, a symbolic link planted there included, so the download can
//! never write through one into another file. Reopening one to resume it uses `O_NOFOLLOW`
//! and checks that what was opened is a regular file (`O_NONBLOCK` keeps a FIFO from
//! blocking the open).
//!
//! A checkpoint directory holds state that decides what a later run does, so it must be
//! writable by the user alone: it is created `0700`, and an existing one that every user may
//! write, or that another user owns, is refused.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `path` for reading and writing; fails if anything (a symbolic link included) is
/// already there.
pub(crate) fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    no_follow(&mut options, false);
    options.open(path)
}

/// Creates `path` like [`create_new`], readable and writable by its owner only.
pub(crate) fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    no_follow(&mut options, false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Opens the existing regular file `path` for reading and writing, never through a
/// symbolic link.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    no_follow(&mut options, true);
    let file = options.open(path).map_err(|e| explain_link(path, e))?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", path.display()),
        ));
    }
    Ok(file)
}

/// Makes a leftover temporary file at `path` go away: nothing there, or a regular file
/// (removed), is fine; anything else (a symbolic link, a directory, a FIFO) was put there by
/// someone else and is refused, untouched.
pub(crate) fn clear_leftover(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(metadata) if metadata.is_file() => match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
        Ok(metadata) => Err(something_else(path, &metadata)),
    }
}

/// The error for a name taken by something that is not a regular file.
pub(crate) fn something_else(path: &Path, metadata: &std::fs::Metadata) -> io::Error {
    let kind = if metadata.file_type().is_symlink() {
        "a symbolic link"
    } else if metadata.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    };
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} is {kind}, not a temporary file of this transfer (remove it to go on)",
            path.display()
        ),
    )
}

/// `O_NOFOLLOW` (and `O_NONBLOCK` when opening something that exists) where the system
/// has them.
fn no_follow(options: &mut OpenOptions, existing: bool) {
    #[cfg(unix)]
    {
        let mut flags = libc::O_NOFOLLOW;
        if existing {
            flags |= libc::O_NONBLOCK;
        }
        std::os::unix::fs::OpenOptionsExt::custom_flags(options, flags);
    }
    #[cfg(not(unix))]
    let _ = (options, existing);
}

/// Says so when `O_NOFOLLOW` refused a symbolic link (the system reports `ELOOP`).
fn explain_link(path: &Path, error: io::Error) -> io::Error {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if !metadata.is_file() => something_else(path, &metadata),
        _ => error,
    }
}

/// Creates `dir` (and missing parents) readable, writable and searchable by the user only.
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Refuses a directory that other users could use to plant files: one every user may write,
/// or one another user owns. A directory that does not exist yet is fine.
pub(crate) fn check_private_dir(dir: &Path) -> io::Result<()> {
    let metadata = match std::fs::metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    if !metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a directory", dir.display()),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mode = metadata.mode() & 0o7777;
        if mode & 0o002 != 0 {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} is writable by every user (mode {mode:o}): checkpoints need a \
                     directory of your own",
                    dir.display()
                ),
            ));
        }
        if metadata.uid() != effective_uid() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} belongs to another user (uid {}): checkpoints need a directory of \
                     your own",
                    dir.display(),
                    metadata.uid()
                ),
            ));
        }
    }
    Ok(())
}

/// The user the process acts as.
#[cfg(unix)]
#[allow(unsafe_code)]
fn effective_uid() -> u32 {
    // SAFETY: geteuid takes no arguments, touches no memory of ours and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "oss-transfer-safe-fs-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn new_files_never_go_through_links_or_over_files() {
        let dir = scratch("new");
        let victim = dir.join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let link = dir.join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(create_new(&link).is_err());
        assert!(create_new(&victim).is_err());
        assert!(open_regular(&link).is_err());
        assert!(clear_leftover(&link).is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(
            std::fs::symlink_metadata(&link).is_ok(),
            "the link is left alone"
        );

        let fresh = dir.join("fresh");
        create_new(&fresh).unwrap();
        open_regular(&fresh).unwrap();
        clear_leftover(&fresh).unwrap();
        assert!(!fresh.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shared_directories_are_refused_and_new_ones_are_private() {
        let dir = scratch("dirs");
        let private = dir.join("a/b");
        create_private_dir(&private).unwrap();
        let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        check_private_dir(&private).unwrap();
        check_private_dir(&dir.join("missing")).unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(check_private_dir(&private).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
