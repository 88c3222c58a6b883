//! The metadata an upload sets (PutObject, AppendObject, InitiateMultipartUpload,
//! CopyObject with `REPLACE`, PutSymlink): content headers, user metadata, ACL, storage
//! class, tags, overwrite protection and server-side encryption.
//!
//! Each of those builders has the same setters, which fill an [`ObjectHeaders`] (from
//! oss-model); [`object_headers`](crate::ops::put::PutObjectRequest::object_headers) sets
//! them all at once.

use oss_model::ObjectHeaders;

use crate::error::{Error, Result};
use crate::validation;

/// Checks what the service would refuse (user metadata, tags) before sending.
pub(crate) fn validate(operation: &'static str, headers: &ObjectHeaders) -> Result<()> {
    validation::user_metadata(
        headers
            .user_meta
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
    )
    .and_then(|()| {
        validation::tags(
            headers
                .tags
                .iter()
                .map(|tag| (tag.key.as_str(), tag.value.as_str())),
        )
    })
    .map_err(|e| Error::validation(operation, e))
}

/// The options as headers in the client's dialect, refusing (before anything is sent) an
/// option the service has no header for.
pub(crate) fn wire_headers(
    client: &crate::client::Client,
    operation: &'static str,
    headers: &ObjectHeaders,
) -> Result<Vec<(String, String)>> {
    let wire = headers.to_headers_in(client.dialect());
    if wire.iter().any(|(name, _)| name.is_empty()) {
        return Err(client.unsupported_option(operation, "an option"));
    }
    Ok(wire)
}

/// The setters of a builder with a `fn headers_mut(&mut self) -> &mut ObjectHeaders`.
macro_rules! object_setters {
    // A builder with a `headers: ObjectHeaders` field.
    () => {
        fn headers_mut(&mut self) -> &mut ::oss_model::ObjectHeaders {
            &mut self.headers
        }

        $crate::ops::object_options::object_setters!(custom);
    };
    // A builder that has its own `headers_mut`.
    (custom) => {
        /// Sets `Content-Type` (by default guessed from the key's extension).
        pub fn content_type(mut self, value: impl Into<String>) -> Self {
            self.headers_mut().content_type = Some(value.into());
            self
        }

        /// Sets `Cache-Control`.
        pub fn cache_control(mut self, value: impl Into<String>) -> Self {
            self.headers_mut().cache_control = Some(value.into());
            self
        }

        /// Sets `Content-Disposition`.
        pub fn content_disposition(mut self, value: impl Into<String>) -> Self {
            self.headers_mut().content_disposition = Some(value.into());
            self
        }

        /// Sets `Content-Encoding`.
        pub fn content_encoding(mut self, value: impl Into<String>) -> Self {
            self.headers_mut().content_encoding = Some(value.into());
            self
        }

        /// Sets `Content-Language`.
        pub fn content_language(mut self, value: impl Into<String>) -> Self {
            self.headers_mut().content_language = Some(value.into());
            self
        }

        /// Sets `Expires`.
        pub fn expires(mut self, time: ::std::time::SystemTime) -> Self {
            self.headers_mut().expires = Some(::oss_model::time::format_http_date(time));
            self
        }

        /// Adds user metadata `x-oss-meta-<name>` (names are lower-cased; values must be
        /// visible ASCII).
        pub fn meta(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
            let headers = std::mem::take(self.headers_mut());
            *self.headers_mut() = headers.meta(name, value);
            self
        }

        /// Sets the object's ACL (`x-oss-object-acl`).
        pub fn acl(mut self, acl: ::oss_model::Acl) -> Self {
            self.headers_mut().acl = Some(acl);
            self
        }

        /// Sets the storage class (`x-oss-storage-class`).
        pub fn storage_class(mut self, class: ::oss_model::StorageClass) -> Self {
            self.headers_mut().storage_class = Some(class);
            self
        }

        /// Adds a tag (`x-oss-tagging`; at most 10).
        pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            let headers = std::mem::take(self.headers_mut());
            *self.headers_mut() = headers.tag(key, value);
            self
        }

        /// Refuses to overwrite an existing object (`FileAlreadyExists`, 409).
        pub fn forbid_overwrite(mut self, forbid: bool) -> Self {
            self.headers_mut().forbid_overwrite = Some(forbid);
            self
        }

        /// Sets server-side encryption (`AES256`, `KMS`, `SM4`).
        pub fn server_side_encryption(
            mut self,
            algorithm: ::oss_model::ServerSideEncryption,
        ) -> Self {
            self.headers_mut().server_side_encryption = Some(algorithm);
            self
        }

        /// Sets the KMS key id for `KMS` encryption.
        pub fn sse_key_id(mut self, key_id: impl Into<String>) -> Self {
            self.headers_mut().sse_key_id = Some(key_id.into());
            self
        }

        /// Sets the data encryption algorithm under KMS (`SM4`).
        pub fn sse_data_encryption(mut self, algorithm: ::oss_model::ServerSideEncryption) -> Self {
            self.headers_mut().sse_data_encryption = Some(algorithm);
            self
        }

        /// Replaces all of the above at once.
        pub fn object_headers(mut self, headers: ::oss_model::ObjectHeaders) -> Self {
            *self.headers_mut() = headers;
            self
        }
    };
}

pub(crate) use object_setters;
