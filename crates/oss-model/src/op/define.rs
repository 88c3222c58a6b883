//! What the table defines in oss-model: [`OpName`], [`OPERATIONS`], a marker type per
//! operation, and for the client's generic operations their `Input` and [`Operation`] impl.

// The rows name oss-model's types bare.
#[allow(unused_imports)]
use crate::*;

use crate::dialect::{Dialect, Header, QueryParam};
use crate::op::{
    BadRequest, ClientKind, Condition, Described, Document, FromHeaders, HeaderSet, InvalidInput,
    Location, Method, OpInfo, Operation, OutputKind, Param, QueryName, Received, RequestParts,
    Retry, ServerKind, Target, WireValue,
};

macro_rules! define_operations {
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
        /// The name of an operation, as the reference and the official SDKs spell it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum OpName {
            $(
                #[doc = concat!("`", stringify!($name), "`.")]
                $name,
            )*
        }

        impl OpName {
            /// Every operation, in table order.
            pub const ALL: &'static [OpName] = &[$(OpName::$name),*];

            /// The name, e.g. `GetObject`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(OpName::$name => stringify!($name),)*
                }
            }

            /// The name in snake case, e.g. `get_object`: the client's method.
            pub fn snake_case(self) -> &'static str {
                match self {
                    $(OpName::$name => stringify!($snake),)*
                }
            }

            /// The operation named `name` (as [`as_str`](Self::as_str) spells it).
            pub fn parse(name: &str) -> Option<OpName> {
                match name {
                    $(stringify!($name) => Some(OpName::$name),)*
                    _ => None,
                }
            }

            /// The operation's row.
            pub fn info(self) -> &'static OpInfo {
                match self {
                    $(OpName::$name => <$name as Described>::INFO,)*
                }
            }
        }

        impl std::fmt::Display for OpName {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Every operation's row, in table order.
        pub static OPERATIONS: &[&OpInfo] = &[$(<$name as Described>::INFO),*];

        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, Copy, Default)]
            pub struct $name;

            impl Described for $name {
                const INFO: &'static OpInfo = &OpInfo {
                    name: OpName::$name,
                    doc: concat!($($doc, "\n"),*),
                    method: define_operations!(@method $method),
                    target: Target::$target,
                    selector: &[$(define_operations!(@condition $selector)),*],
                    selector_header: define_operations!(@selector_header $($selector_header)*),
                    params: &[
                        $(Param {
                            field: stringify!($arg),
                            location: define_operations!(@location $arg_loc $(($arg_wire))?),
                            required: true,
                            flag: define_operations!(@flag $arg_loc $arg_ty),
                        },)*
                        $(Param {
                            field: stringify!($opt),
                            location: define_operations!(@location $opt_loc $(($opt_wire))?),
                            required: false,
                            flag: define_operations!(@flag $opt_loc $opt_ty),
                        },)*
                    ],
                    output: define_operations!(@output_kind $output $(($output_ty))?),
                    retry: define_operations!(@retry $retry),
                    content_md5: $md5,
                    client: define_operations!(@client_kind $client),
                    server: define_operations!(@server_kind $server $(($document, $missing))?),
                    read_request: define_operations!(@read_check $client $name),
                    document: define_operations!(@document_info
                        $($arg_loc $arg_ty ;)* $($opt_loc $opt_ty ;)*),
                };
            }

            define_operations!(@generic $client $name $snake
                args { $($arg : $arg_ty = $arg_loc $(($arg_wire))?),* }
                options { $($opt : $opt_ty = $opt_loc $(($opt_wire))? $(default($default))?),* }
                output $output $(($output_ty))?
            );
        )*
    };

    (@method GET) => { Method::Get };
    (@method HEAD) => { Method::Head };
    (@method PUT) => { Method::Put };
    (@method POST) => { Method::Post };
    (@method DELETE) => { Method::Delete };
    (@method OPTIONS) => { Method::Options };

    (@selector_header) => { None };
    (@selector_header $header:ident) => { Some(Header::$header) };

    (@flag query $ty:ty) => { <$ty as WireValue>::IS_FLAG };
    (@flag header $ty:ty) => { <$ty as WireValue>::IS_FLAG };
    (@flag $other:ident $ty:ty) => { false };

    (@condition $name:literal) => { Condition::Plain($name) };
    (@condition $param:ident) => { Condition::Vendor(QueryParam::$param) };

    (@location query($name:tt)) => { Location::Query(define_operations!(@query_name $name)) };
    (@location header($header:ident)) => { Location::Header(Header::$header) };
    (@location key_header($header:ident)) => { Location::KeyHeader(Header::$header) };
    (@location headers) => { Location::Headers };
    (@location body) => { Location::Body };

    (@query_name $name:literal) => { QueryName::Plain($name) };
    (@query_name $param:ident) => { QueryName::Vendor(QueryParam::$param) };

    (@output_kind empty) => { OutputKind::Empty };
    (@output_kind xml($ty:ty)) => { OutputKind::Xml(<$ty as XmlBody>::ROOT) };
    (@output_kind xml_decoded($ty:ty)) => { OutputKind::Xml(<$ty as XmlBody>::ROOT) };
    (@output_kind headers($ty:ty)) => { OutputKind::Headers };
    (@output_kind bespoke) => { OutputKind::Bespoke };

    (@retry idempotent) => { Retry::Idempotent };
    (@retry not_idempotent) => { Retry::NotIdempotent };
    (@retry verify_after_retry) => { Retry::VerifyAfterRetry };

    (@document_info) => { None };
    (@document_info body $ty:ty ; $($rest:tt)*) => {
        Some(crate::op::DocumentInfo {
            root: <$ty as XmlBody>::ROOT,
            from_json: crate::op::document_from_json::<$ty>,
        })
    };
    (@document_info $loc:ident $ty:ty ; $($rest:tt)*) => {
        define_operations!(@document_info $($rest)*)
    };

    (@read_check bespoke $name:ident) => { None };
    (@read_check generic $name:ident) => {
        Some(|request, dialect| {
            <$name as Operation>::read_request(request, dialect)
                .map(|input| <$name as Operation>::document(&input))
        })
    };

    (@client_kind generic) => { ClientKind::Generic };
    (@client_kind bespoke) => { ClientKind::Bespoke };

    (@server_kind handler) => { ServerKind::Handler };
    (@server_kind none) => { ServerKind::None };
    (@server_kind setting($document:literal, $model:ident)) => {
        ServerKind::Setting {
            name: $document,
            unset: crate::op::Unset(|| XmlBody::to_xml(&<$model as crate::op::Setting>::unset())),
        }
    };
    (@server_kind document($document:literal, $missing:ident)) => {
        ServerKind::Document { name: $document, missing: crate::code::ErrorCode::$missing }
    };

    // Bespoke operations: the client writes their requests by hand.
    (@generic bespoke $($rest:tt)*) => {};

    (@generic generic $name:ident $snake:ident
        args { $($arg:ident : $arg_ty:ty = $arg_loc:ident $(($arg_wire:tt))?),* }
        options { $($opt:ident : $opt_ty:ty = $opt_loc:ident $(($opt_wire:tt))? $(default($default:expr))?),* }
        output $output:ident $(($output_ty:ty))?
    ) => {
        #[doc = concat!("The inputs of [`", stringify!($name), "`].")]
        pub mod $snake {
            #[allow(unused_imports)]
            use super::*;

            #[doc = concat!("The inputs of [`", stringify!($name), "`](super::", stringify!($name), "), other than the bucket and key.")]
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub struct Input {
                $(
                    #[doc = concat!("`", stringify!($arg), "` (required).")]
                    pub $arg: $arg_ty,
                )*
                $(
                    #[doc = concat!("`", stringify!($opt), "`.")]
                    pub $opt: Option<$opt_ty>,
                )*
            }

            impl Input {
                /// The inputs with the required ones given and the options at their defaults.
                #[allow(clippy::new_without_default)]
                pub fn new($($arg: impl Into<$arg_ty>),*) -> Self {
                    Input {
                        $($arg: $arg.into(),)*
                        $($opt: define_operations!(@default $($default)?),)*
                    }
                }

                $(
                    #[doc = concat!("Sets `", stringify!($opt), "`.")]
                    pub fn $opt(mut self, value: impl crate::op::IntoInput<$opt_ty>) -> Self {
                        self.$opt = Some(value.into_input());
                        self
                    }
                )*
            }
        }

        impl Operation for $name {
            type Input = $snake::Input;
            type Output = define_operations!(@output_type $output $(($output_ty))?);

            #[allow(unused_variables)]
            fn write_request(
                input: &Self::Input,
                dialect: &Dialect,
                request: &mut RequestParts,
            ) -> Result<(), InvalidInput> {
                crate::op::write_selector(<Self as Described>::INFO, dialect, request);
                $(define_operations!(@write_arg $arg_loc $(($arg_wire))?, stringify!($arg), &input.$arg, dialect, request);)*
                $(
                    if let Some(value) = &input.$opt {
                        define_operations!(@write $opt_loc $(($opt_wire))?, stringify!($opt), value, dialect, request);
                    }
                )*
                Ok(())
            }

            #[allow(unused_variables)]
            fn read_request(
                request: &Received<'_>,
                dialect: &Dialect,
            ) -> Result<Self::Input, BadRequest> {
                Ok($snake::Input {
                    $($arg: define_operations!(@read $arg_loc $(($arg_wire))?, stringify!($arg), request, dialect)?
                        .ok_or_else(|| BadRequest::from(crate::op::missing(stringify!($arg))))?,)*
                    $($opt: define_operations!(@read $opt_loc $(($opt_wire))?, stringify!($opt), request, dialect)?,)*
                })
            }

            #[allow(unused_variables)]
            fn document(input: &Self::Input) -> Option<String> {
                None
                    $(.or_else(|| define_operations!(@document $arg_loc $(($arg_wire))?, Some(&input.$arg))))*
                    $(.or_else(|| define_operations!(@document $opt_loc $(($opt_wire))?, input.$opt.as_ref())))*
            }

            #[allow(unused_variables)]
            fn read_response(
                response: &Received<'_>,
                dialect: &Dialect,
            ) -> Result<Self::Output, crate::ParseError> {
                define_operations!(@read_output $output $(($output_ty))?, response, dialect)
            }
        }
    };

    (@default) => { None };
    (@default $default:expr) => { Some($default) };

    (@output_type empty) => { () };
    (@output_type xml($ty:ty)) => { $ty };
    (@output_type xml_decoded($ty:ty)) => { $ty };
    (@output_type headers($ty:ty)) => { $ty };

    // A required query parameter is never sent empty: `?uploadId=` would address nothing.
    (@write_arg query($name:tt), $field:expr, $value:expr, $dialect:ident, $request:ident) => {{
        crate::op::check_wire($field, $value)?;
        let name = define_operations!(@query_name $name).on($dialect);
        crate::op::write_required_query($field, name, WireValue::to_wire($value), $request)?
    }};
    (@write_arg $($rest:tt)*) => { define_operations!(@write $($rest)*) };

    (@write query($name:tt), $field:expr, $value:expr, $dialect:ident, $request:ident) => {{
        crate::op::check_wire($field, $value)?;
        let name = define_operations!(@query_name $name).on($dialect);
        $request.set_query(name, WireValue::to_wire($value).into_owned())
    }};
    (@write header($header:ident), $field:expr, $value:expr, $dialect:ident, $request:ident) => {{
        crate::op::check_wire($field, $value)?;
        $request.header($dialect.header(Header::$header), WireValue::to_wire($value).into_owned())
    }};
    (@write key_header($header:ident), $field:expr, $value:expr, $dialect:ident, $request:ident) => {{
        crate::op::check_key($field, $value)?;
        $request.header($dialect.header(Header::$header), crate::encoding::encode_key($value))
    }};
    (@write headers, $field:expr, $value:expr, $dialect:ident, $request:ident) => {{
        HeaderSet::check($value).map_err(|error| InvalidInput { field: $field, error })?;
        $request.headers.extend(HeaderSet::to_headers($value, $dialect))
    }};
    (@write body, $field:expr, $value:expr, $dialect:ident, $request:ident) => {{
        Document::check($value).map_err(|error| InvalidInput { field: $field, error })?;
        $request.header($dialect.header(Header::ContentType), "application/xml");
        $request.body = Some(XmlBody::to_xml($value));
    }};

    (@read query($name:tt), $field:expr, $request:ident, $dialect:ident) => {
        crate::op::read_wire($field, $request.query(define_operations!(@query_name $name).on($dialect)))
    };
    (@read header($header:ident), $field:expr, $request:ident, $dialect:ident) => {
        crate::op::read_wire($field, $request.header($dialect.header(Header::$header)))
    };
    (@read key_header($header:ident), $field:expr, $request:ident, $dialect:ident) => {
        crate::op::read_key($field, $request.header($dialect.header(Header::$header)))
    };
    (@read headers, $field:expr, $request:ident, $dialect:ident) => {
        crate::op::read_header_set($field, $request.headers, $dialect)
    };
    (@read body, $field:expr, $request:ident, $dialect:ident) => {
        crate::op::read_document($field, $request.body)
    };

    (@document body, $value:expr) => { $value.map(XmlBody::to_xml) };
    (@document $loc:ident $(($wire:tt))?, $value:expr) => { None };

    (@read_output empty, $response:ident, $dialect:ident) => { Ok(()) };
    (@read_output xml($ty:ty), $response:ident, $dialect:ident) => {
        <$ty as XmlBody>::from_xml($response.body)
    };
    (@read_output xml_decoded($ty:ty), $response:ident, $dialect:ident) => {
        <$ty as crate::KeyEncoding>::from_xml_decoded($response.body)
    };
    (@read_output headers($ty:ty), $response:ident, $dialect:ident) => {
        <$ty as FromHeaders>::from_headers($response.headers, $dialect)
    };
}

crate::with_operations!(define_operations);
