//! Moving a crate's `## Unreleased` changelog entries under a release heading.
//!
//! Each crate keeps a Keep-a-Changelog style `CHANGELOG.md`; the top section
//! `## Unreleased` collects entries until `cargo xtask release` dates them.

/// Where the `## Unreleased` section sits, as line indices.
struct Unreleased {
    heading: usize,
    /// The first line after the section (the next `## ` heading or the end).
    end: usize,
}

fn find_unreleased(lines: &[&str]) -> Result<Unreleased, String> {
    let is_unreleased = |line: &&str| {
        let title = line.trim().strip_prefix("## ").unwrap_or_default().trim();
        title.eq_ignore_ascii_case("unreleased") || title.eq_ignore_ascii_case("[unreleased]")
    };
    let heading = lines
        .iter()
        .position(is_unreleased)
        .ok_or("no `## Unreleased` section")?;
    let end = lines[heading + 1..]
        .iter()
        .position(|line| line.starts_with("## "))
        .map_or(lines.len(), |offset| heading + 1 + offset);
    Ok(Unreleased { heading, end })
}

/// The non-blank lines of the `## Unreleased` section.
pub fn unreleased_entries(text: &str) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let section = find_unreleased(&lines)?;
    Ok(lines[section.heading + 1..section.end]
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.to_string())
        .collect())
}

/// Appends `extra_entries` to the Unreleased section, then moves its contents under
/// `## <version> - <date>`, leaving an empty `## Unreleased` on top.
pub fn release(
    text: &str,
    version: &str,
    date: &str,
    extra_entries: &[String],
) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let section = find_unreleased(&lines)?;
    let mut body: Vec<&str> = lines[section.heading + 1..section.end].to_vec();
    while body.first().is_some_and(|line| line.trim().is_empty()) {
        body.remove(0);
    }
    while body.last().is_some_and(|line| line.trim().is_empty()) {
        body.pop();
    }
    body.extend(extra_entries.iter().map(String::as_str));
    if body.is_empty() {
        return Err("the `## Unreleased` section has no entries".into());
    }

    let heading = format!("## {version} - {date}");
    let mut out: Vec<&str> = lines[..=section.heading].to_vec();
    out.extend(["", &heading, ""]);
    out.extend(body);
    if section.end < lines.len() {
        out.push("");
        out.extend(&lines[section.end..]);
    }
    Ok(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "# Changelog\n\nIntro.\n\n## Unreleased\n\n- Added a thing.\n\n## 0.1.0 - 2024-01-01\n\n- First.\n";

    #[test]
    fn lists_entries() {
        assert_eq!(unreleased_entries(LOG).unwrap(), ["- Added a thing."]);
        let empty = "# Changelog\n\n## Unreleased\n\n\n## 0.1.0 - 2024-01-01\n- First.\n";
        assert!(unreleased_entries(empty).unwrap().is_empty());
        assert!(unreleased_entries("# Changelog\n").is_err());
    }

    #[test]
    fn moves_entries_under_a_dated_heading() {
        let released = release(
            LOG,
            "0.2.0",
            "2025-03-04",
            &["- Depends on a 1.0.0.".into()],
        );
        assert_eq!(
            released.unwrap(),
            "# Changelog\n\nIntro.\n\n## Unreleased\n\n## 0.2.0 - 2025-03-04\n\n\
             - Added a thing.\n- Depends on a 1.0.0.\n\n## 0.1.0 - 2024-01-01\n\n- First.\n"
        );
    }

    #[test]
    fn first_release_at_end_of_file() {
        let log = "# Changelog\n\n## Unreleased\n\n- Created.\n";
        assert_eq!(
            release(log, "0.1.0", "2025-01-02", &[]).unwrap(),
            "# Changelog\n\n## Unreleased\n\n## 0.1.0 - 2025-01-02\n\n- Created.\n"
        );
        assert!(release("## Unreleased\n\n", "0.1.0", "2025-01-02", &[]).is_err());
    }
}
