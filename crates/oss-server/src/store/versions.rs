//! The versions of one key and how writes and deletes change them under a bucket's
//! versioning state: the rules both backends share, on a [`KeyVersions`] a backend loads and
//! saves in one transaction.
//!
//! A key has at most one current object (in the backend's object table, which listings and
//! plain reads use) and older versions, newest first, some of them delete markers. The current
//! object, when there is one, is always newer than every older version; when the newest
//! version is a delete marker the key has no current object and reads as missing.
//!
//! An object written while the bucket was never versioned has no version id and is the
//! `null` version; while versioning is suspended new writes are `null` versions too, and each
//! replaces the key's previous `null` version.

use super::{ObjectRecord, StoreError, StoreResult};

/// The version id of versions written while versioning was off or suspended.
pub(crate) const NULL_VERSION: &str = "null";

/// A bucket's versioning state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Versioning {
    /// Never enabled: writes replace, deletes remove.
    Off,
    /// Every write and delete makes a new version.
    Enabled,
    /// Writes and deletes make the `null` version, replacing the previous one.
    Suspended,
}

impl Versioning {
    /// The state a bucket record stores (`Enabled`, `Suspended` or nothing).
    pub fn of(stored: Option<&str>) -> Versioning {
        match stored {
            Some("Enabled") => Versioning::Enabled,
            Some("Suspended") => Versioning::Suspended,
            _ => Versioning::Off,
        }
    }
}

impl ObjectRecord {
    /// The version id as the API shows it (`null` for one written unversioned).
    pub fn version_name(&self) -> &str {
        self.version_id.as_deref().unwrap_or(NULL_VERSION)
    }

    /// Whether this is the version `version_id`.
    pub fn is_version(&self, version_id: &str) -> bool {
        self.version_name() == version_id
    }
}

/// What a delete did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Deleted {
    /// Whether it removed or hid something.
    pub existed: bool,
    /// The version made (a delete marker) or removed; none in an unversioned bucket.
    pub version_id: Option<String>,
    /// Whether that version is a delete marker.
    pub delete_marker: bool,
}

/// The versions of one key.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyVersions {
    /// The current object.
    pub current: Option<ObjectRecord>,
    /// Older versions and delete markers, newest first.
    pub older: Vec<ObjectRecord>,
}

impl KeyVersions {
    /// Every version, newest first, the first being the latest.
    pub fn all(&self) -> impl Iterator<Item = &ObjectRecord> {
        self.current.iter().chain(&self.older)
    }

    /// The latest version: the current object or a delete marker.
    pub fn latest(&self) -> Option<&ObjectRecord> {
        self.all().next()
    }

    /// The version `version_id`.
    pub fn find(&self, version_id: &str) -> StoreResult<&ObjectRecord> {
        self.all()
            .find(|r| r.is_version(version_id))
            .ok_or(StoreError::NoSuchVersion)
    }

    /// The version `version_id` (the current object with `None`), to change its metadata.
    pub fn find_mut(&mut self, version_id: Option<&str>) -> StoreResult<&mut ObjectRecord> {
        let Some(version_id) = version_id else {
            return self.current.as_mut().ok_or(StoreError::NoSuchKey);
        };
        self.current
            .iter_mut()
            .chain(self.older.iter_mut())
            .find(|r| r.is_version(version_id))
            .filter(|r| !r.delete_marker)
            .ok_or(StoreError::NoSuchVersion)
    }

    /// Makes `record` the current object, giving it its version id; returns the versions
    /// this drops (their data is no longer referenced from here).
    pub fn put(&mut self, versioning: Versioning, mut record: ObjectRecord) -> Vec<ObjectRecord> {
        record.delete_marker = false;
        let dropped = self.push(versioning, &mut record);
        self.current = Some(record);
        dropped
    }

    /// Deletes the current object (`version_id` `None`) or the version `version_id`.
    pub fn delete(
        &mut self,
        versioning: Versioning,
        version_id: Option<&str>,
        marker: ObjectRecord,
    ) -> (Deleted, Vec<ObjectRecord>) {
        match version_id {
            None => self.delete_current(versioning, marker),
            Some(version_id) => self.delete_version(version_id),
        }
    }

    fn delete_current(
        &mut self,
        versioning: Versioning,
        mut marker: ObjectRecord,
    ) -> (Deleted, Vec<ObjectRecord>) {
        if versioning == Versioning::Off {
            let dropped: Vec<ObjectRecord> = self.current.take().into_iter().collect();
            let deleted = Deleted {
                existed: !dropped.is_empty(),
                ..Deleted::default()
            };
            return (deleted, dropped);
        }
        marker.delete_marker = true;
        marker.segments.clear();
        let existed = self.current.is_some();
        let dropped = self.push(versioning, &mut marker);
        let deleted = Deleted {
            existed,
            version_id: Some(marker.version_name().to_owned()),
            delete_marker: true,
        };
        self.older.insert(0, marker);
        (deleted, dropped)
    }

    /// Moves the current object among the older versions to make room for `new`, giving
    /// `new` its version id; returns what that drops.
    fn push(&mut self, versioning: Versioning, new: &mut ObjectRecord) -> Vec<ObjectRecord> {
        let mut dropped = Vec::new();
        match versioning {
            Versioning::Off => {
                new.version_id = None;
                dropped.extend(self.current.take());
            }
            Versioning::Enabled => {
                new.version_id = Some(crate::ids::version_id());
                if let Some(current) = self.current.take() {
                    self.older.insert(0, current);
                }
            }
            Versioning::Suspended => {
                new.version_id = Some(NULL_VERSION.to_owned());
                if let Some(current) = self.current.take() {
                    self.older.insert(0, current);
                }
                let (nulls, kept) = std::mem::take(&mut self.older)
                    .into_iter()
                    .partition(|r| r.is_version(NULL_VERSION));
                self.older = kept;
                dropped = nulls;
            }
        }
        dropped
    }

    fn delete_version(&mut self, version_id: &str) -> (Deleted, Vec<ObjectRecord>) {
        let mut deleted = Deleted {
            existed: false,
            version_id: Some(version_id.to_owned()),
            delete_marker: false,
        };
        let mut dropped = Vec::new();
        if self
            .current
            .as_ref()
            .is_some_and(|c| c.is_version(version_id))
        {
            dropped.extend(self.current.take());
        } else if let Some(i) = self.older.iter().position(|r| r.is_version(version_id)) {
            let removed = self.older.remove(i);
            deleted.delete_marker = removed.delete_marker;
            dropped.push(removed);
        } else {
            return (deleted, dropped);
        }
        deleted.existed = true;
        // The newest remaining version becomes current, unless it is a delete marker.
        if self.current.is_none() && self.older.first().is_some_and(|r| !r.delete_marker) {
            self.current = Some(self.older.remove(0));
        }
        (deleted, dropped)
    }
}

/// Adds to `page` the versions of `key` that come after the markers of a version listing
/// (see [`Store::list_versions`](super::Store::list_versions)), while it holds fewer than
/// `limit`.
pub(crate) fn list_after(
    key: &str,
    versions: &KeyVersions,
    (key_marker, version_id_marker): (&str, &str),
    limit: usize,
    page: &mut Vec<(ObjectRecord, bool)>,
) {
    let skip = match key.cmp(key_marker) {
        std::cmp::Ordering::Less => return,
        std::cmp::Ordering::Greater => 0,
        std::cmp::Ordering::Equal if version_id_marker.is_empty() => return,
        std::cmp::Ordering::Equal => {
            match versions.all().position(|r| r.is_version(version_id_marker)) {
                Some(i) => i + 1,
                None => return,
            }
        }
    };
    for (i, record) in versions.all().enumerate().skip(skip) {
        if page.len() >= limit {
            return;
        }
        page.push((record.clone(), i == 0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str, etag: &str) -> ObjectRecord {
        ObjectRecord {
            key: key.to_owned(),
            size: 0,
            etag: etag.to_owned(),
            crc64: 0,
            modified_ms: 0,
            object_type: "Normal".to_owned(),
            storage_class: "Standard".to_owned(),
            acl: "default".to_owned(),
            headers: Vec::new(),
            user_meta: Vec::new(),
            tags: Vec::new(),
            symlink_target: None,
            restore: None,
            content_md5: None,
            segments: Vec::new(),
            generation: 0,
            version_id: None,
            delete_marker: false,
            sealed_ms: None,
            retention: None,
            legal_hold: false,
        }
    }

    fn etags(versions: &KeyVersions) -> Vec<String> {
        versions
            .all()
            .map(|r| {
                if r.delete_marker {
                    "marker".to_owned()
                } else {
                    r.etag.clone()
                }
            })
            .collect()
    }

    #[test]
    fn enabled_keeps_every_version_and_a_delete_hides_them() {
        let mut v = KeyVersions::default();
        assert!(v.put(Versioning::Off, record("k", "a")).is_empty());
        assert!(v.put(Versioning::Enabled, record("k", "b")).is_empty());
        assert_eq!(etags(&v), ["b", "a"]);
        assert_eq!(v.older[0].version_name(), NULL_VERSION);
        let (deleted, dropped) = v.delete(Versioning::Enabled, None, record("k", ""));
        assert!(deleted.delete_marker && dropped.is_empty());
        assert!(v.current.is_none());
        assert_eq!(etags(&v), ["marker", "b", "a"]);
        // Removing the marker makes the newest version current again.
        let marker = deleted.version_id.unwrap();
        let (deleted, dropped) = v.delete(Versioning::Enabled, Some(&marker), record("k", ""));
        assert!(deleted.delete_marker && dropped.len() == 1);
        assert_eq!(v.current.as_ref().unwrap().etag, "b");
    }

    #[test]
    fn suspended_replaces_the_null_version_only() {
        let mut v = KeyVersions::default();
        v.put(Versioning::Off, record("k", "a"));
        v.put(Versioning::Enabled, record("k", "b"));
        let dropped = v.put(Versioning::Suspended, record("k", "c"));
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].etag, "a");
        assert_eq!(etags(&v), ["c", "b"]);
        let dropped = v.put(Versioning::Suspended, record("k", "d"));
        assert_eq!(dropped[0].etag, "c");
        let (deleted, dropped) = v.delete(Versioning::Suspended, None, record("k", ""));
        assert_eq!(deleted.version_id.as_deref(), Some(NULL_VERSION));
        assert_eq!(dropped[0].etag, "d");
        assert_eq!(etags(&v), ["marker", "b"]);
    }

    #[test]
    fn deleting_an_unknown_version_changes_nothing() {
        let mut v = KeyVersions::default();
        v.put(Versioning::Enabled, record("k", "a"));
        let (deleted, dropped) = v.delete(Versioning::Enabled, Some("nope"), record("k", ""));
        assert!(!deleted.existed && dropped.is_empty());
        assert_eq!(etags(&v), ["a"]);
    }
}
