//! One Makefile's text into items, in order: variable assignments (every
//! operator, `override`, `export`, target-specific, `define … endef`),
//! rules (targets, prerequisites, order-only prerequisites, double-colon,
//! pattern and static pattern rules, recipe lines with their lines), and
//! `include` lines. Conditionals keep both branches, each item marked as
//! conditional. Nothing is expanded here.
use std::path::Path;

use super::{Assignment, Include, Item, MakefileSource, Operator, RecipeLine, Rule};
use crate::evidence::{without_bom, Location, Warning};

struct Line {
    text: String,
    /// The physical line started with a tab.
    tab: bool,
}

/// Reads the text of the Makefile at `file` (used in locations only).
pub fn parse(text: &str, file: &Path) -> MakefileSource {
    let physical: Vec<&str> = without_bom(text)
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let mut source = MakefileSource {
        file: file.to_path_buf(),
        items: Vec::new(),
        warnings: Vec::new(),
    };
    let mut index = 0;
    let mut in_rule = false;
    let mut conditional_depth = 0usize;
    let warn = |source: &mut MakefileSource, line: u32, message: String| {
        source.warnings.push(Warning::at(file, line, message));
    };
    while index < physical.len() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let raw = physical[index];
        if in_rule && raw.starts_with('\t') {
            let (text, next) = recipe_line(&physical, index);
            index = next;
            if let Some(Item::Rule(rule)) = source.items.last_mut() {
                if !text.trim().is_empty() {
                    rule.recipe.push(RecipeLine { line: number, text });
                }
            }
            continue;
        }
        let (line, next) = logical_line(&physical, index);
        index = next;
        let line = Line {
            text: strip_comment(&line),
            tab: raw.starts_with('\t'),
        };
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let conditional = conditional_depth > 0;
        let assignment = |name: String,
                          operator: Operator,
                          value: String,
                          modifiers: Modifiers,
                          targets: Vec<String>| Assignment {
            location: Location::new(file, number),
            name,
            operator,
            value,
            overridden: modifiers.overridden,
            exported: modifiers.exported,
            targets,
            conditional,
            defined: false,
        };
        let (keyword, rest) = split_keyword(trimmed);
        match keyword {
            "ifeq" | "ifneq" | "ifdef" | "ifndef" => {
                conditional_depth += 1;
                continue;
            }
            "else" => {
                if conditional_depth == 0 {
                    warn(
                        &mut source,
                        number,
                        "`else` without a conditional".to_string(),
                    );
                }
                continue;
            }
            "endif" => {
                if conditional_depth == 0 {
                    warn(
                        &mut source,
                        number,
                        "`endif` without a conditional".to_string(),
                    );
                } else {
                    conditional_depth -= 1;
                }
                continue;
            }
            "include" | "-include" | "sinclude" => {
                in_rule = false;
                source.items.push(Item::Include(Include {
                    location: Location::new(file, number),
                    paths: rest.split_whitespace().map(str::to_string).collect(),
                    optional: keyword != "include",
                    conditional,
                }));
                continue;
            }
            "vpath" | "unexport" | "undefine" | "load" | "-load" => continue,
            _ => {}
        }
        // make keeps the spaces that end a value (`A = x # note` is "x ").
        let (modifiers, body) = modifiers(line.text.trim_start());
        if body.trim_end() == "define"
            || body.starts_with("define ")
            || body.starts_with("define\t")
        {
            let (value, next) = define_body(&physical, index);
            if next > physical.len() {
                warn(&mut source, number, "`define` without `endef`".to_string());
            }
            index = next.min(physical.len());
            let header = body[6..].trim();
            let (name, operator) = define_header(header);
            in_rule = false;
            let mut assignment = assignment(name, operator, value, modifiers, Vec::new());
            assignment.defined = true;
            source.items.push(Item::Assignment(assignment));
            continue;
        }
        match classify(body) {
            Classified::Assignment(name, operator, value) => {
                in_rule = false;
                let assignment = assignment(name, operator, value, modifiers, Vec::new());
                source.items.push(Item::Assignment(assignment));
            }
            Classified::Export(names) if modifiers.exported => {
                for name in names {
                    let assignment = assignment(
                        name,
                        Operator::ExportOnly,
                        String::new(),
                        modifiers,
                        Vec::new(),
                    );
                    source.items.push(Item::Assignment(assignment));
                }
            }
            Classified::Rule(rule) => {
                in_rule = true;
                let targets: Vec<String> = split_words(&rule.targets);
                if let Some((name, operator, value, target_modifiers)) = rule.target_variable {
                    in_rule = false;
                    let assignment = assignment(name, operator, value, target_modifiers, targets);
                    source.items.push(Item::Assignment(assignment));
                    continue;
                }
                let (normal, order_only) = match rule.prerequisites.split_once('|') {
                    Some((normal, order_only)) => (normal.to_string(), split_words(order_only)),
                    None => (rule.prerequisites.clone(), Vec::new()),
                };
                let mut recipe = Vec::new();
                if let Some(inline) = rule.inline_recipe {
                    recipe.push(RecipeLine {
                        line: number,
                        text: inline,
                    });
                }
                source.items.push(Item::Rule(Rule {
                    location: Location::new(file, number),
                    pattern: targets.iter().any(|target| target.contains('%')),
                    targets,
                    prerequisites: split_words(&normal),
                    order_only,
                    static_pattern: rule.static_pattern,
                    double_colon: rule.double_colon,
                    recipe,
                    conditional,
                }));
            }
            Classified::Export(_) | Classified::Other => {
                if line.tab {
                    warn(
                        &mut source,
                        number,
                        "recipe line before the first target (make rejects it)".to_string(),
                    );
                } else if !body.is_empty() && !body.starts_with('$') {
                    warn(
                        &mut source,
                        number,
                        "missing separator: neither a rule nor an assignment (make rejects it)"
                            .to_string(),
                    );
                }
            }
        }
    }
    if conditional_depth > 0 {
        let last = u32::try_from(physical.len()).unwrap_or(u32::MAX);
        warn(&mut source, last, "missing `endif`".to_string());
    }
    source
}

/// A recipe line from `index`, with its backslash-continued lines (their
/// leading tab removed, the backslash-newline kept for the shell).
fn recipe_line(physical: &[&str], mut index: usize) -> (String, usize) {
    let mut text = physical[index][1..].to_string();
    index += 1;
    while ends_with_continuation(&text) && index < physical.len() {
        text.push('\n');
        let next = physical[index];
        text.push_str(next.strip_prefix('\t').unwrap_or(next));
        index += 1;
    }
    (text, index)
}

/// A non-recipe line from `index` with its continuations joined by one
/// space, as make reads them.
fn logical_line(physical: &[&str], mut index: usize) -> (String, usize) {
    let mut text = physical[index].to_string();
    index += 1;
    while ends_with_continuation(&text) && index < physical.len() {
        text.pop();
        let kept = text.trim_end().len();
        text.truncate(kept);
        text.push(' ');
        text.push_str(physical[index].trim_start());
        index += 1;
    }
    (text, index)
}

/// An odd number of backslashes at the end.
fn ends_with_continuation(text: &str) -> bool {
    text.bytes().rev().take_while(|byte| *byte == b'\\').count() % 2 == 1
}

/// The body of a `define` whose header is on line `index - 1`: lines up to
/// the matching `endef`, and the index after it (past the end when missing).
fn define_body(physical: &[&str], mut index: usize) -> (String, usize) {
    let mut depth = 1;
    let mut body: Vec<&str> = Vec::new();
    while index < physical.len() {
        let (keyword, _) = split_keyword(physical[index].trim());
        let (_, bare) = modifiers(physical[index].trim());
        if keyword == "endef" {
            depth -= 1;
            if depth == 0 {
                return (body.join("\n"), index + 1);
            }
        } else if bare.starts_with("define") {
            depth += 1;
        }
        body.push(physical[index]);
        index += 1;
    }
    (body.join("\n"), physical.len() + 1)
}

fn define_header(header: &str) -> (String, Operator) {
    for (suffix, operator) in [
        (":::=", Operator::Immediate),
        ("::=", Operator::Simple),
        (":=", Operator::Simple),
        ("?=", Operator::Conditional),
        ("+=", Operator::Append),
        ("!=", Operator::Shell),
        ("=", Operator::Recursive),
    ] {
        if let Some(name) = header.strip_suffix(suffix) {
            return (name.trim().to_string(), operator);
        }
    }
    (header.to_string(), Operator::Recursive)
}

/// Removes a comment: an unescaped `#` and what follows.
fn strip_comment(line: &str) -> String {
    let mut out = String::new();
    let mut characters = line.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' if characters.peek() == Some(&'#') => {
                out.push('#');
                characters.next();
            }
            '#' => break,
            other => out.push(other),
        }
    }
    out
}

fn split_keyword(line: &str) -> (&str, &str) {
    match line.split_once([' ', '\t']) {
        Some((keyword, rest)) => (keyword, rest.trim()),
        None => (line, ""),
    }
}

#[derive(Clone, Copy, Default)]
struct Modifiers {
    overridden: bool,
    exported: bool,
}

/// Strips `override`, `export` and `private` in front of an assignment.
fn modifiers(line: &str) -> (Modifiers, &str) {
    let mut found = Modifiers::default();
    let mut rest = line;
    loop {
        let (keyword, after) = split_keyword(rest);
        match keyword {
            "override" if !after.is_empty() => found.overridden = true,
            "export" => found.exported = true,
            "private" if !after.is_empty() => {}
            _ => return (found, rest),
        }
        rest = after;
        if rest.is_empty() {
            return (found, rest);
        }
    }
}

struct RuleLine {
    targets: String,
    prerequisites: String,
    double_colon: bool,
    static_pattern: Option<String>,
    inline_recipe: Option<String>,
    target_variable: Option<(String, Operator, String, Modifiers)>,
}

enum Classified {
    Assignment(String, Operator, String),
    /// `export NAME…` without a value.
    Export(Vec<String>),
    Rule(RuleLine),
    Other,
}

/// An assignment or a rule, by the first `=` or `:` outside `$(…)`.
fn classify(body: &str) -> Classified {
    let Some((position, operator)) = first_operator(body) else {
        let names = split_words(body);
        return if body.is_empty() || names.is_empty() {
            Classified::Other
        } else if body.trim() == body && !body.contains('$') {
            Classified::Export(names)
        } else {
            Classified::Other
        };
    };
    match operator {
        Some(operator) => {
            let length = operator_length(operator);
            let name = body[..position].trim().to_string();
            let value = body[position + length..].trim_start().to_string();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Classified::Other;
            }
            Classified::Assignment(name, operator, value)
        }
        None => rule_line(body, position),
    }
}

/// The byte of the first top-level `=` or `:`, and the assignment operator
/// it starts (`None` for a rule's `:`).
fn first_operator(body: &str) -> Option<(usize, Option<Operator>)> {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'$' if matches!(bytes.get(index + 1), Some(b'(' | b'{')) => {
                depth += 1;
                index += 2;
                continue;
            }
            b')' | b'}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            b':' => {
                let rest = &body[index..];
                let operator = if rest.starts_with(":::=") {
                    Some(Operator::Immediate)
                } else if rest.starts_with("::=") || rest.starts_with(":=") {
                    Some(Operator::Simple)
                } else {
                    None
                };
                return Some((index, operator));
            }
            b'=' => return Some((index, Some(Operator::Recursive))),
            b'?' | b'+' | b'!' if bytes.get(index + 1) == Some(&b'=') => {
                let operator = match bytes[index] {
                    b'?' => Operator::Conditional,
                    b'+' => Operator::Append,
                    _ => Operator::Shell,
                };
                return Some((index, Some(operator)));
            }
            _ => {}
        }
        index += 1;
    }
    None
}

fn operator_length(operator: Operator) -> usize {
    match operator {
        Operator::Recursive => 1,
        Operator::Simple => 2,
        Operator::Immediate => 4,
        Operator::Conditional | Operator::Append | Operator::Shell => 2,
        Operator::ExportOnly => 0,
    }
}

fn rule_line(body: &str, colon: usize) -> Classified {
    let targets = body[..colon].trim().to_string();
    if targets.is_empty() {
        return Classified::Other;
    }
    let double_colon = body[colon + 1..].starts_with(':');
    let mut rest = &body[colon + if double_colon { 2 } else { 1 }..];
    let mut inline_recipe = None;
    if let Some((before, recipe)) = rest.split_once(';') {
        inline_recipe = Some(recipe.trim().to_string());
        rest = before;
    }
    let (target_modifiers, bare) = modifiers(rest.trim());
    if let Some((position, Some(operator))) = first_operator(bare) {
        let name = bare[..position].trim();
        if !name.is_empty() && !name.contains(char::is_whitespace) {
            let value = bare[position + operator_length(operator)..].trim_start();
            let value = match &inline_recipe {
                // `target: VAR = a;b` keeps the `;` in the value.
                Some(recipe) => format!("{value};{recipe}"),
                None => value.to_string(),
            };
            return Classified::Rule(RuleLine {
                targets,
                prerequisites: String::new(),
                double_colon,
                static_pattern: None,
                inline_recipe: None,
                target_variable: Some((name.to_string(), operator, value, target_modifiers)),
            });
        }
    }
    let (static_pattern, prerequisites) = match first_operator(rest) {
        Some((position, None)) => (
            Some(rest[..position].trim().to_string()),
            rest[position + 1..].to_string(),
        ),
        _ => (None, rest.to_string()),
    };
    Classified::Rule(RuleLine {
        targets,
        prerequisites,
        double_colon,
        static_pattern,
        inline_recipe,
        target_variable: None,
    })
}

/// Whitespace-separated words, a `$(…)` never split.
pub(super) fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut depth = 0usize;
    let mut previous = ' ';
    for character in text.chars() {
        match character {
            '(' | '{' if previous == '$' => depth += 1,
            ')' | '}' if depth > 0 => depth -= 1,
            c if c.is_whitespace() && depth == 0 => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                previous = c;
                continue;
            }
            _ => {}
        }
        word.push(character);
        previous = character;
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
