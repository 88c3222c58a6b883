//! Resuming downloads: the checkpoint of a download and the temporary file it belongs to.
//!
//! The checkpoint records the bucket, key and destination, the temporary file, the object's
//! ETag, size and CRC-64, the part size and every part written with its CRC-64. A run that
//! finds one resumes only if the object still has that ETag and size, the part size is the
//! same and the temporary file is there with the object's size; it then reads back every
//! recorded part and keeps those whose bytes still have their CRC-64 (a crash can lose
//! writes the checkpoint already counted). Otherwise the checkpoint and its temporary file
//! are deleted and the download starts over.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::checkpoint::{CheckpointFile, CheckpointState};
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::stream::crc_of_range;

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
    pub(crate) temp: String,
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

/// The checkpoint file name's identity of a download.
pub(crate) fn identity(bucket: &str, key: &str, destination: &str) -> String {
    format!("download\noss://{bucket}/{key}\n{destination}")
}

/// The state a valid checkpoint allows to resume from (its unusable parts dropped), or
/// `None` after removing what an unusable one left behind.
pub(crate) async fn resume(
    file: &CheckpointFile,
    fresh: &DownloadState,
    plan: &PartPlan,
) -> Result<Option<DownloadState>> {
    let Some(mut old) = file.load::<DownloadState>().await? else {
        return Ok(None);
    };
    let same = old.bucket == fresh.bucket
        && old.key == fresh.key
        && old.destination == fresh.destination
        && old.temp == fresh.temp
        && old.etag == fresh.etag
        && old.size == fresh.size
        && old.crc64 == fresh.crc64
        && old.part_size == plan.part_size();
    let temp_len = tokio::fs::metadata(&old.temp).await.map(|m| m.len()).ok();
    if !same || temp_len != Some(old.size) {
        remove_file(Path::new(&old.temp)).await?;
        file.remove().await?;
        return Ok(None);
    }
    let temp = PathBuf::from(&old.temp);
    let recorded: Vec<(u32, WrittenPart)> = old.parts.iter().map(|(n, p)| (*n, *p)).collect();
    let plan = *plan;
    let intact = tokio::task::spawn_blocking(move || {
        recorded
            .into_iter()
            .filter(|(number, part)| {
                plan.part(*number).is_some_and(|range| {
                    range.length == part.size
                        && crc_of_range(&temp, range.offset, range.length).ok() == Some(part.crc64)
                })
            })
            .map(|(number, _)| number)
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| {
        Error::io(
            "cannot read back the temporary file",
            std::io::Error::other(e),
        )
    })?;
    old.parts.retain(|number, _| intact.contains(number));
    Ok(Some(old))
}

/// Deletes `path` if it exists.
pub(crate) async fn remove_file(path: &Path) -> Result<()> {
    match tokio::fs::remove_file(path).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("cannot remove {}", path.display()), e)),
    }
}
