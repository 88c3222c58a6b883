//! Checkpoints: what a resumable transfer has done, on disk, so a later run can continue.
//!
//! A checkpoint file is small, versioned and carries its own checksum:
//! `{"magic":"oss-rs-checkpoint","version":1,"crc64":"…","kind":"upload","state":{…}}`, where
//! `crc64` is the CRC-64 of the `state` JSON as written. A file that is truncated, edited,
//! from another version or of another kind reads as [`CheckpointError::Invalid`] and the
//! transfer starts over; it never resumes from a state it cannot trust.
//!
//! Writes are atomic: a temporary file in the same directory, flushed to disk, then renamed
//! over the old checkpoint, and the directory itself synced, so a crash leaves either the old
//! or the new checkpoint, never a mix.
//!
//! The checksum catches damage, not forgery: anyone who can write the directory can write a
//! checkpoint that checks out. So the directory must be the user's own: it is created `0700`,
//! and one that every user may write or that another user owns is refused
//! ([`CheckpointError::Insecure`]). And a checkpoint only ever decides whether to resume: the
//! transfers derive every local path they write or delete from their own arguments, never
//! from a path stored in a checkpoint, and check what they read from one against the
//! transfer at hand.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use oss_checksum::crc64;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::safe_fs;

const MAGIC: &str = "oss-rs-checkpoint";
const VERSION: u32 = 1;

/// The state of one kind of transfer, as stored in a checkpoint file.
pub trait CheckpointState: Serialize + DeserializeOwned {
    /// Distinguishes upload, download and copy checkpoints.
    const KIND: &'static str;
}

/// Why a checkpoint could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum CheckpointError {
    /// Reading or writing the file failed.
    Io {
        /// The checkpoint file.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// The file exists but is not a checkpoint this version can trust.
    Invalid {
        /// The checkpoint file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The checkpoint directory is not private to the user (others could plant checkpoints
    /// in it); nothing was read or written.
    Insecure {
        /// The checkpoint directory.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl std::fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckpointError::Io { path, source } => {
                write!(f, "checkpoint {}: {source}", path.display())
            }
            CheckpointError::Invalid { path, reason } => {
                write!(f, "checkpoint {} is not usable: {reason}", path.display())
            }
            CheckpointError::Insecure { reason, .. } => {
                write!(f, "unsafe checkpoint directory: {reason}")
            }
        }
    }
}

impl std::error::Error for CheckpointError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CheckpointError::Io { source, .. } => Some(source),
            CheckpointError::Invalid { .. } | CheckpointError::Insecure { .. } => None,
        }
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    magic: &'static str,
    version: u32,
    kind: &'static str,
    crc64: String,
    state: &'a RawValue,
}

#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    magic: String,
    version: u32,
    kind: String,
    crc64: String,
    #[serde(borrow)]
    state: &'a RawValue,
}

/// A directory of checkpoint files, one per transfer.
#[derive(Debug, Clone)]
pub struct CheckpointDir {
    dir: PathBuf,
}

impl CheckpointDir {
    /// Checkpoints under `dir` (created on the first save).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        CheckpointDir { dir: dir.into() }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The file that holds the checkpoint of the transfer named `identity` (any string that
    /// identifies it, e.g. bucket, key and local path): a hash, so any identity is a valid
    /// file name.
    pub fn file_for<S: CheckpointState>(&self, identity: &str) -> PathBuf {
        let hash = crc64::checksum(identity.as_bytes());
        let len = identity.len();
        self.dir
            .join(format!("{:016x}-{len:x}.{}.ckpt", hash, S::KIND))
    }

    /// Reads the checkpoint at `path`: `Ok(None)` when there is none.
    pub fn load<S: CheckpointState>(&self, path: &Path) -> Result<Option<S>, CheckpointError> {
        match self.read::<S>(path)? {
            Read::Missing => Ok(None),
            Read::Valid(state) => Ok(Some(state)),
            Read::Damaged { error, .. } => Err(error),
        }
    }

    /// Refuses a directory other users could plant checkpoints in.
    fn check(&self, path: &Path) -> Result<(), CheckpointError> {
        let dir = path.parent().unwrap_or(&self.dir);
        safe_fs::check_private_dir(dir).map_err(|e| CheckpointError::Insecure {
            path: dir.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Reads the checkpoint at `path`, keeping what can be read of a damaged one.
    fn read<S: CheckpointState>(&self, path: &Path) -> Result<Read<S>, CheckpointError> {
        self.check(path)?;
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Read::Missing),
            Err(source) => {
                return Err(CheckpointError::Io {
                    path: path.to_owned(),
                    source,
                })
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let salvaged = salvaged_upload_id(&String::from_utf8_lossy(e.as_bytes()));
                return Ok(damaged(invalid(path, "not UTF-8"), salvaged));
            }
        };
        let envelope: EnvelopeIn<'_> = match serde_json::from_str(&text) {
            Ok(envelope) => envelope,
            Err(e) => {
                let error = invalid(path, &format!("not a checkpoint file: {e}"));
                return Ok(damaged(error, salvaged_upload_id(&text)));
            }
        };
        let state = envelope.state.get();
        // What can still be read of a damaged checkpoint of this kind (to clean up after it).
        let remains = || {
            (envelope.kind == S::KIND)
                .then(|| serde_json::from_str(state).ok())
                .flatten()
        };
        if envelope.magic != MAGIC {
            return Ok(damaged(invalid(path, "wrong magic"), None));
        }
        if envelope.version != VERSION {
            let reason = format!("version {} is not {VERSION}", envelope.version);
            return Ok(damaged(invalid(path, &reason), None));
        }
        if envelope.kind != S::KIND {
            let reason = format!("a {} checkpoint, not {}", envelope.kind, S::KIND);
            return Ok(damaged(invalid(path, &reason), None));
        }
        if envelope.crc64 != crc64::checksum(state.as_bytes()).to_string() {
            return Ok(damaged(invalid(path, "checksum mismatch"), remains()));
        }
        match serde_json::from_str(state) {
            Ok(state) => Ok(Read::Valid(state)),
            Err(e) => {
                let error = invalid(path, &format!("state does not parse: {e}"));
                Ok(damaged(
                    error,
                    remains().or_else(|| salvaged_upload_id(&text)),
                ))
            }
        }
    }

    /// Writes `state` to `path` atomically.
    pub fn save<S: CheckpointState>(&self, path: &Path, state: &S) -> Result<(), CheckpointError> {
        let io_error = |source| CheckpointError::Io {
            path: path.to_owned(),
            source,
        };
        let state_json = serde_json::to_string(state)
            .map_err(|e| io_error(io::Error::new(io::ErrorKind::InvalidData, e)))?;
        let raw = RawValue::from_string(state_json)
            .map_err(|e| io_error(io::Error::new(io::ErrorKind::InvalidData, e)))?;
        let envelope = EnvelopeOut {
            magic: MAGIC,
            version: VERSION,
            kind: S::KIND,
            crc64: crc64::checksum(raw.get().as_bytes()).to_string(),
            state: &raw,
        };
        let bytes = serde_json::to_vec(&envelope)
            .map_err(|e| io_error(io::Error::new(io::ErrorKind::InvalidData, e)))?;
        self.check(path)?;
        let dir = path.parent().unwrap_or(&self.dir);
        safe_fs::create_private_dir(dir).map_err(io_error)?;
        write_atomically(dir, path, &bytes).map_err(io_error)
    }

    /// Deletes the checkpoint at `path`, if any.
    pub fn remove(&self, path: &Path) -> Result<(), CheckpointError> {
        match fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(CheckpointError::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }
}

/// What reading a checkpoint file found.
pub(crate) enum Read<S> {
    /// No file.
    Missing,
    /// A checkpoint that checks out.
    Valid(S),
    /// A file that is not a usable checkpoint: why, and its state as plain JSON when that
    /// can still be read (a checkpoint of this kind whose checksum no longer matches).
    Damaged {
        error: CheckpointError,
        remains: Option<serde_json::Value>,
    },
}

/// The upload id in a checkpoint too damaged to parse, found by its field name: enough to
/// abort the upload it named (the service aborts an id only for the key it belongs to, so an id
/// read from damaged text cannot end another object's upload).
fn salvaged_upload_id(text: &str) -> Option<serde_json::Value> {
    const FIELD: &str = "\"upload_id\":\"";
    let start = text.find(FIELD)? + FIELD.len();
    let id = &text[start..start + text[start..].find('"')?];
    Some(serde_json::json!({ "upload_id": id }))
}

fn damaged<S>(error: CheckpointError, remains: Option<serde_json::Value>) -> Read<S> {
    Read::Damaged { error, remains }
}

fn invalid(path: &Path, reason: &str) -> CheckpointError {
    CheckpointError::Invalid {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Writes `bytes` to a fresh temporary file in `dir`, syncs it, renames it to `path` and
/// syncs `dir`, so that `path` holds either its old content or all of the new.
pub(crate) fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per write, so that two writers of one checkpoint never share a temporary file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = safe_fs::create_new_private(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        // The rename is durable only once the directory entry is.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// One transfer's checkpoint file: where it is, written off the async workers.
#[derive(Debug, Clone)]
pub(crate) struct CheckpointFile {
    dir: CheckpointDir,
    path: PathBuf,
}

impl CheckpointFile {
    /// The checkpoint of the transfer named `identity` in `dir`.
    pub(crate) fn new<S: CheckpointState>(dir: &CheckpointDir, identity: &str) -> Self {
        CheckpointFile {
            dir: dir.clone(),
            path: dir.file_for::<S>(identity),
        }
    }

    /// Reads it; a checkpoint that cannot be trusted is deleted and reads as none. Temporary
    /// files that an interrupted write of this checkpoint left behind are deleted first (one
    /// transfer uses a checkpoint at a time).
    pub(crate) async fn load<S: CheckpointState + Send + 'static>(
        &self,
    ) -> Result<Option<S>, CheckpointError> {
        // A damaged checkpoint reads as none (it was deleted).
        Ok(self.load_or_remains::<S>().await?.ok().flatten())
    }

    /// Like [`load`](Self::load), but for a damaged checkpoint (deleted too) gives what can
    /// still be read of its state, if anything: `Err(remains)`.
    pub(crate) async fn load_or_remains<S: CheckpointState + Send + 'static>(
        &self,
    ) -> Result<Result<Option<S>, Option<serde_json::Value>>, CheckpointError> {
        let file = self.clone();
        blocking(move || {
            file.dir.check(&file.path)?;
            file.remove_temporaries();
            Ok(())
        })
        .await?;
        let file = self.clone();
        blocking(move || match file.dir.read::<S>(&file.path)? {
            Read::Missing => Ok(Ok(None)),
            Read::Valid(state) => Ok(Ok(Some(state))),
            Read::Damaged { remains, .. } => {
                file.dir.remove(&file.path)?;
                Ok(Err(remains))
            }
        })
        .await
    }

    /// Deletes `.NAME.*.tmp` beside the checkpoint `NAME` (best effort).
    fn remove_temporaries(&self) {
        let (Some(dir), Some(name)) = (self.path.parent(), self.path.file_name()) else {
            return;
        };
        let prefix = format!(".{}.", name.to_string_lossy());
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            if entry_name.starts_with(&prefix) && entry_name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Writes `state` atomically.
    pub(crate) async fn save<S: CheckpointState + Clone + Send + 'static>(
        &self,
        state: &S,
    ) -> Result<(), CheckpointError> {
        let (file, state) = (self.clone(), state.clone());
        blocking(move || file.dir.save(&file.path, &state)).await
    }

    /// Deletes it.
    pub(crate) async fn remove(&self) -> Result<(), CheckpointError> {
        let file = self.clone();
        blocking(move || file.dir.remove(&file.path)).await
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CheckpointError> + Send + 'static,
) -> Result<T, CheckpointError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(CheckpointError::Io {
            path: PathBuf::new(),
            source: io::Error::other(e),
        })
    })
}
