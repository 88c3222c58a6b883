//! Resuming downloads: the checkpoint of a download and the temporary file it belongs to.
//!
//! The checkpoint records the bucket, key and destination, the object's ETag, size and
//! CRC-64, the part size and every part written with its CRC-64. A run that finds one
//! resumes only if it is this download's (same bucket, key and destination), the object
//! still has that ETag and size, the part size is the same, every recorded part is a part of
//! that plan, and the temporary file is there, a regular file with the object's size; it
//! then reads back every recorded part and keeps those whose bytes still have their CRC-64
//! (a crash can lose writes the checkpoint already counted). Otherwise the checkpoint is
//! deleted and the download starts over.
//!
//! The temporary file's name is derived from the destination, never read from the
//! checkpoint: whatever a checkpoint says, the only file a download writes, reopens or
//! deletes is its own temporary file (an older version recorded the name; it is ignored).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::checkpoint::{CheckpointFile, CheckpointState};
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::positional::read_range_at;

use super::temp;

/// A part in the temporary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WrittenPart {
    pub(crate) size: u64,
    pub(crate) crc64: u64,
}

/// The checkpoint of a download.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DownloadState {
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) destination: String,
    pub(crate) etag: String,
    pub(crate) size: u64,
    pub(crate) crc64: Option<u64>,
    pub(crate) part_size: u64,
    /// By part number.
    pub(crate) parts: BTreeMap<u32, WrittenPart>,
}

impl CheckpointState for DownloadState {
    const KIND: &'static str = "download";
}

impl DownloadState {
    /// The bytes of the recorded parts.
    pub(crate) fn done_bytes(&self) -> u64 {
        self.parts.values().map(|p| p.size).sum()
    }

    /// The CRC-64 of the whole object, from the parts'.
    pub(crate) fn combined_crc(&self) -> u64 {
        self.parts.values().fold(0, |crc, part| {
            oss_checksum::crc64::combine(crc, part.crc64, part.size)
        })
    }
}

/// The checkpoint file name's identity of a download (of the current version, or of
/// `version_id`).
pub(crate) fn identity(
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
    destination: &str,
) -> String {
    match version_id {
        None => format!("download\noss://{bucket}/{key}\n{destination}"),
        Some(version) => {
            format!("download\noss://{bucket}/{key}?versionId={version}\n{destination}")
        }
    }
}

/// The state a valid checkpoint allows to resume from (its unusable parts dropped) and the
/// reopened temporary file `temp`, or `None` after removing an unusable checkpoint.
pub(crate) async fn resume(
    file: &CheckpointFile,
    fresh: &DownloadState,
    plan: &PartPlan,
    temp: &Path,
) -> Result<Option<(DownloadState, File)>> {
    let Some(mut old) = file.load::<DownloadState>().await? else {
        return Ok(None);
    };
    let same = old.bucket == fresh.bucket
        && old.key == fresh.key
        && old.destination == fresh.destination
        && old.etag == fresh.etag
        && old.size == fresh.size
        && old.crc64 == fresh.crc64
        && old.part_size == plan.part_size()
        && old.parts.iter().all(|(number, part)| {
            plan.part(*number)
                .is_some_and(|range| range.length == part.size)
        });
    if !same {
        file.remove().await?;
        return Ok(None);
    }
    let path = temp.to_path_buf();
    let size = old.size;
    let recorded: Vec<(u32, WrittenPart)> = old.parts.iter().map(|(n, p)| (*n, *p)).collect();
    let plan = *plan;
    let opened = tokio::task::spawn_blocking(move || {
        let handle = match temp::reopen(&path) {
            Ok(handle) => handle,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if handle.metadata()?.len() != size {
            return Ok(None);
        }
        let intact: Vec<u32> = recorded
            .into_iter()
            .filter(|(number, part)| {
                plan.part(*number).is_some_and(|range| {
                    let mut crc = 0;
                    let read = read_range_at(&handle, range.offset, range.length, |chunk| {
                        crc = oss_checksum::crc64::update(crc, chunk)
                    });
                    read.is_ok() && crc == part.crc64
                })
            })
            .map(|(number, _)| number)
            .collect();
        Ok(Some((handle, intact)))
    })
    .await
    .map_err(|e| {
        Error::io(
            "cannot read back the temporary file",
            std::io::Error::other(e),
        )
    })?
    .map_err(|e| Error::io(format!("cannot reopen {}", temp.display()), e))?;
    let Some((handle, intact)) = opened else {
        file.remove().await?;
        return Ok(None);
    };
    old.parts.retain(|number, _| intact.contains(number));
    Ok(Some((old, handle)))
}

/// Deletes `path` if it exists.
pub(crate) async fn remove_file(path: &Path) -> Result<()> {
    match tokio::fs::remove_file(path).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("cannot remove {}", path.display()), e)),
    }
}
