//! Go's `path.Match`, which `//go:embed` patterns use for each path
//! element: `*` (any run of characters but `/`), `?` (one character),
//! `[...]` (a class, `^` negates it, `a-z` ranges) and `\` escapes.

/// Whether `name` matches `pattern`; `None` when the pattern is malformed
/// (Go's `ErrBadPattern`).
pub fn path_match(pattern: &str, name: &str) -> Option<bool> {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    matches(&pattern, &name)
}

fn matches(pattern: &[char], name: &[char]) -> Option<bool> {
    match pattern.split_first() {
        None => Some(name.is_empty()),
        Some(('*', rest)) => {
            // Every split of `name` at or before the next `/`.
            for at in 0..=name.len() {
                if matches(rest, &name[at..])? {
                    return Some(true);
                }
                if name.get(at) == Some(&'/') {
                    break;
                }
            }
            Some(false)
        }
        Some(('?', rest)) => match name.split_first() {
            Some((c, name_rest)) if *c != '/' => matches(rest, name_rest),
            _ => valid(rest).map(|()| false),
        },
        Some(('[', rest)) => {
            let (class, after) = class(rest)?;
            match name.split_first() {
                Some((c, name_rest)) if *c != '/' && class.contains(*c) => {
                    matches(after, name_rest)
                }
                _ => valid(after).map(|()| false),
            }
        }
        Some(('\\', rest)) => {
            let (escaped, rest) = rest.split_first()?;
            match name.split_first() {
                Some((c, name_rest)) if c == escaped => matches(rest, name_rest),
                _ => valid(rest).map(|()| false),
            }
        }
        Some((literal, rest)) => match name.split_first() {
            Some((c, name_rest)) if c == literal => matches(rest, name_rest),
            _ => valid(rest).map(|()| false),
        },
    }
}

/// Whether the rest of a pattern is well formed (Go reports a bad pattern
/// even when the name already failed to match).
fn valid(pattern: &[char]) -> Option<()> {
    let mut rest = pattern;
    while let Some((c, after)) = rest.split_first() {
        rest = match c {
            '[' => class(after)?.1,
            '\\' => after.split_first()?.1,
            _ => after,
        };
    }
    Some(())
}

/// A character class after its `[`: the class, and the pattern after `]`.
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl Class {
    fn contains(&self, c: char) -> bool {
        self.ranges
            .iter()
            .any(|(low, high)| *low <= c && c <= *high)
            != self.negated
    }
}

fn class(pattern: &[char]) -> Option<(Class, &[char])> {
    let (negated, mut rest) = match pattern.split_first() {
        Some(('^', rest)) => (true, rest),
        _ => (false, pattern),
    };
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        match rest.split_first() {
            None => return None,
            Some((']', after)) if !first => {
                return Some((Class { negated, ranges }, after));
            }
            _ => {}
        }
        first = false;
        let (low, after) = class_char(rest)?;
        rest = after;
        let high = match rest.split_first() {
            Some(('-', after)) => {
                let (high, after) = class_char(after)?;
                rest = after;
                high
            }
            _ => low,
        };
        if high < low {
            return None;
        }
        ranges.push((low, high));
    }
}

fn class_char(pattern: &[char]) -> Option<(char, &[char])> {
    match pattern.split_first()? {
        ('\\', rest) => rest.split_first().map(|(c, rest)| (*c, rest)),
        ('-' | ']', _) => None,
        (c, rest) => Some((*c, rest)),
    }
}

#[cfg(test)]
mod tests {
    use super::path_match;

    /// Cases from Go's path/match_test.go.
    #[test]
    fn like_go_path_match() {
        for (pattern, name, want) in [
            ("abc", "abc", Some(true)),
            ("*", "abc", Some(true)),
            ("*c", "abc", Some(true)),
            ("a*", "a", Some(true)),
            ("a*", "abc", Some(true)),
            ("a*", "ab/c", Some(false)),
            ("a*/b", "abc/b", Some(true)),
            ("a*/b", "a/c/b", Some(false)),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", Some(true)),
            ("a*b?c*x", "abxbbxdbxebxczzx", Some(true)),
            ("a*b?c*x", "abxbbxdbxebxczzy", Some(false)),
            ("ab[c]", "abc", Some(true)),
            ("ab[b-d]", "abc", Some(true)),
            ("ab[e-g]", "abc", Some(false)),
            ("ab[^c]", "abc", Some(false)),
            ("ab[^b-d]", "abc", Some(false)),
            ("ab[^e-g]", "abc", Some(true)),
            ("a\\*b", "a*b", Some(true)),
            ("a\\*b", "ab", Some(false)),
            ("a?b", "a☺b", Some(true)),
            ("a[^a]b", "a☺b", Some(true)),
            ("a???b", "a☺b", Some(false)),
            ("[a-ζ]*", "α", Some(true)),
            ("*[a-ζ]", "A", Some(false)),
            ("a?b", "a/b", Some(false)),
            ("a*b", "a/b", Some(false)),
            ("[\\]a]", "]", Some(true)),
            ("[\\-]", "-", Some(true)),
            ("[x\\-]", "x", Some(true)),
            ("[x\\-]", "-", Some(true)),
            ("[x\\-]", "z", Some(false)),
            ("[\\-x]", "x", Some(true)),
            ("[]a]", "]", None),
            ("[-]", "-", None),
            ("[x-]", "x", None),
            ("[-x]", "x", None),
            ("\\", "a", None),
            ("[a-b-c]", "a", None),
            ("[", "a", None),
            ("[^", "a", None),
            ("[^bc", "a", None),
            ("a[", "a", None),
            ("a[", "ab", None),
            ("a[", "x", None),
            ("a/b[", "x", None),
            ("*x", "xxx", Some(true)),
        ] {
            assert_eq!(path_match(pattern, name), want, "{pattern} {name}");
        }
    }
}
