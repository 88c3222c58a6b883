//! Readiness to publish: every released crate (publishable, under `crates/`) carries the
//! metadata crates.io and docs.rs show, ships both license texts, its README and CHANGELOG,
//! and packages. The CI step `package` runs [`check`].

use crate::process;
use serde_json::Value;
use std::path::Path;

/// The license every crate declares, the Rust ecosystem's usual pair.
pub const LICENSE: &str = "MIT OR Apache-2.0";

/// Files every packaged crate must contain.
pub const REQUIRED_FILES: &[&str] = &[
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "README.md",
    "CHANGELOG.md",
    "Cargo.toml",
];

/// The released crates' names, in workspace order, read from `cargo metadata`.
pub fn released_crates(root: &Path) -> Result<Vec<Value>, String> {
    let metadata = process::output(process::cargo().current_dir(root).args([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ]))?;
    let metadata: Value =
        serde_json::from_str(&metadata).map_err(|err| format!("cargo metadata: {err}"))?;
    let crates_dir = root.join("crates");
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    Ok(packages
        .into_iter()
        .filter(|package| {
            let manifest = package["manifest_path"].as_str().unwrap_or_default();
            // `publish = false` is an empty registry list in cargo metadata.
            let publishable =
                !matches!(package["publish"].as_array(), Some(list) if list.is_empty());
            Path::new(manifest).starts_with(&crates_dir) && publishable
        })
        .collect())
}

/// What is missing from one package's metadata (a `cargo metadata` package object).
pub fn metadata_problems(package: &Value) -> Vec<String> {
    let name = package["name"].as_str().unwrap_or("?");
    let mut problems = Vec::new();
    let mut missing = |what: &str| problems.push(format!("{name}: no {what}"));
    for field in [
        "description",
        "repository",
        "homepage",
        "documentation",
        "readme",
    ] {
        if package[field]
            .as_str()
            .is_none_or(|value| value.trim().is_empty())
        {
            missing(field);
        }
    }
    for list in ["keywords", "categories"] {
        if package[list]
            .as_array()
            .is_none_or(|values| values.is_empty())
        {
            missing(list);
        }
    }
    if package["metadata"]["docs"]["rs"].is_null() {
        missing("[package.metadata.docs.rs]");
    }
    if package["license"].as_str() != Some(LICENSE) {
        problems.push(format!(
            "{name}: license is {}, not {LICENSE}",
            package["license"]
        ));
    }
    if package["keywords"].as_array().is_some_and(|k| k.len() > 5) {
        problems.push(format!("{name}: crates.io takes at most 5 keywords"));
    }
    let docs = format!("https://docs.rs/{name}");
    if package["documentation"]
        .as_str()
        .is_some_and(|url| url != docs)
    {
        problems.push(format!("{name}: documentation is not {docs}"));
    }
    problems
}

/// Checks every released crate's metadata and file list, then packages them all in one
/// `cargo package --no-verify` (one invocation, so each crate resolves its unpublished
/// siblings from cargo's local overlay). `--no-verify`: the rest of CI compiles and tests the
/// same sources; verifying would compile every crate a second time in isolation.
pub fn check(root: &Path) -> Result<(), String> {
    let crates = released_crates(root)?;
    if crates.is_empty() {
        return Err("no released crates found under crates/".into());
    }
    let mut problems: Vec<String> = crates.iter().flat_map(metadata_problems).collect();
    let names: Vec<&str> = crates
        .iter()
        .filter_map(|package| package["name"].as_str())
        .collect();
    for name in &names {
        let list = process::output(process::cargo().current_dir(root).args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            name,
        ]))?;
        for file in REQUIRED_FILES {
            if !list.lines().any(|line| line == *file) {
                problems.push(format!("{name}: the package has no {file}"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "not ready to publish:\n  {}",
            problems.join("\n  ")
        ));
    }
    package_all(root, &names)
}

/// `cargo package --no-verify --allow-dirty -p ...`, offline when the registry cache allows it
/// (after a CI build it does), else with the network.
pub fn package_all(root: &Path, names: &[&str]) -> Result<(), String> {
    let command = |offline: bool| {
        let mut cargo = process::cargo();
        cargo
            .current_dir(root)
            .args(["package", "--no-verify", "--allow-dirty"]);
        if offline {
            cargo.arg("--offline");
        }
        for name in names {
            cargo.args(["-p", name]);
        }
        cargo
    };
    process::run(&mut command(true)).or_else(|offline_error| {
        println!("offline packaging failed ({offline_error}); retrying with the network");
        process::run(&mut command(false))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn complete() -> Value {
        json!({
            "name": "oss-auth",
            "description": "Signing.",
            "repository": "https://github.com/oss-rs/oss-rs",
            "homepage": "https://github.com/oss-rs/oss-rs",
            "documentation": "https://docs.rs/oss-auth",
            "readme": "README.md",
            "keywords": ["oss"],
            "categories": ["authentication"],
            "license": "MIT OR Apache-2.0",
            "metadata": {"docs": {"rs": {"all-features": true}}},
        })
    }

    #[test]
    fn complete_metadata_has_no_problems() {
        assert_eq!(metadata_problems(&complete()), Vec::<String>::new());
    }

    #[test]
    fn each_missing_or_wrong_field_is_named() {
        let mut package = complete();
        package["description"] = json!("  ");
        package["keywords"] = json!([]);
        package["license"] = json!("Apache-2.0");
        package["documentation"] = json!("https://docs.rs/oss-cli");
        package["metadata"] = Value::Null;
        assert_eq!(
            metadata_problems(&package),
            [
                "oss-auth: no description",
                "oss-auth: no keywords",
                "oss-auth: no [package.metadata.docs.rs]",
                "oss-auth: license is \"Apache-2.0\", not MIT OR Apache-2.0",
                "oss-auth: documentation is not https://docs.rs/oss-auth",
            ]
        );
    }
}
