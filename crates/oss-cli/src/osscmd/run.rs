//! What each osscmd command does, mostly by running the native command it maps to.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use oss_client::model::headers;
use serde_json::json;

use super::{multipart, Invocation, Osscmd};
use crate::batch::Work;
use crate::commands::cp::{self, TransferArgs};
use crate::commands::{bucket, confirm, fail, ls, object, parse_acl, presign, rm};
use crate::config;
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::{Location, OssUrl};
use crate::output::Printer;
use crate::transfer::ObjectSettings;
use crate::units;

/// Checks the number of positionals.
fn arity(call: &Invocation, min: usize, max: usize, usage: &str) -> Result<()> {
    let n = call.positionals.len();
    if n < min || n > max {
        return Err(CliError::usage(format!("usage: oss {} {usage}", call.name)));
    }
    Ok(())
}

fn option<'a>(call: &'a Invocation, name: &str) -> Option<&'a str> {
    call.options.get(name).map(String::as_str)
}

fn flag(call: &Invocation, name: &str) -> bool {
    option(call, name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn number(call: &Invocation, name: &str, default: u64) -> Result<u64> {
    match option(call, name) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|_| CliError::usage(format!("--{name}={text}: expected a number"))),
    }
}

/// A count of things done at once (`--thread_num`): at least 1.
pub fn count(call: &Invocation, name: &str, default: usize) -> Result<usize> {
    match option(call, name) {
        None => Ok(default),
        Some(text) => {
            cp::count_arg(text).map_err(|e| CliError::usage(format!("--{name}={text}: {e}")))
        }
    }
}

/// osscmd's `--headers="k1:v1, k2:v2"` (later versions separate with `#`).
pub fn parse_headers(text: &str) -> Result<ObjectSettings> {
    let mut settings = ObjectSettings::default();
    for item in text
        .split([',', '#'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let (name, value) = item
            .split_once(':')
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .ok_or_else(|| CliError::usage(format!("--headers: {item:?} is not name:value")))?;
        let base = &mut settings.base;
        match name.as_str() {
            "content-type" => settings.content_type = Some(value),
            "cache-control" => base.cache_control = Some(value),
            "content-disposition" => base.content_disposition = Some(value),
            "content-encoding" => base.content_encoding = Some(value),
            "content-language" => base.content_language = Some(value),
            "expires" => base.expires = Some(value),
            n if n == headers::OBJECT_ACL => settings.acl = Some(parse_acl(&value)?),
            n if n == headers::STORAGE_CLASS => {
                base.storage_class = Some(crate::commands::parse_storage_class(&value)?)
            }
            _ => match name.strip_prefix(headers::META_PREFIX) {
                Some(meta) if !meta.is_empty() => settings.meta.push((meta.to_owned(), value)),
                _ => return Err(CliError::usage(format!("--headers: {name} cannot be set"))),
            },
        }
    }
    Ok(settings)
}

/// Runs an osscmd command line.
pub async fn run(call: Invocation) -> Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    let out = Printer::new(call.global.output_format);
    if call.command == Osscmd::Config {
        arity(
            &call,
            0,
            0,
            "--id=ACCESS_KEY_ID --key=ACCESS_KEY_SECRET [--host=ENDPOINT]",
        )?;
        let flags = &call.global.config;
        if flags.access_key_id.is_none()
            && flags.access_key_secret.is_none()
            && flags.endpoint.is_none()
        {
            return Err(CliError::usage(
                "usage: oss config --id=ACCESS_KEY_ID --key=ACCESS_KEY_SECRET [--host=ENDPOINT]",
            ));
        }
        return crate::commands::configure::run(
            out,
            &call.global,
            crate::commands::configure::ConfigArgs { action: None },
            &env,
        );
    }
    let settings = config::resolve(&call.global.config, &env)?;
    crate::start_logging(&call.global.network)?;
    let ctx = Context::new(settings, out, call.global.quiet)
        .with_v1_without_region()
        .with_network(call.global.network.clone());
    let result = dispatch(&ctx, &call).await;
    ctx.shutdown().await;
    result
}

async fn dispatch(ctx: &Context, call: &Invocation) -> Result<()> {
    let p = &call.positionals;
    match call.command {
        Osscmd::GetAllBucket => {
            arity(call, 0, 0, "")?;
            ls::run(
                ctx,
                ls::LsArgs {
                    url: None,
                    recursive: false,
                    delimiter: None,
                    short: false,
                    limit: None,
                    multipart: false,
                    dirs: false,
                    page_size: None,
                    all_versions: false,
                },
            )
            .await
        }
        Osscmd::CreateBucket => {
            arity(
                call,
                1,
                1,
                "oss://bucket [--acl=private|public-read|public-read-write]",
            )?;
            let url = OssUrl::parse_bucket_lenient(&p[0])?;
            bucket::mb(
                ctx,
                bucket::MbArgs {
                    url: url.to_string(),
                    acl: option(call, "acl").map(str::to_owned),
                    storage_class: None,
                    redundancy: None,
                },
            )
            .await
        }
        Osscmd::DeleteBucket => {
            arity(call, 1, 1, "oss://bucket")?;
            bucket::remove_bucket(ctx, &OssUrl::parse_bucket_lenient(&p[0])?, false).await
        }
        Osscmd::DeleteWholeBucket => {
            arity(call, 1, 1, "oss://bucket [--force=true]")?;
            let url = OssUrl::parse_bucket_lenient(&p[0])?;
            if !flag(call, "force")
                && !confirm(&format!("DELETE whole bucket {url}? Y/N, default is N: "))?
            {
                return Err(CliError::failed(
                    "not deleted (confirm with Y, or give --force=true)",
                ));
            }
            bucket::remove_bucket(ctx, &url, true).await
        }
        Osscmd::GetAcl => {
            arity(call, 1, 1, "oss://bucket")?;
            let url = OssUrl::parse_bucket_lenient(&p[0])?;
            let policy = ctx
                .bucket(&url.bucket)
                .await?
                .get_bucket_acl()
                .await
                .map_err(fail(format!("getacl {url}")))?;
            ctx.out.emit(
                json!({ "bucket": url.bucket, "acl": policy.grant.to_string() }),
                || policy.grant.to_string(),
            );
            Ok(())
        }
        Osscmd::SetAcl => {
            arity(
                call,
                1,
                1,
                "oss://bucket --acl=private|public-read|public-read-write",
            )?;
            let url = OssUrl::parse_bucket_lenient(&p[0])?;
            let acl = parse_acl(
                option(call, "acl").ok_or_else(|| CliError::usage("setacl needs --acl=ACL"))?,
            )?;
            ctx.bucket(&url.bucket)
                .await?
                .put_bucket_acl(acl.clone())
                .await
                .map_err(fail(format!("setacl {url}")))?;
            ctx.out.emit(
                json!({ "bucket": url.bucket, "acl": acl.to_string() }),
                || format!("set the ACL of {url} to {acl}"),
            );
            Ok(())
        }
        Osscmd::List => list(ctx, call).await,
        Osscmd::Mkdir => {
            arity(call, 1, 1, "oss://bucket/dir")?;
            object::mkdir(ctx, object::MkdirArgs { url: p[0].clone() }).await
        }
        Osscmd::ListAllObject => {
            arity(call, 1, 1, "oss://bucket/[prefix]")?;
            ls::run(
                ctx,
                ls::LsArgs {
                    url: Some(p[0].clone()),
                    recursive: true,
                    delimiter: None,
                    short: false,
                    limit: None,
                    multipart: false,
                    dirs: false,
                    page_size: None,
                    all_versions: false,
                },
            )
            .await
        }
        Osscmd::DeleteAllObject => {
            arity(call, 1, 1, "oss://bucket/[prefix]")?;
            rm::run(
                ctx,
                rm::RmArgs {
                    url: p[0].clone(),
                    recursive: true,
                    multipart: false,
                    force: flag(call, "force"),
                    include: vec![],
                    exclude: vec![],
                    version_id: None,
                    all_versions: false,
                    dry_run: false,
                },
            )
            .await
        }
        Osscmd::DownloadAllObject => {
            arity(
                call,
                2,
                2,
                "oss://bucket/[prefix] localdir [--replace=false] [--thread_num=5]",
            )?;
            let transfer = TransferArgs {
                jobs: count(call, "thread_num", 5)?,
                ..TransferArgs::default()
            };
            tree_copy(ctx, &p[0], &p[1], transfer, flag(call, "replace"), None).await
        }
        Osscmd::UploadFromDir => {
            arity(
                call,
                2,
                2,
                "localdir oss://bucket/[prefix] [--check_point=FILE]",
            )?;
            let transfer = TransferArgs {
                jobs: count(call, "thread_num", 5)?,
                ..TransferArgs::default()
            };
            let checkpoint = option(call, "check_point")
                .or(option(call, "check_point_file"))
                .map(PathBuf::from);
            tree_copy(ctx, &p[0], &p[1], transfer, true, checkpoint).await
        }
        Osscmd::Put | Osscmd::Upload => {
            arity(call, 2, 2, "localfile oss://bucket/[object] [--content-type=TYPE] [--headers=\"k1:v1, k2:v2\"]")?;
            let mut transfer = settings_args(call)?;
            if call.command == Osscmd::Put {
                transfer.bigfile_threshold = u64::MAX;
            } else {
                transfer.parallel = Some(count(call, "thread_num", 10)?);
            }
            single_copy(ctx, &p[0], &p[1], transfer).await
        }
        Osscmd::Get => {
            arity(call, 2, 2, "oss://bucket/object localfile")?;
            let transfer = TransferArgs {
                bigfile_threshold: u64::MAX,
                ..TransferArgs::default()
            };
            single_copy(ctx, &p[0], &p[1], transfer).await
        }
        Osscmd::MultiGet => {
            arity(call, 2, 2, "oss://bucket/object localfile [--thread_num=5]")?;
            let transfer = TransferArgs {
                bigfile_threshold: 0,
                parallel: Some(count(call, "thread_num", 5)?),
                ..TransferArgs::default()
            };
            single_copy(ctx, &p[0], &p[1], transfer).await
        }
        Osscmd::Cat => {
            arity(call, 1, 1, "oss://bucket/object")?;
            object::cat(
                ctx,
                object::CatArgs {
                    url: p[0].clone(),
                    head: None,
                    tail: None,
                    range: None,
                    version_id: None,
                },
            )
            .await
        }
        Osscmd::Meta => {
            arity(call, 1, 1, "oss://bucket/object")?;
            OssUrl::parse_object(&p[0])?;
            object::stat(
                ctx,
                object::StatArgs {
                    url: p[0].clone(),
                    version_id: None,
                },
            )
            .await
        }
        Osscmd::Copy => {
            arity(
                call,
                2,
                2,
                "oss://src_bucket/src_object oss://dst_bucket/dst_object [--headers=\"k1:v1\"]",
            )?;
            OssUrl::parse_object(&p[0])?;
            OssUrl::parse(&p[1])?;
            let transfer = settings_args(call)?;
            single_copy(ctx, &p[0], &p[1], transfer).await
        }
        Osscmd::Rm => {
            arity(call, 1, 1, "oss://bucket/object")?;
            rm::run(
                ctx,
                rm::RmArgs {
                    url: p[0].clone(),
                    recursive: false,
                    multipart: false,
                    force: false,
                    include: vec![],
                    exclude: vec![],
                    version_id: None,
                    all_versions: false,
                    dry_run: false,
                },
            )
            .await
        }
        Osscmd::SignUrl => {
            arity(call, 1, 1, "oss://bucket/object [--timeout=SECONDS]")?;
            let url = OssUrl::parse_object(&p[0])?;
            let timeout = number(call, "timeout", 600)?;
            let presigned =
                presign::presign(ctx, &url, "GET", Duration::from_secs(timeout)).await?;
            ctx.out.emit(
                json!({ "url": presigned.url, "timeout": timeout, "expiration": units::iso_time(presigned.expiration) }),
                || presigned.url.clone(),
            );
            Ok(())
        }
        Osscmd::Init
        | Osscmd::ListPart
        | Osscmd::ListParts
        | Osscmd::GetAllPartSize
        | Osscmd::Cancel
        | Osscmd::MultiUpload
        | Osscmd::UploadPartFromFile
        | Osscmd::UploadPartFromString => multipart::run(ctx, call).await,
        Osscmd::Config => unreachable!("handled before"),
    }
}

/// `--content-type` and `--headers` as transfer options.
fn settings_args(call: &Invocation) -> Result<TransferArgs> {
    let mut transfer = TransferArgs::default();
    let settings = match option(call, "headers") {
        Some(text) => parse_headers(text)?,
        None => ObjectSettings::default(),
    };
    transfer.content_type = option(call, "content_type")
        .map(str::to_owned)
        .or(settings.content_type.clone());
    transfer.acl = settings.acl.as_ref().map(|a| a.to_string());
    transfer.meta = settings
        .meta
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    transfer.base = settings.base;
    Ok(transfer)
}

/// osscmd's `put myfile.txt oss://bucket` puts `myfile.txt` at the bucket's root.
fn destination(source: &str, dest: &str) -> String {
    match OssUrl::parse(dest) {
        Ok(url) if url.key.is_empty() && !source.starts_with("oss://") => format!("{url}/"),
        _ => dest.to_owned(),
    }
}

async fn single_copy(
    ctx: &Context,
    source: &str,
    dest: &str,
    transfer: TransferArgs,
) -> Result<()> {
    let dest = destination(source, dest);
    cp::run(
        ctx,
        cp::CpArgs {
            source: source.to_owned(),
            destination: dest,
            recursive: false,
            update: false,
            force: false,
            version_id: None,
            transfer,
        },
    )
    .await
}

/// downloadallobject (`replace`: overwrite existing files) and uploadfromdir (with osscmd's
/// checkpoint file of `<mtime>#<path>` lines: files not modified since are skipped).
async fn tree_copy(
    ctx: &Context,
    source: &str,
    dest: &str,
    transfer: TransferArgs,
    replace: bool,
    checkpoint: Option<PathBuf>,
) -> Result<()> {
    let (source, dest) = cp::sides(source, &destination(source, dest))?;
    if let Location::Local(path) = &source {
        if !path.is_dir() {
            return Err(CliError::usage(format!(
                "{} is not a directory",
                path.display()
            )));
        }
    }
    let filter = transfer.filter()?;
    let (mut plan, _, _) = cp::plan_tree(ctx, &source, &dest, &filter, false).await?;
    let recorded = match &checkpoint {
        Some(path) => read_checkpoint(path)?,
        None => BTreeMap::new(),
    };
    let before = plan.jobs.len();
    plan.jobs.retain(|job| match &job.work {
        Work::Download { path, .. } => replace || !path.exists(),
        Work::Upload { path, .. } => {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            let modified = mtime(path);
            let unchanged = recorded
                .get(&absolute.display().to_string())
                .zip(modified)
                .is_some_and(|(recorded, modified)| modified <= *recorded);
            !unchanged
        }
        Work::Copy { .. } => true,
    });
    plan.skipped += (before - plan.jobs.len()) as u64;
    let skipped = plan.skipped;
    let outcome = cp::execute(ctx, "cp", plan, &transfer, true).await?;
    if let Some(path) = &checkpoint {
        let mut recorded = recorded;
        for from in &outcome.succeeded {
            let file = PathBuf::from(from);
            if let Some(modified) = mtime(&file) {
                let absolute = std::path::absolute(&file).unwrap_or(file);
                recorded.insert(absolute.display().to_string(), modified);
            }
        }
        let text: String = recorded
            .iter()
            .map(|(path, time)| format!("{time}#{path}\n"))
            .collect();
        std::fs::write(path, text)
            .map_err(|e| CliError::io(format!("cannot write {}", path.display()), e))?;
    }
    cp::report(ctx, "copied", skipped, outcome, json!({}), false)
}

fn mtime(path: &std::path::Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()?
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

/// osscmd's checkpoint file: `<int mtime>#<absolute path>` per line.
fn read_checkpoint(path: &std::path::Path) -> Result<BTreeMap<String, u64>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(CliError::io(format!("cannot read {}", path.display()), e)),
    };
    Ok(text
        .lines()
        .filter_map(|line| {
            let (time, path) = line.split_once('#')?;
            Some((path.to_owned(), time.trim().parse().ok()?))
        })
        .collect())
}

/// `ls`/`list`: one page, osscmd's way.
async fn list(ctx: &Context, call: &Invocation) -> Result<()> {
    arity(
        call,
        1,
        4,
        "oss://bucket/[prefix] [marker] [delimiter] [maxkeys]",
    )?;
    let p = &call.positionals;
    let url = OssUrl::parse(&p[0])?;
    let positional = |i: usize| p.get(i).filter(|v| !v.is_empty()).cloned();
    let marker = option(call, "marker")
        .or(option(call, "maker"))
        .map(str::to_owned)
        .or(positional(1));
    let delimiter = option(call, "delimiter")
        .map(str::to_owned)
        .or(positional(2));
    let maxkeys = match option(call, "maxkeys").map(str::to_owned).or(positional(3)) {
        Some(text) => text
            .parse::<u32>()
            .map_err(|_| CliError::usage(format!("maxkeys {text:?}: expected a number")))?,
        None => 1000,
    };
    let mut request = ctx
        .bucket(&url.bucket)
        .await?
        .list_objects()
        .prefix(&url.key)
        .max_keys(maxkeys);
    if let Some(marker) = &marker {
        request = request.marker(marker);
    }
    if let Some(delimiter) = &delimiter {
        request = request.delimiter(delimiter);
    }
    let page = request.await.map_err(fail(format!("list {url}")))?;
    let prefixes: Vec<String> = page
        .common_prefixes
        .iter()
        .map(|c| url.with_key(&c.prefix).to_string())
        .collect();
    let objects: Vec<_> = page
        .contents
        .iter()
        .map(|o| {
            json!({
                "url": url.with_key(&o.key).to_string(),
                "size": o.size,
                "last_modified": o.last_modified.raw(),
                "storage_class": o.storage_class.as_ref().map(|c| c.to_string()),
            })
        })
        .collect();
    ctx.out.emit(
        json!({ "prefixes": prefixes, "objects": objects, "is_truncated": page.is_truncated, "next_marker": page.next_marker }),
        || {
            let mut text = String::from("prefix list is:\n");
            for prefix in &prefixes {
                text.push_str(&format!("{prefix}\n"));
            }
            text.push_str("object list is:\n");
            for o in &page.contents {
                text.push_str(&format!(
                    "{} {} {} {}\n",
                    units::format_timestamp(&o.last_modified),
                    o.size,
                    o.storage_class.as_ref().map_or("Standard".to_owned(), |c| c.to_string()),
                    url.with_key(&o.key)
                ));
            }
            text.push_str(&format!("\nprefix list number is: {}\nobject list number is: {}", prefixes.len(), page.contents.len()));
            if page.is_truncated {
                text.push_str(&format!("\nnext marker is: {}", page.next_marker.clone().unwrap_or_default()));
            }
            text
        },
    );
    Ok(())
}
