//! The module path patterns of GOPRIVATE, GONOPROXY and GONOSUMDB, matched
//! as the go command matches them (`module.MatchPrefixPatterns`): a pattern
//! of N path elements matches a module whose first N elements match it, each
//! element by `path.Match`'s glob rules (`*`, `?`, `[...]`, `\` escapes).
//!
//! Pure text: nothing here reads the environment or decides what is private.

/// Whether `path` matches one of `patterns` (each one pattern; a trailing
/// `/` is ignored, an empty one matches nothing).
pub fn matches_any<'a>(patterns: impl IntoIterator<Item = &'a str>, path: &str) -> bool {
    patterns.into_iter().any(|pattern| matches(pattern, path))
}

/// Whether `path` (a module path) matches `pattern`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_end_matches('/');
    if pattern.is_empty() {
        return false;
    }
    let elements = pattern.matches('/').count() + 1;
    let path_elements: Vec<&str> = path.splitn(elements + 1, '/').collect();
    if path_elements.len() < elements {
        return false;
    }
    let prefix = path_elements[..elements].join("/");
    glob(pattern.as_bytes(), prefix.as_bytes()).unwrap_or(false)
}

/// Whether `pattern` is one Go can match (`path.Match` reports no
/// `ErrBadPattern` for it): every `\\` followed by a character, every `[`
/// opening a class that closes.
pub fn is_valid(pattern: &str) -> bool {
    let mut rest = pattern.as_bytes();
    while let Some((&first, after)) = rest.split_first() {
        rest = match first {
            b'\\' => match after.split_first() {
                Some((_, after)) => after,
                None => return false,
            },
            b'[' => match class(after, None) {
                Some((_, after)) => after,
                None => return false,
            },
            _ => after,
        };
    }
    true
}

/// `path.Match`: `None` for a malformed pattern met while matching.
fn glob(pattern: &[u8], name: &[u8]) -> Option<bool> {
    match pattern.split_first() {
        None => Some(name.is_empty()),
        Some((b'*', rest)) => {
            // `*` takes any run of characters but `/`, shortest first.
            let mut taken = 0;
            loop {
                if glob(rest, &name[taken..])? {
                    return Some(true);
                }
                if taken == name.len() || name[taken] == b'/' {
                    return Some(false);
                }
                taken += 1;
            }
        }
        Some(_) => {
            let (matched, rest) = one(pattern, name.first().copied())?;
            Some(matched && glob(rest, &name[1..]).unwrap_or(false))
        }
    }
}

/// Matches the pattern's first element (a character, `?`, `\c` or a class)
/// against `character`; returns whether it matched and the pattern after it.
fn one(pattern: &[u8], character: Option<u8>) -> Option<(bool, &[u8])> {
    match pattern[0] {
        b'?' => Some((character.is_some_and(|c| c != b'/'), &pattern[1..])),
        b'\\' => {
            let escaped = *pattern.get(1)?;
            Some((character == Some(escaped), &pattern[2..]))
        }
        b'[' => class(&pattern[1..], character),
        literal => Some((character == Some(literal), &pattern[1..])),
    }
}

/// A `[...]` class, after its `[`: `^` negates; ranges `a-z`; `\` escapes.
fn class(mut pattern: &[u8], character: Option<u8>) -> Option<(bool, &[u8])> {
    let negated = pattern.first() == Some(&b'^');
    if negated {
        pattern = &pattern[1..];
    }
    let mut matched = false;
    let mut first = true;
    loop {
        match pattern.first() {
            None => return None,
            Some(b']') if !first => {
                let hit = character.is_some_and(|c| c != b'/' && matched != negated);
                return Some((hit, &pattern[1..]));
            }
            _ => {}
        }
        first = false;
        let (low, rest) = class_character(pattern)?;
        let (high, rest) = match rest.split_first() {
            Some((b'-', after)) => class_character(after)?,
            _ => (low, rest),
        };
        if character.is_some_and(|c| low <= c && c <= high) {
            matched = true;
        }
        pattern = rest;
    }
}

fn class_character(pattern: &[u8]) -> Option<(u8, &[u8])> {
    match pattern {
        [] | [b'-' | b']', ..] => None,
        [b'\\', escaped, rest @ ..] => Some((*escaped, rest)),
        [b'\\'] => None,
        [character, rest @ ..] => Some((*character, rest)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matches_the_same_number_of_leading_elements() {
        assert!(matches("github.com/acme", "github.com/acme/api"));
        assert!(matches("github.com/acme/", "github.com/acme/api/v2"));
        assert!(matches("github.com/acme/*", "github.com/acme/api/v2"));
        assert!(matches("*.corp.example.com", "git.corp.example.com/team/x"));
        assert!(matches("github.com/acme", "github.com/acme"));
        assert!(!matches("github.com/acme", "github.com/acmesoft/x"));
        assert!(!matches("github.com/acme/api", "github.com/acme"));
        assert!(!matches("*.corp.example.com", "corp.example.com/x"));
        assert!(!matches("", "github.com/acme"));
        assert!(!matches("/", "github.com/acme"));
    }

    #[test]
    fn elements_match_by_go_glob_rules() {
        assert!(matches("github.com/a?me", "github.com/acme/x"));
        assert!(matches("github.com/[a-c]cme", "github.com/bcme"));
        assert!(!matches("github.com/[^a-c]cme", "github.com/bcme"));
        assert!(matches("github.com/[^a-c]cme", "github.com/xcme"));
        assert!(matches("github.com/a\\*me", "github.com/a*me"));
        assert!(!matches("github.com/a\\*me", "github.com/acme"));
        assert!(matches("*/quote", "rsc.io/quote"));
        assert!(matches("*/*mple*", "rsc.io/sampler"));
    }

    #[test]
    fn several_patterns_match_when_one_does() {
        let patterns = ["example.test", "github.com/acme/*"];
        assert!(matches_any(patterns, "example.test/private"));
        assert!(matches_any(patterns, "github.com/acme/x"));
        assert!(!matches_any(patterns, "github.com/other/x"));
    }

    #[test]
    fn malformed_patterns_are_invalid() {
        for good in [
            "github.com/acme/*",
            "a[bc]d",
            "a\\*",
            "[a-z]*.example",
            "x/[^/]",
        ] {
            assert!(is_valid(good), "{good}");
        }
        for bad in ["a[bc", "a[", "a\\", "[]", "[a-]", "[-a]"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
