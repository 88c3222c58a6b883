//! The key pair of the local server: generated once per data directory, kept beside the
//! data in a file only its owner can read, and accepted by the embedded server, by
//! `oss serve` (without `--credential`) and by presigned URLs made without an endpoint.
//!
//! A fixed development pair would let any local user (or web page able to reach loopback)
//! read and write the per-user store while a command runs; a secret of the user's own does
//! not. The file, `DATA_DIR/credentials`, holds two lines, `access-key-id = …` and
//! `access-key-secret = …`; it is created mode 0600 (an existing one is tightened), never
//! followed through a symbolic link, and never printed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;

use crate::error::{CliError, Result};

/// The file name of the key pair in a data directory.
const FILE_NAME: &str = "credentials";
/// The access key ids of local key pairs start so (like Alibaba Cloud's `LTAI`).
const ID_PREFIX: &str = "LTAI5tLocal";

/// Where the key pair of the data directory `dir` is kept.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The key pair of the data directory `dir` (created private if needed), generated on first
/// use.
pub fn load_or_create(dir: &Path) -> Result<oss_auth::Credentials> {
    crate::embedded::prepare_data_dir(dir)?;
    let path = path(dir);
    let failed = |e: std::io::Error| CliError::io(format!("cannot read {}", path.display()), e);
    // A pair written by another command between two steps is read on the next round.
    for _ in 0..4 {
        match read(&path).map_err(failed)? {
            Some((id, secret)) => return Ok(oss_auth::Credentials::new(id, secret)),
            None => {
                if create(&path)
                    .map_err(|e| CliError::io(format!("cannot create {}", path.display()), e))?
                {
                    continue;
                }
                // Damaged or from elsewhere: replaced by a new pair.
                std::fs::remove_file(&path).map_err(failed)?;
            }
        }
    }
    Err(CliError::failed(format!(
        "{} holds no key pair and cannot be replaced",
        path.display()
    )))
}

/// The pair in `path`: `None` if there is no file or it holds no pair.
fn read(path: &Path) -> std::io::Result<Option<(String, String)>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    let mut text = String::new();
    if file.take(4096).read_to_string(&mut text).is_err() {
        return Ok(None);
    }
    let value = |name: &str| {
        text.lines()
            .filter_map(|line| line.split_once('='))
            .find(|(key, _)| key.trim() == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    Ok(value("access-key-id").zip(value("access-key-secret")))
}

/// Writes a new pair to `path` unless one appeared there meanwhile (another command
/// racing); `false` if the file exists but holds no pair.
fn create(path: &Path) -> std::io::Result<bool> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(false);
    }
    let random = random_bytes(33)?;
    let encode = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let id: String = encode(&random[..9])
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { 'x' })
        .collect();
    let text = format!(
        "# The key pair of the oss-rs local server over this directory. Keep it private.\n\
         access-key-id = {ID_PREFIX}{id}\naccess-key-secret = {}\n",
        encode(&random[9..])
    );
    let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    // Whole or not at all, and never over a pair another command wrote first.
    let result = written.and_then(|()| match std::fs::hard_link(&temporary, path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    });
    let _ = std::fs::remove_file(&temporary);
    result.map(|()| true)
}

/// `count` random bytes from the operating system.
fn random_bytes(count: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0u8; count];
    #[cfg(unix)]
    {
        std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    }
    #[cfg(not(unix))]
    {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_usize(i);
            chunk.copy_from_slice(&hasher.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_made_once_and_kept_private() {
        let dir = std::env::temp_dir().join(format!("oss-cli-local-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = load_or_create(&dir).unwrap();
        let again = load_or_create(&dir).unwrap();
        assert_eq!(first.access_key_id(), again.access_key_id());
        assert_eq!(first.access_key_secret(), again.access_key_secret());
        assert!(first.access_key_id().starts_with(ID_PREFIX));
        assert!(first.access_key_secret().len() >= 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path(&dir)), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
        // Another directory, another pair.
        let other = load_or_create(&dir.join("other")).unwrap();
        assert_ne!(other.access_key_secret(), first.access_key_secret());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
