//! `cargo xtask release <crate> <major|minor|patch> [--dry-run]`: bumps a crate
//! and, with a patch bump, every released workspace crate depending on it
//! (recursively), dates their changelogs, checks that they package, then commits
//! and tags.
//!
//! Only publishable crates under `crates/` are released. Other members (xtask,
//! tests) only see their version requirements updated where written literally.
//!
//! The packaging check is one `cargo package --no-verify --allow-dirty -p ...`
//! for the bumped crates and the workspace crates they depend on. Packaging them
//! together lets cargo resolve the new, still unpublished versions of sibling
//! crates from a local overlay, whereas `cargo publish --dry-run` of a dependent
//! would look for them on crates.io and fail. `--no-verify` skips compiling the tarballs: `cargo xtask ci` builds the
//! same sources. A dry run packages the same crates at their current versions, which
//! writes only under `target/package`, nothing in the tree, not even `Cargo.lock`.

use crate::manifest::{DepKind, Manifest};
use crate::{changelog, date, package, process};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use crate::version::{Bump, Version};

/// One crate the release bumps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Released {
    /// The package name.
    pub name: String,
    /// Its version before the release.
    pub from: Version,
    /// Its version after the release.
    pub to: Version,
}

impl Released {
    /// The git tag marking this crate's release.
    pub fn tag(&self) -> String {
        format!("{}-v{}", self.name, self.to)
    }
}

/// What a release did, or would do for a dry run.
#[derive(Clone, Debug)]
pub struct Report {
    /// Every bumped crate, dependencies before dependents (the publish order).
    pub released: Vec<Released>,
    /// The date in the new changelog headings.
    pub date: String,
    /// The release commit's message.
    pub commit_message: String,
    /// True if nothing was changed.
    pub dry_run: bool,
}

/// A workspace member as a release sees it.
struct Member {
    name: String,
    dir: PathBuf,
    manifest: Manifest,
    /// Publishable and under `crates/`.
    released: bool,
    /// Dependencies that end up in the published crate (not dev-dependencies).
    runtime_deps: Vec<String>,
    /// Every dependency, dev-dependencies included: `cargo package` resolves them all (its
    /// lockfile holds the dev-dependencies too), so they must be in the overlay.
    packaging_deps: Vec<String>,
}

/// A file's planned contents.
struct FileEdit {
    path: PathBuf,
    before: String,
    after: String,
}

/// Releases `crate_name` from the workspace at `root`; see the module docs.
pub fn run(root: &Path, crate_name: &str, bump: Bump, dry_run: bool) -> Result<Report, String> {
    let members = load_members(root)?;
    ensure_released_crate(&members, crate_name)?;
    ensure_clean_tree(root)?;
    ensure_unreleased_entries(root, &members, crate_name)?;

    let released = plan(&members, crate_name, bump)?;
    ensure_tags_are_new(root, &released)?;
    let date = date::today_utc();
    let edits = planned_edits(root, &members, &released, &date)?;
    let summary: Vec<String> = released
        .iter()
        .map(|r| format!("{} {}", r.name, r.to))
        .collect();
    let report = Report {
        commit_message: format!("Release {}", summary.join(", ")),
        released,
        date,
        dry_run,
    };
    print_plan(root, &report, &edits);

    let packaged = packaging_order(&members, &report.released)?;
    if dry_run {
        // The same packaging as the release, of today's versions (target/package only).
        package::package_all(root, &packaged)?;
        return Ok(report);
    }
    apply_and_package(root, &edits, &packaged)?;
    commit_and_tag(root, &report)?;
    Ok(report)
}

fn load_members(root: &Path) -> Result<Vec<Member>, String> {
    let root_manifest = Manifest::parse(&read(root, &root.join("Cargo.toml"))?);
    let mut members = Vec::new();
    for pattern in root_manifest.workspace_members() {
        for dir in expand_member_pattern(root, &pattern)? {
            let manifest_path = dir.join("Cargo.toml");
            let manifest = Manifest::parse(&read(root, &manifest_path)?);
            let name = manifest
                .package_name()
                .ok_or_else(|| format!("{}: no [package] name", relative(root, &manifest_path)))?;
            let under_crates = dir
                .strip_prefix(root)
                .is_ok_and(|rel| rel.starts_with("crates"));
            let dependencies = manifest.dependencies();
            let runtime_deps = dependencies
                .iter()
                .filter(|dep| matches!(dep.kind, DepKind::Normal | DepKind::Build))
                .map(|dep| dep.package.clone())
                .collect();
            let packaging_deps = dependencies
                .into_iter()
                .filter(|dep| matches!(dep.kind, DepKind::Normal | DepKind::Build | DepKind::Dev))
                .map(|dep| dep.package)
                .collect();
            members.push(Member {
                name,
                dir,
                released: under_crates && manifest.is_publishable(),
                manifest,
                runtime_deps,
                packaging_deps,
            });
        }
    }
    Ok(members)
}

/// Member directories for a `members` entry; only the common `dir/*` glob is supported.
fn expand_member_pattern(root: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let Some(parent) = pattern.strip_suffix("/*") else {
        if pattern.contains(['*', '?', '[']) {
            return Err(format!(
                "workspace member pattern `{pattern}` is not supported"
            ));
        }
        return Ok(vec![root.join(pattern)]);
    };
    let entries =
        fs::read_dir(root.join(parent)).map_err(|err| format!("reading {parent}: {err}"))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

fn ensure_released_crate(members: &[Member], crate_name: &str) -> Result<(), String> {
    match members.iter().find(|member| member.name == crate_name) {
        Some(member) if member.released => Ok(()),
        Some(_) => Err(format!(
            "`{crate_name}` is not a released crate (publish = false or not under crates/)"
        )),
        None => {
            let released = members.iter().filter(|member| member.released);
            let names: Vec<&str> = released.map(|member| member.name.as_str()).collect();
            Err(format!(
                "no crate `{crate_name}`; released crates: {}",
                names.join(", ")
            ))
        }
    }
}

fn ensure_clean_tree(root: &Path) -> Result<(), String> {
    let status = process::output(git(root).args(["status", "--porcelain"]))?;
    if status.trim().is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the working tree has uncommitted changes; commit or stash them first:\n{status}"
        ))
    }
}

fn ensure_unreleased_entries(
    root: &Path,
    members: &[Member],
    crate_name: &str,
) -> Result<(), String> {
    let member = members
        .iter()
        .find(|member| member.name == crate_name)
        .expect("checked by caller");
    let path = member.dir.join("CHANGELOG.md");
    let entries = changelog::unreleased_entries(&read(root, &path)?)
        .map_err(|err| format!("{}: {err}", relative(root, &path)))?;
    if entries.is_empty() {
        return Err(format!(
            "{}: the `## Unreleased` section has no entries; describe the release there first",
            relative(root, &path)
        ));
    }
    Ok(())
}

/// The target with `bump`, then every released crate that depends on a bumped
/// one with a patch bump, ordered so dependencies come before dependents.
fn plan(members: &[Member], target: &str, bump: Bump) -> Result<Vec<Released>, String> {
    let dependents = |affected: &[&str], member: &Member| {
        member
            .runtime_deps
            .iter()
            .any(|dep| affected.contains(&dep.as_str()))
    };
    let affected = closure(members, &[target], dependents);
    let mut released = Vec::new();
    for member in dependency_order(members, &affected)? {
        let from: Version = member
            .manifest
            .package_version()?
            .parse()
            .map_err(|err| format!("{}: {err}", member.name))?;
        let bump = if member.name == target {
            bump
        } else {
            Bump::Patch
        };
        released.push(Released {
            name: member.name.clone(),
            from,
            to: from.bumped(bump),
        });
    }
    Ok(released)
}

/// The released crates to package: the bumped ones plus the workspace crates
/// they need, transitively (dev-dependencies included, as `cargo package` resolves them). Cargo resolves all of them from its local overlay,
/// so the check works even before those dependencies were ever published.
fn packaging_order<'m>(
    members: &'m [Member],
    released: &[Released],
) -> Result<Vec<&'m str>, String> {
    let bumped: Vec<&str> = released
        .iter()
        .map(|released| released.name.as_str())
        .collect();
    let dependencies = |needed: &[&str], member: &Member| {
        needed.iter().any(|name| {
            let needer = members.iter().find(|m| m.name == *name);
            needer.is_some_and(|needer| needer.packaging_deps.contains(&member.name))
        })
    };
    let needed = closure(members, &bumped, dependencies);
    let ordered = dependency_order(members, &needed)?;
    Ok(ordered
        .into_iter()
        .map(|member| member.name.as_str())
        .collect())
}

/// `start` plus every released member for which `joins(set so far, member)` holds,
/// repeated until nothing more joins.
fn closure<'m>(
    members: &'m [Member],
    start: &[&'m str],
    joins: impl Fn(&[&str], &Member) -> bool,
) -> Vec<&'m str> {
    let mut set = start.to_vec();
    loop {
        let joining: Vec<&str> = members
            .iter()
            .filter(|member| member.released && !set.contains(&member.name.as_str()))
            .filter(|member| joins(&set, member))
            .map(|member| member.name.as_str())
            .collect();
        if joining.is_empty() {
            return set;
        }
        set.extend(joining);
    }
}

/// The members named in `names`, each after those of its dependencies that are
/// also in `names` (workspace order otherwise).
fn dependency_order<'m>(members: &'m [Member], names: &[&str]) -> Result<Vec<&'m Member>, String> {
    let mut ordered: Vec<&Member> = Vec::new();
    while ordered.len() < names.len() {
        let is_done = |name: &str| ordered.iter().any(|done| done.name == name);
        let pending = |name: &str| names.contains(&name) && !is_done(name);
        let next = members
            .iter()
            .filter(|member| pending(&member.name))
            .find(|member| !member.runtime_deps.iter().any(|dep| pending(dep)))
            .ok_or_else(|| format!("dependency cycle among {}", names.join(", ")))?;
        ordered.push(next);
    }
    Ok(ordered)
}

fn ensure_tags_are_new(root: &Path, released: &[Released]) -> Result<(), String> {
    for tag in released.iter().map(Released::tag) {
        if !process::output(git(root).args(["tag", "--list", &tag]))?
            .trim()
            .is_empty()
        {
            return Err(format!("tag `{tag}` already exists"));
        }
    }
    Ok(())
}

/// New versions and requirements in every manifest, and dated changelogs.
fn planned_edits(
    root: &Path,
    members: &[Member],
    released: &[Released],
    date: &str,
) -> Result<Vec<FileEdit>, String> {
    let mut edits = Vec::new();
    let root_manifest_path = root.join("Cargo.toml");
    let root_manifest = Manifest::parse(&read(root, &root_manifest_path)?);
    let mut manifests = vec![(root_manifest_path, root_manifest, None)];
    for member in members {
        let bumped = released
            .iter()
            .find(|released| released.name == member.name);
        manifests.push((
            member.dir.join("Cargo.toml"),
            member.manifest.clone(),
            bumped,
        ));
    }
    for (path, mut manifest, bumped) in manifests {
        let before = manifest.text();
        if let Some(bumped) = bumped {
            manifest.set_package_version(&bumped.to.to_string())?;
        }
        for dependency in released {
            manifest.set_requirement(&dependency.name, &dependency.to.to_string());
        }
        if manifest.text() != before {
            edits.push(FileEdit {
                path,
                before,
                after: manifest.text(),
            });
        }
    }

    for bumped in released {
        let member = members
            .iter()
            .find(|member| member.name == bumped.name)
            .expect("planned from members");
        let depends_on: Vec<String> = released
            .iter()
            .filter(|dependency| member.runtime_deps.contains(&dependency.name))
            .map(|dependency| format!("- Depends on {} {}.", dependency.name, dependency.to))
            .collect();
        let path = member.dir.join("CHANGELOG.md");
        let before = read(root, &path)?;
        let after = changelog::release(&before, &bumped.to.to_string(), date, &depends_on)
            .map_err(|err| format!("{}: {err}", relative(root, &path)))?;
        edits.push(FileEdit {
            path,
            before,
            after,
        });
    }
    Ok(edits)
}

fn print_plan(root: &Path, report: &Report, edits: &[FileEdit]) {
    let mode = if report.dry_run {
        "dry run, nothing will change"
    } else {
        "releasing"
    };
    println!("{} ({mode}):", report.commit_message);
    for released in &report.released {
        println!(
            "  {} {} -> {}, tag {}",
            released.name,
            released.from,
            released.to,
            released.tag()
        );
    }
    for edit in edits {
        println!("\n--- {}", relative(root, &edit.path));
        print_changed_lines(&edit.before, &edit.after);
    }
    println!();
}

/// A minimal diff: line-by-line when no lines were added, else one hunk.
fn print_changed_lines(before: &str, after: &str) {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    if old.len() == new.len() {
        for (old_line, new_line) in old.iter().zip(&new).filter(|(o, n)| o != n) {
            println!("-{old_line}\n+{new_line}");
        }
        return;
    }
    let prefix = old.iter().zip(&new).take_while(|(o, n)| o == n).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(o, n)| o == n)
        .count();
    old[prefix..old.len() - suffix]
        .iter()
        .for_each(|line| println!("-{line}"));
    new[prefix..new.len() - suffix]
        .iter()
        .for_each(|line| println!("+{line}"));
}

/// Writes the edits and packages the crates; on any failure restores every file
/// (including `Cargo.lock`, which cargo updates) so the release can be retried.
fn apply_and_package(root: &Path, edits: &[FileEdit], packaged: &[&str]) -> Result<(), String> {
    let lock_path = root.join("Cargo.lock");
    let lock_before = fs::read_to_string(&lock_path).ok();
    let result = edits
        .iter()
        .try_for_each(|edit| {
            fs::write(&edit.path, &edit.after)
                .map_err(|err| format!("writing {}: {err}", relative(root, &edit.path)))
        })
        .and_then(|()| package::package_all(root, packaged));
    if let Err(err) = result {
        for edit in edits {
            let _ = fs::write(&edit.path, &edit.before);
        }
        let _ = match lock_before {
            Some(lock) => fs::write(&lock_path, lock),
            None => fs::remove_file(&lock_path),
        };
        return Err(format!(
            "{err}\nevery file was restored; nothing was committed"
        ));
    }
    Ok(())
}

fn commit_and_tag(root: &Path, report: &Report) -> Result<(), String> {
    process::run(git(root).args([
        "commit",
        "--quiet",
        "--all",
        "--message",
        &report.commit_message,
    ]))?;
    for released in &report.released {
        let message = format!("Release {} {}", released.name, released.to);
        process::run(git(root).args([
            "tag",
            "--annotate",
            &released.tag(),
            "--message",
            &message,
        ]))?;
    }
    Ok(())
}

fn git(root: &Path) -> Command {
    let mut git = Command::new("git");
    git.current_dir(root);
    git
}

fn read(root: &Path, path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|err| format!("reading {}: {err}", relative(root, path)))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
