//! [`Request`]: the one request builder of every operation the client sends through its
//! generic path (see [`oss_model::op`]): bucket configuration, ACLs, tags, symlinks and the
//! like.
//!
//! A `Request<O>` holds the addressing (bucket, key) and the operation's typed input. Each
//! option of the operation's row is a setter (generated from the row), and hand-written
//! conveniences sit beside them where the row's shape is not the friendliest (`.days(3)` for
//! a restore). `.await` (or [`send`](Request::send)) validates the bucket name, the key and
//! the input, writes the request as the row says, sends it through the transport (which signs
//! and retries it as the row's retry safety allows) and reads the answer into the row's
//! output; [`presign`](Request::presign) turns it into a URL instead.
//!
//! ```no_run
//! use oss_client::model::{CorsConfiguration, CorsRule};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let rule = CorsRule::new(["https://example.com"], ["GET", "PUT"]).max_age_seconds(600);
//! bucket.put_bucket_cors(CorsConfiguration::new([rule])).await?;
//! let cors = bucket.get_bucket_cors().await?;
//! assert_eq!(cors.rules[0].allowed_origins, ["https://example.com"]);
//! bucket.put_object_tagging("a.txt", [("project", "oss-rs")]).version_id("v1").await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::IntoFuture;

use oss_model::op::{self, Operation, OutputKind, Received, RequestParts, Target};

use crate::bucket::Bucket;
use crate::call::{BoxFuture, Call, Head};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::presign::{PresignOptions, PresignedRequest};
use crate::validation::{ValidationError, ValidationKind};

/// A request of the operation `O`, ready to be sent (`.await`) or presigned.
pub struct Request<O: Operation> {
    client: Client,
    bucket: Option<Bucket>,
    key: Option<String>,
    input: O::Input,
}

impl<O: Operation> Clone for Request<O> {
    fn clone(&self) -> Self {
        Request {
            client: self.client.clone(),
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            input: self.input.clone(),
        }
    }
}

impl<O: Operation> fmt::Debug for Request<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &O::INFO.name)
            .field("bucket", &self.bucket.as_ref().map(Bucket::name))
            .field("key", &self.key)
            .field("input", &self.input)
            .finish()
    }
}

impl<O: Operation> Request<O> {
    /// A request to the service (no bucket).
    pub fn service(client: &Client, input: O::Input) -> Self {
        Request {
            client: client.clone(),
            bucket: None,
            key: None,
            input,
        }
    }

    /// A request about `bucket`, or about the object `key` in it (the generated methods of
    /// [`Bucket`] make these; this is for code that picks the operation as a type).
    pub fn new(bucket: &Bucket, key: Option<String>, input: O::Input) -> Self {
        Request {
            client: bucket.client().clone(),
            bucket: Some(bucket.clone()),
            key,
            input,
        }
    }

    /// The operation's inputs.
    pub fn input(&self) -> &O::Input {
        &self.input
    }

    /// Changes the inputs (every option also has a setter of its own).
    pub fn map_input(mut self, change: impl FnOnce(O::Input) -> O::Input) -> Self {
        self.input = change(self.input);
        self
    }

    pub(crate) fn input_mut(&mut self) -> &mut O::Input {
        &mut self.input
    }

    fn operation() -> &'static str {
        O::INFO.name.as_str()
    }

    /// The transport call: addressing checked, inputs written where the row says.
    pub(crate) fn into_call(self) -> Result<(Client, Call)> {
        let info = O::INFO;
        let method =
            http::Method::from_bytes(info.method.as_str().as_bytes()).unwrap_or(http::Method::GET);
        let mut call = match (&self.bucket, info.target) {
            (_, Target::Service) | (None, _) => Call::new(Self::operation(), method),
            (Some(bucket), Target::Bucket) => bucket.call(Self::operation(), method)?,
            (Some(bucket), Target::Object) => {
                let key = self.key.as_deref().unwrap_or_default();
                bucket.object_call(Self::operation(), method, key)?
            }
        };
        let mut parts = RequestParts::default();
        O::write_request(&self.input, self.client.dialect(), &mut parts).map_err(|e| {
            let kind = match e.error.rule {
                op::Rule::ObjectKey => ValidationKind::ObjectKey,
                op::Rule::Tagging => ValidationKind::Tagging,
                op::Rule::UserMetadata => ValidationKind::UserMetadata,
                op::Rule::PageSize => ValidationKind::PageSize,
                op::Rule::Argument => ValidationKind::Argument,
                _ => ValidationKind::Document,
            };
            Error::validation(Self::operation(), ValidationError::new(kind, e.to_string()))
        })?;
        // The vocabulary names a header the service lacks with an empty name: an option the
        // service does not have, refused before anything is sent.
        if parts.headers.iter().any(|(name, _)| name.is_empty()) {
            let dialect = self.client.dialect();
            let lacking: Vec<&str> = <O as op::Described>::INFO
                .params
                .iter()
                .filter(|p| match p.location {
                    op::Location::Header(h) | op::Location::KeyHeader(h) => {
                        dialect.try_header(h).is_none()
                    }
                    _ => false,
                })
                .map(|p| p.field)
                .collect();
            let what = format!("the option {}", lacking.join(" / "));
            return Err(self.client.unsupported_option(Self::operation(), &what));
        }
        for (name, value) in parts.query {
            call = call.query(&name, value);
        }
        call = call.headers(parts.headers);
        let document = parts.body.is_some();
        if let Some(body) = parts.body {
            call = call.body(crate::body::Body::from_bytes(body.into_bytes()));
        }
        if info.content_md5 || (document && self.client.dialect().documents_need_md5) {
            call = call.content_md5();
        }
        call = call.safety(match info.retry {
            op::Retry::Idempotent => oss_http::RetrySafety::Idempotent,
            op::Retry::NotIdempotent => oss_http::RetrySafety::NotIdempotent,
            op::Retry::VerifyAfterRetry => oss_http::RetrySafety::VerifyAfterRetry,
        });
        Ok((self.client, call))
    }

    /// Sends the request and reads the answer as the operation's output.
    pub async fn send(self) -> Result<Output<O::Output>> {
        let dialect = self.client.dialect();
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        let head = Head::of(&response);
        let body = match O::INFO.output {
            OutputKind::Xml(_) => response.bytes().await?,
            _ => Default::default(),
        };
        let headers = head.pairs();
        let received = Received {
            query: &[],
            headers: &headers,
            body: &body,
        };
        let value = O::read_response(&received, dialect).map_err(|e| {
            Error::invalid_response(Self::operation(), e.to_string(), head.request_id.as_deref())
        })?;
        drop(headers);
        Ok(head.output(value))
    }

    /// Presigns this request instead of sending it: a URL anyone can use until it expires,
    /// and the headers they must send with it (see [`crate::presign`]).
    pub async fn presign(self, options: PresignOptions) -> Result<PresignedRequest> {
        let (client, call) = self.into_call()?;
        crate::presign::presign(&client, &call, &options).await
    }
}

impl<O: Operation> IntoFuture for Request<O> {
    type Output = Result<Output<O::Output>>;
    type IntoFuture = BoxFuture<Result<Output<O::Output>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The methods and setters the table gives the client: for every `client: generic` row, a
/// method named after the operation (on [`Bucket`] for bucket and object operations, on
/// [`Client`] for the service's) taking the row's required inputs, and a setter on its
/// [`Request`] per option.
macro_rules! client_operations {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident = $snake:ident {
            $method:ident $target:ident [$($selector:tt),*] [$($selector_header:ident),*],
            args: { $($arg:ident : $arg_ty:ty = $arg_loc:ident $(($arg_wire:tt))?),* $(,)? },
            options: { $($opt:ident : $opt_ty:ty = $opt_loc:ident $(($opt_wire:tt))? $(default($default:expr))?),* $(,)? },
            output: $output:ident $(($output_ty:ty))?,
            client: $client:ident, server: $server:ident $(($document:literal, $missing:ident))?,
            retry: $retry:ident, md5: $md5:literal $(,)?
        }
    ),* $(,)?) => {
        $(
            client_operations!(@method $client $target $name $snake [$(#[doc = $doc])*] { $($arg : $arg_ty),* });
            client_operations!(@setters $client $name { $($opt : $opt_ty),* });
        )*
    };

    (@method bespoke $($rest:tt)*) => {};
    (@method generic Bucket $name:ident $snake:ident [$(#[$meta:meta])*] { $($arg:ident : $arg_ty:ty),* }) => {
        impl Bucket {
            $(#[$meta])*
            pub fn $snake(&self, $($arg: impl Into<$arg_ty>),*) -> Request<op::$name> {
                Request::new(self, None, op::$snake::Input::new($($arg),*))
            }
        }
    };
    (@method generic Object $name:ident $snake:ident [$(#[$meta:meta])*] { $($arg:ident : $arg_ty:ty),* }) => {
        impl Bucket {
            $(#[$meta])*
            pub fn $snake(&self, key: impl Into<String>, $($arg: impl Into<$arg_ty>),*) -> Request<op::$name> {
                Request::new(self, Some(key.into()), op::$snake::Input::new($($arg),*))
            }
        }
    };
    (@method generic Service $name:ident $snake:ident [$(#[$meta:meta])*] { $($arg:ident : $arg_ty:ty),* }) => {
        impl Client {
            $(#[$meta])*
            pub fn $snake(&self, $($arg: impl Into<$arg_ty>),*) -> Request<op::$name> {
                Request::service(self, op::$snake::Input::new($($arg),*))
            }
        }
    };

    (@setters bespoke $($rest:tt)*) => {};
    (@setters generic $name:ident { $($opt:ident : $opt_ty:ty),* }) => {
        impl Request<op::$name> {
            $(
                #[doc = concat!("Sets the option `", stringify!($opt), "`.")]
                pub fn $opt(mut self, value: impl oss_model::op::IntoInput<$opt_ty>) -> Self {
                    self.input.$opt = Some(value.into_input());
                    self
                }
            )*
        }
    };
}

mod generated {
    // The rows name oss-model's types bare.
    #[allow(unused_imports)]
    use oss_model::*;

    use super::*;

    oss_model::with_operations!(client_operations);
}
