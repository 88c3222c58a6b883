//! What transfers tell `tracing` (target `oss_transfer`, debug level): one span
//! `oss_transfer` per upload, download or copy, with its kind, bucket and key, and its size
//! once known; inside it the client's `oss_operation` spans of every request (the part
//! tasks run in the transfer's span), an event per part done (`part uploaded`, `part
//! downloaded`, `part copied`), per part fetched again (`part refetched`), when the transfer
//! ends (`upload finished`, `download failed`, …) and when it is cancelled (`transfer
//! cancelled`). Retries of a request are the transport's events, inside its span. Nothing
//! holds a credential or a file's content.

use tracing::Span;

use crate::error::Result;

/// The span of one transfer of `kind` (`upload`, `download`, `copy`).
pub(crate) fn transfer_span(kind: &'static str, bucket: &str, key: &str) -> Span {
    tracing::debug_span!(
        "oss_transfer",
        kind,
        bucket,
        key,
        size = tracing::field::Empty
    )
}

/// Records the size of the transfer whose span is current.
pub(crate) fn record_size(size: u64) {
    Span::current().record("size", size);
}

/// Says that part `number` (`size` bytes at `offset`) of `key` is done: `part uploaded`,
/// `part downloaded`, `part copied` as `verb` says.
pub(crate) fn part_done(verb: &str, key: &str, number: u32, offset: u64, size: u64) {
    tracing::debug!(key, part = number, offset, size, "part {verb}");
}

/// Says so when `result` is a cancellation (the end event follows).
pub(crate) fn cancelled<T>(result: &Result<T>) {
    if result.as_ref().is_err_and(|e| e.is_cancelled()) {
        tracing::debug!("transfer cancelled");
    }
}
