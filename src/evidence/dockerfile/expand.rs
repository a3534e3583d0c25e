//! Word processing as BuildKit does it for `FROM`, `ARG`, `ENV`, `LABEL`,
//! `COPY`, `ADD`, `EXPOSE`, `USER`, `WORKDIR`, `VOLUME` and `STOPSIGNAL`:
//! quotes removed, the escape character honoured, and `$NAME`, `${NAME}`,
//! `${NAME:-default}`, `${NAME-default}`, `${NAME:+alternative}`,
//! `${NAME+alternative}` and `${NAME:?message}` expanded from the variables
//! in scope.
//!
//! A variable with no known value (a build argument without a default, an
//! image's own `ENV`) is not guessed: it stays in the text as written and is
//! listed in [`Expanded::unresolved`]. Pattern operators (`${NAME#prefix}`,
//! `${NAME%suffix}`, `${NAME/a/b}`) are kept as written too.
use std::collections::BTreeMap;

use serde::Serialize;

/// A word after expansion, with what could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expanded {
    /// As written.
    pub raw: String,
    /// Quotes removed and known variables expanded.
    pub text: String,
    /// Variables with no known value, left in `text` as written.
    pub unresolved: Vec<String>,
}

/// The variables in scope: `None` for a declared `ARG` without a value.
pub(super) type Scope = BTreeMap<String, Option<String>>;

/// Processes one word (or a whole string, spaces kept).
pub(super) fn word(raw: &str, scope: &Scope, escape: char) -> Expanded {
    let mut expander = Expander {
        characters: raw.chars().collect(),
        position: 0,
        scope,
        escape,
        unresolved: Vec::new(),
    };
    let text = expander.run(None);
    Expanded {
        raw: raw.to_string(),
        text,
        unresolved: expander.unresolved,
    }
}

/// Splits at whitespace (BuildKit splits these lists before processing each
/// word) and processes each word.
pub(super) fn words(raw: &str, scope: &Scope, escape: char) -> Vec<Expanded> {
    raw.split_whitespace()
        .map(|piece| word(piece, scope, escape))
        .collect()
}

struct Expander<'scope> {
    characters: Vec<char>,
    position: usize,
    scope: &'scope Scope,
    escape: char,
    unresolved: Vec<String>,
}

impl Expander<'_> {
    fn peek(&self) -> Option<char> {
        self.characters.get(self.position).copied()
    }

    fn next(&mut self) -> Option<char> {
        let character = self.peek()?;
        self.position += 1;
        Some(character)
    }

    /// Processes until the end, or until `stop` (unquoted) for the word of
    /// a `${NAME:-word}`.
    fn run(&mut self, stop: Option<char>) -> String {
        let mut out = String::new();
        while let Some(character) = self.peek() {
            if Some(character) == stop {
                break;
            }
            self.position += 1;
            match character {
                '\'' => {
                    while let Some(inner) = self.next() {
                        if inner == '\'' {
                            break;
                        }
                        out.push(inner);
                    }
                }
                '"' => self.double_quoted(&mut out),
                '$' => self.variable(&mut out),
                c if c == self.escape => {
                    if let Some(escaped) = self.next() {
                        out.push(escaped);
                    }
                }
                other => out.push(other),
            }
        }
        out
    }

    fn double_quoted(&mut self, out: &mut String) {
        while let Some(character) = self.next() {
            match character {
                '"' => return,
                '$' => self.variable(out),
                c if c == self.escape => match self.peek() {
                    Some(next) if next == '"' || next == '$' || next == self.escape => {
                        self.position += 1;
                        out.push(next);
                    }
                    Some(_) => out.push(c),
                    None => {}
                },
                other => out.push(other),
            }
        }
    }

    fn variable(&mut self, out: &mut String) {
        let start = self.position - 1;
        match self.peek() {
            Some('{') => {
                self.position += 1;
                self.braced(out, start);
            }
            Some(first) if first.is_ascii_alphanumeric() || first == '_' => {
                let name = self.name();
                self.substitute(out, &name, start);
            }
            _ => out.push('$'),
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(character) = self.peek() {
            if !(character.is_ascii_alphanumeric() || character == '_') {
                break;
            }
            name.push(character);
            self.position += 1;
        }
        name
    }

    /// The value of `name`, or the reference as written when unknown.
    fn substitute(&mut self, out: &mut String, name: &str, start: usize) {
        match self.scope.get(name) {
            Some(Some(value)) => out.push_str(value),
            _ => {
                out.extend(&self.characters[start..self.position]);
                self.unresolved.push(name.to_string());
            }
        }
    }

    fn braced(&mut self, out: &mut String, start: usize) {
        let name = self.name();
        let operator: String = match (self.peek(), self.characters.get(self.position + 1)) {
            (Some(':'), Some(&second)) if "-+?".contains(second) => {
                self.position += 2;
                format!(":{second}")
            }
            (Some(first), _) if "-+?".contains(first) => {
                self.position += 1;
                first.to_string()
            }
            (Some('}'), _) => {
                self.position += 1;
                if name.is_empty() {
                    out.push_str("${}");
                    return;
                }
                return self.substitute(out, &name, start);
            }
            _ => {
                // A pattern operator, or junk: keep it as written.
                self.skip_to_brace();
                out.extend(&self.characters[start..self.position]);
                if !name.is_empty() {
                    self.unresolved.push(name);
                }
                return;
            }
        };
        let word = self.run(Some('}'));
        if self.peek() == Some('}') {
            self.position += 1;
        }
        let value = self.scope.get(&name);
        let set = matches!(value, Some(Some(_)));
        let non_empty = matches!(value, Some(Some(text)) if !text.is_empty());
        let known = set || self.scope.contains_key(&name);
        match operator.as_str() {
            ":-" | "-" if known || set => {
                let use_word = if operator == ":-" { !non_empty } else { !set };
                out.push_str(if use_word {
                    &word
                } else {
                    value.and_then(Option::as_deref).unwrap_or("")
                });
            }
            ":+" | "+" if known || set => {
                let use_word = if operator == ":+" { non_empty } else { set };
                if use_word {
                    out.push_str(&word);
                }
            }
            ":?" | "?" if set => out.push_str(value.and_then(Option::as_deref).unwrap_or("")),
            _ => {
                out.extend(&self.characters[start..self.position]);
                self.unresolved.push(name);
            }
        }
    }

    fn skip_to_brace(&mut self) {
        while let Some(character) = self.next() {
            if character == '}' {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(pairs: &[(&str, Option<&str>)]) -> Scope {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.map(str::to_string)))
            .collect()
    }

    #[test]
    fn expands_every_form_buildkit_documents() {
        let scope = scope(&[
            ("GO", Some("1.23")),
            ("EMPTY", Some("")),
            ("DECLARED", None),
        ]);
        let text = |raw: &str| word(raw, &scope, '\\').text;
        assert_eq!(text("golang:${GO}-bookworm"), "golang:1.23-bookworm");
        assert_eq!(text("golang:$GO"), "golang:1.23");
        assert_eq!(text("${EMPTY:-fallback}"), "fallback");
        assert_eq!(text("${EMPTY-fallback}"), "");
        assert_eq!(text("${GO:+set}"), "set");
        assert_eq!(text("${EMPTY:+set}"), "");
        assert_eq!(text("${EMPTY+set}"), "set");
        assert_eq!(text("${DECLARED:-1.22}"), "1.22");
        assert_eq!(
            text(r#""quoted $GO" 'single $GO'"#),
            "quoted 1.23 single $GO"
        );
        assert_eq!(text(r"escaped \$GO"), "escaped $GO");
        assert_eq!(word("a`$GO", &scope, '`').text, "a$GO");
    }

    #[test]
    fn unknown_variables_stay_as_written_and_are_listed() {
        let scope = scope(&[("DECLARED", None)]);
        let expanded = word("golang:${GO_VERSION}-$DECLARED${X%%.*}", &scope, '\\');
        assert_eq!(expanded.text, "golang:${GO_VERSION}-$DECLARED${X%%.*}");
        assert_eq!(expanded.unresolved, ["GO_VERSION", "DECLARED", "X"]);
        assert_eq!(word("${UNSET:-1.22}", &scope, '\\').text, "${UNSET:-1.22}");
    }

    #[test]
    fn junk_is_kept() {
        let empty = Scope::new();
        for raw in ["${", "${:-}", "$", "\"open", "'open", "${A", "a\\", "${}"] {
            let _ = word(raw, &empty, '\\');
        }
    }
}
