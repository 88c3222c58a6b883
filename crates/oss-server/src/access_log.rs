//! Bucket access logging: every request to a bucket is kept as an [`AccessLogRecord`] (in a
//! bounded buffer), and a flush writes the records of each bucket whose logging is on into
//! its target bucket as one object, named and formatted as the reference says
//! (`<TargetPrefix><SourceBucket>-YYYY-mm-DD-HH-MM-SS-<unique>`, one line per request).
//!
//! Flushes happen on the server's sweep timer, through the admin endpoint
//! (`POST /_oss-server/logging`) and through `flush_access_logs` on a server handle. Records
//! of a bucket without logging at flush time are dropped; records beyond the buffer's bound
//! are dropped (a log is best-effort at OSS too).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use oss_model::{log_object_name, AccessLogRecord, BucketLoggingStatus, XmlBody};

use crate::ids;
use crate::ops::upload::hex_upper;
use crate::store::{self, millis, ObjectRecord, Precondition, Segment, Store, StoreResult};

/// The most records kept between flushes.
const MAX_PENDING: usize = 10_000;

/// Requests waiting to be written to their buckets' logs.
#[derive(Debug, Default)]
pub(crate) struct AccessLog {
    pending: Mutex<Vec<(String, AccessLogRecord)>>,
}

impl AccessLog {
    /// Keeps a request to `bucket`.
    pub fn record(&self, bucket: String, record: AccessLogRecord) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if pending.len() < MAX_PENDING {
            pending.push((bucket, record));
        }
    }

    fn take(&self) -> Vec<(String, AccessLogRecord)> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Writes the pending records of every bucket whose logging is on; returns how many log
/// objects were written.
pub(crate) async fn flush(
    log: &AccessLog,
    store: &Arc<dyn Store>,
    now: SystemTime,
) -> StoreResult<usize> {
    let mut by_bucket: BTreeMap<String, Vec<AccessLogRecord>> = BTreeMap::new();
    for (bucket, record) in log.take() {
        by_bucket.entry(bucket).or_default().push(record);
    }
    let mut written = 0;
    for (source, records) in by_bucket {
        let name = source.clone();
        let Ok(bucket) = store::run(store, move |s| s.bucket(&name)).await else {
            continue;
        };
        let Some(enabled) = bucket
            .documents
            .get("logging")
            .and_then(|text| BucketLoggingStatus::from_xml(text).ok())
            .and_then(|status| status.logging_enabled)
        else {
            continue;
        };
        let mut text = String::new();
        for record in &records {
            text.push_str(&record.to_line());
            text.push('\n');
        }
        let key = log_object_name(
            enabled.target_prefix.as_deref().unwrap_or_default(),
            &source,
            hour_of(now),
            &format!("{:016X}", ids::random_u64()),
        );
        write_object(store, &enabled.target_bucket, key, Bytes::from(text), now).await?;
        written += 1;
    }
    Ok(written)
}

/// The start of the hour `time` is in.
fn hour_of(time: SystemTime) -> SystemTime {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    UNIX_EPOCH + Duration::from_secs(secs - secs % 3600)
}

/// Stores `data` as a Normal object of `bucket` (a target bucket deleted meanwhile loses the
/// log, as at OSS).
async fn write_object(
    store: &Arc<dyn Store>,
    bucket: &str,
    key: String,
    data: Bytes,
    now: SystemTime,
) -> StoreResult<()> {
    let mut writer = store.blob_writer()?;
    writer.write(data.clone()).await?;
    let blob = writer.finish().await?;
    let (target, blob_ref) = (bucket.to_owned(), blob.clone());
    let storage_class = match store::run(store, move |s| s.bucket(&target)).await {
        Ok(record) => record.storage_class,
        Err(_) => {
            store.discard(&blob);
            return Ok(());
        }
    };
    let md5 = oss_checksum::md5::digest(&data);
    let record = ObjectRecord {
        key,
        size: data.len() as u64,
        etag: hex_upper(&md5),
        crc64: oss_checksum::crc64::checksum(&data),
        modified_ms: millis(now),
        object_type: "Normal".to_owned(),
        storage_class,
        acl: "default".to_owned(),
        headers: vec![("content-type".to_owned(), "text/plain".to_owned())],
        user_meta: Vec::new(),
        tags: Vec::new(),
        symlink_target: None,
        restore: None,
        content_md5: None,
        segments: vec![Segment {
            blob: blob_ref,
            offset: 0,
            len: data.len() as u64,
        }],
        generation: ids::generation(),
        version_id: None,
        delete_marker: false,
        sealed_ms: None,
        retention: None,
        legal_hold: false,
    };
    let (target, guard) = (bucket.to_owned(), store::Guard::at(record.modified_ms));
    if let Err(e) = store::run(store, move |s| {
        s.put_object(&target, record, Precondition::None, guard)
    })
    .await
    {
        store.discard(&blob);
        return Err(e);
    }
    Ok(())
}
