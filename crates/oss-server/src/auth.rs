//! Who is asking, and may they: signature verification through oss-auth's [`Verifier`]
//! (the schemes of the server's signing dialect: OSS V1 and V4, header and presigned URL,
//! STS tokens), and the ACL rules that let anonymous requests through.
//!
//! Temporary credentials that the server's own STS issued ([`crate::sts`]) are accepted
//! like configured ones, until they expire.
//!
//! Every configured credential acts for the one account that owns every bucket; a signed
//! request with any of them may do anything. An anonymous request may read when the object's
//! ACL (or, for `default`, the bucket's) is `public-read` or `public-read-write`, and write
//! objects when it is `public-read-write`; bucket administration is never anonymous.

use std::collections::HashMap;
use std::time::SystemTime;

use oss_auth::verify::{Verified, Verifier};
use oss_auth::{Credentials, SignableRequest};

use crate::error::{OssError, OssResult};
use crate::request::RequestInfo;
use crate::sts::Sts;

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    /// No signature.
    Anonymous,
    /// Signed with a configured credential.
    Owner,
}

/// What an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reading an object or listing.
    Read,
    /// Writing objects.
    Write,
    /// Administering the bucket or reading ACLs and tags.
    Owner,
}

/// Checks the signature of `request` at server time `now`.
pub(crate) fn authenticate(
    verifier: &Verifier,
    credentials: &HashMap<String, Credentials>,
    sts: &Sts,
    request: &RequestInfo,
    now: SystemTime,
) -> OssResult<Principal> {
    let query: Vec<(&str, &str)> = request
        .query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers = request.header_pairs();
    let signable = SignableRequest {
        method: request.method.as_str(),
        host: Some(&request.host),
        path: Some(&request.path),
        bucket: request.bucket.as_deref(),
        key: request.key.as_deref(),
        query: &query,
        headers: &headers,
    };
    let lookup = |id: &str| credentials.get(id).cloned().or_else(|| sts.lookup(id));
    match verifier.verify(&signable, now, lookup)? {
        Verified::Anonymous => Ok(Principal::Anonymous),
        Verified::Signed { .. } => Ok(Principal::Owner),
    }
}

/// Whether `principal` may do `access` given the bucket's ACL and the object's (if any).
pub(crate) fn authorize(
    principal: &Principal,
    access: Access,
    bucket_acl: &str,
    object_acl: Option<&str>,
) -> OssResult<()> {
    if *principal == Principal::Owner {
        return Ok(());
    }
    let acl = match object_acl {
        Some(acl) if acl != "default" => acl,
        _ => bucket_acl,
    };
    let allowed = match access {
        Access::Read => matches!(acl, "public-read" | "public-read-write"),
        Access::Write => acl == "public-read-write",
        Access::Owner => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(OssError::access_denied(match access {
            Access::Owner => {
                "You have no right to access this resource: anonymous access is not allowed."
            }
            _ => "You have no right to access this object because of bucket acl.",
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_acl_wins_over_bucket_acl() {
        let anon = Principal::Anonymous;
        assert!(authorize(&anon, Access::Read, "private", Some("public-read")).is_ok());
        assert!(authorize(&anon, Access::Read, "public-read", Some("private")).is_err());
        assert!(authorize(&anon, Access::Read, "public-read", Some("default")).is_ok());
        assert!(authorize(&anon, Access::Write, "public-read", None).is_err());
        assert!(authorize(&anon, Access::Write, "public-read-write", None).is_ok());
        assert!(authorize(&anon, Access::Owner, "public-read-write", None).is_err());
        assert!(authorize(&Principal::Owner, Access::Owner, "private", None).is_ok());
    }
}
