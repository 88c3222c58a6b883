//! The vendor vocabulary: every name one storage service gives to a header, a sub-resource or
//! an endpoint, held in one [`Dialect`] value per vendor.
//!
//! Code that builds or reads requests names headers by meaning ([`Header::ObjectAcl`]) and
//! asks the dialect for the wire name (`x-oss-object-acl` for OSS). Only the vocabulary
//! modules (`dialect/oss.rs`, and later one per vendor) spell vendor names; everything else in
//! the workspace reads them from here, from oss-http's transport vocabulary or from oss-auth's
//! signing vocabulary (the layering keeps those three apart: each crate owns the names of its
//! own layer).
//!
//! ```
//! use oss_model::dialect::{Dialect, Header};
//!
//! let oss = Dialect::OSS;
//! assert_eq!(oss.header(Header::StorageClass), "x-oss-storage-class");
//! assert_eq!(oss.header(Header::ContentType), "content-type");
//! assert_eq!(oss.user_meta_name("X-OSS-Meta-Author").as_deref(), Some("author"));
//! ```

mod oss;

pub(crate) use oss::header as oss_header;

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
    header_names: fn(Header) -> &'static str,
    location: fn(&str) -> String,
    public_endpoint: fn(&str) -> String,
    internal_endpoint: fn(&str) -> String,
}

impl Dialect {
    /// Alibaba Cloud OSS.
    pub const OSS: Dialect = oss::DIALECT;

    /// The wire name of `header`, lower case.
    pub fn header(&self, header: Header) -> &'static str {
        (self.header_names)(header)
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
