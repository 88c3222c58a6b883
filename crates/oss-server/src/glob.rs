//! Glob patterns as fault specs and bucket policies write them (`*` any run, `?` one
//! character; case-sensitive, unlike the referer lists, which oss-model matches).

/// Whether `text` matches `pattern`: `*` matches any run of characters, `?` one character.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_shells() {
        assert!(glob("*", ""));
        assert!(glob("big/*", "big/a/b"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "abbc"));
        assert!(glob("*.txt", "x.y.txt"));
        assert!(!glob("*.txt", "x.txt.gz"));
    }

    #[test]
    fn globs_match_like_policies() {
        assert!(glob("acs:oss:*:*:b/*", "acs:oss:cn:1:b/a/c.txt"));
        assert!(glob("oss:Get*", "oss:GetObject"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(!glob("acs:oss:*:*:b/p/*", "acs:oss:cn:1:b/q/x"));
    }
}
