//! The storage trait both backends implement, and the records it stores.
//!
//! Metadata calls are synchronous: the memory backend answers at once, the disk backend talks
//! to SQLite (and may wait on another process's lock), so callers go through [`run`], which
//! moves blocking backends onto tokio's blocking pool. Object data lives in blobs, written
//! once through a [`BlobWriter`] and referenced by [`Segment`]s: a simple upload has one
//! segment, an appendable object gains one per append, a completed multipart upload keeps its
//! parts' blobs as its segments, and a copy shares the source's. Nothing is ever written in
//! place, so a reader holding a record always sees complete data.

pub(crate) mod disk;
pub(crate) mod memory;
pub(crate) mod protection;
pub(crate) mod versions;

use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) use memory::MemoryBlob;
pub(crate) use protection::Guard;
pub(crate) use versions::{Deleted, KeyVersions, Versioning};

/// Why a storage call failed.
#[derive(Debug)]
pub(crate) enum StoreError {
    /// The bucket does not exist.
    NoSuchBucket,
    /// The bucket already exists.
    BucketAlreadyExists,
    /// The bucket still holds objects or uploads.
    BucketNotEmpty,
    /// The object does not exist.
    NoSuchKey,
    /// The version does not exist (or is a delete marker, where a version with data is
    /// needed).
    NoSuchVersion,
    /// The multipart upload does not exist.
    NoSuchUpload,
    /// [`Precondition::MustNotExist`] failed.
    FileAlreadyExists,
    /// [`Precondition::Generation`] failed: the object changed meanwhile.
    Changed,
    /// A blob of the record was removed by a concurrent writer: read the record again.
    Vanished,
    /// The write or delete would remove a version that a retention (the bucket's policy or
    /// the version's own) or a legal hold protects.
    Immutable,
    /// A retention change that the version's `COMPLIANCE` retention (or, without the bypass,
    /// its `GOVERNANCE` one) forbids: shortening it or changing its mode.
    RetentionLocked,
    /// Anything else (I/O, SQLite, a corrupt row).
    Internal(String),
}

impl From<io::Error> for StoreError {
    fn from(e: io::Error) -> Self {
        StoreError::Internal(format!("I/O error: {e}"))
    }
}

/// The result of a storage call.
pub(crate) type StoreResult<T> = Result<T, StoreError>;

/// Milliseconds since the Unix epoch, the time unit of every record.
pub(crate) fn millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The time of a record's millisecond field.
pub(crate) fn from_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// A bucket.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct BucketRecord {
    /// The bucket name.
    pub name: String,
    /// Creation time.
    pub created_ms: u64,
    /// `private`, `public-read` or `public-read-write`.
    pub acl: String,
    /// The default storage class of its objects.
    pub storage_class: String,
    /// `LRS` or `ZRS`.
    pub redundancy: String,
    /// The region, e.g. `cn-hangzhou`.
    pub region: String,
    /// Configuration documents (`cors`...), by sub-resource, as received.
    #[serde(default)]
    pub documents: std::collections::BTreeMap<String, String>,
    /// The versioning state: `Enabled`, `Suspended`, or none if never enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioning: Option<String>,
    /// The retention (WORM) policy, as last written (an `InProgress` one may have lapsed
    /// since: see `ops::worm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worm: Option<WormRecord>,
}

/// A bucket's retention (WORM) policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WormRecord {
    /// Its id.
    pub id: String,
    /// Whether it was completed (`Locked`); otherwise `InProgress`.
    pub locked: bool,
    /// How long objects are kept after their last modification.
    pub days: u32,
    /// When it was initiated.
    pub created_ms: u64,
}

impl BucketRecord {
    /// The bucket's versioning state.
    pub fn versioning(&self) -> Versioning {
        Versioning::of(self.versioning.as_deref())
    }
}

/// A change to a bucket's record.
#[derive(Debug, Clone)]
pub(crate) enum BucketChange {
    /// A new ACL.
    Acl(String),
    /// A new versioning state (`Enabled` or `Suspended`).
    Versioning(String),
    /// A retention policy set (`Some`) or removed (`None`).
    Worm(Option<WormRecord>),
    /// A configuration document set (`Some`) or removed (`None`).
    Document {
        /// The sub-resource.
        name: &'static str,
        /// The document.
        document: Option<String>,
    },
    /// One named item of a family of documents (an inventory, an image style) set or removed,
    /// stored as the document `family/id`.
    Item {
        /// The family (the sub-resource).
        family: &'static str,
        /// The item's name.
        id: String,
        /// The document.
        document: Option<String>,
    },
}

/// The document name of item `id` of `family`.
pub(crate) fn item_name(family: &str, id: &str) -> String {
    format!("{family}/{id}")
}

impl BucketChange {
    /// Applies the change to `record`.
    pub fn apply(&self, record: &mut BucketRecord) {
        match self {
            BucketChange::Acl(acl) => record.acl = acl.clone(),
            BucketChange::Versioning(state) => record.versioning = Some(state.clone()),
            BucketChange::Worm(worm) => record.worm.clone_from(worm),
            BucketChange::Document { name, document } => match document {
                Some(document) => {
                    record
                        .documents
                        .insert((*name).to_owned(), document.clone());
                }
                None => {
                    record.documents.remove(*name);
                }
            },
            BucketChange::Item {
                family,
                id,
                document,
            } => {
                let name = item_name(family, id);
                match document {
                    Some(document) => record.documents.insert(name, document.clone()),
                    None => record.documents.remove(&name),
                };
            }
        }
    }
}

/// The restore state of an archived object.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct RestoreRecord {
    /// When the restore completes.
    pub ready_ms: u64,
    /// When the restored copy expires again.
    pub expires_ms: u64,
}

/// An object: its metadata and where its data is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ObjectRecord {
    /// The key.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// The ETag without quotes, e.g. `5B3C…` or `ABCD…-3`.
    pub etag: String,
    /// CRC-64/XZ of the data.
    pub crc64: u64,
    /// Last-Modified.
    pub modified_ms: u64,
    /// `Normal`, `Appendable`, `Multipart` or `Symlink`.
    pub object_type: String,
    /// The storage class.
    pub storage_class: String,
    /// The object ACL (`default` to inherit the bucket's).
    pub acl: String,
    /// Stored standard headers (lower-case names): content-type, cache-control, ...
    pub headers: Vec<(String, String)>,
    /// User metadata: lower-case names without the `x-oss-meta-` prefix.
    pub user_meta: Vec<(String, String)>,
    /// Tags, in order.
    pub tags: Vec<(String, String)>,
    /// The target of a symlink.
    pub symlink_target: Option<String>,
    /// The restore state of an archived object.
    pub restore: Option<RestoreRecord>,
    /// Base64 MD5 of the data, for objects made by one PUT.
    pub content_md5: Option<String>,
    /// Where the data is, in order.
    pub segments: Vec<Segment>,
    /// A number unique to this version of the object, for compare-and-swap writes.
    pub generation: u64,
    /// The version id in a versioned bucket (none: the `null` version of an object written
    /// before versioning was enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// Whether this version is a delete marker (no data; never a current object).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub delete_marker: bool,
    /// When an appendable object was sealed (SealAppendObject): it takes no more appends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_ms: Option<u64>,
    /// The version's own retention (PutObjectRetention, or the bucket's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<RetentionRecord>,
    /// Whether the version is under legal hold.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub legal_hold: bool,
}

/// The retention of one object version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RetentionRecord {
    /// `COMPLIANCE` (nobody may shorten it) rather than `GOVERNANCE` (the bypass may).
    pub compliance: bool,
    /// Until when the version is kept.
    pub until_ms: u64,
}

impl ObjectRecord {
    /// The delete marker a delete of `key` at `modified_ms` makes in a versioned bucket.
    pub(crate) fn delete_marker(key: &str, modified_ms: u64) -> Self {
        ObjectRecord {
            key: key.to_owned(),
            size: 0,
            etag: String::new(),
            crc64: 0,
            modified_ms,
            object_type: "Normal".to_owned(),
            storage_class: String::new(),
            acl: "default".to_owned(),
            headers: Vec::new(),
            user_meta: Vec::new(),
            tags: Vec::new(),
            symlink_target: None,
            restore: None,
            content_md5: None,
            segments: Vec::new(),
            generation: crate::ids::generation(),
            version_id: None,
            delete_marker: true,
            sealed_ms: None,
            retention: None,
            legal_hold: false,
        }
    }
}

/// A multipart upload in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UploadRecord {
    /// The upload id (time-ordered, so that sorting by id sorts by initiation).
    pub upload_id: String,
    /// The key being uploaded.
    pub key: String,
    /// When InitiateMultipartUpload ran.
    pub initiated_ms: u64,
    /// The metadata the object will get (no segments).
    pub template: ObjectRecord,
}

/// One uploaded part.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PartRecord {
    /// 1 to 10,000.
    pub part_number: u32,
    /// Upper-case hex MD5 of the part, the part's ETag without quotes.
    pub etag: String,
    /// Size in bytes.
    pub size: u64,
    /// CRC-64 of the part.
    pub crc64: u64,
    /// When it was uploaded.
    pub modified_ms: u64,
    /// Its data.
    pub segments: Vec<Segment>,
}

/// A byte range of a blob.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Segment {
    /// The blob.
    pub blob: BlobRef,
    /// Where the range starts in the blob.
    pub offset: u64,
    /// Its length.
    pub len: u64,
}

/// Immutable object data: chunks in memory, or a file of the data directory by id.
#[derive(Debug, Clone)]
pub(crate) enum BlobRef {
    /// Held in memory.
    Memory(Arc<MemoryBlob>),
    /// `blobs/<id>` in the data directory.
    File(Arc<str>),
}

impl Serialize for BlobRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            BlobRef::File(id) => serializer.serialize_str(id),
            BlobRef::Memory(_) => Err(serde::ser::Error::custom(
                "a memory blob cannot be persisted",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for BlobRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|id| BlobRef::File(id.into()))
    }
}

/// What must hold for a write to go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precondition {
    /// Nothing: overwrite whatever is there.
    None,
    /// No object may exist under the key (`x-oss-forbid-overwrite`, first append).
    MustNotExist,
    /// The current object must be this generation (later appends).
    Generation(u64),
}

/// A change to an object's metadata that leaves its data alone.
#[derive(Debug, Clone)]
pub(crate) enum ObjectUpdate {
    /// PutObjectAcl.
    Acl(String),
    /// Put/DeleteObjectTagging.
    Tags(Vec<(String, String)>),
    /// RestoreObject.
    Restore(RestoreRecord),
    /// A lifecycle transition to a colder storage class.
    StorageClass(String),
    /// CleanRestoredObject: the restored copy dropped, the object frozen again.
    CleanRestore,
    /// SealAppendObject of an object `position` bytes long (`Changed` if it is not).
    Seal {
        /// When; an object sealed before keeps its first time.
        sealed_ms: u64,
        /// The length the request expects.
        position: u64,
    },
    /// PutObjectRetention.
    Retention {
        /// The new retention.
        retention: RetentionRecord,
        /// What the change is checked against.
        guard: Guard,
    },
    /// PutObjectLegalHold.
    LegalHold(bool),
}

impl ObjectUpdate {
    /// Applies the change, or fails and leaves `record` alone.
    pub fn apply(&self, record: &mut ObjectRecord) -> StoreResult<()> {
        match self {
            ObjectUpdate::Acl(acl) => record.acl.clone_from(acl),
            ObjectUpdate::Tags(tags) => record.tags.clone_from(tags),
            ObjectUpdate::Restore(restore) => record.restore = Some(*restore),
            ObjectUpdate::StorageClass(class) => record.storage_class.clone_from(class),
            ObjectUpdate::CleanRestore => record.restore = None,
            ObjectUpdate::Seal {
                sealed_ms,
                position,
            } => {
                if record.object_type != "Appendable" || record.size != *position {
                    return Err(StoreError::Changed);
                }
                if record.sealed_ms.is_none() {
                    record.sealed_ms = Some(*sealed_ms);
                    // An append that read the object before the seal must not commit.
                    record.generation = crate::ids::generation();
                }
            }
            ObjectUpdate::Retention { retention, guard } => {
                protection::check_retention_change(record, retention, guard)?;
                record.retention = Some(*retention);
            }
            ObjectUpdate::LegalHold(on) => record.legal_hold = *on,
        }
        Ok(())
    }
}

/// Object and upload counts of a bucket (GetBucketStat).
#[derive(Debug, Clone, Default)]
pub(crate) struct BucketCounts {
    /// Total object bytes.
    pub storage: u64,
    /// Number of objects.
    pub objects: u64,
    /// Number of uploads in progress.
    pub uploads: u64,
    /// Bytes and objects per storage class.
    pub by_class: Vec<(String, u64, u64)>,
}

/// Data opened for reading: it stays readable even if a writer removes it meanwhile.
pub(crate) enum OpenSegment {
    /// A range of a memory blob.
    Memory(Arc<MemoryBlob>, u64, u64),
    /// A range of an open file.
    File(std::fs::File, u64, u64),
}

impl OpenSegment {
    /// The length of the range.
    pub fn len(&self) -> u64 {
        match self {
            OpenSegment::Memory(_, _, len) | OpenSegment::File(_, _, len) => *len,
        }
    }
}

/// A blob being written; [`finish`](Self::finish) makes it durable and returns it.
pub(crate) enum BlobWriter {
    /// Chunks collected in memory.
    Memory(memory::MemoryWriter),
    /// A temporary file of the data directory.
    File(disk::FileWriter),
}

impl BlobWriter {
    /// Appends a chunk.
    pub async fn write(&mut self, chunk: Bytes) -> io::Result<()> {
        match self {
            BlobWriter::Memory(w) => {
                w.write(chunk);
                Ok(())
            }
            BlobWriter::File(w) => w.write(chunk).await,
        }
    }

    /// Flushes, syncs and moves the data into place; the blob is not referenced yet.
    pub async fn finish(self) -> io::Result<BlobRef> {
        match self {
            BlobWriter::Memory(w) => Ok(w.finish()),
            BlobWriter::File(w) => w.finish().await,
        }
    }
}

/// A storage backend. Every call is atomic on its own.
pub(crate) trait Store: Send + Sync + 'static {
    /// Whether calls may block (and so must run on the blocking pool).
    fn blocking(&self) -> bool;

    /// Creates a bucket; `BucketAlreadyExists` if the name is taken.
    fn create_bucket(&self, bucket: &BucketRecord) -> StoreResult<()>;
    /// A bucket.
    fn bucket(&self, name: &str) -> StoreResult<BucketRecord>;
    /// Every bucket, by name.
    fn buckets(&self) -> StoreResult<Vec<BucketRecord>>;
    /// Changes a bucket's record; returns the new one.
    fn update_bucket(&self, name: &str, change: &BucketChange) -> StoreResult<BucketRecord>;
    /// Deletes an empty bucket.
    fn delete_bucket(&self, name: &str) -> StoreResult<()>;
    /// Counts for GetBucketStat.
    fn bucket_counts(&self, name: &str) -> StoreResult<BucketCounts>;

    /// An object (its current version).
    fn object(&self, bucket: &str, key: &str) -> StoreResult<ObjectRecord>;
    /// A version of an object, delete markers included; with `None`, the key's latest version
    /// (a delete marker when the key reads as deleted).
    fn object_version(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
    ) -> StoreResult<ObjectRecord>;
    /// Creates or replaces an object whose blobs were written by this store, as the bucket's
    /// versioning state says (see [`versions`]), giving it the bucket's default retention;
    /// `Immutable` if that would drop a version `guard` finds protected (see [`protection`]).
    /// Returns the version id it got.
    fn put_object(
        &self,
        bucket: &str,
        record: ObjectRecord,
        pre: Precondition,
        guard: Guard,
    ) -> StoreResult<Option<String>>;
    /// Changes the metadata of an object (or of one of its versions); returns the new record.
    fn update_object(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
        update: &ObjectUpdate,
    ) -> StoreResult<ObjectRecord>;
    /// Deletes an object (making `marker` a delete marker, in a versioned bucket), or one
    /// version of it; `Immutable` if that would drop a version `guard` finds protected.
    fn delete_object(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
        marker: ObjectRecord,
        guard: Guard,
    ) -> StoreResult<Deleted>;
    /// Up to `limit` versions (with whether each is its key's latest) of keys starting with
    /// `prefix`, in key order and newest first within a key, after the key `key_marker`, or
    /// after its version `version_id_marker` when one is given.
    fn list_versions(
        &self,
        bucket: &str,
        prefix: &str,
        key_marker: &str,
        version_id_marker: &str,
        limit: usize,
    ) -> StoreResult<Vec<(ObjectRecord, bool)>>;
    /// Up to `limit` objects with keys starting with `prefix` and greater than `after`, in
    /// key order.
    fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        after: &str,
        limit: usize,
    ) -> StoreResult<Vec<ObjectRecord>>;

    /// Starts a multipart upload.
    fn create_upload(&self, bucket: &str, upload: &UploadRecord) -> StoreResult<()>;
    /// An upload in progress.
    fn upload(&self, bucket: &str, upload_id: &str) -> StoreResult<UploadRecord>;
    /// Stores (or replaces) a part.
    fn put_part(&self, bucket: &str, upload_id: &str, part: PartRecord) -> StoreResult<()>;
    /// The parts of an upload, by number.
    fn parts(&self, bucket: &str, upload_id: &str) -> StoreResult<Vec<PartRecord>>;
    /// Up to `limit` uploads with keys starting with `prefix`, after `(key_marker,
    /// upload_id_marker)` in (key, upload id) order.
    fn list_uploads(
        &self,
        bucket: &str,
        prefix: &str,
        key_marker: &str,
        upload_id_marker: &str,
        limit: usize,
    ) -> StoreResult<Vec<UploadRecord>>;
    /// Ends an upload by creating `object` from (some of) its parts, in one step, guarded as
    /// [`put_object`](Self::put_object) is; returns the version id it got.
    fn complete_upload(
        &self,
        bucket: &str,
        upload_id: &str,
        object: ObjectRecord,
        pre: Precondition,
        guard: Guard,
    ) -> StoreResult<Option<String>>;
    /// Ends an upload, dropping its parts.
    fn abort_upload(&self, bucket: &str, upload_id: &str) -> StoreResult<()>;

    /// A writer for a new blob.
    fn blob_writer(&self) -> io::Result<BlobWriter>;
    /// Drops a finished blob that no record references (a write that failed its checks).
    fn discard(&self, blob: &BlobRef);
    /// Opens the data of `segments` for reading; `Vanished` if a concurrent writer removed
    /// some of it (read the record again).
    fn open(&self, segments: &[Segment]) -> StoreResult<Vec<OpenSegment>>;
    /// Removes what processes that died left behind (blocking; nothing to do in memory).
    fn sweep(&self) {}
}

impl std::fmt::Debug for dyn Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

/// Runs a storage call, on the blocking pool if the backend may block.
pub(crate) async fn run<T, F>(store: &Arc<dyn Store>, call: F) -> StoreResult<T>
where
    F: FnOnce(&dyn Store) -> StoreResult<T> + Send + 'static,
    T: Send + 'static,
{
    if store.blocking() {
        let store = Arc::clone(store);
        tokio::task::spawn_blocking(move || call(&*store))
            .await
            .unwrap_or_else(|e| Err(StoreError::Internal(format!("storage task failed: {e}"))))
    } else {
        call(&**store)
    }
}
