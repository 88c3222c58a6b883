//! Signing and verification for Alibaba Cloud OSS and, through the same abstraction, AWS
//! SigV4 for S3-compatible vendors, Huawei Cloud OBS (`OBS ak:sig`, AWS V2 and V4) and Tencent
//! Cloud COS (`q-sign-algorithm`), with no HTTP client and no async runtime.
//!
//! Everything here is a pure function of its inputs: the request (as a borrowed
//! [`SignableRequest`]), the [`Credentials`] and the time. Nothing reads the clock or does I/O
//! while signing, so a backend can presign URLs, a gateway can verify requests, and tests can
//! replay fixed vectors.
//!
//! - [`scheme`]: [`Scheme`], the one type callers sign, presign and verify with; a scheme is
//!   an algorithm ([`SchemeKind`]) with a vendor's names ([`dialect::Dialect`]). Its module
//!   docs say why it is a closed set behind one type, how a scheme is added, and how Huawei
//!   OBS's and Tencent COS's schemes fit.
//! - [`v4`]: `OSS4-HMAC-SHA256`, OSS's default scheme (header signing and presigned URLs).
//! - [`v1`]: `OSS` (HMAC-SHA1), for legacy endpoints; with OBS's or S3's names, `OBS ak:sig`
//!   and AWS Signature Version 2.
//! - [`aws_v4`]: AWS Signature Version 4 as S3 applies it (Huawei OBS's S3 mode and other
//!   S3-compatible services).
//! - [`cos`]: Tencent Cloud COS's `q-sign-algorithm=sha1` (header and presigned URLs).
//! - [`cos_v4`]: the seed's retired COS v4 signatures (`sign_more`, `sign_once`,
//!   `sign_download`).
//! - [`dialect`]: every vendor name a signature puts on the wire, one constant per vendor,
//!   including the names that carry secrets (for redaction) and the vendor's schemes.
//! - [`post_policy`]: browser form uploads (PostObject), V1 and V4.
//! - [`rtmp`]: LiveChannel RTMP push URLs.
//! - [`rpc`]: Alibaba Cloud RPC-style API signatures (STS AssumeRole), for callers and servers.
//! - [`verify`]: parse and check signatures, as an OSS- or S3-compatible server does.
//! - [`credentials`]: credentials and their providers.
//!
//! # The request view
//!
//! A [`SignableRequest`] carries both the wire facts (method, host, encoded path, decoded
//! query pairs, headers) and the storage resource (bucket, key). OSS signs the resource, so
//! one signature serves virtual-hosted, path-style and CNAME URLs; SigV4 signs the path and
//! host as sent. Fill in what you know: a scheme that needs a missing part says so
//! ([`SignError::MissingWireView`]).
//!
//! # Signing with the scheme abstraction
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use oss_auth::{Credentials, Scheme, SignableRequest, SigningParams};
//!
//! let credentials = Credentials::new("ak", "sk");
//! let time = UNIX_EPOCH + Duration::from_secs(1_702_743_657);
//! let request = SignableRequest::new("GET")
//!     .host("examplebucket.oss.example.com")
//!     .path("/photos/cat.jpg")
//!     .bucket("examplebucket")
//!     .key("photos/cat.jpg");
//! // The same call whatever the scheme: the vendor's value picks it.
//! for scheme in [Scheme::oss_v4(), Scheme::oss_v1(), Scheme::aws_v4()] {
//!     let params = SigningParams::new(time).region("cn-hangzhou");
//!     let signed = scheme.sign_headers(&request, &credentials, &params).unwrap();
//!     assert!(signed.header("Authorization").is_some());
//! }
//! ```
//!
//! # Signing a request (V4)
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use oss_auth::{Credentials, SignableRequest, v4::{Scope, V4Signer}};
//!
//! let credentials = Credentials::new("ak", "sk");
//! let headers = [("Content-Type", "text/plain")];
//! let query = [("acl", "")];
//! let request = SignableRequest::new("PUT")
//!     .bucket("examplebucket")
//!     .key("photos/cat.jpg")
//!     .query(&query)
//!     .headers(&headers);
//! let signer = V4Signer::new();
//! let time = UNIX_EPOCH + Duration::from_secs(1_702_743_657);
//! let signed = signer.sign_headers(&request, &credentials, &Scope::oss("cn-hangzhou"), time).unwrap();
//! // Add every header in `signed.headers` to the outgoing request.
//! let authorization = signed.header("Authorization").unwrap();
//! assert!(authorization.starts_with("OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature="));
//! ```
//!
//! # Presigning a download URL (V4)
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use oss_auth::{Credentials, SignableRequest, v4::{Scope, V4Signer}};
//!
//! let credentials = Credentials::new("ak", "sk");
//! let request = SignableRequest::new("GET").bucket("examplebucket").key("report 2024.pdf");
//! let now = UNIX_EPOCH + Duration::from_secs(1_702_781_677);
//! let presigned = V4Signer::new()
//!     .presign(&request, &credentials, &Scope::oss("cn-hangzhou"), now, Duration::from_secs(3600))
//!     .unwrap();
//! let url = presigned.url("https://examplebucket.oss.example.com", &request);
//! assert!(url.starts_with("https://examplebucket.oss.example.com/report%202024.pdf?"));
//! // The signature travels in the dialect's signature parameter.
//! let signature = oss_auth::dialect::Dialect::OSS.v4_query.signature;
//! assert!(url.contains(&format!("{signature}=")));
//! ```

#![forbid(unsafe_code)]

pub mod aws_v4;
mod canonical;
pub mod cos;
pub mod cos_v4;
pub mod credentials;
pub mod dialect;
pub mod encoding;
mod error;
pub mod post_policy;
mod request;
pub mod rpc;
pub mod rtmp;
pub mod scheme;
mod signed;
pub mod time;
pub mod v1;
pub mod v4;
pub mod verify;

pub use credentials::Credentials;
pub use error::SignError;
pub use request::SignableRequest;
pub use scheme::{Scheme, SchemeKind, SigningParams};
pub use signed::{PresignedQuery, SignedHeaders};
