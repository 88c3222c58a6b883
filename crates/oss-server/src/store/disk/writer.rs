//! Writing a new blob of the disk backend: a temporary file in this process's directory,
//! flushed, fsynced and renamed into `blobs/` (whose directory is fsynced too).

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use tokio::io::AsyncWriteExt;

use crate::store::BlobRef;

/// Paths and naming shared by the store and its writers.
pub(super) struct Paths {
    pub blobs: PathBuf,
    pub tmp: PathBuf,
    pub process: String,
    pub counter: AtomicU64,
}

impl Paths {
    pub fn next_id(&self) -> String {
        format!(
            "{}-{:010}",
            self.process,
            self.counter.fetch_add(1, Ordering::Relaxed)
        )
    }
}

/// Streams a new blob into a temporary file; the file is removed if the writer is dropped
/// before [`finish`](Self::finish).
pub(crate) struct FileWriter {
    pub(super) file: Option<tokio::io::BufWriter<tokio::fs::File>>,
    pub(super) temp: PathBuf,
    pub(super) id: String,
    pub(super) paths: Arc<Paths>,
}

impl FileWriter {
    /// Appends a chunk.
    pub async fn write(&mut self, chunk: Bytes) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.write_all(&chunk).await,
            None => Err(io::Error::other("the blob writer is finished")),
        }
    }

    /// Flushes and fsyncs the file, renames it into `blobs/` and fsyncs that directory.
    pub async fn finish(mut self) -> io::Result<BlobRef> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("the blob writer is finished"))?;
        file.flush().await?;
        let file = file.into_inner();
        file.sync_all().await?;
        drop(file);
        let target = self.paths.blobs.join(&self.id);
        tokio::fs::rename(&self.temp, &target).await?;
        let blobs = self.paths.blobs.clone();
        tokio::task::spawn_blocking(move || std::fs::File::open(blobs)?.sync_all())
            .await
            .map_err(io::Error::other)??;
        // Renamed: nothing left for Drop to remove.
        self.temp = PathBuf::new();
        Ok(BlobRef::File(self.id.clone().into()))
    }
}

impl Drop for FileWriter {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
