//! The scenarios through this workspace's SDK, as a user would write them: default client
//! settings (V4 signing, CRC-64 checks on), one shared client, tasks for concurrency.
//!
//! - Large upload: `oss-transfer`'s [`Uploader`] with the part size and concurrency given
//!   (parts read from the file while they are sent, each part's CRC-64 compared with the
//!   service's, the combined CRC-64 compared with the object's).
//! - Large download: `oss-transfer`'s [`Downloader`] into the output file (HeadObject, ranged
//!   GETs pinned to the ETag written at their offsets, the parts' combined CRC-64 compared
//!   with the object's, fsync, rename into place).
//! - Small objects (`oss-client`): `concurrency` tasks taking the next index; GETs are
//!   compared with the expected bytes.
//! - Listing (`oss-client`): ListObjectsV2 pages of 1,000, counted and checked in order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use oss_client::{Bucket, Client};
use oss_transfer::{Downloader, Uploader};

use crate::args::{LargeObject, Listing, Scenario, SmallObjects, Target};
use crate::data;
use crate::measure::Outcome;

/// The client for `target`, with the SDK's defaults.
pub fn client(target: &Target) -> Result<Client, String> {
    Client::builder()
        .endpoint(target.endpoint.clone())
        .region(target.region.clone())
        .credentials(oss_auth::Credentials::new(
            target.access_key_id.clone(),
            target.access_key_secret.clone(),
        ))
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))
}

/// Runs one scenario.
pub async fn run(scenario: &Scenario, bucket: &Bucket) -> Result<Outcome, String> {
    match scenario {
        Scenario::LargeUpload(large) => large_upload(bucket, large).await,
        Scenario::LargeDownload(large) => large_download(bucket, large).await,
        Scenario::SmallPut(small) => small_put(bucket, small).await,
        Scenario::SmallGet(small) => small_get(bucket, small).await,
        Scenario::List(listing) => list(bucket, listing).await,
    }
}

/// Runs `work(index)` for every index below `count`, `concurrency` at a time, in tasks that
/// each take the next index; returns the results in index order.
async fn in_parallel<T, F, Fut>(count: usize, concurrency: usize, work: F) -> Result<Vec<T>, String>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(work);
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency.min(count.max(1)) {
        let (next, work) = (next.clone(), work.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    return Ok::<_, String>(done);
                }
                done.push((index, work(index).await?));
            }
        }));
    }
    let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
    for task in tasks {
        for (index, value) in task.await.map_err(|e| format!("a task failed: {e}"))?? {
            results[index] = Some(value);
        }
    }
    Ok(results.into_iter().flatten().collect())
}

async fn large_upload(bucket: &Bucket, large: &LargeObject) -> Result<Outcome, String> {
    let file = large.file.clone().ok_or("large-upload needs --file")?;
    let uploader = Uploader::builder(bucket.clone())
        .part_size(large.part_size)
        .concurrency(large.concurrency)
        .build()
        .map_err(|e| format!("Uploader: {e}"))?;
    let outcome = uploader
        .upload_file(file, large.key.clone())
        .await
        .map_err(|e| format!("upload: {e}"))?;
    Ok(Outcome {
        operations: u64::from(outcome.parts),
        bytes: outcome.size,
        crc64: outcome.crc64,
        check: format!(
            "{} parts, each CRC-64 checked, and the object's against them",
            outcome.parts
        ),
    })
}

async fn large_download(bucket: &Bucket, large: &LargeObject) -> Result<Outcome, String> {
    let output = large
        .output
        .clone()
        .ok_or("large-download needs --output")?;
    let downloader = Downloader::builder(bucket.clone())
        .part_size(large.part_size)
        .concurrency(large.concurrency)
        .build()
        .map_err(|e| format!("Downloader: {e}"))?;
    let outcome = downloader
        .download_file(large.key.clone(), output)
        .await
        .map_err(|e| format!("download: {e}"))?;
    if outcome.size != large.size {
        return Err(format!("{} bytes instead of {}", outcome.size, large.size));
    }
    Ok(Outcome {
        operations: u64::from(outcome.parts),
        bytes: outcome.size,
        crc64: outcome.crc64,
        check: format!(
            "{} ranges into the file, their combined CRC-64 checked against the object's",
            outcome.parts
        ),
    })
}

async fn small_put(bucket: &Bucket, small: &SmallObjects) -> Result<Outcome, String> {
    let count = small_count(small)?;
    let (bucket, prefix, size) = (bucket.clone(), small.prefix.clone(), small.object_size);
    in_parallel(count, small.concurrency, move |index| {
        let key = data::small_key(&prefix, index as u64);
        let put = bucket.put_object(key, data::small_body(index as u64, size));
        async move {
            put.await
                .map(drop)
                .map_err(|e| format!("PutObject {index}: {e}"))
        }
    })
    .await?;
    Ok(Outcome {
        operations: count as u64,
        bytes: count as u64 * small.object_size as u64,
        crc64: None,
        check: format!("{count} PUTs, each CRC-64 checked"),
    })
}

async fn small_get(bucket: &Bucket, small: &SmallObjects) -> Result<Outcome, String> {
    let count = small_count(small)?;
    let (bucket, prefix, size) = (bucket.clone(), small.prefix.clone(), small.object_size);
    in_parallel(count, small.concurrency, move |index| {
        let get = bucket.get_object(data::small_key(&prefix, index as u64));
        async move {
            let object = get.await.map_err(|e| format!("GetObject {index}: {e}"))?;
            let body = object
                .bytes()
                .await
                .map_err(|e| format!("GetObject {index} body: {e}"))?;
            if body[..] != data::small_body(index as u64, size)[..] {
                return Err(format!("object {index} came back different"));
            }
            Ok(())
        }
    })
    .await?;
    Ok(Outcome {
        operations: count as u64,
        bytes: count as u64 * small.object_size as u64,
        crc64: None,
        check: format!("{count} GETs byte-identical"),
    })
}

async fn list(bucket: &Bucket, listing: &Listing) -> Result<Outcome, String> {
    let mut pages = bucket
        .list_objects_v2()
        .prefix(listing.prefix.clone())
        .max_keys(1000)
        .into_paginator();
    let (mut keys, mut requests) = (0u64, 0u64);
    let mut last_key = String::new();
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(|e| format!("ListObjectsV2 page {}: {e}", requests + 1))?;
        requests += 1;
        for entry in &page.contents {
            if entry.key <= last_key {
                return Err(format!("{:?} listed after {last_key:?}", entry.key));
            }
            last_key.clone_from(&entry.key);
            keys += 1;
        }
    }
    if keys != listing.expect_count {
        return Err(format!(
            "listed {keys} keys, expected {}",
            listing.expect_count
        ));
    }
    Ok(Outcome {
        operations: requests,
        bytes: 0,
        crc64: None,
        check: format!("{keys} keys in order in {requests} pages"),
    })
}

fn small_count(small: &SmallObjects) -> Result<usize, String> {
    usize::try_from(small.count).map_err(|_| "--count is out of range".to_owned())
}
