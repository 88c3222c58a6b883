//! Header names, kept in one place (every OSS-specific name lives here), and the pair type
//! header readers take.
//!
//! The `x-oss-` prefix and the names built on it are what another provider's dialect (Huawei
//! OBS's `x-obs-`, Tencent COS's `x-cos-`) would change; the standard HTTP names are listed too
//! so that the rest of the crate never spells a header itself. All names are lower case, the
//! form HTTP/2 sends and the form this crate compares against (case-insensitively).

/// The prefix of every OSS-specific header.
pub const OSS_PREFIX: &str = "x-oss-";
/// The prefix of user metadata headers (`x-oss-meta-<name>`).
pub const META_PREFIX: &str = "x-oss-meta-";

/// `Cache-Control`.
pub const CACHE_CONTROL: &str = "cache-control";
/// `Content-Disposition`.
pub const CONTENT_DISPOSITION: &str = "content-disposition";
/// `Content-Encoding`.
pub const CONTENT_ENCODING: &str = "content-encoding";
/// `Content-Language`.
pub const CONTENT_LANGUAGE: &str = "content-language";
/// `Content-Length`.
pub const CONTENT_LENGTH: &str = "content-length";
/// `Content-MD5`: base64 of the body's MD5 digest.
pub const CONTENT_MD5: &str = "content-md5";
/// `Content-Type`.
pub const CONTENT_TYPE: &str = "content-type";
/// `ETag`.
pub const ETAG: &str = "etag";
/// `Expires`.
pub const EXPIRES: &str = "expires";
/// `Last-Modified`.
pub const LAST_MODIFIED: &str = "last-modified";

/// The bucket ACL on PutBucket and PutBucketAcl.
pub const ACL: &str = "x-oss-acl";
/// The object ACL on PutObject, CopyObject, PutObjectAcl and friends.
pub const OBJECT_ACL: &str = "x-oss-object-acl";
/// The storage class of an object.
pub const STORAGE_CLASS: &str = "x-oss-storage-class";
/// `Normal`, `Appendable`, `Multipart` or `Symlink`.
pub const OBJECT_TYPE: &str = "x-oss-object-type";
/// The CRC-64/XZ (ECMA-182) of the object, as an unsigned decimal.
pub const HASH_CRC64ECMA: &str = "x-oss-hash-crc64ecma";
/// Where the next AppendObject must start.
pub const NEXT_APPEND_POSITION: &str = "x-oss-next-append-position";
/// The restore state of an Archive object.
pub const RESTORE: &str = "x-oss-restore";
/// The lifecycle expiry of an object (`expiry-date="…", rule-id="…"`).
pub const EXPIRATION: &str = "x-oss-expiration";
/// The server-side encryption algorithm (`AES256`, `KMS`, `SM4`).
pub const SERVER_SIDE_ENCRYPTION: &str = "x-oss-server-side-encryption";
/// The KMS key id when the algorithm is `KMS`.
pub const SERVER_SIDE_ENCRYPTION_KEY_ID: &str = "x-oss-server-side-encryption-key-id";
/// The data encryption algorithm under KMS (`SM4`).
pub const SERVER_SIDE_DATA_ENCRYPTION: &str = "x-oss-server-side-data-encryption";
/// Object tags in query-string form (`k=v&k2=v2`).
pub const TAGGING: &str = "x-oss-tagging";
/// How many tags an object has.
pub const TAGGING_COUNT: &str = "x-oss-tagging-count";
/// CopyObject: `Copy` the source's tags or `Replace` them.
pub const TAGGING_DIRECTIVE: &str = "x-oss-tagging-directive";
/// CopyObject: `COPY` the source's metadata or `REPLACE` it.
pub const METADATA_DIRECTIVE: &str = "x-oss-metadata-directive";
/// `true` refuses to overwrite an existing object (`FileAlreadyExists`).
pub const FORBID_OVERWRITE: &str = "x-oss-forbid-overwrite";
/// The version id of an object in a versioned bucket.
pub const VERSION_ID: &str = "x-oss-version-id";
/// The id OSS gives every response.
pub const REQUEST_ID: &str = "x-oss-request-id";
/// The detailed error code OSS adds to error responses.
pub const EC: &str = "x-oss-ec";
/// CopyObject and UploadPartCopy: `/bucket/key` of the source.
pub const COPY_SOURCE: &str = "x-oss-copy-source";
/// UploadPartCopy: `bytes=first-last` of the source.
pub const COPY_SOURCE_RANGE: &str = "x-oss-copy-source-range";
/// The target of a symlink.
pub const SYMLINK_TARGET: &str = "x-oss-symlink-target";

/// Whether `name` is `header`, ignoring ASCII case.
pub(crate) fn is(name: &str, header: &str) -> bool {
    name.eq_ignore_ascii_case(header)
}

/// The user metadata name in `name` (lower-cased, without the prefix), if it is an
/// `x-oss-meta-*` header.
pub(crate) fn user_meta_name(name: &str) -> Option<String> {
    let prefix = name.get(..META_PREFIX.len())?;
    if prefix.eq_ignore_ascii_case(META_PREFIX) {
        Some(name[META_PREFIX.len()..].to_ascii_lowercase())
    } else {
        None
    }
}

/// A `(name, value)` header pair, borrowed or owned: what
/// [`ObjectMeta::from_headers`](crate::ObjectMeta::from_headers) and
/// [`ObjectHeaders::from_headers`](crate::ObjectHeaders::from_headers) read, so that they take
/// `&[(&str, &str)]`, `Vec<(String, String)>` or any iterator of pairs without depending on
/// an HTTP crate.
pub trait HeaderPair {
    /// The header name, in any case.
    fn name(&self) -> &str;
    /// The header value.
    fn value(&self) -> &str;
}

impl<N: AsRef<str>, V: AsRef<str>> HeaderPair for (N, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }

    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<T: HeaderPair + ?Sized> HeaderPair for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn value(&self) -> &str {
        (**self).value()
    }
}
