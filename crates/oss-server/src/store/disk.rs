//! The disk backend: metadata in SQLite, object data in files of the data directory.
//!
//! ```text
//! DIR/meta.db          SQLite (WAL): buckets, objects, older versions, uploads, parts, blob refs
//! DIR/blobs/<id>       immutable data files, named <process id>-<counter>
//! DIR/tmp/<process>.lock, DIR/tmp/<process>/   per running process: its lock, its temporary files
//! ```
//!
//! A write streams into a temporary file, fsyncs it, renames it into `blobs/` and only then
//! commits the metadata row that points to it, in one transaction that also counts references
//! to blobs; files whose count drops to zero are removed after the commit. A crash therefore
//! never exposes a partial object and never loses the previous version, and several processes
//! can share one directory (SQLite's locks, a busy timeout, `BEGIN IMMEDIATE`).
//!
//! Each process holds an exclusive lock on `tmp/<process>.lock` while it lives (see
//! `processes`). At startup, and every sweep interval after, a process sweeps what dead
//! processes left: their temporary directories, and blob files they wrote that no row
//! references. Everything is private to the user (see `private`).

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::versions::list_after;
use super::{
    protection, BlobRef, BlobWriter, BucketChange, BucketCounts, BucketRecord, Deleted, Guard,
    ObjectRecord, ObjectUpdate, OpenSegment, PartRecord, Precondition, Segment, Store, StoreError,
    StoreResult, UploadRecord,
};

mod private;
mod processes;
mod rows;
mod versions;
mod writer;

use processes::ProcessDir;

use rows::*;
pub(crate) use writer::FileWriter;
use writer::Paths;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS buckets(name TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects(
    bucket TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL,
    storage_class TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY(bucket, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS uploads(
    bucket TEXT NOT NULL, upload_id TEXT NOT NULL, key TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY(bucket, upload_id));
CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads(bucket, key, upload_id);
CREATE TABLE IF NOT EXISTS parts(
    bucket TEXT NOT NULL, upload_id TEXT NOT NULL, part_number INTEGER NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY(bucket, upload_id, part_number)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blobs(id TEXT PRIMARY KEY, refs INTEGER NOT NULL) WITHOUT ROWID;
";

/// The disk backend.
pub(crate) struct DiskStore {
    paths: Arc<Paths>,
    conn: Mutex<Connection>,
    tmp_root: PathBuf,
    /// This process's temporary directory, and its lock, while the store lives.
    process: ProcessDir,
}

fn open_db(path: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

impl DiskStore {
    /// Opens (creating if needed) the data directory `root`, private to the user, then sweeps
    /// what crashed processes left behind.
    pub fn open(root: &Path) -> io::Result<Self> {
        let blobs = root.join("blobs");
        let tmp_root = root.join("tmp");
        private::create_dir_all(&blobs)?;
        private::create_dir_all(&tmp_root)?;
        let db = root.join("meta.db");
        private::ensure_file(&db)?;
        for path in [root, &blobs, &tmp_root, &db] {
            private::tighten(path)?;
        }
        for suffix in ["-wal", "-shm"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            private::tighten(Path::new(&name))?;
        }
        let process = ProcessDir::claim(&tmp_root)?;
        let to_io = |e: rusqlite::Error| io::Error::other(format!("SQLite: {e}"));
        let conn = open_db(&db).map_err(to_io)?;
        conn.execute_batch(SCHEMA).map_err(to_io)?;
        conn.execute_batch(versions::SCHEMA).map_err(to_io)?;
        let store = DiskStore {
            paths: Arc::new(Paths {
                blobs,
                tmp: process.dir.clone(),
                process: process.id.clone(),
                counter: AtomicU64::new(0),
            }),
            conn: Mutex::new(conn),
            tmp_root,
            process,
        };
        store.sweep_now(true)?;
        Ok(store)
    }

    /// Removes temporary directories of dead processes and, when `blobs` is set or one was
    /// found, unreferenced blob files dead processes wrote.
    fn sweep_now(&self, blobs: bool) -> io::Result<()> {
        let dead = processes::sweep_temporary(&self.tmp_root, &self.process.id)?;
        if !blobs && dead == 0 {
            return Ok(());
        }
        let referenced: HashSet<String> = {
            let conn = self.lock();
            let mut stmt = conn
                .prepare("SELECT id FROM blobs")
                .map_err(io::Error::other)?;
            let ids = stmt
                .query_map([], |row| row.get::<_, String>(0))
                .map_err(io::Error::other)?
                .collect::<Result<_, _>>()
                .map_err(io::Error::other)?;
            ids
        };
        let removed = processes::sweep_blobs(
            &self.paths.blobs,
            &self.tmp_root,
            &self.process.id,
            &referenced,
        )?;
        if removed > 0 {
            tracing::info!(removed, "removed unreferenced blob files left by a crash");
        }
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn blob_path(&self, id: &str) -> PathBuf {
        self.paths.blobs.join(id)
    }

    /// Runs `f` in a write transaction, then removes the files of blobs it freed.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>, &mut Vec<String>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut freed = Vec::new();
        let value = {
            let mut conn = self.lock();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql)?;
            let value = f(&tx, &mut freed)?;
            tx.commit().map_err(sql)?;
            value
        };
        for id in freed {
            let _ = std::fs::remove_file(self.blob_path(&id));
        }
        Ok(value)
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        f(&self.lock())
    }
}

/// Writes `record` as the current object of its key (after checking `pre`), as the bucket's
/// versioning state says; returns the version id it got.
fn put_version(
    tx: &Transaction<'_>,
    bucket: &str,
    mut record: ObjectRecord,
    pre: Precondition,
    guard: Guard,
    freed: &mut Vec<String>,
) -> StoreResult<Option<String>> {
    // The bucket record is read in this transaction: a retention policy set meanwhile is
    // either seen here or waits for this write.
    let bucket_record = versions::load_bucket(tx, bucket)?;
    let key = record.key.clone();
    let mut key_versions = versions::load_key(tx, bucket, &key)?;
    check(key_versions.current.as_ref(), pre)?;
    add_refs(tx, &record.segments)?;
    protection::apply_default(&bucket_record, &mut record, guard.now_ms);
    let dropped = key_versions.put(bucket_record.versioning(), record);
    protection::refuse_dropping(&bucket_record, &dropped, &guard)?;
    for dropped in dropped {
        drop_refs(tx, &dropped.segments, freed)?;
    }
    versions::save_key(tx, bucket, &key, &key_versions)?;
    Ok(key_versions
        .current
        .as_ref()
        .and_then(|c| c.version_id.clone()))
}

impl Store for DiskStore {
    fn blocking(&self) -> bool {
        true
    }

    fn create_bucket(&self, bucket: &BucketRecord) -> StoreResult<()> {
        self.write(|tx, _| {
            let inserted = tx
                .execute(
                    "INSERT OR IGNORE INTO buckets(name, record) VALUES(?1, ?2)",
                    params![bucket.name, json(bucket)?],
                )
                .map_err(sql)?;
            if inserted == 0 {
                return Err(StoreError::BucketAlreadyExists);
            }
            Ok(())
        })
    }

    fn bucket(&self, name: &str) -> StoreResult<BucketRecord> {
        self.read(|conn| {
            let text = conn
                .query_row(
                    "SELECT record FROM buckets WHERE name = ?1",
                    [name],
                    |row| row.get::<_, String>(0),
                )
                .optional()
                .map_err(sql)?
                .ok_or(StoreError::NoSuchBucket)?;
            parse(&text)
        })
    }

    fn buckets(&self) -> StoreResult<Vec<BucketRecord>> {
        self.read(|conn| {
            let mut stmt = conn
                .prepare("SELECT record FROM buckets ORDER BY name")
                .map_err(sql)?;
            let rows = stmt
                .query_map([], |row| row.get::<_, String>(0))
                .map_err(sql)?;
            rows.map(|text| parse(&text.map_err(sql)?)).collect()
        })
    }

    fn update_bucket(&self, name: &str, change: &BucketChange) -> StoreResult<BucketRecord> {
        // Read and write in one transaction, so that concurrent changes (an ACL and a CORS
        // document, say) do not undo each other.
        self.write(|tx, _| {
            let text: String = tx
                .query_row(
                    "SELECT record FROM buckets WHERE name = ?1",
                    params![name],
                    |row| row.get(0),
                )
                .optional()
                .map_err(sql)?
                .ok_or(StoreError::NoSuchBucket)?;
            let mut record: BucketRecord = parse(&text)?;
            change.apply(&mut record);
            tx.execute(
                "UPDATE buckets SET record = ?2 WHERE name = ?1",
                params![name, json(&record)?],
            )
            .map_err(sql)?;
            Ok(record)
        })
    }

    fn delete_bucket(&self, name: &str) -> StoreResult<()> {
        self.write(|tx, _| {
            require_bucket(tx, name)?;
            let busy: bool = tx
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM objects WHERE bucket = ?1)
                         OR EXISTS(SELECT 1 FROM versions WHERE bucket = ?1)
                         OR EXISTS(SELECT 1 FROM uploads WHERE bucket = ?1)",
                    [name],
                    |row| row.get(0),
                )
                .map_err(sql)?;
            if busy {
                return Err(StoreError::BucketNotEmpty);
            }
            tx.execute("DELETE FROM buckets WHERE name = ?1", [name])
                .map_err(sql)?;
            Ok(())
        })
    }

    fn bucket_counts(&self, name: &str) -> StoreResult<BucketCounts> {
        self.read(|conn| {
            require_bucket(conn, name)?;
            let mut counts = BucketCounts::default();
            let mut stmt = conn
                .prepare(
                    "SELECT storage_class, SUM(size), COUNT(*) FROM objects WHERE bucket = ?1
                     GROUP BY storage_class",
                )
                .map_err(sql)?;
            let rows = stmt
                .query_map([name], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                })
                .map_err(sql)?;
            for row in rows {
                let (class, size, count) = row.map_err(sql)?;
                counts.storage += size as u64;
                counts.objects += count as u64;
                counts.by_class.push((class, size as u64, count as u64));
            }
            counts.uploads = conn
                .query_row(
                    "SELECT COUNT(*) FROM uploads WHERE bucket = ?1",
                    [name],
                    |row| row.get::<_, i64>(0),
                )
                .map_err(sql)? as u64;
            Ok(counts)
        })
    }

    fn object(&self, bucket: &str, key: &str) -> StoreResult<ObjectRecord> {
        self.read(|conn| {
            require_bucket(conn, bucket)?;
            load_object(conn, bucket, key)?.ok_or(StoreError::NoSuchKey)
        })
    }

    fn object_version(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
    ) -> StoreResult<ObjectRecord> {
        self.read(|conn| {
            require_bucket(conn, bucket)?;
            let key_versions = versions::load_key(conn, bucket, key)?;
            match version_id {
                None => key_versions.latest().cloned().ok_or(StoreError::NoSuchKey),
                Some(v) => key_versions.find(v).cloned(),
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
        self.write(|tx, freed| put_version(tx, bucket, record, pre, guard, freed))
    }

    fn update_object(
        &self,
        bucket: &str,
        key: &str,
        version_id: Option<&str>,
        update: &ObjectUpdate,
    ) -> StoreResult<ObjectRecord> {
        self.write(|tx, _| {
            require_bucket(tx, bucket)?;
            let mut key_versions = versions::load_key(tx, bucket, key)?;
            let record = key_versions.find_mut(version_id)?;
            update.apply(record)?;
            let updated = record.clone();
            versions::save_key(tx, bucket, key, &key_versions)?;
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
        self.write(|tx, freed| {
            let bucket_record = versions::load_bucket(tx, bucket)?;
            let mut key_versions = versions::load_key(tx, bucket, key)?;
            let versioning = bucket_record.versioning();
            let (deleted, dropped) = key_versions.delete(versioning, version_id, marker);
            protection::refuse_dropping(&bucket_record, &dropped, &guard)?;
            for record in dropped {
                drop_refs(tx, &record.segments, freed)?;
            }
            versions::save_key(tx, bucket, key, &key_versions)?;
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
        self.read(|conn| {
            require_bucket(conn, bucket)?;
            let start = key_marker.max(prefix);
            let mut page = Vec::new();
            for key in versions::keys_from(conn, bucket, prefix, start, limit + 1)? {
                if page.len() >= limit {
                    break;
                }
                let key_versions = versions::load_key(conn, bucket, &key)?;
                let markers = (key_marker, version_id_marker);
                list_after(&key, &key_versions, markers, limit, &mut page);
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
        self.read(|conn| {
            require_bucket(conn, bucket)?;
            let mut stmt = conn
                .prepare_cached(
                    "SELECT key, record FROM objects
                     WHERE bucket = ?1 AND key > ?2 AND key >= ?3 ORDER BY key LIMIT ?4",
                )
                .map_err(sql)?;
            let mut rows = stmt
                .query(params![bucket, after, prefix, limit as i64])
                .map_err(sql)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sql)? {
                let key: String = row.get(0).map_err(sql)?;
                if !key.starts_with(prefix) {
                    break;
                }
                out.push(parse(&row.get::<_, String>(1).map_err(sql)?)?);
            }
            Ok(out)
        })
    }

    fn create_upload(&self, bucket: &str, upload: &UploadRecord) -> StoreResult<()> {
        self.write(|tx, _| {
            require_bucket(tx, bucket)?;
            tx.execute(
                "INSERT INTO uploads(bucket, upload_id, key, record) VALUES(?1, ?2, ?3, ?4)",
                params![bucket, upload.upload_id, upload.key, json(upload)?],
            )
            .map_err(sql)?;
            Ok(())
        })
    }

    fn upload(&self, bucket: &str, upload_id: &str) -> StoreResult<UploadRecord> {
        self.read(|conn| require_upload(conn, bucket, upload_id))
    }

    fn put_part(&self, bucket: &str, upload_id: &str, part: PartRecord) -> StoreResult<()> {
        self.write(|tx, freed| {
            require_upload(tx, bucket, upload_id)?;
            let old: Option<String> = tx
                .query_row(
                    "SELECT record FROM parts WHERE bucket = ?1 AND upload_id = ?2 AND part_number = ?3",
                    params![bucket, upload_id, part.part_number],
                    |row| row.get(0),
                )
                .optional()
                .map_err(sql)?;
            add_refs(tx, &part.segments)?;
            if let Some(old) = old {
                let old: PartRecord = parse(&old)?;
                drop_refs(tx, &old.segments, freed)?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO parts(bucket, upload_id, part_number, record)
                 VALUES(?1, ?2, ?3, ?4)",
                params![bucket, upload_id, part.part_number, json(&part)?],
            )
            .map_err(sql)?;
            Ok(())
        })
    }

    fn parts(&self, bucket: &str, upload_id: &str) -> StoreResult<Vec<PartRecord>> {
        self.read(|conn| {
            require_upload(conn, bucket, upload_id)?;
            load_parts(conn, bucket, upload_id)
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
        self.read(|conn| {
            require_bucket(conn, bucket)?;
            let mut stmt = conn
                .prepare(
                    "SELECT key, record FROM uploads
                     WHERE bucket = ?1 AND (key > ?2 OR (key = ?2 AND upload_id > ?3)) AND key >= ?4
                     ORDER BY key, upload_id LIMIT ?5",
                )
                .map_err(sql)?;
            let mut rows = stmt
                .query(params![
                    bucket,
                    key_marker,
                    upload_id_marker,
                    prefix,
                    limit as i64
                ])
                .map_err(sql)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sql)? {
                let key: String = row.get(0).map_err(sql)?;
                if !key.starts_with(prefix) {
                    break;
                }
                out.push(parse(&row.get::<_, String>(1).map_err(sql)?)?);
            }
            Ok(out)
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
        self.write(|tx, freed| {
            require_upload(tx, bucket, upload_id)?;
            // References move from the parts to the object before the parts let go of theirs.
            let version_id = put_version(tx, bucket, object, pre, guard, freed)?;
            remove_upload(tx, bucket, upload_id, freed)?;
            Ok(version_id)
        })
    }

    fn abort_upload(&self, bucket: &str, upload_id: &str) -> StoreResult<()> {
        self.write(|tx, freed| {
            require_upload(tx, bucket, upload_id)?;
            remove_upload(tx, bucket, upload_id, freed)
        })
    }

    fn blob_writer(&self) -> io::Result<BlobWriter> {
        let id = self.paths.next_id();
        let temp = self.paths.tmp.join(format!("{id}.part"));
        let file = private::create_new_file(&temp)?;
        Ok(BlobWriter::File(FileWriter {
            file: Some(tokio::io::BufWriter::with_capacity(
                1 << 20,
                tokio::fs::File::from_std(file),
            )),
            temp,
            id,
            paths: Arc::clone(&self.paths),
        }))
    }

    fn discard(&self, blob: &BlobRef) {
        if let BlobRef::File(id) = blob {
            let _ = std::fs::remove_file(self.blob_path(id));
        }
    }

    fn open(&self, segments: &[Segment]) -> StoreResult<Vec<OpenSegment>> {
        segments
            .iter()
            .map(|s| match &s.blob {
                BlobRef::File(id) => match std::fs::File::open(self.blob_path(id)) {
                    Ok(file) => Ok(OpenSegment::File(file, s.offset, s.len)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Err(StoreError::Vanished),
                    Err(e) => Err(e.into()),
                },
                BlobRef::Memory(_) => Err(StoreError::Internal(
                    "a memory blob in the disk store".to_owned(),
                )),
            })
            .collect()
    }

    fn sweep(&self) {
        if let Err(e) = self.sweep_now(false) {
            tracing::warn!(error = %e, "sweeping the data directory failed");
        }
    }
}
