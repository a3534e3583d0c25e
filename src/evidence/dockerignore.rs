//! A .dockerignore read and matched with Docker's own semantics (moby's
//! `ignorefile.ReadAll` and `patternmatcher`), so that godock can say which
//! line hides a path the build needs.
//!
//! Reading: a byte-order mark is dropped; a line starting with `#` (in its
//! first column) is a comment; each pattern is trimmed, a leading `!` makes
//! it an exception, and the rest is cleaned like Go's `filepath.Clean` with a
//! leading `/` dropped (`/a/../b/` is `b`). Matching: patterns apply in order
//! and the last one that matches a path, or any of its parent directories,
//! decides; `*` and `?` never cross `/`, `**` crosses any number of
//! directories, `[…]` is a class and `\` escapes. A directory excluded with a
//! child re-included by a later `!` line sends that child.
//!
//! Patterns are compiled to the same regular expressions moby builds, for
//! the `regex` crate (linear time, so a hostile file cannot stall a match).
//! What a current engine sends is [`DockerIgnore::excludes`]; Docker 20.10
//! walked the context differently for wildcard exceptions, which
//! [`DockerIgnore::legacy_walk_excludes`] models. The cases in the tests
//! were checked once against the engine on this machine.
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Serialize;

use super::{without_bom, Location, Warning};

#[derive(Debug, Clone, Serialize)]
pub struct DockerIgnore {
    pub file: PathBuf,
    pub rules: Vec<Rule>,
    /// Patterns Docker rejects (the build then fails), with their lines.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub location: Location,
    /// The line as written, trimmed.
    pub text: String,
    /// The cleaned pattern, without its `!`.
    pub pattern: String,
    /// A `!` line: re-includes what it matches.
    pub exception: bool,
    #[serde(skip)]
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    Exact(String),
    Prefix(String),
    Suffix(String),
    Regex(Regex),
    /// A pattern Docker rejects: it matches nothing here.
    Invalid,
}

/// Why a path is in the build context or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict<'rules> {
    pub excluded: bool,
    /// The last rule that matched the path or a parent directory: the line
    /// that decided. `None` when no rule matched (the path is sent).
    pub rule: Option<&'rules Rule>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.location == other.location && self.text == other.text
    }
}

impl Eq for Rule {}

impl DockerIgnore {
    /// Reads the text of the .dockerignore at `file` (used in locations only).
    pub fn parse(text: &str, file: &Path) -> DockerIgnore {
        let mut rules = Vec::new();
        let mut warnings = Vec::new();
        for (index, line) in without_bom(text).split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if line.starts_with('#') {
                continue;
            }
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            let (exception, rest) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, trimmed),
            };
            if rest.is_empty() {
                warnings.push(Warning::at(
                    file,
                    number,
                    "illegal exclusion pattern: \"!\" (Docker rejects the file)",
                ));
                continue;
            }
            let mut pattern = clean(rest);
            if pattern.len() > 1 && pattern.starts_with('/') {
                pattern.remove(0);
            }
            let matcher = match compile(&pattern) {
                Ok(matcher) => matcher,
                Err(message) => {
                    warnings.push(Warning::at(
                        file,
                        number,
                        format!("pattern `{rest}`: {message} (Docker rejects the file)"),
                    ));
                    Matcher::Invalid
                }
            };
            rules.push(Rule {
                location: Location::new(file, number),
                text: trimmed.to_string(),
                pattern,
                exception,
                matcher,
            });
        }
        DockerIgnore {
            file: file.to_path_buf(),
            rules,
            warnings,
        }
    }

    /// Whether `path` (relative to the build context, `/`-separated) is kept
    /// out of the context, and the line that decided.
    pub fn verdict(&self, path: &str) -> Verdict<'_> {
        let path = clean(path);
        let path = path.trim_start_matches('/');
        let mut verdict = Verdict {
            excluded: false,
            rule: None,
        };
        if path == "." || path.is_empty() {
            return verdict;
        }
        let parents: Vec<&str> = path
            .match_indices('/')
            .map(|(index, _)| &path[..index])
            .collect();
        for rule in &self.rules {
            // Like moby: an exclusion is only tried while the path is sent,
            // an exception only while it is excluded.
            if rule.exception != verdict.excluded {
                continue;
            }
            let matched = rule.matches(path) || parents.iter().any(|parent| rule.matches(parent));
            if matched {
                verdict = Verdict {
                    excluded: !rule.exception,
                    rule: Some(rule),
                };
            }
        }
        verdict
    }

    pub fn excludes(&self, path: &str) -> bool {
        self.verdict(path).excluded
    }

    /// Whether Docker 20.10's BuildKit leaves `path` out: besides the
    /// patterns, its walk never opens an excluded directory unless an
    /// exception's text starts with that directory (`!internal/**/*.go`
    /// opens `internal/` but not `internal/db/`). Current engines open every
    /// excluded directory once an exception holds a wildcard, so for them
    /// [`DockerIgnore::excludes`] is the answer.
    pub fn legacy_walk_excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let path = path.trim_start_matches('/');
        let exceptions: Vec<String> = self
            .rules
            .iter()
            .filter(|rule| rule.exception)
            .map(|rule| format!("{}/", rule.pattern))
            .collect();
        for (index, _) in path.match_indices('/') {
            let directory = &path[..index];
            if !self.excludes(directory) {
                continue;
            }
            let with_slash = format!("{directory}/");
            if !exceptions
                .iter()
                .any(|exception| exception.starts_with(&with_slash))
            {
                return true;
            }
        }
        self.excludes(path)
    }
}

impl Rule {
    fn matches(&self, path: &str) -> bool {
        match &self.matcher {
            Matcher::Exact(pattern) => path == pattern,
            Matcher::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Matcher::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|bare| path == bare)
            }
            Matcher::Regex(regex) => regex.is_match(path),
            Matcher::Invalid => false,
        }
    }
}

/// Go's `path.Clean`: one `/` between elements, no `.` elements, `..`
/// resolved lexically, no trailing `/`; `.` for an empty path.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut elements: Vec<&str> = Vec::new();
    for element in path.split('/') {
        match element {
            "" | "." => {}
            ".." => match elements.last() {
                Some(&last) if last != ".." => {
                    elements.pop();
                }
                _ if rooted => {}
                _ => elements.push(".."),
            },
            other => elements.push(other),
        }
    }
    let joined = elements.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// moby's `Pattern.compile`, after the pattern syntax check that
/// `filepath.Match` does first.
fn compile(pattern: &str) -> Result<Matcher, String> {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    check_syntax(pattern)?;
    let characters: Vec<char> = pattern.chars().collect();
    let mut expression = String::from("^");
    let mut detected = Detected::Exact;
    // Only to write moby's expression for the `regex` crate: Go's regexp
    // reads `[` inside a class as a literal, the `regex` crate as a nested
    // class.
    let mut in_class = false;
    let mut index = 0;
    while index < characters.len() {
        let first = index == 0;
        let character = characters[index];
        index += 1;
        match character {
            '*' if characters.get(index) == Some(&'*') => {
                index += 1;
                if characters.get(index) == Some(&'/') {
                    index += 1;
                }
                if index >= characters.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        expression.push_str(".*");
                        detected = Detected::Regex;
                    }
                } else {
                    expression.push_str("(.*/)?");
                    detected = Detected::Regex;
                }
                if first {
                    detected = Detected::Suffix;
                }
                in_class = false;
            }
            '*' | '?' => {
                let any = if character == '*' { "[^/]*" } else { "[^/]" };
                if in_class {
                    // Inside a class Go reads moby's `[^/]` as the literals
                    // `[`, `^`, `/`, and its `]` closes the class.
                    expression.push_str(&any.replace("[^/]", r"\[\^/]"));
                    in_class = false;
                } else {
                    expression.push_str(any);
                }
                detected = Detected::Regex;
            }
            '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$' => {
                expression.push('\\');
                expression.push(character);
            }
            '\\' => match characters.get(index) {
                Some(&escaped) => {
                    index += 1;
                    expression.push('\\');
                    expression.push(escaped);
                    detected = Detected::Regex;
                }
                None => expression.push_str(r"\\"),
            },
            '[' if in_class => expression.push_str(r"\["),
            '[' => {
                expression.push('[');
                in_class = true;
                detected = Detected::Regex;
            }
            ']' if in_class => {
                expression.push(']');
                in_class = false;
                detected = Detected::Regex;
            }
            ']' => {
                expression.push_str(r"\]");
                detected = Detected::Regex;
            }
            '&' | '~' if in_class => {
                expression.push('\\');
                expression.push(character);
            }
            other => expression.push(other),
        }
    }
    match detected {
        Detected::Exact => Ok(Matcher::Exact(pattern.to_string())),
        Detected::Prefix => Ok(Matcher::Prefix(pattern[..pattern.len() - 2].to_string())),
        Detected::Suffix => Ok(Matcher::Suffix(pattern[2..].to_string())),
        Detected::Regex => {
            expression.push('$');
            Regex::new(&expression)
                .map(Matcher::Regex)
                .map_err(|_| "not a valid pattern".to_string())
        }
    }
}

/// `filepath.Match`'s syntax rules: a class must be closed and non-empty,
/// a range needs both ends (neither of them `-`), and `\\` cannot end the
/// pattern.
fn check_syntax(pattern: &str) -> Result<(), String> {
    let mut characters = pattern.chars().peekable();
    // One character of a class, escapes included; `-` and `]` cannot be one.
    let class_character =
        |characters: &mut std::iter::Peekable<std::str::Chars<'_>>| match characters.next() {
            None => Err("unterminated character class".to_string()),
            Some('-') => Err("`-` without a range start in a character class".to_string()),
            Some(']') => Err("empty range in a character class".to_string()),
            Some('\\') => characters
                .next()
                .map(|_| ())
                .ok_or_else(|| "unterminated character class".to_string()),
            Some(_) => Ok(()),
        };
    while let Some(character) = characters.next() {
        match character {
            '\\' if characters.next().is_none() => {
                return Err("a trailing backslash escapes nothing".to_string());
            }
            '[' => {
                if characters.peek() == Some(&'^') {
                    characters.next();
                }
                let mut count = 0;
                loop {
                    if characters.peek() == Some(&']') && count > 0 {
                        characters.next();
                        break;
                    }
                    class_character(&mut characters)?;
                    if characters.peek() == Some(&'-') {
                        characters.next();
                        class_character(&mut characters)?;
                    }
                    count += 1;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
