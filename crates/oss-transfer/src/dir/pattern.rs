//! Include and exclude patterns of directory transfers.
//!
//! Patterns are matched against a file's path relative to the transfer's root (or its key
//! relative to the prefix), with `/` between components:
//!
//! - `*` matches any run of characters within a component, `?` one character, and `**` any
//!   run across components (`logs/**/*.gz`, `**/cache/**`);
//! - a pattern without `/` is matched against the file name alone, wherever the file is
//!   (`*.tmp` excludes every `.tmp` file), as in `.gitignore`.
//!
//! A file is transferred when it matches an include pattern (or there are none) and no
//! exclude pattern.
//!
//! ```
//! use oss_transfer::dir::Filter;
//!
//! let filter = Filter::new().include("**/*.jpg").include("*.png").exclude("thumbs/**");
//! assert!(filter.accepts("2024/06/cat.jpg"));
//! assert!(filter.accepts("icons/a.png"));
//! assert!(!filter.accepts("thumbs/cat.jpg"));
//! assert!(!filter.accepts("notes.txt"));
//! ```

/// Include and exclude patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    include: Vec<String>,
    exclude: Vec<String>,
}

impl Filter {
    /// Accepts everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an include pattern.
    pub fn include(mut self, pattern: impl Into<String>) -> Self {
        self.include.push(pattern.into());
        self
    }

    /// Adds an exclude pattern.
    pub fn exclude(mut self, pattern: impl Into<String>) -> Self {
        self.exclude.push(pattern.into());
        self
    }

    /// Whether `path` (relative, `/`-separated) is transferred.
    pub fn accepts(&self, path: &str) -> bool {
        let included = self.include.is_empty() || self.include.iter().any(|p| matches(p, path));
        included && !self.exclude.iter().any(|p| matches(p, path))
    }
}

/// Whether `pattern` matches `path` (see the module documentation).
pub fn matches(pattern: &str, path: &str) -> bool {
    let target = if pattern.contains('/') {
        path
    } else {
        path.rsplit('/').next().unwrap_or(path)
    };
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = target.chars().collect();
    glob(&p, &t)
}

fn glob(p: &[char], t: &[char]) -> bool {
    match p {
        [] => t.is_empty(),
        ['*', '*', rest @ ..] => {
            // `**/` may also match no component at all.
            let (rest, at_component) = match rest {
                ['/', after @ ..] => (after, true),
                _ => (rest, false),
            };
            (0..=t.len())
                .filter(|&i| !at_component || i == 0 || t[i - 1] == '/')
                .any(|i| glob(rest, &t[i..]))
        }
        ['*', rest @ ..] => {
            let within = t.iter().position(|&c| c == '/').unwrap_or(t.len());
            (0..=within).any(|i| glob(rest, &t[i..]))
        }
        ['?', rest @ ..] => t.first().is_some_and(|&c| c != '/') && glob(rest, &t[1..]),
        [c, rest @ ..] => t.first() == Some(c) && glob(rest, &t[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(matches("*.txt", "a/b/c.txt"));
        assert!(!matches("*.txt", "a/b/c.txt.gz"));
        assert!(matches("a/*.txt", "a/c.txt"));
        assert!(!matches("a/*.txt", "a/b/c.txt"));
        assert!(matches("a/**/c.txt", "a/c.txt"));
        assert!(matches("a/**/c.txt", "a/b/x/c.txt"));
        assert!(matches("**", "anything/at/all"));
        assert!(matches("**/cache/**", "x/cache/y/z"));
        assert!(matches("?.bin", "dir/a.bin"));
        assert!(!matches("a?b", "a/b"));
        assert!(Filter::new().accepts("x"));
        assert!(!Filter::new().exclude("*").accepts("x"));
    }
}
