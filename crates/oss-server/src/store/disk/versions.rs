//! The versions of a key in SQLite: the current object in `objects`, older versions and
//! delete markers in `versions`, numbered newest last. A key's versions are loaded and saved
//! whole, inside the caller's transaction; blob references stay with the records, so moving a
//! version between the tables changes no count.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::rows::{json, load_object, parse, sql, upsert_object_row};
use crate::store::{BucketRecord, KeyVersions, StoreError, StoreResult};

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS versions(
    bucket TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY(bucket, key, seq)) WITHOUT ROWID;
";

/// The bucket's record (`NoSuchBucket` if there is none).
pub(super) fn load_bucket(conn: &Connection, bucket: &str) -> StoreResult<BucketRecord> {
    let text = conn
        .query_row(
            "SELECT record FROM buckets WHERE name = ?1",
            [bucket],
            |row| row.get::<_, String>(0),
        )
        .optional()
        .map_err(sql)?
        .ok_or(StoreError::NoSuchBucket)?;
    parse(&text)
}

/// Every version of `key`.
pub(super) fn load_key(conn: &Connection, bucket: &str, key: &str) -> StoreResult<KeyVersions> {
    let current = load_object(conn, bucket, key)?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT record FROM versions WHERE bucket = ?1 AND key = ?2 ORDER BY seq DESC",
        )
        .map_err(sql)?;
    let older = stmt
        .query_map([bucket, key], |row| row.get::<_, String>(0))
        .map_err(sql)?
        .map(|text| parse(&text.map_err(sql)?))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(KeyVersions { current, older })
}

/// Writes `versions` as the versions of `key`, replacing what was there.
pub(super) fn save_key(
    tx: &Transaction<'_>,
    bucket: &str,
    key: &str,
    versions: &KeyVersions,
) -> StoreResult<()> {
    match &versions.current {
        Some(current) => upsert_object_row(tx, bucket, current)?,
        None => {
            tx.execute(
                "DELETE FROM objects WHERE bucket = ?1 AND key = ?2",
                [bucket, key],
            )
            .map_err(sql)?;
        }
    }
    tx.execute(
        "DELETE FROM versions WHERE bucket = ?1 AND key = ?2",
        [bucket, key],
    )
    .map_err(sql)?;
    for (seq, record) in versions.older.iter().rev().enumerate() {
        tx.execute(
            "INSERT INTO versions(bucket, key, seq, record) VALUES(?1, ?2, ?3, ?4)",
            params![bucket, key, seq as i64, json(record)?],
        )
        .map_err(sql)?;
    }
    Ok(())
}

/// Up to `limit` keys starting with `prefix`, from `start` on, that have a current object or
/// older versions.
pub(super) fn keys_from(
    conn: &Connection,
    bucket: &str,
    prefix: &str,
    start: &str,
    limit: usize,
) -> StoreResult<Vec<String>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT key FROM objects WHERE bucket = ?1 AND key >= ?2
             UNION SELECT DISTINCT key FROM versions WHERE bucket = ?1 AND key >= ?2
             ORDER BY key LIMIT ?3",
        )
        .map_err(sql)?;
    let mut rows = stmt
        .query(params![bucket, start, limit as i64])
        .map_err(sql)?;
    let mut keys = Vec::new();
    while let Some(row) = rows.next().map_err(sql)? {
        let key: String = row.get(0).map_err(sql)?;
        if !key.starts_with(prefix) {
            break;
        }
        keys.push(key);
    }
    Ok(keys)
}
