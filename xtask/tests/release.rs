//! `xtask::release::run` against a scratch workspace (a <- b <- c, plus an
//! unpublished `tools` member) in its own git repository.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};
use xtask::release::{self, Bump, Released, Version};

/// A throwaway workspace directory, deleted on drop.
struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn new(test_name: &str) -> Scratch {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let unique = format!("xtask-release-{test_name}-{}-{nanos}", std::process::id());
        let scratch = Scratch {
            root: std::env::temp_dir().join(unique),
        };
        scratch.write_workspace();
        scratch.git(&["init", "--quiet"]);
        // Local identity so the release's own commit and tags need no global config.
        for (key, value) in [
            ("user.name", "xtask test"),
            ("user.email", "xtask@example.com"),
            ("commit.gpgsign", "false"),
            ("tag.gpgsign", "false"),
        ] {
            scratch.git(&["config", key, value]);
        }
        let lockfile = Command::new(env!("CARGO"))
            .args(["generate-lockfile", "--offline"])
            .current_dir(&scratch.root)
            .status()
            .unwrap();
        assert!(lockfile.success());
        scratch.git(&["add", "--all"]);
        scratch.git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "--quiet",
            "-m",
            "init",
        ]);
        scratch
    }

    fn write_workspace(&self) {
        self.write(".gitignore", "/target\n");
        // Keeps `cargo package` off the network: the scratch crates have no registry deps.
        self.write(".cargo/config.toml", "[net]\noffline = true\n");
        self.write(
            "Cargo.toml",
            r#"[workspace]
resolver = "2"
members = ["crates/*", "tools"]

[workspace.package]
edition = "2021"
license = "MIT"

[workspace.dependencies]
# Kept in step by `cargo xtask release`.
a = { path = "crates/a", version = "0.1.0" }
b = { path = "crates/b", version = "0.1.0" }
c = { path = "crates/c", version = "0.1.0" }
"#,
        );
        self.write_crate("a", "", "- Added the first API.\n");
        self.write_crate("b", "a.workspace = true\n", "");
        self.write_crate(
            "c",
            "b = { path = \"../b\", version = \"0.1.0\" } # direct\n",
            "- Fixed c.\n",
        );
        self.write(
            "tools/Cargo.toml",
            "[package]\nname = \"tools\"\nversion = \"0.1.0\"\nedition.workspace = true\npublish = false\n\n\
             [dependencies]\nc.workspace = true\n",
        );
        self.write("tools/src/lib.rs", "//! Unpublished helper.\n");
    }

    fn write_crate(&self, name: &str, dependencies: &str, unreleased: &str) {
        self.write(
            &format!("crates/{name}/Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\ndescription = \"Crate {name}.\"\n\
                 edition.workspace = true\nlicense.workspace = true\n\n[dependencies]\n{dependencies}"
            ),
        );
        self.write(
            &format!("crates/{name}/src/lib.rs"),
            &format!("//! Crate {name}.\n"),
        );
        self.write(
            &format!("crates/{name}/CHANGELOG.md"),
            &format!("# Changelog of {name}\n\n## Unreleased\n\n{unreleased}\n## 0.0.1 - 2020-01-01\n\n- Old.\n"),
        );
    }

    fn write(&self, relative: &str, contents: &str) {
        let path = self.root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.root.join(relative)).unwrap()
    }

    fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .args(args)
            .current_dir(&self.root)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn path(&self) -> &Path {
        &self.root
    }

    /// Everything a release could touch, to compare before and after.
    fn snapshot(&self) -> Vec<String> {
        let mut state = vec![
            self.git(&["status", "--porcelain"]),
            self.git(&["rev-parse", "HEAD"]),
            self.git(&["tag"]),
        ];
        for file in [
            "Cargo.toml",
            "Cargo.lock",
            "crates/a/Cargo.toml",
            "crates/a/CHANGELOG.md",
            "crates/c/Cargo.toml",
        ] {
            state.push(self.read(file));
        }
        state
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn released(name: &str, from: &str, to: &str) -> Released {
    Released {
        name: name.into(),
        from: from.parse::<Version>().unwrap(),
        to: to.parse().unwrap(),
    }
}

#[test]
fn minor_release_bumps_dependents_dates_changelogs_commits_and_tags() {
    let scratch = Scratch::new("minor");
    let report = release::run(scratch.path(), "a", Bump::Minor, false).unwrap();
    let date = &report.date;

    assert_eq!(
        report.released,
        [
            released("a", "0.1.0", "0.2.0"),
            released("b", "0.1.0", "0.1.1"),
            released("c", "0.1.0", "0.1.1")
        ]
    );
    let root_manifest = scratch.read("Cargo.toml");
    assert!(root_manifest.contains("# Kept in step by `cargo xtask release`.\n"));
    assert!(root_manifest.contains("a = { path = \"crates/a\", version = \"0.2.0\" }\n"));
    assert!(root_manifest.contains("b = { path = \"crates/b\", version = \"0.1.1\" }\n"));
    assert!(root_manifest.contains("c = { path = \"crates/c\", version = \"0.1.1\" }\n"));
    assert!(scratch
        .read("crates/a/Cargo.toml")
        .contains("version = \"0.2.0\"\n"));
    assert!(scratch
        .read("crates/b/Cargo.toml")
        .contains("version = \"0.1.1\"\n"));
    let c_manifest = scratch.read("crates/c/Cargo.toml");
    assert!(c_manifest.contains("name = \"c\"\nversion = \"0.1.1\"\n"));
    assert!(c_manifest.contains("b = { path = \"../b\", version = \"0.1.1\" } # direct\n"));
    assert!(
        scratch
            .read("tools/Cargo.toml")
            .contains("version = \"0.1.0\"\n"),
        "publish = false is never bumped"
    );
    assert!(scratch
        .read("Cargo.lock")
        .contains("name = \"a\"\nversion = \"0.2.0\"\n"));

    assert_eq!(
        scratch.read("crates/a/CHANGELOG.md"),
        format!(
            "# Changelog of a\n\n## Unreleased\n\n## 0.2.0 - {date}\n\n- Added the first API.\n\n\
             ## 0.0.1 - 2020-01-01\n\n- Old.\n"
        )
    );
    assert!(scratch.read("crates/b/CHANGELOG.md").contains(&format!(
        "## Unreleased\n\n## 0.1.1 - {date}\n\n- Depends on a 0.2.0.\n\n## 0.0.1"
    )));
    assert!(scratch.read("crates/c/CHANGELOG.md").contains(&format!(
        "## Unreleased\n\n## 0.1.1 - {date}\n\n- Fixed c.\n- Depends on b 0.1.1.\n\n## 0.0.1"
    )));
    assert_eq!(date, &xtask::date::today_utc());

    assert_eq!(
        scratch.git(&["log", "-1", "--format=%s"]).trim(),
        "Release a 0.2.0, b 0.1.1, c 0.1.1"
    );
    assert_eq!(
        scratch.git(&["tag", "--list"]),
        "a-v0.2.0\nb-v0.1.1\nc-v0.1.1\n"
    );
    assert_eq!(
        scratch.git(&["status", "--porcelain"]),
        "",
        "everything is committed"
    );

    // The Unreleased sections are empty now, so a new release needs new entries first.
    let again = release::run(scratch.path(), "c", Bump::Patch, false);
    assert!(again.unwrap_err().contains("no entries"));
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let scratch = Scratch::new("dry-run");
    let before = scratch.snapshot();
    let report = release::run(scratch.path(), "a", Bump::Major, true).unwrap();
    assert!(report.dry_run);
    assert_eq!(
        report.released,
        [
            released("a", "0.1.0", "1.0.0"),
            released("b", "0.1.0", "0.1.1"),
            released("c", "0.1.0", "0.1.1")
        ]
    );
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn refuses_dirty_trees_empty_changelogs_and_unreleased_crates() {
    let scratch = Scratch::new("refusals");
    let before = scratch.snapshot();

    let empty = release::run(scratch.path(), "b", Bump::Patch, false).unwrap_err();
    assert!(
        empty.contains("crates/b/CHANGELOG.md") && empty.contains("no entries"),
        "{empty}"
    );
    let unpublished = release::run(scratch.path(), "tools", Bump::Patch, false).unwrap_err();
    assert!(
        unpublished.contains("not a released crate"),
        "{unpublished}"
    );
    let unknown = release::run(scratch.path(), "zzz", Bump::Patch, false).unwrap_err();
    assert!(unknown.contains("released crates: a, b, c"), "{unknown}");
    assert_eq!(scratch.snapshot(), before);

    scratch.write("notes.txt", "work in progress\n");
    let dirty = release::run(scratch.path(), "a", Bump::Minor, false).unwrap_err();
    assert!(
        dirty.contains("uncommitted changes") && dirty.contains("notes.txt"),
        "{dirty}"
    );
    assert!(scratch
        .read("crates/a/Cargo.toml")
        .contains("version = \"0.1.0\"\n"));
    assert_eq!(scratch.git(&["tag"]), "");
}

#[test]
fn failed_packaging_restores_every_file() {
    let scratch = Scratch::new("rollback");
    let manifest = scratch.read("crates/a/Cargo.toml");
    let broken = manifest.replace("description", "readme = \"MISSING.md\"\ndescription");
    scratch.write("crates/a/Cargo.toml", &broken);
    scratch.git(&[
        "commit",
        "--quiet",
        "--all",
        "-m",
        "point at a missing readme",
    ]);
    let before = scratch.snapshot();

    let err = release::run(scratch.path(), "a", Bump::Patch, false).unwrap_err();
    assert!(err.contains("every file was restored"), "{err}");
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn a_dry_run_packages_the_workspace_crates_that_dev_dependencies_name() {
    let scratch = Scratch::new("dev-dependencies");
    // c's tests use d, which no crate needs at run time.
    scratch.write_crate("d", "", "- New.\n");
    let manifest = scratch.read("crates/c/Cargo.toml");
    scratch.write(
        "crates/c/Cargo.toml",
        &format!(
            "{manifest}\n[dev-dependencies]\nd = {{ path = \"../d\", version = \"0.1.0\" }}\n"
        ),
    );
    let lockfile = Command::new(env!("CARGO"))
        .args(["generate-lockfile", "--offline"])
        .current_dir(scratch.path())
        .status()
        .unwrap();
    assert!(lockfile.success());
    scratch.git(&["add", "--all"]);
    scratch.git(&["commit", "--quiet", "-m", "d"]);
    // Packaging c resolves d: without d among the packaged crates it would be looked up on
    // the (offline) registry and the dry run would fail.
    let report = release::run(scratch.path(), "c", Bump::Patch, true).unwrap();
    assert!(report.dry_run);
    assert!(scratch.root.join("target/package/d-0.1.0.crate").exists());
}
