//! RestoreObject as a state machine for archived objects (Archive, ColdArchive,
//! DeepColdArchive):
//!
//! ```text
//! frozen --POST ?restore (202)--> restoring --after the restore delay--> restored
//!    ^                         (409 RestoreAlreadyInProgress)   (POST: 200, +Days)
//!    +----------------------- after Days days -----------------------+
//! ```
//!
//! GET of a frozen or restoring object is 403 `InvalidObjectState`; `x-oss-restore` tells the
//! state on HEAD and GET. The delay is the server's restore delay (one second by default).
//! CleanRestoredObject (`POST ?cleanRestoredObject`) freezes a restored object again before
//! its time; of an object not restored it is 409 `ArchiveRestoreFileStale`, of one being
//! restored 409 `RestoreAlreadyInProgress`.

use oss_model::code::ErrorCode;
use std::time::Duration;

use crate::request_body::RequestBody;
use oss_model::RestoreRequest;

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::is_archive_class;
use crate::error::{OssError, OssResult};
use crate::ops::versions::{update_addressed, version_header};
use crate::ops::xml;
use crate::response::{Reply, Resp};
use crate::store::{millis, ObjectUpdate, RestoreRecord};

const DAY_MS: u64 = 86_400_000;
/// The longest a restored copy is kept.
const MAX_DAYS: u64 = 7;

/// `POST /bucket/key?restore` (optional `RestoreRequest` body with `Days`).
pub(crate) async fn restore_object(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    let object = ctx.addressed_object().await?;
    ctx.authorize(Access::Write, &bucket, Some(&object))?;
    if !is_archive_class(&object.storage_class) {
        return Err(OssError::of(
            ErrorCode::OperationNotSupported,
            "The operation is not supported for this resource: only archived objects are restored.",
        ));
    }
    let bytes = xml::read_small_body(body, 64 * 1024).await?;
    let days = if bytes.iter().all(u8::is_ascii_whitespace) {
        1
    } else {
        u64::from(xml::parse::<RestoreRequest>(&bytes)?.days).clamp(1, MAX_DAYS)
    };
    let now = millis(ctx.now);
    let (restore, status) = match object.restore {
        Some(r) if now < r.ready_ms => {
            return Err(OssError::of(
                ErrorCode::RestoreAlreadyInProgress,
                "The restore operation is in progress.",
            ))
        }
        Some(r) if now < r.expires_ms => (
            RestoreRecord {
                ready_ms: r.ready_ms,
                expires_ms: (r.expires_ms + days * DAY_MS).min(now + MAX_DAYS * DAY_MS),
            },
            200,
        ),
        _ => {
            let delay = ctx.state.restore_delay.min(Duration::from_secs(86_400));
            let ready_ms = now + delay.as_millis() as u64;
            (
                RestoreRecord {
                    ready_ms,
                    expires_ms: ready_ms + days * DAY_MS,
                },
                202,
            )
        }
    };
    let updated = update_addressed(ctx, ObjectUpdate::Restore(restore)).await?;
    Ok(version_header(Reply::new(status), &updated).build())
}

/// `POST /bucket/key?cleanRestoredObject`: drops the restored copy (200).
pub(crate) async fn clean_restored_object(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    let object = ctx.addressed_object().await?;
    ctx.authorize(Access::Write, &bucket, Some(&object))?;
    if !is_archive_class(&object.storage_class) {
        return Err(OssError::of(
            ErrorCode::OperationNotSupported,
            "The operation is not supported for this resource: only archived objects are restored.",
        ));
    }
    let now = millis(ctx.now);
    match object.restore {
        Some(r) if now < r.ready_ms => Err(OssError::of(
            ErrorCode::RestoreAlreadyInProgress,
            "The restore operation is in progress.",
        )),
        Some(r) if now < r.expires_ms => {
            let updated = update_addressed(ctx, ObjectUpdate::CleanRestore).await?;
            Ok(version_header(Reply::ok(), &updated).build())
        }
        _ => Err(OssError::of(
            ErrorCode::ArchiveRestoreFileStale,
            "The archive file or restore info stale",
        )),
    }
}
