//! What protects an object version from deletion and overwrite: the bucket's retention
//! policy (bucket WORM), the version's own retention (object WORM, `GOVERNANCE` or
//! `COMPLIANCE`) and its legal hold.
//!
//! Both backends apply these rules inside the transaction of the write or delete they guard,
//! on the bucket record and the key's versions that transaction read: a write that would
//! drop a protected version (an overwrite in an unversioned bucket, a delete of the version,
//! an append to it) fails with [`StoreError::Immutable`] and changes nothing, and no
//! concurrent change of the policy or the version can slip between the check and the write.
//! A delete marker hides a protected version without dropping it, so it is allowed.

use super::{BucketRecord, ObjectRecord, RetentionRecord, StoreError, StoreResult, WormRecord};

/// How long an `InProgress` bucket policy lives unless completed.
pub(crate) const WORM_LAPSE_MS: u64 = 24 * 3600 * 1000;
/// A day, in milliseconds.
pub(crate) const DAY_MS: u64 = 24 * 3600 * 1000;
/// The bucket document holding the object-WORM configuration.
pub(crate) const OBJECT_WORM: &str = "objectWorm";

/// What a guarded write is checked against: the time, and whether the request may shorten
/// or lift a `GOVERNANCE` retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Guard {
    /// The server's time of the request.
    pub now_ms: u64,
    /// Whether the request carried the governance bypass.
    pub bypass_governance: bool,
}

impl Guard {
    /// A guard at `now_ms`, without the bypass (the server's own writes: replication, logs,
    /// lifecycle).
    pub fn at(now_ms: u64) -> Guard {
        Guard {
            now_ms,
            bypass_governance: false,
        }
    }
}

/// The bucket's retention policy in force at `now_ms`: none if there is none or an
/// `InProgress` one lapsed.
pub(crate) fn worm_in_force(bucket: &BucketRecord, now_ms: u64) -> Option<&WormRecord> {
    bucket
        .worm
        .as_ref()
        .filter(|w| w.locked || now_ms < w.created_ms.saturating_add(WORM_LAPSE_MS))
}

/// Whether `version` may not be dropped now.
pub(crate) fn protected(bucket: &BucketRecord, version: &ObjectRecord, guard: &Guard) -> bool {
    if version.delete_marker {
        return false;
    }
    if version.legal_hold {
        return true;
    }
    if let Some(r) = version.retention {
        if guard.now_ms < r.until_ms && (r.compliance || !guard.bypass_governance) {
            return true;
        }
    }
    worm_in_force(bucket, guard.now_ms).is_some_and(|w| {
        guard.now_ms
            < version
                .modified_ms
                .saturating_add(u64::from(w.days) * DAY_MS)
    })
}

/// Fails if any of `dropped` is protected.
pub(crate) fn refuse_dropping<'a>(
    bucket: &BucketRecord,
    dropped: impl IntoIterator<Item = &'a ObjectRecord>,
    guard: &Guard,
) -> StoreResult<()> {
    match dropped.into_iter().any(|v| protected(bucket, v, guard)) {
        true => Err(StoreError::Immutable),
        false => Ok(()),
    }
}

/// Fails if `record`'s retention in force may not become `new`: a `COMPLIANCE` retention only
/// lengthens and stays `COMPLIANCE`; a `GOVERNANCE` one is shortened only with the bypass.
pub(crate) fn check_retention_change(
    record: &ObjectRecord,
    new: &RetentionRecord,
    guard: &Guard,
) -> StoreResult<()> {
    let Some(old) = record.retention.filter(|r| guard.now_ms < r.until_ms) else {
        return Ok(());
    };
    let weakens = new.until_ms < old.until_ms || (old.compliance && !new.compliance);
    if weakens && (old.compliance || !guard.bypass_governance) {
        return Err(StoreError::RetentionLocked);
    }
    Ok(())
}

/// Gives a new version the default retention of the bucket's object-WORM configuration,
/// counted from `now_ms`, unless it has one of its own.
pub(crate) fn apply_default(bucket: &BucketRecord, record: &mut ObjectRecord, now_ms: u64) {
    if record.retention.is_some() || record.delete_marker {
        return;
    }
    let Some(config) = bucket.documents.get(OBJECT_WORM).and_then(|text| {
        <oss_model::ObjectWormConfiguration as oss_model::XmlBody>::from_xml(text).ok()
    }) else {
        return;
    };
    if config.object_worm_enabled.as_deref() != Some("Enabled") {
        return;
    }
    let Some(default) = config.rule.and_then(|r| r.default_retention) else {
        return;
    };
    let days = match (default.days, default.years) {
        (Some(days), _) => u64::from(days),
        (None, Some(years)) => u64::from(years) * 365,
        (None, None) => return,
    };
    record.retention = Some(RetentionRecord {
        compliance: default.mode.as_deref() == Some("COMPLIANCE"),
        until_ms: now_ms.saturating_add(days * DAY_MS),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(modified_ms: u64) -> ObjectRecord {
        let mut v = ObjectRecord::delete_marker("k", modified_ms);
        v.delete_marker = false;
        v
    }

    fn bucket() -> BucketRecord {
        BucketRecord {
            name: "b".into(),
            created_ms: 0,
            acl: "private".into(),
            storage_class: "Standard".into(),
            redundancy: "LRS".into(),
            region: "cn-hangzhou".into(),
            documents: Default::default(),
            versioning: None,
            worm: None,
        }
    }

    #[test]
    fn compliance_holds_against_the_bypass_and_governance_does_not() {
        let b = bucket();
        let mut v = version(0);
        v.retention = Some(RetentionRecord {
            compliance: false,
            until_ms: 100,
        });
        let bypass = Guard {
            now_ms: 50,
            bypass_governance: true,
        };
        assert!(protected(&b, &v, &Guard::at(50)));
        assert!(!protected(&b, &v, &bypass));
        assert!(!protected(&b, &v, &Guard::at(100)), "it lapses");
        v.retention = Some(RetentionRecord {
            compliance: true,
            until_ms: 100,
        });
        assert!(protected(&b, &v, &bypass));
        let shorter = RetentionRecord {
            compliance: true,
            until_ms: 80,
        };
        assert!(matches!(
            check_retention_change(&v, &shorter, &bypass),
            Err(StoreError::RetentionLocked)
        ));
        let longer = RetentionRecord {
            compliance: true,
            until_ms: 200,
        };
        assert!(check_retention_change(&v, &longer, &Guard::at(50)).is_ok());
    }

    #[test]
    fn a_legal_hold_and_a_bucket_policy_protect_and_a_marker_is_never_protected() {
        let mut b = bucket();
        let mut v = version(0);
        v.legal_hold = true;
        assert!(refuse_dropping(&b, [&v], &Guard::at(10)).is_err());
        v.legal_hold = false;
        b.worm = Some(WormRecord {
            id: "w".into(),
            locked: true,
            days: 1,
            created_ms: 0,
        });
        assert!(protected(&b, &v, &Guard::at(DAY_MS - 1)));
        assert!(!protected(&b, &v, &Guard::at(DAY_MS)));
        v.delete_marker = true;
        assert!(!protected(&b, &v, &Guard::at(0)));
    }

    /// The stores refuse by themselves, in the write's own call, whatever the handler checked
    /// before: a policy set after a handler's check is still seen.
    #[test]
    fn both_stores_refuse_inside_the_write() {
        let dir = std::env::temp_dir().join(format!("oss-protection-{}", std::process::id()));
        let disk = super::super::disk::DiskStore::open(&dir).expect("the disk store opens");
        let stores: [Box<dyn super::super::Store>; 2] = [
            Box::new(super::super::memory::MemoryStore::new()),
            Box::new(disk),
        ];
        for store in stores {
            store.create_bucket(&bucket()).unwrap();
            let object = version(0);
            let pre = super::super::Precondition::None;
            store
                .put_object("b", object.clone(), pre, Guard::at(0))
                .unwrap();
            let worm = WormRecord {
                id: "w".into(),
                locked: true,
                days: 1,
                created_ms: 0,
            };
            let change = super::super::BucketChange::Worm(Some(worm));
            store.update_bucket("b", &change).unwrap();
            let refused = store.put_object("b", object.clone(), pre, Guard::at(10));
            assert!(matches!(refused, Err(StoreError::Immutable)), "{refused:?}");
            let marker = ObjectRecord::delete_marker("k", 10);
            let refused = store.delete_object("b", "k", None, marker.clone(), Guard::at(10));
            assert!(matches!(refused, Err(StoreError::Immutable)), "{refused:?}");
            assert_eq!(
                store.object("b", "k").unwrap().generation,
                object.generation
            );
            // Once the retention is over, the same write goes through.
            let later = Guard::at(DAY_MS);
            store.delete_object("b", "k", None, marker, later).unwrap();
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
