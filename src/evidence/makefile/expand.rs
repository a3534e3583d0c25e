//! Make's variable expansion, bounded: `$(NAME)`, `${NAME}`, `$X`, computed
//! names (`$($(OS)_FLAGS)`), substitution references (`$(SRC:.c=.o)`), the
//! automatic variables of a recipe (`$@`, `$<`, `$^`, `$(@D)`, `$(@F)`) and
//! the text functions a build line uses (`strip`, `subst`, `patsubst`,
//! `addprefix`, `addsuffix`, `notdir`, `dir`, `firstword`, `lastword`,
//! `word`, `words`).
//!
//! What cannot be known stays as written (with its arguments expanded):
//! `$(shell …)` and the other functions; so does a
//! variable nobody assigns (it may come from the environment or the command
//! line), and a variable named for a build input (`$(VERSION)`,
//! `$(GIT_COMMIT)`), so that it maps to the image's build argument. `$$`
//! stays `$$`. Expansion stops at a depth and a size, keeping the rest as
//! written, so a self-referencing or exponential Makefile cannot hang it.
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::evidence::value::{balanced_end, BuildInput};

const MAX_DEPTH: usize = 24;
/// Bytes one expansion may produce.
const MAX_OUTPUT: usize = 256 * 1024;
/// Bytes all the expansions of one Makefile may produce together, so that
/// thousands of lines each expanding a large value stay fast.
const MAX_TOTAL_OUTPUT: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub(super) struct Variable {
    pub value: String,
    pub recursive: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Variables {
    pub values: BTreeMap<String, Variable>,
    /// What is left of [`MAX_TOTAL_OUTPUT`], shared by every copy.
    remaining: Rc<Cell<usize>>,
}

impl Default for Variables {
    fn default() -> Variables {
        Variables {
            values: BTreeMap::new(),
            remaining: Rc::new(Cell::new(MAX_TOTAL_OUTPUT)),
        }
    }
}

/// A recipe's automatic variables.
#[derive(Debug, Clone, Default)]
pub(super) struct Automatic {
    pub target: Option<String>,
    pub prerequisites: Vec<String>,
}

pub(super) struct Expansion<'a> {
    variables: &'a Variables,
    automatic: &'a Automatic,
    budget: usize,
    /// Set when a bound stopped the expansion.
    pub truncated: bool,
}

impl<'a> Expansion<'a> {
    pub fn new(variables: &'a Variables, automatic: &'a Automatic) -> Expansion<'a> {
        Expansion {
            variables,
            automatic,
            budget: MAX_OUTPUT.min(variables.remaining.get()),
            truncated: false,
        }
    }

    pub fn expand(&mut self, text: &str) -> String {
        let before = self.budget;
        let expanded = self.expand_at(text, 0);
        let remaining = &self.variables.remaining;
        remaining.set(remaining.get().saturating_sub(before - self.budget));
        expanded
    }

    fn expand_at(&mut self, text: &str, depth: usize) -> String {
        if depth > MAX_DEPTH {
            self.truncated = true;
            return text.to_string();
        }
        let mut out = String::new();
        let mut index = 0;
        while index < text.len() {
            let rest = &text[index..];
            let Some(dollar) = rest.find('$') else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..dollar]);
            index += dollar;
            let rest = &text[index..];
            let (consumed, replacement) = self.reference(rest, depth);
            let consumed = consumed.max(1).min(rest.len());
            if replacement.len() > self.budget {
                // Spent: every reference from here on stays as written, so
                // an exponential definition stops at once.
                self.truncated = true;
                self.budget = 0;
                out.push_str(&rest[..consumed]);
            } else {
                self.budget -= replacement.len();
                out.push_str(&replacement);
            }
            index += consumed;
        }
        out
    }

    /// The reference at the start of `rest` (which starts with `$`): how many
    /// bytes it spans and what it expands to.
    fn reference(&mut self, rest: &str, depth: usize) -> (usize, String) {
        let mut characters = rest.chars();
        characters.next();
        let Some(open) = characters.next() else {
            return (1, "$".to_string());
        };
        let close = match open {
            '$' => return (2, "$$".to_string()),
            '(' => ')',
            '{' => '}',
            single => {
                let length = 1 + single.len_utf8();
                let written = &rest[..length];
                return (length, self.variable(&single.to_string(), written, depth));
            }
        };
        let Some(end) = balanced_end(rest, 1, open, close) else {
            return (rest.len(), rest.to_string());
        };
        let written = &rest[..end];
        if depth >= MAX_DEPTH || self.budget == 0 {
            self.truncated = true;
            return (end, written.to_string());
        }
        let inner = &rest[2..end - 1];
        (end, self.inner(inner, written, depth))
    }

    fn inner(&mut self, inner: &str, written: &str, depth: usize) -> String {
        if let Some((function, arguments)) = function_call(inner) {
            return self.function(function, arguments, written, depth);
        }
        let name = self.expand_at(inner, depth + 1);
        // `$(NAME:from=to)`
        if let Some((variable, substitution)) = name.split_once(':') {
            if let Some((from, to)) = substitution.split_once('=') {
                let value = self.variable(variable, written, depth);
                if value == written {
                    return value;
                }
                let (from, to) = if from.contains('%') {
                    (from.to_string(), to.to_string())
                } else {
                    (format!("%{from}"), format!("%{to}"))
                };
                return patsubst(&from, &to, &value);
            }
        }
        self.variable(&name, written, depth)
    }

    fn variable(&mut self, name: &str, written: &str, depth: usize) -> String {
        match name {
            "@" => {
                return self
                    .automatic
                    .target
                    .clone()
                    .unwrap_or_else(|| written.to_string())
            }
            "<" => {
                return self
                    .automatic
                    .prerequisites
                    .first()
                    .cloned()
                    .unwrap_or_else(|| written.to_string())
            }
            "^" | "+" => return self.automatic.prerequisites.join(" "),
            "@D" | "@F" => {
                let Some(target) = &self.automatic.target else {
                    return written.to_string();
                };
                let (directory, file) = match target.rsplit_once('/') {
                    Some((directory, file)) => (directory, file),
                    None => (".", target.as_str()),
                };
                return if name == "@D" { directory } else { file }.to_string();
            }
            _ => {}
        }
        if BuildInput::for_name(name).is_some() {
            return written.to_string();
        }
        let Some(variable) = self.variables.values.get(name) else {
            return written.to_string();
        };
        if variable.recursive {
            let value = variable.value.clone();
            self.expand_at(&value, depth + 1)
        } else {
            variable.value.clone()
        }
    }

    fn function(&mut self, function: &str, arguments: &str, written: &str, depth: usize) -> String {
        let arguments = split_arguments(arguments);
        let argument = |index: usize, this: &mut Self| {
            arguments
                .get(index)
                .map(|text| this.expand_at(text, depth + 1))
                .unwrap_or_default()
        };
        let words =
            |text: String| -> Vec<String> { text.split_whitespace().map(str::to_string).collect() };
        match (function, arguments.len()) {
            ("strip", 1) => words(argument(0, self)).join(" "),
            ("subst", 3) => {
                let (from, to, text) = (argument(0, self), argument(1, self), argument(2, self));
                if from.is_empty() {
                    text
                } else {
                    text.replace(&from, &to)
                }
            }
            ("patsubst", 3) => {
                let (from, to, text) = (argument(0, self), argument(1, self), argument(2, self));
                patsubst(&from, &to, &text)
            }
            ("addprefix" | "addsuffix", 2) => {
                let affix = argument(0, self);
                words(argument(1, self))
                    .into_iter()
                    .map(|word| {
                        if function == "addprefix" {
                            format!("{affix}{word}")
                        } else {
                            format!("{word}{affix}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            ("notdir" | "dir", 1) => words(argument(0, self))
                .into_iter()
                .map(|word| match word.rsplit_once('/') {
                    Some((directory, _)) if function == "dir" => format!("{directory}/"),
                    Some((_, file)) => file.to_string(),
                    None if function == "dir" => "./".to_string(),
                    None => word,
                })
                .collect::<Vec<_>>()
                .join(" "),
            ("firstword", 1) => words(argument(0, self))
                .into_iter()
                .next()
                .unwrap_or_default(),
            ("lastword", 1) => words(argument(0, self)).pop().unwrap_or_default(),
            ("words", 1) => words(argument(0, self)).len().to_string(),
            ("word", 2) => {
                let index: usize = argument(0, self).trim().parse().unwrap_or(0);
                words(argument(1, self))
                    .into_iter()
                    .nth(index.wrapping_sub(1))
                    .unwrap_or_default()
            }
            // Kept as written, its arguments expanded: `$(shell $(GO) env
            // GOPATH)` is `$(shell go env GOPATH)`.
            _ => {
                let expanded: Vec<String> = (0..arguments.len())
                    .map(|index| argument(index, self))
                    .collect();
                let open = &written[1..2];
                let close = if open == "(" { ")" } else { "}" };
                format!("${open}{function} {}{close}", expanded.join(","))
            }
        }
    }
}

/// `name arguments` when `inner` calls one of make's functions.
fn function_call(inner: &str) -> Option<(&str, &str)> {
    let (name, arguments) = inner.split_once([' ', '\t'])?;
    const FUNCTIONS: [&str; 36] = [
        "shell",
        "strip",
        "subst",
        "patsubst",
        "addprefix",
        "addsuffix",
        "notdir",
        "dir",
        "firstword",
        "lastword",
        "word",
        "words",
        "wordlist",
        "filter",
        "filter-out",
        "sort",
        "findstring",
        "basename",
        "suffix",
        "join",
        "wildcard",
        "realpath",
        "abspath",
        "if",
        "or",
        "and",
        "foreach",
        "call",
        "value",
        "eval",
        "origin",
        "flavor",
        "error",
        "warning",
        "info",
        "file",
    ];
    FUNCTIONS.contains(&name).then_some((name, arguments))
}

/// Splits a function's arguments at top-level commas.
fn split_arguments(text: &str) -> Vec<&str> {
    let mut arguments = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, character) in text.char_indices() {
        match character {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                arguments.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    arguments.push(&text[start..]);
    arguments
}

/// `$(patsubst from,to,text)` with one `%` at most in each pattern.
fn patsubst(from: &str, to: &str, text: &str) -> String {
    text.split_whitespace()
        .map(|word| match from.split_once('%') {
            Some((prefix, suffix)) => {
                if word.len() >= prefix.len() + suffix.len()
                    && word.starts_with(prefix)
                    && word.ends_with(suffix)
                {
                    let stem = &word[prefix.len()..word.len() - suffix.len()];
                    to.replacen('%', stem, 1)
                } else {
                    word.to_string()
                }
            }
            None if word == from => to.to_string(),
            None => word.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
