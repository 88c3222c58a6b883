//! The `oss api` subcommands of every operation the client sends through its generic path,
//! built from oss-model's operation table rather than written one by one.
//!
//! Each row becomes `oss api <kebab-name>` with `--bucket`, `--key` for object operations, and
//! one flag per input: `--<field>` for a query parameter or a header (`--version-id`,
//! `--acl`), `--header NAME:VALUE` (repeatable) for a set of headers, and for a document the
//! flag named after its root element as ossutil 2.0 names it (`--cors-configuration
//! file://cors.json`, XML or JSON; see [`document`](super::document)), or `--body TEXT` or
//! `--file PATH`. The flags are turned into the request the operation would
//! receive and read back through the row's own `read_request`, so the CLI accepts exactly
//! what the service does, checked by the same rules, before anything is sent. A few
//! operations also take friendlier flags ([`adapters`](super::adapters)): `--tag k=v` for a
//! tag set, `--days` for a restore.

use std::future::Future;
use std::pin::Pin;

use clap::{Arg, ArgAction, ArgMatches, Command};
use oss_client::model::dialect::Dialect;
use oss_client::model::op::{
    ClientKind, Location, OpInfo, OpName, Operation, Received, Target, OPERATIONS,
};
use oss_client::{Client, Request};
use serde::Serialize;
use serde_json::Value;

use super::adapters;
use super::document;
use super::run::{wrap, ApiValue};
use crate::error::{CliError, Result};

/// A generic operation chosen on the command line, with its flags.
#[derive(Debug, Clone)]
pub struct GenericOperation {
    name: OpName,
    matches: ArgMatches,
}

/// `GetBucketCors` → `get-bucket-cors`.
pub(crate) fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() {
            let after_lower = name[..i]
                .chars()
                .last()
                .is_some_and(|p| !p.is_ascii_uppercase());
            if i > 0 && after_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn generic_rows() -> impl Iterator<Item = &'static OpInfo> {
    OPERATIONS
        .iter()
        .copied()
        .filter(|info| info.client == ClientKind::Generic)
}

/// The subcommand of one row.
fn command(info: &'static OpInfo) -> Command {
    let summary = info.doc.lines().next().unwrap_or_default().trim();
    let mut command = Command::new(kebab(info.name.as_str())).about(summary);
    if info.target != Target::Service {
        command = command.arg(
            Arg::new("bucket")
                .long("bucket")
                .required(true)
                .help("The bucket"),
        );
    }
    if info.target == Target::Object {
        command = command.arg(
            Arg::new("key")
                .long("key")
                .required(true)
                .help("The object key"),
        );
    }
    for param in info.params {
        let adapted = adapters::provides(info.name, param.field);
        command = match param.location {
            Location::Query(_) | Location::Header(_) | Location::KeyHeader(_) if param.flag => {
                command.arg(
                    Arg::new(param.field)
                        .long(param.field.replace('_', "-"))
                        .action(ArgAction::SetTrue),
                )
            }
            Location::Query(_) | Location::Header(_) | Location::KeyHeader(_) => command.arg(
                Arg::new(param.field)
                    .long(param.field.replace('_', "-"))
                    .required(param.required && !adapted),
            ),
            Location::Headers => command.arg(
                Arg::new("header")
                    .long("header")
                    .value_name("NAME:VALUE")
                    .action(ArgAction::Append)
                    .help("A request header (repeatable)"),
            ),
            Location::Body => command
                .arg(
                    Arg::new("body")
                        .long("body")
                        .value_name("XML|JSON")
                        .conflicts_with("file")
                        .help(format!("The {} document, as XML or JSON text", param.field)),
                )
                .arg(
                    Arg::new("file")
                        .long("file")
                        .value_name("PATH")
                        .help(format!(
                            "The {} document, from an XML or JSON file",
                            param.field
                        )),
                ),
        };
    }
    let command = document::arg(info, command);
    adapters::args(info.name, command)
}

impl clap::FromArgMatches for GenericOperation {
    fn from_arg_matches(matches: &ArgMatches) -> std::result::Result<Self, clap::Error> {
        let (name, sub) = matches
            .subcommand()
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::MissingSubcommand))?;
        let info = generic_rows()
            .find(|info| kebab(info.name.as_str()) == name)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidSubcommand))?;
        Ok(GenericOperation {
            name: info.name,
            matches: sub.clone(),
        })
    }

    fn update_from_arg_matches(
        &mut self,
        matches: &ArgMatches,
    ) -> std::result::Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Subcommand for GenericOperation {
    fn augment_subcommands(mut command: Command) -> Command {
        for info in generic_rows() {
            command = command.subcommand(self::command(info));
        }
        command
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        generic_rows().any(|info| kebab(info.name.as_str()) == name)
    }
}

/// The request a generic operation's flags describe, as the service would receive it.
#[derive(Debug, Default)]
pub(crate) struct Wire {
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl GenericOperation {
    fn value(&self, id: &str) -> Option<String> {
        if let Ok(Some(on)) = self.matches.try_get_one::<bool>(id) {
            // A flag: sent when set, as `true`.
            return on.then(|| "true".to_owned());
        }
        self.matches
            .try_get_one::<String>(id)
            .ok()
            .flatten()
            .cloned()
    }

    fn wire(&self, dialect: &Dialect) -> Result<Wire> {
        let info = self.name.info();
        let mut wire = Wire::default();
        for param in info.params {
            match param.location {
                Location::Query(name) => {
                    if let Some(value) = self.value(param.field) {
                        wire.query.push((name.on(dialect).to_owned(), value));
                    }
                }
                Location::Header(header) => {
                    if let Some(value) = self.value(param.field) {
                        wire.headers
                            .push((dialect.header(header).to_owned(), value));
                    }
                }
                Location::KeyHeader(header) => {
                    if let Some(value) = self.value(param.field) {
                        let encoded = oss_client::model::encoding::encode_key(&value);
                        wire.headers
                            .push((dialect.header(header).to_owned(), encoded));
                    }
                }
                Location::Headers => {
                    let values = self
                        .matches
                        .get_many::<String>("header")
                        .into_iter()
                        .flatten();
                    for text in values {
                        let (name, value) = text.split_once(':').ok_or_else(|| {
                            CliError::usage(format!("--header {text:?}: expected NAME:VALUE"))
                        })?;
                        wire.headers
                            .push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
                    }
                }
                Location::Body => {
                    let text = if let Some(value) = self.value(document::ID) {
                        document::argument_text(&value)?
                    } else if let Some(text) = self.value("body") {
                        text.into_bytes()
                    } else if let Some(path) = self.value("file") {
                        std::fs::read(&path).map_err(|e| CliError::io(&path, e))?
                    } else {
                        continue;
                    };
                    wire.body = document::body(info, text)?;
                }
            }
        }
        adapters::apply(self.name, &self.matches, &mut wire)?;
        Ok(wire)
    }
}

/// The future a runner returns.
type Running = Pin<Box<dyn Future<Output = Result<Value>> + Send>>;
/// Sends one operation, typed.
type Runner = fn(Client, GenericOperation) -> Running;

/// Sends the operation `O` with the inputs the flags describe, and prints its output with
/// `print`.
async fn run_typed<O: Operation>(
    client: Client,
    operation: GenericOperation,
    print: fn(&O::Output) -> Value,
) -> Result<Value> {
    let dialect = client.dialect();
    let wire = operation.wire(dialect)?;
    let query: Vec<(&str, &str)> = wire
        .query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers: Vec<(&str, &str)> = wire
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let received = Received {
        query: &query,
        headers: &headers,
        body: &wire.body,
    };
    let name = kebab(O::INFO.name.as_str());
    let input = O::read_request(&received, dialect)
        .map_err(|e| CliError::usage(format!("api {name}: {e}")))?;
    let request = match O::INFO.target {
        Target::Service => Request::<O>::service(&client, input),
        Target::Bucket => Request::<O>::new(
            &client.bucket(operation.value("bucket").unwrap_or_default()),
            None,
            input,
        ),
        Target::Object => Request::<O>::new(
            &client.bucket(operation.value("bucket").unwrap_or_default()),
            operation.value("key"),
            input,
        ),
    };
    let output = request
        .await
        .map_err(|e| CliError::oss(format!("api {name}"), e))?;
    let value = print(output.value());
    Ok(wrap(&output, value))
}

fn print_empty(_: &()) -> Value {
    Value::Null
}

fn print_serde<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn print_headers<T: ApiValue>(value: &T) -> Value {
    value.api_value()
}

/// The runner of every generic row, from the table.
macro_rules! runners {
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
        /// Every generic row's runner (`None` for the bespoke rows).
        pub(super) const RUNNERS: &[Option<(OpName, Runner)>] = &[
            $(runners!(@entry $client $name $output $(($output_ty))?),)*
        ];
    };

    (@entry bespoke $($rest:tt)*) => { None };
    (@entry generic $name:ident empty) => {
        Some((OpName::$name, |c, o| Box::pin(run_typed::<op::$name>(c, o, print_empty))))
    };
    (@entry generic $name:ident xml($ty:ty)) => {
        Some((OpName::$name, |c, o| Box::pin(run_typed::<op::$name>(c, o, print_serde::<$ty>))))
    };
    (@entry generic $name:ident xml_decoded($ty:ty)) => {
        Some((OpName::$name, |c, o| Box::pin(run_typed::<op::$name>(c, o, print_serde::<$ty>))))
    };
    (@entry generic $name:ident headers($ty:ty)) => {
        Some((OpName::$name, |c, o| Box::pin(run_typed::<op::$name>(c, o, print_headers::<$ty>))))
    };
}

mod table {
    // The rows name oss-model's types bare.
    #[allow(unused_imports)]
    use oss_client::model::*;

    use super::*;

    oss_client::model::with_operations!(runners);
}

/// Sends a generic operation and returns what `oss api` prints.
pub(crate) async fn run(client: Client, operation: GenericOperation) -> Result<Value> {
    let runner = table::RUNNERS
        .iter()
        .flatten()
        .find(|(name, _)| *name == operation.name)
        .map(|(_, runner)| *runner)
        .ok_or_else(|| CliError::usage(format!("{} has no generic runner", operation.name)))?;
    runner(client, operation).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case() {
        assert_eq!(kebab("GetBucketCors"), "get-bucket-cors");
        assert_eq!(kebab("ListObjectsV2"), "list-objects-v2");
        assert_eq!(kebab("PutObjectAcl"), "put-object-acl");
    }

    #[test]
    fn every_generic_row_has_a_runner_and_a_valid_subcommand() {
        for info in generic_rows() {
            assert!(
                table::RUNNERS
                    .iter()
                    .flatten()
                    .any(|(name, _)| *name == info.name),
                "{}",
                info.name
            );
            command(info).debug_assert();
        }
    }
}
