//! Line-based reading and editing of the few `Cargo.toml` fields a release touches.
//!
//! Rewriting a manifest through a TOML library would drop comments and layout, and a
//! release only needs `[package]` name/version/publish, `[workspace] members` and
//! dependency entries. So this module understands those shapes (plain and dotted
//! keys, `[a.b]` headers, one-line inline tables) and leaves every other byte alone.

use std::ops::Range;

/// Which table a dependency is declared in; only some make a dependent re-release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepKind {
    /// `[dependencies]`, also under `[target.*]`.
    Normal,
    /// `[build-dependencies]`, also under `[target.*]`.
    Build,
    /// `[dev-dependencies]`, also under `[target.*]`.
    Dev,
    /// `[workspace.dependencies]` in the root manifest.
    Workspace,
}

/// One dependency as declared in a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The table it is declared in.
    pub kind: DepKind,
    /// The depended-on package (the `package = "..."` rename resolved).
    pub package: String,
    /// The version requirement written in this manifest, if any.
    pub requirement: Option<String>,
}

/// A manifest's text plus the `key = value` entries found in it.
#[derive(Clone, Debug)]
pub struct Manifest {
    lines: Vec<String>,
    entries: Vec<Entry>,
}

/// A value at a full dotted path, e.g. `["dependencies", "oss-auth", "version"]`,
/// however it was spelled: under a header, as a dotted key or inside an inline table.
#[derive(Clone, Debug)]
struct Entry {
    path: Vec<String>,
    line: usize,
    value: Range<usize>,
}

impl Manifest {
    /// Indexes `text`; never fails, unknown shapes are simply not found later.
    pub fn parse(text: &str) -> Manifest {
        let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        let entries = index_entries(&lines);
        Manifest { lines, entries }
    }

    /// The manifest text, including any edits.
    pub fn text(&self) -> String {
        self.lines.concat()
    }

    /// `[package] name`.
    pub fn package_name(&self) -> Option<String> {
        self.string_at(&["package", "name"])
    }

    /// `[package] version`; an error if missing or inherited from the workspace,
    /// since releases need a literal version per crate.
    pub fn package_version(&self) -> Result<String, String> {
        if let Some(version) = self.string_at(&["package", "version"]) {
            return Ok(version);
        }
        if self.find(&["package", "version", "workspace"]).is_some() {
            return Err("[package] version is inherited from the workspace".into());
        }
        Err("[package] has no version".into())
    }

    /// False for `publish = false` or `publish = []`.
    pub fn is_publishable(&self) -> bool {
        match self.find(&["package", "publish"]) {
            Some(entry) => {
                let value = self.raw_value(entry).replace(char::is_whitespace, "");
                value != "false" && value != "[]"
            }
            None => true,
        }
    }

    /// `[workspace] members`, as written (globs unexpanded).
    pub fn workspace_members(&self) -> Vec<String> {
        let Some(entry) = self.find(&["workspace", "members"]) else {
            return Vec::new();
        };
        // The array usually spans several lines, which the entry index does not follow.
        let mut members = Vec::new();
        let mut depth = 0;
        let mut start = entry.value.start;
        for line in &self.lines[entry.line..] {
            let code = strip_comment(&line[start..]);
            for (item, closing) in quoted_strings_and_brackets(code) {
                match item {
                    Some(text) => members.push(text),
                    None if closing => depth -= 1,
                    None => depth += 1,
                }
                if depth == 0 {
                    return members;
                }
            }
            start = 0;
        }
        members
    }

    /// Every dependency declared in any dependency table.
    pub fn dependencies(&self) -> Vec<Dependency> {
        let mut found: Vec<(Vec<String>, Dependency)> = Vec::new();
        for entry in &self.entries {
            let Some((kind, key_len)) = dependency_table(&entry.path) else {
                continue;
            };
            let Some(dep_path) = entry.path.get(..key_len) else {
                continue;
            };
            let index = match found.iter().position(|(path, _)| path == dep_path) {
                Some(index) => index,
                None => {
                    let package = dep_path[key_len - 1].clone();
                    let dep = Dependency {
                        kind,
                        package,
                        requirement: None,
                    };
                    found.push((dep_path.to_vec(), dep));
                    found.len() - 1
                }
            };
            let dep = &mut found[index].1;
            let field: Vec<&str> = entry.path[key_len..].iter().map(String::as_str).collect();
            match field.as_slice() {
                // An inline table's own entry is not a string; its `version` pair is.
                [] | ["version"] => {
                    if let Some(requirement) = self.string_value(entry) {
                        dep.requirement = Some(requirement);
                    }
                }
                ["package"] => {
                    if let Some(package) = self.string_value(entry) {
                        dep.package = package;
                    }
                }
                _ => {}
            }
        }
        found.into_iter().map(|(_, dep)| dep).collect()
    }

    /// Rewrites `[package] version`.
    pub fn set_package_version(&mut self, version: &str) -> Result<(), String> {
        self.package_version()?;
        let entry = self
            .find(&["package", "version"])
            .cloned()
            .ok_or("[package] has no version")?;
        self.replace_string(&entry, version);
        Ok(())
    }

    /// Points every version requirement on `package` (in any dependency table) at
    /// `version`, keeping an operator such as `=` or `~`; returns how many changed.
    pub fn set_requirement(&mut self, package: &str, version: &str) -> usize {
        let mut changed = 0;
        // Each edit shifts byte offsets on its line, so re-index after every one.
        while let Some(entry) = self.stale_requirement(package, version) {
            let old = self.string_value(&entry).unwrap_or_default();
            let operator_len = old.len() - old.trim_start_matches(is_operator_char).len();
            self.replace_string(&entry, &format!("{}{version}", &old[..operator_len]));
            changed += 1;
        }
        changed
    }

    fn stale_requirement(&self, package: &str, version: &str) -> Option<Entry> {
        let mut requirements: Vec<(&[String], &Entry)> = Vec::new();
        let mut packages: Vec<(&[String], String)> = Vec::new();
        for entry in &self.entries {
            let Some((_, key_len)) = dependency_table(&entry.path) else {
                continue;
            };
            let Some(dep_path) = entry.path.get(..key_len) else {
                continue;
            };
            let field: Vec<&str> = entry.path[key_len..].iter().map(String::as_str).collect();
            match field.as_slice() {
                [] | ["version"] if self.string_value(entry).is_some() => {
                    requirements.push((dep_path, entry));
                }
                ["package"] => {
                    if let Some(package) = self.string_value(entry) {
                        packages.push((dep_path, package));
                    }
                }
                _ => {}
            }
        }
        requirements.into_iter().find_map(|(dep_path, entry)| {
            let renamed = packages.iter().find(|(path, _)| *path == dep_path);
            let name = renamed.map_or(dep_path[dep_path.len() - 1].as_str(), |(_, p)| p);
            let current = self.string_value(entry)?;
            let bare = current.trim_start_matches(is_operator_char);
            (name == package && bare != version).then(|| entry.clone())
        })
    }

    fn find(&self, path: &[&str]) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.path == path)
    }

    fn string_at(&self, path: &[&str]) -> Option<String> {
        self.string_value(self.find(path)?)
    }

    fn raw_value(&self, entry: &Entry) -> &str {
        &self.lines[entry.line][entry.value.clone()]
    }

    fn string_value(&self, entry: &Entry) -> Option<String> {
        let range = string_contents(self.raw_value(entry))?;
        Some(self.raw_value(entry)[range].to_string())
    }

    fn replace_string(&mut self, entry: &Entry, contents: &str) {
        let inner = string_contents(self.raw_value(entry)).expect("entry holds a string");
        let start = entry.value.start + inner.start;
        let end = entry.value.start + inner.end;
        self.lines[entry.line].replace_range(start..end, contents);
        self.entries = index_entries(&self.lines);
    }
}

fn is_operator_char(c: char) -> bool {
    matches!(c, '=' | '^' | '~' | '<' | '>' | ' ')
}

/// For a path inside a dependency table, its kind and how many leading segments
/// name the dependency (the table path plus the dependency's key).
fn dependency_table(path: &[String]) -> Option<(DepKind, usize)> {
    let kind_of = |segment: &str| match segment {
        "dependencies" => Some(DepKind::Normal),
        "build-dependencies" => Some(DepKind::Build),
        "dev-dependencies" => Some(DepKind::Dev),
        _ => None,
    };
    let first = path.first()?.as_str();
    let (kind, table_len) = match first {
        "workspace" if path.get(1).is_some_and(|s| s == "dependencies") => (DepKind::Workspace, 2),
        "target" => (kind_of(path.get(2)?)?, 3),
        _ => (kind_of(first)?, 1),
    };
    (path.len() > table_len).then_some((kind, table_len + 1))
}

/// Finds every `key = value` in the manifest, with full dotted paths.
fn index_entries(lines: &[String]) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut table: Vec<String> = Vec::new();
    let mut in_multiline_string = false;
    for (line_index, line) in lines.iter().enumerate() {
        if in_multiline_string {
            in_multiline_string = !(line.contains("\"\"\"") || line.contains("'''"));
            continue;
        }
        let code = strip_comment(line);
        let trimmed = code.trim();
        if trimmed.starts_with('[') {
            let inner = trimmed.trim_start_matches('[').trim_end_matches(']');
            table = split_dotted(inner);
            continue;
        }
        let Some(equals) = find_unquoted(code, '=') else {
            continue;
        };
        let mut path = table.clone();
        path.extend(split_dotted(&code[..equals]));
        let value = trimmed_range(code, equals + 1..code.len());
        let raw = &code[value.clone()];
        // Lines inside a multi-line string (say a long description) are not keys.
        let opens = |delimiter: &str| raw.starts_with(delimiter) && !raw[3..].contains(delimiter);
        in_multiline_string = opens("\"\"\"") || opens("'''");
        let inline_table = raw.starts_with('{') && raw.ends_with('}');
        entries.push(Entry {
            path: path.clone(),
            line: line_index,
            value: value.clone(),
        });
        if inline_table {
            for (key, inner_value) in inline_table_pairs(code, value.start + 1..value.end - 1) {
                let mut inner_path = path.clone();
                inner_path.extend(key);
                entries.push(Entry {
                    path: inner_path,
                    line: line_index,
                    value: inner_value,
                });
            }
        }
    }
    entries
}

/// `key = value` pairs of an inline table's body (without braces), as ranges in `line`.
fn inline_table_pairs(line: &str, body: Range<usize>) -> Vec<(Vec<String>, Range<usize>)> {
    let mut pairs = Vec::new();
    let mut piece_start = body.start;
    let mut depth = 0;
    let mut quote = None;
    let bytes = line.as_bytes();
    let mut i = body.start;
    while i <= body.end {
        let byte = if i < body.end { bytes[i] } else { b',' };
        match (quote, byte) {
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'[' | b'{') => depth += 1,
            (None, b']' | b'}') => depth -= 1,
            (None, b',') if depth == 0 => {
                let piece = &line[piece_start..i];
                if let Some(equals) = find_unquoted(piece, '=') {
                    let key = split_dotted(&piece[..equals]);
                    let value = trimmed_range(line, piece_start + equals + 1..i);
                    pairs.push((key, value));
                }
                piece_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    pairs
}

/// The range inside the quotes if `value` is a one-line string.
fn string_contents(value: &str) -> Option<Range<usize>> {
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    (value.len() >= 2 && value.ends_with(quote)).then(|| 1..value.len() - 1)
}

/// Splits `a."b.c".d` into `["a", "b.c", "d"]`.
fn split_dotted(key: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for c in key.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, '.') => segments.push(std::mem::take(&mut current).trim().to_string()),
            (None, c) => current.push(c),
        }
    }
    segments.push(current.trim().to_string());
    segments
}

/// The line without a trailing `# comment` (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    match find_unquoted(line, '#') {
        Some(hash) => &line[..hash],
        None => line.trim_end_matches(['\n', '\r']),
    }
}

/// Byte offset of the first `target` outside a string.
fn find_unquoted(text: &str, target: char) -> Option<usize> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == target => return Some(i),
            None if c == '"' || c == '\'' => quote = Some(c),
            None => {}
        }
    }
    None
}

fn trimmed_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Walks array text, yielding each string (`Some`) and each bracket (`None`,
/// flagged `true` when closing), so callers can follow nesting across lines.
fn quoted_strings_and_brackets(code: &str) -> Vec<(Option<String>, bool)> {
    let mut items = Vec::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => items.push((
                Some(chars.by_ref().take_while(|&x| x != c).collect()),
                false,
            )),
            '[' => items.push((None, false)),
            ']' => items.push((None, true)),
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRATE: &str = r#"[package]
name = "oss-rs-cli"   # the binary crate
version = "0.3.1"
publish = false

[dependencies]
oss-auth.workspace = true
oss-http = { workspace = true, features = ["a", "b"] }
renamed = { package = "oss-model", path = "../oss-model", version = "=0.1.0" }
plain = "1.2"

[dependencies.oss-client]
path = "../oss-client"
version = "0.1.0"

[dev-dependencies]
oss-server = { path = "../oss-server", version = "0.1.0" }

[target.'cfg(unix)'.build-dependencies]
cc = "1"
"#;

    fn dep(kind: DepKind, package: &str, requirement: Option<&str>) -> Dependency {
        let requirement = requirement.map(str::to_string);
        Dependency {
            kind,
            package: package.into(),
            requirement,
        }
    }

    #[test]
    fn reads_package_fields() {
        let manifest = Manifest::parse(CRATE);
        assert_eq!(manifest.package_name().as_deref(), Some("oss-rs-cli"));
        assert_eq!(manifest.package_version(), Ok("0.3.1".into()));
        assert!(!manifest.is_publishable());
        assert!(Manifest::parse("[package]\nname = \"x\"\n").is_publishable());
    }

    #[test]
    fn reads_dependencies_in_every_spelling() {
        use DepKind::*;
        assert_eq!(
            Manifest::parse(CRATE).dependencies(),
            vec![
                dep(Normal, "oss-auth", None),
                dep(Normal, "oss-http", None),
                dep(Normal, "oss-model", Some("=0.1.0")),
                dep(Normal, "plain", Some("1.2")),
                dep(Normal, "oss-client", Some("0.1.0")),
                dep(Dev, "oss-server", Some("0.1.0")),
                dep(Build, "cc", Some("1")),
            ]
        );
    }

    #[test]
    fn edits_touch_only_the_version_strings() {
        let mut manifest = Manifest::parse(CRATE);
        manifest.set_package_version("0.4.0").unwrap();
        assert_eq!(manifest.set_requirement("oss-model", "0.2.0"), 1);
        assert_eq!(manifest.set_requirement("oss-client", "0.1.1"), 1);
        assert_eq!(manifest.set_requirement("oss-server", "1.0.0"), 1);
        assert_eq!(manifest.set_requirement("oss-auth", "9.9.9"), 0);
        let expected = CRATE
            .replace("version = \"0.3.1\"", "version = \"0.4.0\"")
            .replace("\"=0.1.0\"", "\"=0.2.0\"")
            .replace(
                "path = \"../oss-client\"\nversion = \"0.1.0\"",
                "path = \"../oss-client\"\nversion = \"0.1.1\"",
            )
            .replace(
                "../oss-server\", version = \"0.1.0\"",
                "../oss-server\", version = \"1.0.0\"",
            );
        assert_eq!(manifest.text(), expected);
    }

    #[test]
    fn workspace_dependencies_and_members() {
        let root = r#"[workspace]
members = [
    "crates/a", # first
    "crates/b",
]

[workspace.package]
version = "9.9.9"

[workspace.dependencies]
a = { path = "crates/a", version = "0.1.0" }
serde = { version = "1", features = ["derive"] }
"#;
        let mut manifest = Manifest::parse(root);
        assert_eq!(manifest.workspace_members(), ["crates/a", "crates/b"]);
        assert_eq!(
            manifest.dependencies()[0],
            dep(DepKind::Workspace, "a", Some("0.1.0"))
        );
        assert_eq!(manifest.set_requirement("a", "0.2.0"), 1);
        assert_eq!(
            manifest.text(),
            root.replace("version = \"0.1.0\"", "version = \"0.2.0\"")
        );
    }

    #[test]
    fn inherited_version_is_an_error() {
        let manifest = Manifest::parse("[package]\nname = \"x\"\nversion.workspace = true\n");
        assert!(manifest
            .package_version()
            .unwrap_err()
            .contains("inherited"));
    }
}
