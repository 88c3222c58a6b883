//! The lifecycle sweep: every bucket's enabled lifecycle rules applied at the server's clock
//! (so that a test moves the clock, then sweeps): objects past their `Expiration` are
//! deleted, objects past a `Transition` move to the coldest storage class due, multipart
//! uploads past `AbortMultipartUpload` are aborted. It runs when asked (the admin endpoint's
//! `POST /_oss-server/lifecycle`, [`ServerHandle::run_lifecycle`](crate::ServerHandle)),
//! never on its own, and reads the store a page at a time.

use std::sync::Arc;
use std::time::SystemTime;

use oss_model::{LifecycleConfiguration, StorageClass, XmlBody};

use crate::store::{
    self, from_millis, millis, Guard, ObjectRecord, ObjectUpdate, Store, StoreError, StoreResult,
};

/// How many objects or uploads one store call reads.
const PAGE: usize = 1000;

/// What a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LifecycleSweep {
    /// Objects deleted.
    pub expired: u64,
    /// Objects moved to a colder storage class.
    pub transitioned: u64,
    /// Multipart uploads aborted.
    pub aborted: u64,
}

/// Applies every bucket's lifecycle rules as of `now`.
pub(crate) async fn sweep(store: &Arc<dyn Store>, now: SystemTime) -> StoreResult<LifecycleSweep> {
    let store = Arc::clone(store);
    store::run(&store, move |s| sweep_blocking(s, now)).await
}

pub(crate) fn sweep_blocking(store: &dyn Store, now: SystemTime) -> StoreResult<LifecycleSweep> {
    let mut done = LifecycleSweep::default();
    for bucket in store.buckets()? {
        let Some(config) = bucket
            .documents
            .get("lifecycle")
            .and_then(|text| LifecycleConfiguration::from_xml(text).ok())
        else {
            continue;
        };
        for rule in config.rules.iter().filter(|r| r.is_enabled()) {
            let prefix = rule.prefix.clone().unwrap_or_default();
            let mut after = String::new();
            loop {
                let page = store.list_objects(&bucket.name, &prefix, &after, PAGE)?;
                let Some(last) = page.last() else { break };
                after = last.key.clone();
                for object in &page {
                    if !rule.applies_to(&object.key, &object.tags) {
                        continue;
                    }
                    let modified = from_millis(object.modified_ms);
                    if rule
                        .expiration
                        .as_ref()
                        .is_some_and(|e| e.time().is_due(modified, now))
                    {
                        // In a versioned bucket, as on OSS, expiry hides the object behind a
                        // delete marker.
                        let marker = ObjectRecord::delete_marker(&object.key, millis(now));
                        let guard = Guard::at(millis(now));
                        // A protected object outlives its rule, as on OSS.
                        match store.delete_object(&bucket.name, &object.key, None, marker, guard) {
                            Ok(deleted) if deleted.existed => done.expired += 1,
                            Ok(_) | Err(StoreError::Immutable) => {}
                            Err(e) => return Err(e),
                        }
                        continue;
                    }
                    let current = StorageClass::parse(&object.storage_class);
                    let due = rule
                        .transitions
                        .iter()
                        .filter(|t| t.time().is_due(modified, now))
                        .map(|t| &t.storage_class)
                        .filter(|class| coldness(class) > coldness(&current))
                        .max_by_key(|class| coldness(class));
                    if let Some(class) = due {
                        let update = ObjectUpdate::StorageClass(class.to_string());
                        match store.update_object(&bucket.name, &object.key, None, &update) {
                            Ok(_) => done.transitioned += 1,
                            // Deleted meanwhile.
                            Err(store::StoreError::NoSuchKey) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                if page.len() < PAGE {
                    break;
                }
            }
            if let Some(abort) = &rule.abort_multipart_upload {
                let (mut key_marker, mut id_marker) = (String::new(), String::new());
                loop {
                    let page =
                        store.list_uploads(&bucket.name, &prefix, &key_marker, &id_marker, PAGE)?;
                    let Some(last) = page.last() else { break };
                    (key_marker, id_marker) = (last.key.clone(), last.upload_id.clone());
                    for upload in &page {
                        if abort.is_due(from_millis(upload.initiated_ms), now) {
                            match store.abort_upload(&bucket.name, &upload.upload_id) {
                                Ok(()) => done.aborted += 1,
                                Err(store::StoreError::NoSuchUpload) => {}
                                Err(e) => return Err(e),
                            }
                        }
                    }
                    if page.len() < PAGE {
                        break;
                    }
                }
            }
        }
    }
    Ok(done)
}

/// How cold a storage class is; Standard (and unknown classes) 0.
fn coldness(class: &StorageClass) -> u8 {
    match class {
        StorageClass::Ia => 1,
        StorageClass::Archive => 2,
        StorageClass::ColdArchive => 3,
        StorageClass::DeepColdArchive => 4,
        _ => 0,
    }
}
