//! Why gomod-rs stopped: it parses directives up to the first it cannot
//! read and says nothing more, so the line it stopped at is examined here
//! and explained the way the go command would.
use super::{code_of, is_space, quote, split_keyword, typo_of};
use crate::go::{line_number, SyntaxError};

/// Checks that `text` from `offset` (the start of line `line`) holds only
/// blank lines and comments; otherwise says what is wrong with the first line
/// that is neither.
pub(super) fn check_rest(text: &str, offset: usize, line: u32) -> Result<(), SyntaxError> {
    let Some(rest) = text.get(offset..) else {
        return Err(SyntaxError {
            line,
            message: "cannot read go.mod past this line".to_string(),
        });
    };
    let lines: Vec<&str> = rest.split('\n').collect();
    match lines.iter().position(|line| !code_of(line).is_empty()) {
        Some(index) => Err(diagnose(&lines, index, line)),
        None => Ok(()),
    }
}

/// Explains why gomod-rs could not parse the directive starting on
/// `lines[index]`; `lines[0]` is line `first_line` of the file.
fn diagnose(lines: &[&str], index: usize, first_line: u32) -> SyntaxError {
    let error = |index: usize, message: String| SyntaxError {
        line: line_number(first_line, index),
        message,
    };
    let line = lines.get(index).copied().unwrap_or_default();
    let code = code_of(line);
    let (keyword, rest) = split_keyword(code);
    let Some((args, example)) = usage(keyword) else {
        let message = if let Some(known) = typo_of(keyword) {
            format!(
                "unknown directive {keyword:?} (did you mean {known:?}?): {}",
                quote(line)
            )
        } else if code.starts_with(')') {
            format!("unexpected \")\" outside a block: {}", quote(line))
        } else {
            format!(
                "expected a directive (module, go, toolchain, require, replace, exclude, retract, …), found {}",
                quote(line)
            )
        };
        return error(index, message);
    };
    let Some(inner) = rest.strip_prefix('(') else {
        return error(
            index,
            format!(
                "malformed {keyword} directive: {} (expected `{keyword} {args}`, for example `{example}`)",
                quote(line)
            ),
        );
    };
    if keyword == "go" || keyword == "toolchain" {
        return error(
            index,
            format!(
                "the {keyword} directive cannot be a block (expected `{keyword} {args}`, for example `{example}`): {}",
                quote(line)
            ),
        );
    }
    if !inner.is_empty() {
        return error(
            index,
            format!(
                "malformed {keyword} block: \"(\" must end its line: {}",
                quote(line)
            ),
        );
    }
    let entry_example = example.strip_prefix(keyword).unwrap_or(example).trim();
    let mut entries = 0;
    for (offset, entry) in lines.iter().enumerate().skip(index + 1) {
        let entry_code = code_of(entry);
        if entry_code.is_empty() {
            continue;
        }
        if let Some(after) = entry_code.strip_prefix(')') {
            if !after.trim_matches(is_space).is_empty() {
                return error(
                    offset,
                    format!(
                        "malformed end of {keyword} block: \")\" must be alone on its line: {}",
                        quote(entry)
                    ),
                );
            }
            let message = if keyword == "module" && entries == 0 {
                format!("empty module block (expected `{args}` in it)")
            } else {
                format!("cannot parse this {keyword} block")
            };
            return error(index, message);
        }
        if !parses_alone(keyword, entry) {
            return error(
                offset,
                format!(
                    "malformed line in {keyword} block: {} (expected `{args}`, for example `{entry_example}`)",
                    quote(entry)
                ),
            );
        }
        entries += 1;
        if keyword == "module" && entries > 1 {
            return error(
                offset,
                format!("a second module path in the module block: {}", quote(entry)),
            );
        }
    }
    error(
        index,
        format!("unterminated {keyword} block: no \")\" closes the \"{keyword} (\" on this line"),
    )
}

/// What a directive known to gomod-rs takes, and an example of it.
fn usage(keyword: &str) -> Option<(&'static str, &'static str)> {
    Some(match keyword {
        "module" => ("<module path>", "module example.com/app"),
        "go" => ("<version>", "go 1.23"),
        "toolchain" => ("<name>", "toolchain go1.23.4"),
        "godebug" => ("<key>=<value>", "godebug default=go1.21"),
        "require" => (
            "<module path> <version>",
            "require golang.org/x/text v0.14.0",
        ),
        "replace" => (
            "<module path> [<version>] => <module path> <version> | <directory>",
            "replace example.com/lib => ../lib",
        ),
        "exclude" => ("<module path> <version>", "exclude golang.org/x/net v0.1.0"),
        "retract" => ("<version> | [<low>, <high>]", "retract v1.0.1"),
        _ => return None,
    })
}

/// Whether gomod-rs parses a block's entry as a single-line `keyword` directive
/// (block entries and single-line directives share one grammar).
fn parses_alone(keyword: &str, entry: &str) -> bool {
    let text = format!("{keyword} {}\n", entry.trim_matches(is_space));
    gomod_rs::parse_gomod(&text).is_ok_and(|directives| {
        directives.len() == 1
            && directives
                .last()
                .is_some_and(|directive| directive.range.1.offset == text.len())
    })
}
