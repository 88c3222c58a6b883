//! The vendor vocabulary: every name one storage service gives to a header, a sub-resource or
//! an endpoint, held in one [`Dialect`] value per vendor.
//!
//! Code that builds or reads requests names headers by meaning ([`Header::ObjectAcl`]) and
//! asks the dialect for the wire name (`x-oss-object-acl` for OSS). Only the vocabulary
//! modules (`dialect/oss.rs`, `dialect/cos.rs`) spell vendor names; everything else in the
//! workspace reads them from here, from oss-http's transport vocabulary or from oss-auth's
//! signing vocabulary (the layering keeps those three apart: each crate owns the names of its
//! own layer).
//!
//! # What each vendor has
//! A vendor need not have every header or every operation:
//!
//! - [`Dialect::try_header`] is `None` for a header the vendor does not define (COS has no
//!   `x-oss-ec`); [`Dialect::header`] is then empty, a name that matches no header read and that
//!   the transport refuses to send.
//! - [`Dialect::has`] says which operations of the table ([`OpName`]) the vendor's API has:
//!   every row for [`Dialect::OSS`]; for [`Dialect::COS`] the rows of its XML API whose wire
//!   shape (method, sub-resource, headers, document) matches: the service and bucket calls
//!   (create, delete, list, location), setting ACLs (COS answers a GetBucketAcl with S3's
//!   grant document, which the table's row does not read), CORS, lifecycle, logging, website, referer,
//!   policy, encryption, bucket tags, versioning; objects (put, get with ranges, head, copy,
//!   append, delete one and many, setting ACLs, tags, symlinks, listings v1 and v2 and of versions,
//!   OPTIONS) and multipart uploads (initiate, parts, part copies, complete, abort, listings).
//!   A client refuses an operation the dialect lacks before sending it. Every row COS claims
//!   uses only headers COS has (tested).
//!
//! ```
//! use oss_model::dialect::{Dialect, Header};
//!
//! let oss = Dialect::OSS;
//! assert_eq!(oss.header(Header::StorageClass), "x-oss-storage-class");
//! assert_eq!(oss.header(Header::ContentType), "content-type");
//! assert_eq!(oss.user_meta_name("X-OSS-Meta-Author").as_deref(), Some("author"));
//! ```

mod cos;
mod oss;

pub(crate) use oss::header as oss_header;

use crate::op::OpName;
use crate::validate::BucketNaming;

/// The wire names of one storage service.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Dialect {
    /// A short name for messages (`oss`).
    pub name: &'static str,
    /// The lower-case prefix of the service's own headers (`x-oss-`).
    pub header_prefix: &'static str,
    /// The lower-case prefix of user metadata headers (`x-oss-meta-`).
    pub meta_prefix: &'static str,
    /// The `Server` header the service sends.
    pub server_name: &'static str,
    /// The query parameter that asks the service to process an object on the way out (image
    /// processing and the like) or to run a feature beyond the operation (SelectObject).
    pub process_param: &'static str,
    /// The query parameters that restrict who may use a presigned URL (source IP, VPC).
    pub access_restriction_params: &'static [&'static str],
    /// How the vendor names buckets (COS appends the account's APPID).
    pub bucket_naming: BucketNaming,
    /// Whether every request carrying an XML document needs `Content-MD5` (COS requires it
    /// on bucket configurations such as CORS and lifecycle; OSS only where a row says so).
    pub documents_need_md5: bool,
    header_names: fn(Header) -> Option<&'static str>,
    query_names: fn(QueryParam) -> Option<&'static str>,
    operations: fn(OpName) -> bool,
    copy_source: fn(&CopySource<'_>) -> Option<String>,
    location: fn(&str) -> String,
    public_endpoint: fn(&str) -> String,
    internal_endpoint: fn(&str) -> String,
}

impl Dialect {
    /// Alibaba Cloud OSS.
    pub const OSS: Dialect = oss::DIALECT;

    /// Tencent Cloud COS (its XML API).
    pub const COS: Dialect = cos::DIALECT;

    /// Every dialect this crate knows.
    pub const ALL: &'static [&'static Dialect] = &[&Dialect::OSS, &Dialect::COS];

    /// The dialect called `name` ([`Dialect::name`], any case).
    pub fn named(name: &str) -> Option<&'static Dialect> {
        Dialect::ALL
            .iter()
            .copied()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// The wire name of `header`, lower case; `None` when the vendor has no such header.
    pub fn try_header(&self, header: Header) -> Option<&'static str> {
        (self.header_names)(header)
    }

    /// The wire name of `header`, lower case; empty when the vendor has no such header (see
    /// the module documentation): for code that reads, or that writes only headers of the
    /// operations [`has`](Self::has) allows.
    pub fn header(&self, header: Header) -> &'static str {
        self.try_header(header).unwrap_or("")
    }

    /// The wire name of the query parameter `param`; `None` when the vendor has none.
    pub fn try_query_param(&self, param: QueryParam) -> Option<&'static str> {
        (self.query_names)(param)
    }

    /// The wire name of the query parameter `param`; empty when the vendor has none.
    pub fn query_param(&self, param: QueryParam) -> &'static str {
        self.try_query_param(param).unwrap_or("")
    }

    /// Whether the vendor's API has the operation (see the module documentation).
    pub fn has(&self, operation: OpName) -> bool {
        (self.operations)(operation)
    }

    /// The value of the copy-source header of CopyObject and UploadPartCopy for `source`;
    /// `None` when the vendor's form needs a region and `source` has none.
    pub fn copy_source(&self, source: &CopySource<'_>) -> Option<String> {
        (self.copy_source)(source)
    }

    /// The user metadata name in a header name (lower-cased, prefix removed), if the header
    /// is user metadata.
    pub fn user_meta_name(&self, name: &str) -> Option<String> {
        let prefix = name.get(..self.meta_prefix.len())?;
        prefix
            .eq_ignore_ascii_case(self.meta_prefix)
            .then(|| name[self.meta_prefix.len()..].to_ascii_lowercase())
    }

    /// Whether `name` (any case) carries the service's own header prefix.
    pub fn is_own_header(&self, name: &str) -> bool {
        name.get(..self.header_prefix.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(self.header_prefix))
    }

    /// The `LocationConstraint` of a bucket in `region` (`oss-cn-hangzhou`).
    pub fn location(&self, region: &str) -> String {
        (self.location)(region)
    }

    /// The public endpoint host of `region`.
    pub fn public_endpoint(&self, region: &str) -> String {
        (self.public_endpoint)(region)
    }

    /// The internal (same-region network) endpoint host of `region`.
    pub fn internal_endpoint(&self, region: &str) -> String {
        (self.internal_endpoint)(region)
    }
}

/// The wire name of a standard HTTP header (the same at every vendor); `None` for the
/// vendors' own headers, which each vocabulary spells.
const fn standard_header(header: Header) -> Option<&'static str> {
    Some(match header {
        Header::CacheControl => "cache-control",
        Header::ContentDisposition => "content-disposition",
        Header::ContentEncoding => "content-encoding",
        Header::ContentLanguage => "content-language",
        Header::ContentLength => "content-length",
        Header::ContentMd5 => "content-md5",
        Header::ContentType => "content-type",
        Header::ETag => "etag",
        Header::Expires => "expires",
        Header::LastModified => "last-modified",
        Header::Range => "range",
        Header::IfMatch => "if-match",
        Header::IfNoneMatch => "if-none-match",
        Header::IfModifiedSince => "if-modified-since",
        Header::IfUnmodifiedSince => "if-unmodified-since",
        Header::Origin => "origin",
        Header::Referer => "referer",
        Header::Vary => "vary",
        Header::AccessControlRequestMethod => "access-control-request-method",
        Header::AccessControlRequestHeaders => "access-control-request-headers",
        Header::AccessControlAllowOrigin => "access-control-allow-origin",
        Header::AccessControlAllowMethods => "access-control-allow-methods",
        Header::AccessControlAllowHeaders => "access-control-allow-headers",
        Header::AccessControlExposeHeaders => "access-control-expose-headers",
        Header::AccessControlMaxAge => "access-control-max-age",
        _ => return None,
    })
}

/// The source of a copy, as [`Dialect::copy_source`] writes it.
#[derive(Debug, Clone, Copy)]
pub struct CopySource<'a> {
    /// The source bucket.
    pub bucket: &'a str,
    /// The source key, percent-encoded as a path (`/` kept).
    pub encoded_key: &'a str,
    /// The source version, percent-encoded as a query value.
    pub encoded_version_id: Option<&'a str>,
    /// The source bucket's region, for vendors whose copy source is a host name.
    pub region: Option<&'a str>,
}

macro_rules! headers {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A header, named by meaning; [`Dialect::header`] gives its wire name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Header {
            $($(#[$doc])* $name,)*
        }

        impl Header {
            /// Every header this crate names.
            pub const ALL: &'static [Header] = &[$(Header::$name),*];
        }
    };
}

headers! {
    /// `Cache-Control`.
    CacheControl,
    /// `Content-Disposition`.
    ContentDisposition,
    /// `Content-Encoding`.
    ContentEncoding,
    /// `Content-Language`.
    ContentLanguage,
    /// `Content-Length`.
    ContentLength,
    /// `Content-MD5`: base64 of the body's MD5 digest.
    ContentMd5,
    /// `Content-Type`.
    ContentType,
    /// `ETag`.
    ETag,
    /// `Expires`.
    Expires,
    /// `Last-Modified`.
    LastModified,
    /// `Range`.
    Range,
    /// `If-Match`.
    IfMatch,
    /// `If-None-Match`.
    IfNoneMatch,
    /// `If-Modified-Since`.
    IfModifiedSince,
    /// `If-Unmodified-Since`.
    IfUnmodifiedSince,
    /// `Origin`: where a browser's cross-origin request comes from.
    Origin,
    /// `Referer`: the page a request was made from.
    Referer,
    /// `Vary`.
    Vary,
    /// `Access-Control-Request-Method`: the method a CORS preflight asks for.
    AccessControlRequestMethod,
    /// `Access-Control-Request-Headers`: the headers a CORS preflight asks for.
    AccessControlRequestHeaders,
    /// `Access-Control-Allow-Origin`.
    AccessControlAllowOrigin,
    /// `Access-Control-Allow-Methods`.
    AccessControlAllowMethods,
    /// `Access-Control-Allow-Headers`.
    AccessControlAllowHeaders,
    /// `Access-Control-Expose-Headers`.
    AccessControlExposeHeaders,
    /// `Access-Control-Max-Age`.
    AccessControlMaxAge,
    /// The bucket ACL on PutBucket and PutBucketAcl.
    Acl,
    /// The object ACL on PutObject, CopyObject, PutObjectAcl and friends.
    ObjectAcl,
    /// The storage class of an object.
    StorageClass,
    /// `Normal`, `Appendable`, `Multipart` or `Symlink`.
    ObjectType,
    /// The CRC-64/XZ (ECMA-182) of the object, as an unsigned decimal.
    HashCrc64Ecma,
    /// Where the next AppendObject must start.
    NextAppendPosition,
    /// The restore state of an archived object.
    Restore,
    /// The lifecycle expiry of an object (`expiry-date="…", rule-id="…"`).
    Expiration,
    /// The server-side encryption algorithm (`AES256`, `KMS`, `SM4`).
    ServerSideEncryption,
    /// The KMS key id when the algorithm is `KMS`.
    ServerSideEncryptionKeyId,
    /// The data encryption algorithm under KMS (`SM4`).
    ServerSideDataEncryption,
    /// Object tags in query-string form (`k=v&k2=v2`).
    Tagging,
    /// How many tags an object has.
    TaggingCount,
    /// CopyObject: `Copy` the source's tags or `Replace` them.
    TaggingDirective,
    /// CopyObject: `COPY` the source's metadata or `REPLACE` it.
    MetadataDirective,
    /// `true` refuses to overwrite an existing object.
    ForbidOverwrite,
    /// The version id of an object in a versioned bucket.
    VersionId,
    /// `true` when the version read or deleted is a delete marker.
    DeleteMarker,
    /// The id of a bucket's WORM (retention) policy.
    WormId,
    /// PutBucketReplication: the ids of the rules it added.
    ReplicationRuleId,
    /// CopyObject: the version of the source that was copied.
    CopySourceVersionId,
    /// The id the service gives every response.
    RequestId,
    /// The detailed error code added to error responses.
    Ec,
    /// The base64 XML error body of a HEAD response, which has no body.
    HeadError,
    /// The server's time in milliseconds.
    ServerTime,
    /// CopyObject and UploadPartCopy: `/bucket/key` of the source.
    CopySource,
    /// UploadPartCopy: `bytes=first-last` of the source.
    CopySourceRange,
    /// Copy only if the source's ETag matches.
    CopySourceIfMatch,
    /// Copy only if the source's ETag differs.
    CopySourceIfNoneMatch,
    /// Copy only if the source changed since.
    CopySourceIfModifiedSince,
    /// Copy only if the source did not change since.
    CopySourceIfUnmodifiedSince,
    /// The target of a symlink.
    SymlinkTarget,
    /// `standard`: an unsatisfiable range is answered with 416, not the whole object.
    RangeBehavior,
    /// `yes`: CompleteMultipartUpload with every uploaded part, without a body.
    CompleteAll,
    /// The callback a service calls after an upload (base64 JSON).
    Callback,
    /// The custom variables of a callback (base64 JSON).
    CallbackVar,
    /// A bandwidth limit for this request, in bit/s.
    TrafficLimit,
    /// Who pays for the request in a requester-pays bucket.
    RequestPayer,
    /// An STS security token.
    SecurityToken,
    /// The storage redundancy of a bucket (`LRS`, `ZRS`).
    DataRedundancyType,
    // The SDKs' bucket families.
    /// The access point an access-point operation addresses.
    AccessPointName,
    /// The Object FC access point an operation addresses.
    AccessPointForObjectProcessName,
    /// The id of an asynchronous fetch task.
    TaskId,
    // Object retention and sealed appendable objects.
    /// When an appendable object was sealed.
    SealedTime,
    /// `true` lets a request shorten or lift a `GOVERNANCE` retention.
    BypassGovernanceRetention,
    /// The retention mode of an object version (`GOVERNANCE`, `COMPLIANCE`).
    ObjectWormMode,
    /// Until when an object version is retained.
    ObjectWormRetainUntilDate,
    /// The legal hold of an object version (`ON`, `OFF`).
    ObjectWormLegalHold,
}

/// A query parameter whose name the service spells with its own prefix, named by meaning;
/// [`Dialect::query_param`] gives its wire name. (Sub-resources such as `cors` or `uploadId`
/// are the same at every vendor and stay plain strings in the operation table.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryParam {
    /// The access point an access-point operation addresses.
    AccessPointName,
    /// The id of a data redundancy transition task.
    RedundancyTransitionTaskId,
    /// The redundancy type a bucket moves to (`ZRS`).
    TargetRedundancyType,
}

impl QueryParam {
    /// Every query parameter this crate names.
    pub const ALL: &'static [QueryParam] = &[
        QueryParam::AccessPointName,
        QueryParam::RedundancyTransitionTaskId,
        QueryParam::TargetRedundancyType,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::{Location, OPERATIONS};

    /// The headers a row names: its inputs' and its selector's.
    /// The headers every request of the row carries: its required inputs' and its selector's
    /// (an option a vendor lacks is refused by the client when it is given).
    fn headers_of(info: &crate::op::OpInfo) -> Vec<Header> {
        let mut out: Vec<Header> = info
            .params
            .iter()
            .filter(|p| p.required)
            .filter_map(|p| match p.location {
                Location::Header(h) | Location::KeyHeader(h) => Some(h),
                _ => None,
            })
            .collect();
        out.extend(info.selector_header);
        out
    }

    #[test]
    fn every_row_cos_claims_uses_only_headers_cos_has() {
        let cos = Dialect::COS;
        let claimed: Vec<_> = OPERATIONS.iter().filter(|i| cos.has(i.name)).collect();
        assert!(claimed.len() > 40, "COS claims {} rows", claimed.len());
        for info in claimed {
            for header in headers_of(info) {
                assert!(
                    cos.try_header(header).is_some(),
                    "{} uses {header:?}, which COS lacks",
                    info.name
                );
            }
            for param in info.params {
                if let Location::Query(crate::op::QueryName::Vendor(q)) = param.location {
                    assert!(cos.try_query_param(q).is_some(), "{}: {q:?}", info.name);
                }
            }
        }
        // What COS lacks is said, not guessed.
        assert!(!cos.has(crate::op::OpName::GetBucketInfo));
        assert_eq!(cos.try_header(Header::Ec), None);
        assert_eq!(cos.header(Header::Ec), "");
    }

    #[test]
    fn oss_has_every_row_and_every_name() {
        let oss = Dialect::OSS;
        assert!(OPERATIONS.iter().all(|i| oss.has(i.name)));
        assert!(Header::ALL
            .iter()
            .all(|h| oss.try_header(*h).is_some_and(|name| !name.is_empty())));
        assert!(QueryParam::ALL
            .iter()
            .all(|q| oss.try_query_param(*q).is_some()));
    }

    #[test]
    fn names_are_the_vendors_own() {
        for dialect in Dialect::ALL {
            for header in Header::ALL {
                let Some(name) = dialect.try_header(*header) else {
                    continue;
                };
                assert!(!name.is_empty(), "{}: {header:?}", dialect.name);
                assert_eq!(name, name.to_ascii_lowercase());
                // A vendor header carries its own prefix, never another vendor's.
                for other in Dialect::ALL {
                    if other.name != dialect.name {
                        assert!(!other.is_own_header(name), "{}: {name}", dialect.name);
                    }
                }
            }
            assert_eq!(
                Dialect::named(&dialect.name.to_uppercase()).unwrap().name,
                dialect.name
            );
        }
        assert_eq!(Dialect::COS.header(Header::ObjectAcl), "x-cos-acl");
        assert_eq!(
            Dialect::COS.user_meta_name("X-Cos-Meta-Author").as_deref(),
            Some("author")
        );
    }

    #[test]
    fn copy_sources() {
        let source = CopySource {
            bucket: "examplebucket-1250000000",
            encoded_key: "dir/a%20b.txt",
            encoded_version_id: Some("v1"),
            region: Some("ap-guangzhou"),
        };
        assert_eq!(
            Dialect::COS.copy_source(&source).unwrap(),
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/dir/a%20b.txt?versionId=v1"
        );
        assert_eq!(
            Dialect::OSS.copy_source(&source).unwrap(),
            "/examplebucket-1250000000/dir/a%20b.txt?versionId=v1"
        );
        let no_region = CopySource {
            region: None,
            ..source
        };
        assert_eq!(Dialect::COS.copy_source(&no_region), None);
        assert_eq!(Dialect::COS.location("ap-beijing"), "ap-beijing");
        assert_eq!(
            Dialect::COS.public_endpoint("ap-beijing"),
            "cos.ap-beijing.myqcloud.com"
        );
    }
}
