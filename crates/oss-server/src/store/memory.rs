//! The memory backend: buckets, objects, uploads and parts in `BTreeMap`s behind one mutex,
//! data as reference-counted `Bytes` chunks exactly as they arrived (no copy).

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

use super::versions::list_after;
use super::{
    protection, BlobRef, BlobWriter, BucketChange, BucketCounts, BucketRecord, Deleted, Guard,
    KeyVersions, ObjectRecord, ObjectUpdate, OpenSegment, PartRecord, Precondition, Segment, Store,
    StoreError, StoreResult, UploadRecord,
};

/// Immutable data held in memory.
#[derive(Debug, Default)]
pub(crate) struct MemoryBlob {
    chunks: Vec<Bytes>,
    /// Offset of each chunk's first byte.
    starts: Vec<u64>,
    len: u64,
}

impl MemoryBlob {
    /// The chunks covering `offset..offset + len`, sliced to it (no copy).
    pub fn slices(&self, offset: u64, len: u64) -> impl Iterator<Item = Bytes> + '_ {
        let end = offset.saturating_add(len).min(self.len);
        // The first chunk that ends after `offset`.
        let first = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.chunks[first.min(self.chunks.len())..]
            .iter()
            .zip(&self.starts[first.min(self.starts.len())..])
            .take_while(move |(_, &start)| start < end)
            .filter_map(move |(chunk, &start)| {
                let from = offset.saturating_sub(start) as usize;
                let to = ((end - start) as usize).min(chunk.len());
                (from < to).then(|| chunk.slice(from..to))
            })
    }
}

/// Collects the chunks of a new memory blob.
#[derive(Default)]
pub(crate) struct MemoryWriter {
    blob: MemoryBlob,
}

impl MemoryWriter {
    /// Appends a chunk.
    pub fn write(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        self.blob.starts.push(self.blob.len);
        self.blob.len += chunk.len() as u64;
        self.blob.chunks.push(chunk);
    }

    /// The finished blob.
    pub fn finish(self) -> BlobRef {
        BlobRef::Memory(Arc::new(self.blob))
    }
}

struct Upload {
    record: UploadRecord,
    parts: BTreeMap<u32, PartRecord>,
}

struct Bucket {
    record: BucketRecord,
    /// Current objects.
    objects: BTreeMap<String, ObjectRecord>,
    /// Older versions and delete markers by key, newest first.
    versions: BTreeMap<String, Vec<ObjectRecord>>,
    uploads: BTreeMap<String, Upload>,
}

impl Bucket {
    fn key_versions(&self, key: &str) -> KeyVersions {
        KeyVersions {
            current: self.objects.get(key).cloned(),
            older: self.versions.get(key).cloned().unwrap_or_default(),
        }
    }

    fn save(&mut self, key: &str, versions: KeyVersions) {
        match versions.current {
            Some(current) => self.objects.insert(key.to_owned(), current),
            None => self.objects.remove(key),
        };
        if versions.older.is_empty() {
            self.versions.remove(key);
        } else {
            self.versions.insert(key.to_owned(), versions.older);
        }
    }

    /// Writes `record` as the current object of its key, after checking `pre`.
    fn put(
        &mut self,
        mut record: ObjectRecord,
        pre: Precondition,
        guard: Guard,
    ) -> StoreResult<Option<String>> {
        check(&self.objects, &record.key, pre)?;
        let key = record.key.clone();
        let mut versions = self.key_versions(&key);
        protection::apply_default(&self.record, &mut record, guard.now_ms);
        let dropped = versions.put(self.record.versioning(), record);
        protection::refuse_dropping(&self.record, &dropped, &guard)?;
        let version_id = versions.current.as_ref().and_then(|c| c.version_id.clone());
        self.save(&key, versions);
        Ok(version_id)
    }
}

/// The memory backend.
#[derive(Default)]
pub(crate) struct MemoryStore {
    buckets: Mutex<BTreeMap<String, Bucket>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Bucket>> {
        // A panic while holding the lock leaves plain maps behind: keep serving.
        self.buckets.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with_bucket<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut Bucket) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut buckets = self.lock();
        let bucket = buckets.get_mut(name).ok_or(StoreError::NoSuchBucket)?;
        f(bucket)
    }
}

fn check(
    objects: &BTreeMap<String, ObjectRecord>,
    key: &str,
    pre: Precondition,
) -> StoreResult<()> {
    match (pre, objects.get(key)) {
        (Precondition::MustNotExist, Some(_)) => Err(StoreError::FileAlreadyExists),
        (Precondition::Generation(g), Some(o)) if o.generation != g => Err(StoreError::Changed),
        (Precondition::Generation(_), None) => Err(StoreError::Changed),
        _ => Ok(()),
    }
}

impl Store for MemoryStore {
    fn blocking(&self) -> bool {
        false
    }

    fn create_bucket(&self, bucket: &BucketRecord) -> StoreResult<()> {
        let mut buckets = self.lock();
        if buckets.contains_key(&bucket.name) {
            return Err(StoreError::BucketAlreadyExists);
        }
        buckets.insert(
            bucket.name.clone(),
            Bucket {
                record: bucket.clone(),
                objects: BTreeMap::new(),
                versions: BTreeMap::new(),
                uploads: BTreeMap::new(),
            },
        );
        Ok(())
    }

    fn bucket(&self, name: &str) -> StoreResult<BucketRecord> {
        self.with_bucket(name, |b| Ok(b.record.clone()))
    }

    fn buckets(&self) -> StoreResult<Vec<BucketRecord>> {
        Ok(self.lock().values().map(|b| b.record.clone()).collect())
    }

    fn update_bucket(&self, name: &str, change: &BucketChange) -> StoreResult<BucketRecord> {
        self.with_bucket(name, |b| {
            change.apply(&mut b.record);
            Ok(b.record.clone())
        })
    }

    fn delete_bucket(&self, name: &str) -> StoreResult<()> {
        let mut buckets = self.lock();
        let bucket = buckets.get(name).ok_or(StoreError::NoSuchBucket)?;
        if !bucket.objects.is_empty() || !bucket.versions.is_empty() || !bucket.uploads.is_empty() {
            return Err(StoreError::BucketNotEmpty);
        }
        buckets.remove(name);
        Ok(())
    }

    fn bucket_counts(&self, name: &str) -> StoreResult<BucketCounts> {
        self.with_bucket(name, |b| {
            let mut counts = BucketCounts {
                uploads: b.uploads.len() as u64,
                ..BucketCounts::default()
            };
            for object in b.objects.values() {
                counts.storage += object.size;
                counts.objects += 1;
                match counts
                    .by_class
                    .iter_mut()
                    .find(|(c, _, _)| *c == object.storage_class)
                {
                    Some(entry) => {
                        entry.1 += object.size;
                        entry.2 += 1;
                    }
                    None => counts
                        .by_class
                        .push((object.storage_class.clone(), object.size, 1)),
                }
            }
            Ok(counts)
        })
    }

    fn object(&self, bucket: &str, key: &str) -> StoreResult<ObjectRecord> {
        self.with_bucket(bucket, |b| {
            b.objects.get(key).cloned().ok_or(StoreError::NoSuchKey)
        })
    }

    fn object_version(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
    ) -> StoreResult<ObjectRecord> {
        self.with_bucket(bucket, |b| {
            let versions = b.key_versions(key);
            match version_id {
                None => versions.latest().cloned().ok_or(StoreError::NoSuchKey),
                Some(v) => versions.find(v).cloned(),
            }
        })
    }

    fn put_object(
        &self,
        bucket: &str,
        record: ObjectRecord,
        pre: Precondition,
        guard: Guard,
    ) -> StoreResult<Option<String>> {
        self.with_bucket(bucket, |b| b.put(record, pre, guard))
    }

    fn update_object(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
        update: &ObjectUpdate,
    ) -> StoreResult<ObjectRecord> {
        self.with_bucket(bucket, |b| {
            let mut versions = b.key_versions(key);
            let object = versions.find_mut(version_id)?;
            update.apply(object)?;
            let updated = object.clone();
            b.save(key, versions);
            Ok(updated)
        })
    }

    fn delete_object(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
        marker: ObjectRecord,
        guard: Guard,
    ) -> StoreResult<Deleted> {
        self.with_bucket(bucket, |b| {
            let mut versions = b.key_versions(key);
            let (deleted, dropped) = versions.delete(b.record.versioning(), version_id, marker);
            protection::refuse_dropping(&b.record, &dropped, &guard)?;
            b.save(key, versions);
            Ok(deleted)
        })
    }

    fn list_versions(
        &self,
        bucket: &str,
        prefix: &str,
        key_marker: &str,
        version_id_marker: &str,
        limit: usize,
    ) -> StoreResult<Vec<(ObjectRecord, bool)>> {
        self.with_bucket(bucket, |b| {
            let start = key_marker.max(prefix);
            let from = (std::ops::Bound::Included(start), std::ops::Bound::Unbounded);
            let keys: std::collections::BTreeSet<&str> = b
                .objects
                .range::<str, _>(from)
                .map(|(k, _)| k.as_str())
                .take_while(|k| k.starts_with(prefix))
                .take(limit + 1)
                .chain(
                    b.versions
                        .range::<str, _>(from)
                        .map(|(k, _)| k.as_str())
                        .take_while(|k| k.starts_with(prefix))
                        .take(limit + 1),
                )
                .collect();
            let mut page = Vec::new();
            for key in keys {
                if page.len() >= limit {
                    break;
                }
                let versions = b.key_versions(key);
                list_after(
                    key,
                    &versions,
                    (key_marker, version_id_marker),
                    limit,
                    &mut page,
                );
            }
            Ok(page)
        })
    }

    fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        after: &str,
        limit: usize,
    ) -> StoreResult<Vec<ObjectRecord>> {
        self.with_bucket(bucket, |b| {
            let start = if after >= prefix { after } else { prefix };
            Ok(b.objects
                .range::<str, _>((std::ops::Bound::Included(start), std::ops::Bound::Unbounded))
                .filter(|(k, _)| k.as_str() > after)
                .take_while(|(k, _)| k.starts_with(prefix))
                .take(limit)
                .map(|(_, o)| o.clone())
                .collect())
        })
    }

    fn create_upload(&self, bucket: &str, upload: &UploadRecord) -> StoreResult<()> {
        self.with_bucket(bucket, |b| {
            b.uploads.insert(
                upload.upload_id.clone(),
                Upload {
                    record: upload.clone(),
                    parts: BTreeMap::new(),
                },
            );
            Ok(())
        })
    }

    fn upload(&self, bucket: &str, upload_id: &str) -> StoreResult<UploadRecord> {
        self.with_bucket(bucket, |b| {
            b.uploads
                .get(upload_id)
                .map(|u| u.record.clone())
                .ok_or(StoreError::NoSuchUpload)
        })
    }

    fn put_part(&self, bucket: &str, upload_id: &str, part: PartRecord) -> StoreResult<()> {
        self.with_bucket(bucket, |b| {
            let upload = b
                .uploads
                .get_mut(upload_id)
                .ok_or(StoreError::NoSuchUpload)?;
            upload.parts.insert(part.part_number, part);
            Ok(())
        })
    }

    fn parts(&self, bucket: &str, upload_id: &str) -> StoreResult<Vec<PartRecord>> {
        self.with_bucket(bucket, |b| {
            let upload = b.uploads.get(upload_id).ok_or(StoreError::NoSuchUpload)?;
            Ok(upload.parts.values().cloned().collect())
        })
    }

    fn list_uploads(
        &self,
        bucket: &str,
        prefix: &str,
        key_marker: &str,
        upload_id_marker: &str,
        limit: usize,
    ) -> StoreResult<Vec<UploadRecord>> {
        self.with_bucket(bucket, |b| {
            let mut uploads: Vec<&UploadRecord> = b
                .uploads
                .values()
                .map(|u| &u.record)
                .filter(|u| u.key.starts_with(prefix))
                .filter(|u| (u.key.as_str(), u.upload_id.as_str()) > (key_marker, upload_id_marker))
                .collect();
            uploads.sort_by(|a, b| (&a.key, &a.upload_id).cmp(&(&b.key, &b.upload_id)));
            Ok(uploads.into_iter().take(limit).cloned().collect())
        })
    }

    fn complete_upload(
        &self,
        bucket: &str,
        upload_id: &str,
        object: ObjectRecord,
        pre: Precondition,
        guard: Guard,
    ) -> StoreResult<Option<String>> {
        self.with_bucket(bucket, |b| {
            if !b.uploads.contains_key(upload_id) {
                return Err(StoreError::NoSuchUpload);
            }
            let version_id = b.put(object, pre, guard)?;
            b.uploads.remove(upload_id);
            Ok(version_id)
        })
    }

    fn abort_upload(&self, bucket: &str, upload_id: &str) -> StoreResult<()> {
        self.with_bucket(bucket, |b| {
            b.uploads
                .remove(upload_id)
                .map(|_| ())
                .ok_or(StoreError::NoSuchUpload)
        })
    }

    fn blob_writer(&self) -> io::Result<BlobWriter> {
        Ok(BlobWriter::Memory(MemoryWriter::default()))
    }

    fn discard(&self, _blob: &BlobRef) {}

    fn open(&self, segments: &[Segment]) -> StoreResult<Vec<OpenSegment>> {
        segments
            .iter()
            .map(|s| match &s.blob {
                BlobRef::Memory(blob) => Ok(OpenSegment::Memory(Arc::clone(blob), s.offset, s.len)),
                BlobRef::File(_) => Err(StoreError::Internal(
                    "a file blob in the memory store".to_owned(),
                )),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_ranges_across_chunks() {
        let mut w = MemoryWriter::default();
        for chunk in [&b"abc"[..], b"defg", b"h"] {
            w.write(Bytes::copy_from_slice(chunk));
        }
        let BlobRef::Memory(blob) = w.finish() else {
            panic!("memory blob expected")
        };
        let read = |o, l| -> Vec<u8> { blob.slices(o, l).flat_map(|b| b.to_vec()).collect() };
        assert_eq!(read(0, 8), b"abcdefgh");
        assert_eq!(read(2, 3), b"cde");
        assert_eq!(read(3, 4), b"defg");
        assert_eq!(read(7, 10), b"h");
        assert_eq!(read(8, 1), b"");
    }
}
