//! The temporary file's one writer: the parts of a download hand it batches of bytes to
//! write at their offsets, and one blocking thread writes them in turn.
//!
//! Why one: parts writing the same file from several threads contend for the inode's lock
//! (the kernel spins on it: a tenth of a download's CPU in profiles), and each write from
//! the async side would be a hand-off to the blocking pool anyway. A part hands over the
//! chunks it received (no copy) about 512 KiB at a time, and at most two batches wait: the
//! chunks held here are what a download keeps in memory besides the connections' buffers
//! (1 MiB batches and four waiting peaked at 27 MiB resident for 4 parts in flight, these at
//! 21 MiB, at the same CPU). Copying them into pooled buffers
//! instead, so that the transport could reuse its own at once, was measured: the copy cost
//! more than the page faults it saved.
//!
//! A part counts its bytes as written when it queues them; before it reports the part
//! done it calls [`FileWriter::flush`], which answers once everything queued before is in
//! the file, or with the first write error.

use std::fs::File;
use std::io;

use bytes::Bytes;
use tokio::sync::{mpsc, oneshot};

/// About how many bytes a part hands over at a time.
pub(crate) const BATCH: usize = 512 << 10;
/// Batches queued at most (memory: this many batches besides those being gathered).
const QUEUED: usize = 2;

enum Message {
    Write { offset: u64, chunks: Vec<Bytes> },
    Flush(oneshot::Sender<io::Result<()>>),
}

/// A handle on the writer; the thread ends when the last handle is dropped.
pub(crate) struct FileWriter {
    queue: mpsc::Sender<Message>,
}

impl FileWriter {
    /// Starts the writer of `file`, on a thread of its own rather than the blocking pool: a
    /// writer lives as long as its download, and downloads must not starve the pool that
    /// their own checkpoint saves and renames need.
    pub(crate) fn start(file: File) -> io::Result<Self> {
        let (queue, mut messages) = mpsc::channel::<Message>(QUEUED);
        let thread = std::thread::Builder::new().name("oss-transfer-writer".into());
        thread.spawn(move || {
            // The first failure is kept and answers every later flush.
            let mut failed: Option<io::Error> = None;
            while let Some(message) = messages.blocking_recv() {
                match message {
                    Message::Write { mut offset, chunks } => {
                        for chunk in &chunks {
                            if failed.is_none() {
                                if let Err(e) =
                                    crate::positional::write_all_at(&file, chunk, offset)
                                {
                                    failed = Some(e);
                                }
                            }
                            offset += chunk.len() as u64;
                        }
                    }
                    Message::Flush(answer) => {
                        let result = match &failed {
                            None => Ok(()),
                            Some(e) => Err(io::Error::new(e.kind(), e.to_string())),
                        };
                        let _ = answer.send(result);
                    }
                }
            }
        })?;
        Ok(FileWriter { queue })
    }

    /// Queues `chunks` to be written one after another from `offset` (waits while the queue
    /// is full).
    pub(crate) async fn write(&self, offset: u64, chunks: Vec<Bytes>) -> io::Result<()> {
        if chunks.is_empty() {
            return Ok(());
        }
        self.queue
            .send(Message::Write { offset, chunks })
            .await
            .map_err(|_| gone())
    }

    /// Waits until everything queued so far is written.
    pub(crate) async fn flush(&self) -> io::Result<()> {
        let (answer, answered) = oneshot::channel();
        self.queue
            .send(Message::Flush(answer))
            .await
            .map_err(|_| gone())?;
        answered.await.map_err(|_| gone())?
    }
}

fn gone() -> io::Error {
    io::Error::other("the file writer stopped")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn batches_land_at_their_offsets_and_flush_reports_errors() {
        let dir = std::env::temp_dir().join(format!("oss-transfer-writer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("file");
        let writer = FileWriter::start(File::create(&path).unwrap()).unwrap();
        let later = vec![Bytes::from_static(b"wor"), Bytes::from_static(b"ld")];
        writer.write(6, later).await.unwrap();
        writer
            .write(0, vec![Bytes::from_static(b"hello ")])
            .await
            .unwrap();
        writer.flush().await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello world");

        // A file opened read-only cannot be written: the flush says so.
        let reader = FileWriter::start(File::open(&path).unwrap()).unwrap();
        reader
            .write(0, vec![Bytes::from_static(b"x")])
            .await
            .unwrap();
        assert!(reader.flush().await.is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
