//! `--include` / `--exclude`: which files or objects of a tree a command works on.
//!
//! Patterns are globs: `*` (any characters but `/`), `**` (any characters), `?` (one
//! character but `/`), `[abc]`, `[a-z]`, `[!abc]`. They match the path relative to the
//! source (`photos/2024/a.jpg`). A pattern with a `/` must match the whole relative path; one
//! without matches any single component, a directory's or the file's, so `--exclude .git`
//! leaves out `.git/` and everything in it, and `--include '*.jpg'` takes JPEGs at any depth.
//!
//! An item is taken when it matches some `--include` (or none is given) and no `--exclude`.

use crate::error::{CliError, Result};

/// The include and exclude patterns of a command.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Vec<String>,
    exclude: Vec<String>,
}

impl Filter {
    /// Checks and keeps the patterns.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter> {
        for pattern in include.iter().chain(exclude) {
            check(pattern)?;
        }
        Ok(Filter {
            include: include.to_vec(),
            exclude: exclude.to_vec(),
        })
    }

    /// Whether the item at `relative` is taken.
    pub fn accepts(&self, relative: &str) -> bool {
        let relative = relative.trim_start_matches('/');
        (self.include.is_empty() || self.include.iter().any(|p| matches(p, relative)))
            && !self.exclude.iter().any(|p| matches(p, relative))
    }
}

fn check(pattern: &str) -> Result<()> {
    if pattern.is_empty() {
        return Err(CliError::usage("an empty --include/--exclude pattern"));
    }
    let mut open = false;
    for c in pattern.chars() {
        match c {
            '[' if !open => open = true,
            ']' if open => open = false,
            _ => {}
        }
    }
    if open {
        return Err(CliError::usage(format!("pattern {pattern:?}: unclosed [")));
    }
    Ok(())
}

fn matches(pattern: &str, relative: &str) -> bool {
    let pattern = pattern.trim_start_matches("./");
    if pattern.contains('/') {
        glob(
            pattern.trim_start_matches('/').as_bytes(),
            relative.as_bytes(),
        )
    } else {
        relative
            .split('/')
            .any(|component| glob(pattern.as_bytes(), component.as_bytes()))
    }
}

/// Glob matching with backtracking over `*` and `**`.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.first() {
        None => text.is_empty(),
        Some(b'*') => {
            let double = pattern.get(1) == Some(&b'*');
            let rest = if double { &pattern[2..] } else { &pattern[1..] };
            // `**/` may also match nothing at all.
            if double && rest.first() == Some(&b'/') && glob(&rest[1..], text) {
                return true;
            }
            for skip in 0..=text.len() {
                if glob(rest, &text[skip..]) {
                    return true;
                }
                if skip < text.len() && text[skip] == b'/' && !double {
                    return false;
                }
            }
            false
        }
        Some(b'?') => match text.first() {
            Some(&c) if c != b'/' => glob(&pattern[1..], &text[1..]),
            _ => false,
        },
        Some(b'[') => {
            let Some(&c) = text.first() else {
                return false;
            };
            let Some(end) = pattern.iter().skip(1).position(|&b| b == b']') else {
                return false;
            };
            let class = &pattern[1..1 + end];
            let (negated, class) = match class.first() {
                Some(b'!') | Some(b'^') => (true, &class[1..]),
                _ => (false, class),
            };
            let mut found = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == b'-' {
                    found |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    found |= class[i] == c;
                    i += 1;
                }
            }
            found != negated && c != b'/' && glob(&pattern[end + 2..], &text[1..])
        }
        Some(&p) => text.first() == Some(&p) && glob(&pattern[1..], &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> Filter {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Filter::new(&owned(include), &owned(exclude)).unwrap()
    }

    #[test]
    fn globs() {
        assert!(glob(b"*.txt", b"a.txt"));
        assert!(!glob(b"*.txt", b"d/a.txt"));
        assert!(glob(b"**.txt", b"d/a.txt"));
        assert!(glob(b"d/**/a.txt", b"d/a.txt"));
        assert!(glob(b"d/**/a.txt", b"d/x/y/a.txt"));
        assert!(glob(b"file?.[0-9]", b"file1.7"));
        assert!(!glob(b"file[!1].txt", b"file1.txt"));
    }

    #[test]
    fn include_and_exclude_are_directory_aware() {
        let f = filter(&[], &[".git"]);
        assert!(!f.accepts(".git/config"));
        assert!(f.accepts("src/main.rs"));
        let f = filter(&["*.jpg"], &["tmp/*"]);
        assert!(f.accepts("photos/2024/a.jpg"));
        assert!(!f.accepts("photos/a.png"));
        assert!(!f.accepts("tmp/a.jpg"));
        assert!(Filter::new(&["[abc".into()], &[]).is_err());
    }
}
