//! Friendlier flags for a few generic operations, turned into the document the operation
//! takes: `--tag k=v` for a tag set, `--storage-class` and `--data-redundancy` for a new
//! bucket, `--days` and `--tier` for a restore. Every other generic operation takes exactly
//! its row's inputs.

use clap::{Arg, ArgAction, ArgMatches, Command};
use oss_client::model::op::OpName;
use oss_client::model::{CreateBucketConfiguration, RestoreRequest, Tagging, XmlBody};

use super::generic::Wire;
use super::run::parse_tier;
use crate::commands::{parse_pairs, parse_storage_class};
use crate::error::Result;

/// Whether an adapter can provide the input `field` of `name` (so its own flag is optional).
pub(crate) fn provides(name: OpName, field: &str) -> bool {
    matches!(
        (name, field),
        (OpName::PutObjectTagging, "tagging")
            | (OpName::PutBucket, "configuration")
            | (OpName::RestoreObject, "request")
    )
}

/// Adds the adapter flags of `name`.
pub(crate) fn args(name: OpName, command: Command) -> Command {
    match name {
        OpName::PutObjectTagging => command.arg(
            Arg::new("tag")
                .long("tag")
                .value_name("KEY=VALUE")
                .action(ArgAction::Append)
                .conflicts_with_all(["body", "file"])
                .help("A tag (repeatable)"),
        ),
        OpName::PutBucket => command
            .arg(
                Arg::new("storage-class")
                    .long("storage-class")
                    .help("The default storage class"),
            )
            .arg(
                Arg::new("data-redundancy")
                    .long("data-redundancy")
                    .help("LRS or ZRS"),
            ),
        OpName::RestoreObject => command
            .arg(
                Arg::new("days")
                    .long("days")
                    .value_parser(clap::value_parser!(u32))
                    .help("Days the restored copy stays"),
            )
            .arg(
                Arg::new("tier")
                    .long("tier")
                    .help("Expedited, Standard or Bulk"),
            ),
        _ => command,
    }
}

/// Writes the document the adapter flags describe, unless the body was given as XML.
pub(crate) fn apply(name: OpName, matches: &ArgMatches, wire: &mut Wire) -> Result<()> {
    if !wire.body.is_empty() {
        return Ok(());
    }
    let text = |id: &str| matches.try_get_one::<String>(id).ok().flatten().cloned();
    let document = match name {
        OpName::PutObjectTagging => {
            let tags: Vec<String> = matches
                .try_get_many::<String>("tag")
                .ok()
                .flatten()
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            Some(Tagging::new(parse_pairs(&tags, "--tag")?).to_xml())
        }
        OpName::PutBucket => {
            let class = text("storage-class")
                .map(|c| parse_storage_class(&c))
                .transpose()?;
            let redundancy = text("data-redundancy").map(|r| r.as_str().into());
            (class.is_some() || redundancy.is_some()).then(|| {
                CreateBucketConfiguration {
                    storage_class: class,
                    data_redundancy_type: redundancy,
                }
                .to_xml()
            })
        }
        OpName::RestoreObject => {
            let days = matches.try_get_one::<u32>("days").ok().flatten().copied();
            let tier = text("tier").map(|t| parse_tier(&t)).transpose()?;
            (days.is_some() || tier.is_some()).then(|| {
                let mut request = RestoreRequest::new(days.unwrap_or(1));
                if let Some(tier) = tier {
                    request = request.with_tier(tier);
                }
                request.to_xml()
            })
        }
        _ => None,
    };
    if let Some(document) = document {
        wire.body = document.into_bytes();
    }
    Ok(())
}
