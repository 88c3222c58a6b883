//! GetBucketAcl and GetObjectAcl: `AccessControlPolicy`.

use serde::{Deserialize, Serialize};

use crate::{Acl, Owner};

/// `AccessControlPolicy`, the response of GetBucketAcl (`GET /?acl`) and GetObjectAcl
/// (`GET /key?acl`). PutBucketAcl and PutObjectAcl send the ACL in a header instead
/// ([`headers::ACL`](crate::headers::ACL), [`headers::OBJECT_ACL`](crate::headers::OBJECT_ACL)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessControlPolicy {
    /// `Owner`.
    #[serde(rename = "Owner", default)]
    pub owner: Owner,
    /// `AccessControlList/Grant`: `private`, `public-read`, `public-read-write`, or for an
    /// object whose ACL was never set, `default`.
    #[serde(rename = "AccessControlList", with = "access_control_list")]
    pub grant: Acl,
}

wrapped!(one access_control_list, "Grant", Acl);

xml_body!(AccessControlPolicy, "AccessControlPolicy");
