//! A small INI reader and editor for configuration files: `[section]` headers, `key = value`
//! lines, `#`/`;` comments. Editing keeps every other line as it was.
//!
//! Keys compare case- and separator-insensitively (`accessKeyID`, `access-key-id` and
//! `access_key_id` are one key), as ossutil 2.0 does; section names compare
//! case-insensitively with runs of spaces folded.

/// A parsed file: its lines, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ini {
    lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Section(String),
    Entry { key: String, value: String },
    Other(String),
}

/// A key as compared: lower case, without `-`, `_` or spaces.
pub fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn normalize_section(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

impl Ini {
    /// Parses `text` (never fails: lines it does not understand are kept as they are).
    pub fn parse(text: &str) -> Ini {
        let lines = text
            .lines()
            .map(|raw| {
                let trimmed = raw.trim();
                if let Some(name) = trimmed
                    .strip_prefix('[')
                    .and_then(|rest| rest.strip_suffix(']'))
                {
                    Line::Section(name.trim().to_owned())
                } else if trimmed.starts_with('#') || trimmed.starts_with(';') {
                    Line::Other(raw.to_owned())
                } else if let Some((key, value)) = trimmed.split_once('=') {
                    Line::Entry {
                        key: key.trim().to_owned(),
                        value: value.trim().to_owned(),
                    }
                } else {
                    Line::Other(raw.to_owned())
                }
            })
            .collect();
        Ini { lines }
    }

    /// The section names, in order.
    pub fn sections(&self) -> Vec<&str> {
        self.lines
            .iter()
            .filter_map(|line| match line {
                Line::Section(name) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Whether the section exists.
    pub fn has_section(&self, section: &str) -> bool {
        self.section_range(section).is_some()
    }

    /// The entries of a section, as written.
    pub fn entries(&self, section: &str) -> Vec<(&str, &str)> {
        let Some((start, end)) = self.section_range(section) else {
            return Vec::new();
        };
        self.lines[start..end]
            .iter()
            .filter_map(|line| match line {
                Line::Entry { key, value } => Some((key.as_str(), value.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The value of `key` in `section` (the last one if repeated).
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        let wanted = normalize_key(key);
        self.entries(section)
            .into_iter()
            .rev()
            .find(|(k, _)| normalize_key(k) == wanted)
            .map(|(_, v)| v)
    }

    /// Sets `key` in `section`: replaces the key's line if there is one, else adds it at the
    /// end of the section, which is created at the end of the file if needed.
    pub fn set(&mut self, section: &str, key: &str, value: &str) {
        let wanted = normalize_key(key);
        let entry = Line::Entry {
            key: key.to_owned(),
            value: value.to_owned(),
        };
        let Some((start, end)) = self.section_range(section) else {
            if !self.lines.is_empty() {
                self.lines.push(Line::Other(String::new()));
            }
            self.lines.push(Line::Section(section.to_owned()));
            self.lines.push(entry);
            return;
        };
        for line in &mut self.lines[start..end] {
            if let Line::Entry { key: k, .. } = line {
                if normalize_key(k) == wanted {
                    *line = entry;
                    return;
                }
            }
        }
        // After the section's last entry, before any trailing blank lines.
        let mut at = end;
        while at > start && matches!(&self.lines[at - 1], Line::Other(l) if l.trim().is_empty()) {
            at -= 1;
        }
        self.lines.insert(at, entry);
    }

    /// Removes every line of `key` in `section`; says whether there was one.
    pub fn remove(&mut self, section: &str, key: &str) -> bool {
        let wanted = normalize_key(key);
        let Some((start, end)) = self.section_range(section) else {
            return false;
        };
        let before = self.lines.len();
        let mut index = 0;
        self.lines.retain(|line| {
            let keep = !(index >= start
                && index < end
                && matches!(line, Line::Entry { key, .. } if normalize_key(key) == wanted));
            index += 1;
            keep
        });
        self.lines.len() != before
    }

    /// The lines after `[section]` up to the next section: `(first, end)` indexes.
    fn section_range(&self, section: &str) -> Option<(usize, usize)> {
        let wanted = normalize_section(section);
        let header = self.lines.iter().position(
            |line| matches!(line, Line::Section(name) if normalize_section(name) == wanted),
        )?;
        let end = self.lines[header + 1..]
            .iter()
            .position(|line| matches!(line, Line::Section(_)))
            .map_or(self.lines.len(), |offset| header + 1 + offset);
        Some((header + 1, end))
    }
}

impl std::fmt::Display for Ini {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.lines {
            match line {
                Line::Section(name) => writeln!(f, "[{name}]")?,
                Line::Entry { key, value } => writeln!(f, "{key} = {value}")?,
                Line::Other(raw) => writeln!(f, "{raw}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OSSUTIL: &str = "[Credentials]\nlanguage=EN\nendpoint=oss-cn-hangzhou.example.com\naccessKeyID=AK\naccessKeySecret=SK\n\n[Bucket-Endpoint]\n";

    #[test]
    fn reads_ossutil_files_insensitively() {
        let ini = Ini::parse(OSSUTIL);
        assert_eq!(ini.get("credentials", "access-key-id"), Some("AK"));
        assert_eq!(ini.get("Credentials", "ACCESS_KEY_SECRET"), Some("SK"));
        assert_eq!(ini.sections(), ["Credentials", "Bucket-Endpoint"]);
        let v2 = Ini::parse("[profile  dev]\nAccess-Key-Id = X\n# comment\n");
        assert_eq!(v2.get("profile dev", "accesskeyid"), Some("X"));
    }

    #[test]
    fn edits_keep_other_lines() {
        let mut ini = Ini::parse(OSSUTIL);
        ini.set("Credentials", "access-key-id", "NEW");
        ini.set("Credentials", "region", "cn-beijing");
        ini.set("profile x", "region", "us-west-1");
        assert!(ini.remove("Credentials", "language"));
        let text = ini.to_string();
        assert!(text.contains("access-key-id = NEW"));
        assert!(!text.contains("accessKeyID"));
        assert!(text.contains("region = cn-beijing\n\n[Bucket-Endpoint]"));
        assert!(text.ends_with("[profile x]\nregion = us-west-1\n"));
        assert_eq!(
            Ini::parse(&text).get("profile x", "region"),
            Some("us-west-1")
        );
    }
}
