//! SQL helpers of the disk backend: reading rows, and moving blob reference counts as rows
//! are replaced and removed, always inside the caller's transaction.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::store::{
    BlobRef, ObjectRecord, PartRecord, Precondition, Segment, StoreError, StoreResult, UploadRecord,
};

pub(super) fn sql(e: rusqlite::Error) -> StoreError {
    StoreError::Internal(format!("SQLite: {e}"))
}

pub(super) fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Internal(format!("encoding a row: {e}")))
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Internal(format!("a corrupt row: {e}")))
}

pub(super) fn require_bucket(conn: &Connection, bucket: &str) -> StoreResult<()> {
    conn.query_row(
        "SELECT 1 FROM buckets WHERE name = ?1",
        [bucket],
        |_| Ok(()),
    )
    .optional()
    .map_err(sql)?
    .ok_or(StoreError::NoSuchBucket)
}

pub(super) fn load_object(
    conn: &Connection,
    bucket: &str,
    key: &str,
) -> StoreResult<Option<ObjectRecord>> {
    conn.query_row(
        "SELECT record FROM objects WHERE bucket = ?1 AND key = ?2",
        [bucket, key],
        |row| row.get::<_, String>(0),
    )
    .optional()
    .map_err(sql)?
    .map(|text| parse(&text))
    .transpose()
}

pub(super) fn blob_ids(segments: &[Segment]) -> impl Iterator<Item = &str> {
    segments.iter().filter_map(|s| match &s.blob {
        BlobRef::File(id) => Some(&**id),
        BlobRef::Memory(_) => None,
    })
}

pub(super) fn add_refs(tx: &Transaction<'_>, segments: &[Segment]) -> StoreResult<()> {
    for id in blob_ids(segments) {
        tx.execute(
            "INSERT INTO blobs(id, refs) VALUES(?1, 1) ON CONFLICT(id) DO UPDATE SET refs = refs + 1",
            [id],
        )
        .map_err(sql)?;
    }
    Ok(())
}

pub(super) fn drop_refs(
    tx: &Transaction<'_>,
    segments: &[Segment],
    freed: &mut Vec<String>,
) -> StoreResult<()> {
    for id in blob_ids(segments) {
        tx.execute("UPDATE blobs SET refs = refs - 1 WHERE id = ?1", [id])
            .map_err(sql)?;
        if tx
            .execute("DELETE FROM blobs WHERE id = ?1 AND refs <= 0", [id])
            .map_err(sql)?
            > 0
        {
            freed.push(id.to_owned());
        }
    }
    Ok(())
}

pub(super) fn check(current: Option<&ObjectRecord>, pre: Precondition) -> StoreResult<()> {
    match (pre, current) {
        (Precondition::MustNotExist, Some(_)) => Err(StoreError::FileAlreadyExists),
        (Precondition::Generation(g), Some(o)) if o.generation != g => Err(StoreError::Changed),
        (Precondition::Generation(_), None) => Err(StoreError::Changed),
        _ => Ok(()),
    }
}

/// Writes the object row, leaving blob references alone.
pub(super) fn upsert_object_row(
    tx: &Transaction<'_>,
    bucket: &str,
    record: &ObjectRecord,
) -> StoreResult<()> {
    tx.execute(
        "INSERT OR REPLACE INTO objects(bucket, key, size, storage_class, record)
         VALUES(?1, ?2, ?3, ?4, ?5)",
        params![
            bucket,
            record.key,
            record.size as i64,
            record.storage_class,
            json(record)?
        ],
    )
    .map_err(sql)?;
    Ok(())
}

pub(super) fn load_parts(
    conn: &Connection,
    bucket: &str,
    upload_id: &str,
) -> StoreResult<Vec<PartRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT record FROM parts WHERE bucket = ?1 AND upload_id = ?2 ORDER BY part_number",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map([bucket, upload_id], |row| row.get::<_, String>(0))
        .map_err(sql)?;
    rows.map(|text| parse(&text.map_err(sql)?)).collect()
}

pub(super) fn require_upload(
    conn: &Connection,
    bucket: &str,
    upload_id: &str,
) -> StoreResult<UploadRecord> {
    require_bucket(conn, bucket)?;
    let text = conn
        .query_row(
            "SELECT record FROM uploads WHERE bucket = ?1 AND upload_id = ?2",
            [bucket, upload_id],
            |row| row.get::<_, String>(0),
        )
        .optional()
        .map_err(sql)?
        .ok_or(StoreError::NoSuchUpload)?;
    parse(&text)
}

pub(super) fn remove_upload(
    tx: &Transaction<'_>,
    bucket: &str,
    upload_id: &str,
    freed: &mut Vec<String>,
) -> StoreResult<()> {
    for part in load_parts(tx, bucket, upload_id)? {
        drop_refs(tx, &part.segments, freed)?;
    }
    tx.execute(
        "DELETE FROM parts WHERE bucket = ?1 AND upload_id = ?2",
        [bucket, upload_id],
    )
    .map_err(sql)?;
    tx.execute(
        "DELETE FROM uploads WHERE bucket = ?1 AND upload_id = ?2",
        [bucket, upload_id],
    )
    .map_err(sql)?;
    Ok(())
}
