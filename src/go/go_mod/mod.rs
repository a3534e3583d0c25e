//! Reading go.mod through gomod-rs, made tolerant of what gomod-rs does not
//! know: a byte-order mark, CRLF line ends, empty blocks, and directives newer
//! than it (`tool`, `ignore`, …), which are skipped, not fatal. Where gomod-rs
//! stops short of the end of the file, the line it could not read is an error.

mod diagnose;

use gomod_rs::{Context, Directive, Identifier, ReplaceSpec, Replacement};

use super::{is_directory_path, line_number, Replace, SyntaxError};
use diagnose::check_rest;

/// What godock needs from a go.mod.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    pub module: String,
    /// The `go` directive as written (`1.23`, `1.23.4`, `1.24rc1`).
    pub go: Option<String>,
    /// The `toolchain` directive as written (`go1.23.4`).
    pub toolchain: Option<String>,
    pub requires: Vec<Require>,
    pub replaces: Vec<Replace>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    pub path: String,
    pub version: String,
}

/// Directives gomod-rs parses; any other lowercase keyword is blanked out
/// before parsing (see [`prepare`]).
const GOMOD_RS_KEYWORDS: [&str; 8] = [
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "replace",
    "exclude",
    "retract",
];

/// Directives Go knows and gomod-rs does not. Like any unknown keyword they are
/// skipped; naming them matters only for spotting typos of them.
const NEWER_KEYWORDS: [&str; 2] = ["tool", "ignore"];

/// How long a quoted line may be in a message, in characters.
const QUOTE_LIMIT: usize = 60;

/// Parses the text of a go.mod.
///
/// A file without directives, or without a `module` directive, is not an error
/// here: `module` is then empty and the caller says so, naming the file.
pub fn parse(text: &str) -> Result<GoMod, SyntaxError> {
    let prepared = prepare(text)?;
    // gomod-rs fails only when it cannot parse a first directive (there is none,
    // or it is malformed), and then always reports line 1: the remainder check
    // below finds the real place, or accepts a file of comments only.
    let directives = gomod_rs::parse_gomod(&prepared).unwrap_or_default();
    // gomod-rs stops silently at the first directive it cannot parse: whatever
    // follows the last one it returned must be comments and blank lines.
    let (offset, line) = directives
        .last()
        .map_or((0, 1), |last| (last.range.1.offset, last.range.1.line));
    check_rest(&prepared, offset, line)?;
    collect(&directives)
}

/// The pre-pass: makes the text something gomod-rs reads, keeping every line
/// where it was so that line numbers stay right. It strips a byte-order mark,
/// turns CRLF into LF, and blanks out the lines of directives gomod-rs does not
/// know (`tool`, `ignore`, any later keyword, single-line or block) and of
/// empty blocks (`require ()`), which gomod-rs rejects and which carry nothing.
fn prepare(text: &str) -> Result<String, SyntaxError> {
    enum State {
        TopLevel,
        /// In a block gomod-rs parses, which is kept as it is.
        KnownBlock,
        /// In a block being blanked out, opened by `keyword (` on `line`.
        SkippedBlock {
            keyword: String,
            line: usize,
        },
    }

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let mut prepared = String::with_capacity(text.len());
    let mut state = State::TopLevel;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            prepared.push('\n');
        }
        let code = code_of(line);
        let keep = match state {
            State::TopLevel => {
                let (keyword, rest) = split_keyword(code);
                let opens_block = rest == "(";
                let empty_block = rest
                    .strip_prefix('(')
                    .is_some_and(|inner| inner.trim_matches(is_space) == ")");
                if GOMOD_RS_KEYWORDS.contains(&keyword) {
                    if opens_block {
                        state = State::KnownBlock;
                    }
                    // `go ()` and `toolchain ()` are errors in Go too: left to fail.
                    !(empty_block && keyword != "go" && keyword != "toolchain")
                } else if is_skipped_keyword(keyword) {
                    if opens_block {
                        state = State::SkippedBlock {
                            keyword: keyword.to_string(),
                            line: index,
                        };
                    }
                    false
                } else {
                    true
                }
            }
            State::KnownBlock => {
                if code.starts_with(')') {
                    state = State::TopLevel;
                }
                true
            }
            State::SkippedBlock { .. } => {
                if code.starts_with(')') {
                    state = State::TopLevel;
                }
                false
            }
        };
        if keep {
            prepared.push_str(line);
        }
    }
    if let State::SkippedBlock { keyword, line } = state {
        return Err(SyntaxError {
            line: line_number(1, line),
            message: format!(
                "unterminated {keyword} block: no \")\" closes the \"{keyword} (\" on this line"
            ),
        });
    }
    Ok(prepared)
}

/// Whether a line's keyword names a directive to skip: one gomod-rs does not
/// know, or a later one (a word of lowercase letters) that is not a typo of a
/// known one.
fn is_skipped_keyword(keyword: &str) -> bool {
    NEWER_KEYWORDS.contains(&keyword)
        || (!keyword.is_empty()
            && keyword.bytes().all(|byte| byte.is_ascii_lowercase())
            && !GOMOD_RS_KEYWORDS.contains(&keyword)
            && typo_of(keyword).is_none())
}

/// The known directive `keyword` is one edit away from (a letter added,
/// dropped, changed, or two swapped), for keywords of four letters or more.
fn typo_of(keyword: &str) -> Option<&'static str> {
    GOMOD_RS_KEYWORDS
        .iter()
        .chain(NEWER_KEYWORDS.iter())
        .copied()
        .filter(|known| known.len() >= 4)
        .find(|known| one_edit_apart(keyword.as_bytes(), known.as_bytes()))
}

fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    // Past the common prefix and suffix, what differs must be one letter
    // (changed, added or dropped) or two swapped neighbours.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (Some(a), Some(b)) = (a.get(prefix..), b.get(prefix..)) else {
        return false;
    };
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(a.len().min(b.len()));
    let (Some(a), Some(b)) = (a.get(..a.len() - suffix), b.get(..b.len() - suffix)) else {
        return false;
    };
    match (a, b) {
        ([], []) => false,
        ([_], [_]) | ([_], []) | ([], [_]) => true,
        ([a0, a1], [b0, b1]) => a0 == b1 && a1 == b0,
        _ => false,
    }
}

/// Turns what gomod-rs read into a [`GoMod`].
fn collect(directives: &[Context<'_, Directive<'_>>]) -> Result<GoMod, SyntaxError> {
    let mut go_mod = GoMod::default();
    let (mut module_line, mut go_line, mut toolchain_line) = (None, None, None);
    for directive in directives {
        let line = directive.range.0.line;
        match &directive.value {
            Directive::Module { module_path } => {
                once(&mut module_line, line, "module")?;
                go_mod.module = (*module_path).to_string();
            }
            Directive::Go { version } => {
                once(&mut go_line, line, "go")?;
                let version = unquote(version, line)?;
                super::version::check_line(&version, "go", line)?;
                go_mod.go = Some(version);
            }
            Directive::Toolchain { name } => {
                once(&mut toolchain_line, line, "toolchain")?;
                let name = unquote(name, line)?;
                super::version::check_line(&name, "toolchain", line)?;
                go_mod.toolchain = Some(name);
            }
            Directive::Require { specs } => {
                for spec in specs {
                    let (path, version) = &spec.value;
                    go_mod.requires.push(Require {
                        path: (*path).to_string(),
                        version: unquote(version, spec.range.0.line)?,
                    });
                }
            }
            Directive::Replace { specs } => {
                for spec in specs {
                    go_mod
                        .replaces
                        .push(replace(&spec.value, spec.range.0.line)?);
                }
            }
            Directive::Godebug { .. } | Directive::Exclude { .. } | Directive::Retract { .. } => {}
        }
    }
    Ok(go_mod)
}

/// Records that a directive allowed once was seen on `line`.
fn once(seen: &mut Option<u32>, line: u32, keyword: &str) -> Result<(), SyntaxError> {
    if let Some(first) = *seen {
        return Err(SyntaxError {
            line,
            message: format!("repeated {keyword} directive (the first is on line {first})"),
        });
    }
    *seen = Some(line);
    Ok(())
}

fn replace(spec: &ReplaceSpec<'_>, line: u32) -> Result<Replace, SyntaxError> {
    if let Some(version) = &spec.version {
        // Read to check it, not kept: godock treats every replace alike.
        unquote(version, line)?;
    }
    let (new, new_version) = match &spec.replacement {
        Replacement::FilePath(path) => {
            let path = unquote(path, line)?;
            if !is_directory_path(&path) {
                return Err(SyntaxError {
                    line,
                    message: format!(
                        "replacement {} has no version: a module needs one (`=> {path} <version>`), a directory must start with ./, ../ or /",
                        quote(&path)
                    ),
                });
            }
            (path, None)
        }
        Replacement::Module((path, version)) => {
            if is_directory_path(path) {
                return Err(SyntaxError {
                    line,
                    message: format!(
                        "replacement directory {} cannot have a version (write `=> {path}`)",
                        quote(path)
                    ),
                });
            }
            ((*path).to_string(), Some(unquote(version, line)?))
        }
    };
    Ok(Replace {
        old: spec.module_path.to_string(),
        new,
        new_version,
        line,
    })
}

/// The value of an identifier or string. gomod-rs reads a malformed string
/// (`"v1` unterminated, or the empty `""`) as a bare identifier, quotes included.
fn unquote(identifier: &Identifier<'_>, line: u32) -> Result<String, SyntaxError> {
    match identifier {
        Identifier::Interpreted(value) => Ok(value.clone()),
        Identifier::Raw(value) if value.starts_with(['"', '`']) => Err(SyntaxError {
            line,
            message: format!("malformed or empty quoted string: {}", quote(value)),
        }),
        Identifier::Raw(value) => Ok((*value).to_string()),
    }
}

/// Go's blanks inside a line (a lone `\r` is one too).
fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r'
}

/// A line without its comment and surrounding blanks.
fn code_of(line: &str) -> &str {
    let code = line.split_once("//").map_or(line, |(code, _)| code);
    code.trim_matches(is_space)
}

/// Splits a line's code into its first token and the rest, trimmed.
fn split_keyword(code: &str) -> (&str, &str) {
    let end = code
        .find(|c: char| is_space(c) || "()[]{},".contains(c))
        .unwrap_or(code.len());
    let keyword = code.get(..end).unwrap_or(code);
    let rest = code.get(end..).unwrap_or_default();
    (keyword, rest.trim_start_matches(is_space))
}

/// A line trimmed, cut to [`QUOTE_LIMIT`] characters and quoted.
fn quote(line: &str) -> String {
    let line = line.trim_matches(is_space);
    if line.chars().count() > QUOTE_LIMIT {
        let cut: String = line.chars().take(QUOTE_LIMIT - 1).collect();
        format!("{:?}", cut + "…")
    } else {
        format!("{line:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rep<'a> = (&'a str, &'a str, Option<&'a str>, u32);

    fn go_mod(
        module: &str,
        go: Option<&str>,
        toolchain: Option<&str>,
        requires: &[(&str, &str)],
        replaces: &[Rep<'_>],
    ) -> GoMod {
        GoMod {
            module: module.to_string(),
            go: go.map(str::to_string),
            toolchain: toolchain.map(str::to_string),
            requires: requires
                .iter()
                .map(|(path, version)| Require {
                    path: path.to_string(),
                    version: version.to_string(),
                })
                .collect(),
            replaces: replaces
                .iter()
                .map(|(old, new, new_version, line)| Replace {
                    old: old.to_string(),
                    new: new.to_string(),
                    new_version: new_version.map(str::to_string),
                    line: *line,
                })
                .collect(),
        }
    }

    fn module(module: &str, go: Option<&str>) -> GoMod {
        go_mod(module, go, None, &[], &[])
    }

    const FULL: &str = r#"// Deprecated: use example.com/app/v2 instead.
module example.com/app // the app

go 1.23.4

toolchain go1.23.5

godebug (
	default=go1.21
	panicnil=1
)

require (
	github.com/spf13/cobra v1.8.1
	// the one below is old
	golang.org/x/text v0.14.0 // indirect
)

require example.com/single v0.1.0

replace (
	example.com/lib => ../lib // local
	example.com/fork v1.0.0 => github.com/me/fork v1.0.1
)

replace example.com/tools => ./tools

exclude (
	golang.org/x/net v0.1.0
)
exclude golang.org/x/net v0.2.0

// v1.0.1 was published by accident.
retract v1.0.1
retract (
	v1.0.0 // broken
	[v0.9.0, v0.9.5] // also broken
)
"#;

    fn full() -> GoMod {
        go_mod(
            "example.com/app",
            Some("1.23.4"),
            Some("go1.23.5"),
            &[
                ("github.com/spf13/cobra", "v1.8.1"),
                ("golang.org/x/text", "v0.14.0"),
                ("example.com/single", "v0.1.0"),
            ],
            &[
                ("example.com/lib", "../lib", None, 22),
                ("example.com/fork", "github.com/me/fork", Some("v1.0.1"), 23),
                ("example.com/tools", "./tools", None, 26),
            ],
        )
    }

    #[test]
    fn parses() {
        let long_path = format!("example.com/{}", "a".repeat(100_000));
        let long = format!("module {long_path}\n// {}\n", "x".repeat(100_000));
        let cases: Vec<(&str, String, GoMod)> = vec![
            (
                "minimal",
                "module example.com/app\n\ngo 1.23\n".into(),
                module("example.com/app", Some("1.23")),
            ),
            ("full", FULL.into(), full()),
            ("full with CRLF", FULL.replace('\n', "\r\n"), full()),
            ("full with BOM", format!("\u{feff}{FULL}"), full()),
            (
                "BOM and CRLF",
                "\u{feff}module m\r\ngo 1.22\r\n".into(),
                module("m", Some("1.22")),
            ),
            (
                "no trailing newline",
                "module m\ngo 1.22".into(),
                module("m", Some("1.22")),
            ),
            (
                "toolchain",
                "module m\ngo 1.21\ntoolchain go1.21.4\n".into(),
                go_mod("m", Some("1.21"), Some("go1.21.4"), &[], &[]),
            ),
            (
                "toolchain default",
                "module m\ntoolchain default\n".into(),
                go_mod("m", None, Some("default"), &[], &[]),
            ),
            (
                "go version kept as written",
                "module m\ngo 1.24rc1\n".into(),
                module("m", Some("1.24rc1")),
            ),
            (
                "tool line and block before require",
                "module m\ngo 1.24\ntool golang.org/x/tools/cmd/stringer\ntool (\n\texample.com/gen\n\t// c\n\texample.com/lint // why\n)\nrequire a.com/x v1.0.0\nrequire (\n\tb.com/y v2.0.0\n)\n".into(),
                go_mod("m", Some("1.24"), None, &[("a.com/x", "v1.0.0"), ("b.com/y", "v2.0.0")], &[]),
            ),
            (
                "tool line and block after require",
                "module m\nrequire (\n\tb.com/y v2.0.0\n)\ntool (\n\texample.com/gen\n)\ntool example.com/other\nrequire a.com/x v1.0.0\n".into(),
                go_mod("m", None, None, &[("b.com/y", "v2.0.0"), ("a.com/x", "v1.0.0")], &[]),
            ),
            (
                "tool with CRLF",
                "module m\r\ntool (\r\n\tx.com/t\r\n)\r\nrequire a.com/x v1\r\n".into(),
                go_mod("m", None, None, &[("a.com/x", "v1")], &[]),
            ),
            (
                "ignore",
                "module m\nignore ./node_modules\nignore (\n\t./web/dist\n\tdocs\n)\ngo 1.25\n".into(),
                module("m", Some("1.25")),
            ),
            (
                "future directive, line and block",
                "module m\nfrobnicate x y\nfrobnicate(\n\tz\n)\nfrobnicate ()\ngo 1.30\n".into(),
                module("m", Some("1.30")),
            ),
            (
                "godebug line and block",
                "module m\ngodebug default=go1.21\ngodebug (\n\tpanicnil=1 // c\n\tasynctimerchan=0\n)\nrequire a.com/x v1\n".into(),
                go_mod("m", None, None, &[("a.com/x", "v1")], &[]),
            ),
            (
                "empty blocks",
                "module m\nrequire ()\nreplace ( ) // nothing\nexclude (\n)\ntool ()\nrequire a.com/x v1\n".into(),
                go_mod("m", None, None, &[("a.com/x", "v1")], &[]),
            ),
            (
                "comments everywhere",
                "// top\n\n// Deprecated: gone\nmodule m // mod\n  // between\ngo 1.22 // go\nrequire ( // deps\n\t// first\n\ta.com/x v1 // x\n\n\t// trailing in block\n) // end\n// last, no newline".into(),
                go_mod("m", Some("1.22"), None, &[("a.com/x", "v1")], &[]),
            ),
            (
                "quoted module path and versions",
                "module \"example.com/quoted\"\ngo \"1.22\"\nrequire \"a.com/x\" \"v1.0.0\"\nrequire `b.com/y` `v2.0.0`\nreplace \"c.com/z\" => \"./my dir\"\n".into(),
                go_mod(
                    "example.com/quoted",
                    Some("1.22"),
                    None,
                    &[("a.com/x", "v1.0.0"), ("b.com/y", "v2.0.0")],
                    &[("c.com/z", "./my dir", None, 5)],
                ),
            ),
            (
                "raw-quoted module path",
                "module `example.com/raw`\n".into(),
                module("example.com/raw", None),
            ),
            (
                "module block",
                "module (\n\texample.com/m\n)\n".into(),
                module("example.com/m", None),
            ),
            (
                "replaces, single-line",
                "module m\nreplace a.com/x => ./x\nreplace a.com/y v1.0.0 => ../y\nreplace a.com/z => /abs/z\nreplace a.com/w => b.com/w v1.2.3\nreplace a.com/v v1 => b.com/v v2\nreplace a.com/u => .\nreplace a.com/t => C:\\t\n".into(),
                go_mod("m", None, None, &[], &[
                    ("a.com/x", "./x", None, 2),
                    ("a.com/y", "../y", None, 3),
                    ("a.com/z", "/abs/z", None, 4),
                    ("a.com/w", "b.com/w", Some("v1.2.3"), 5),
                    ("a.com/v", "b.com/v", Some("v2"), 6),
                    ("a.com/u", ".", None, 7),
                    ("a.com/t", "C:\\t", None, 8),
                ]),
            ),
            (
                "replaces, block",
                "module m\nreplace (\n\ta.com/x => ./x\n\ta.com/y v1.0.0 => ../y\n\ta.com/z => /abs/z\n\ta.com/w => b.com/w v1.2.3\n\ta.com/v v1=>b.com/v v2\n)\n".into(),
                go_mod("m", None, None, &[], &[
                    ("a.com/x", "./x", None, 3),
                    ("a.com/y", "../y", None, 4),
                    ("a.com/z", "/abs/z", None, 5),
                    ("a.com/w", "b.com/w", Some("v1.2.3"), 6),
                    ("a.com/v", "b.com/v", Some("v2"), 7),
                ]),
            ),
            ("empty file", String::new(), GoMod::default()),
            ("BOM only", "\u{feff}".into(), GoMod::default()),
            ("blank lines only", "\n  \n\t\r\n".into(), GoMod::default()),
            (
                "comments only",
                "// nothing here\n\n  // really\n// no newline".into(),
                GoMod::default(),
            ),
            (
                "no module directive",
                "go 1.22\nrequire a.com/x v1\n".into(),
                go_mod("", Some("1.22"), None, &[("a.com/x", "v1")], &[]),
            ),
            ("very long lines", long, module(&long_path, None)),
        ];
        for (name, text, expected) in cases {
            assert_eq!(parse(&text), Ok(expected), "{name}");
        }
    }

    #[test]
    fn rejects() {
        let garbage =
            String::from_utf8_lossy(b"module m\n\xff\xfe\x00\x01garbage\nrequire a.com/x v1\n")
                .into_owned();
        let garbage_first = String::from_utf8_lossy(b"\xc3\x28\xa0\xa1 go 1.22\n").into_owned();
        let long = format!("module m\n{}\n", "x.y/".repeat(10_000));
        let cases: Vec<(&str, String, u32, &str)> = vec![
            (
                "unparsable line in the middle",
                "module m\ngo 1.22\nrequire a.com/x v1\n\n// c\nexample.com/orphan v1.0.0\nrequire b.com/y v2\n".into(),
                6,
                r#"expected a directive (module, go, toolchain, require, replace, exclude, retract, …), found "example.com/orphan v1.0.0""#,
            ),
            (
                "bare go",
                "module m\ngo\nrequire a.com/x v1\n".into(),
                2,
                r#"malformed go directive: "go" (expected `go <version>`, for example `go 1.23`)"#,
            ),
            ("bare go first", "go\nmodule m\n".into(), 1, r#"malformed go directive: "go""#),
            (
                "a go version Go refuses",
                "module m\ngo 1.22.0-beta\n".into(),
                2,
                "invalid go version `1.22.0-beta`: the go command expects a Go release such as 1.26.0, 1.26 or 1.27rc1",
            ),
            (
                "a toolchain Go refuses",
                "module m\ngo 1.22\ntoolchain 1.22.4\n".into(),
                3,
                "invalid toolchain version `1.22.4`: the go command expects a toolchain such as go1.26.6, or default",
            ),
            ("bare go with comment", "module m\ngo // soon\n".into(), 2, r#"malformed go directive: "go // soon""#),
            ("go with two words", "module m\ngo 1.22 1.23\n".into(), 2, "malformed go directive"),
            ("go block", "module m\ngo (\n\t1.22\n)\n".into(), 2, "the go directive cannot be a block"),
            ("bare module", "module\ngo 1.22\n".into(), 1, "malformed module directive"),
            ("module with two paths", "module a b\n".into(), 1, "malformed module directive"),
            ("module block with two paths", "module (\n\ta\n\tb\n)\n".into(), 3, "a second module path"),
            ("require without version", "module m\nrequire a.com/x\n".into(), 2, "malformed require directive: \"require a.com/x\" (expected `require <module path> <version>`"),
            (
                "bad line in require block",
                "module m\nrequire (\n\ta.com/x v1\n\n\tb.com/y\n\tc.com/z v3\n)\nrequire d.com/w v4\n".into(),
                5,
                r#"malformed line in require block: "b.com/y" (expected `<module path> <version>`, for example `golang.org/x/text v0.14.0`)"#,
            ),
            ("bad line in replace block", "module m\nreplace (\n\ta => \n)\n".into(), 3, "malformed line in replace block"),
            ("bad retract range", "module m\nretract [v1, v2\n".into(), 2, "malformed retract directive"),
            ("unterminated require block", "module m\nrequire (\n\ta.com/x v1\n".into(), 2, "unterminated require block"),
            ("unterminated tool block", "module m\ntool (\n\tx.com/t\nrequire a.com/x v1\n".into(), 2, "unterminated tool block"),
            ("junk after closing paren", "module m\nrequire (\n\ta.com/x v1\n) b.com/y v2\n".into(), 4, "\")\" must be alone on its line"),
            ("junk after opening paren", "module m\nrequire ( a.com/x v1\n)\n".into(), 2, "malformed require block: \"(\" must end its line"),
            ("stray closing paren", "module m\n)\n".into(), 2, r#"unexpected ")" outside a block: ")""#),
            ("typo", "module m\nrequre a.com/x v1\n".into(), 2, r#"unknown directive "requre" (did you mean "require"?)"#),
            ("swapped letters", "module m\nrpelace a => ./a\n".into(), 2, r#"did you mean "replace"?"#),
            ("capitalised", "Module m\n".into(), 1, r#"unknown directive "Module" (did you mean "module"?): "Module m""#),
            ("not a word", "Module.x m\n".into(), 1, r#"found "Module.x m""#),
            ("repeated module", "module a\nmodule b\n".into(), 2, "repeated module directive (the first is on line 1)"),
            ("repeated go", "module m\ngo 1.21\n\ngo 1.22\n".into(), 4, "repeated go directive (the first is on line 2)"),
            ("module replacement without version", "module m\nreplace a.com/x => b.com/x\n".into(), 2, "replacement \"b.com/x\" has no version"),
            ("directory replacement with version", "module m\nreplace (\n\ta.com/x => ./x v1.0.0\n)\n".into(), 3, "replacement directory \"./x\" cannot have a version"),
            ("unterminated string", "module m\nrequire a.com/x \"v1\n".into(), 2, "malformed or empty quoted string"),
            ("empty string", "module m\ngo \"\"\n".into(), 2, "malformed or empty quoted string"),
            ("block comment", "module m\n/* no */\n".into(), 2, "expected a directive"),
            ("CRLF line numbers", "module m\r\n\r\ngo\r\n".into(), 3, r#"malformed go directive: "go""#),
            ("BOM on a bad first line", "\u{feff}!!\n".into(), 1, r#"found "!!""#),
            ("lone CR is a blank, not a line end", "module m\rgo 1.22\n".into(), 1, "malformed module directive"),
            ("garbage bytes", garbage, 2, "expected a directive"),
            ("garbage bytes first", garbage_first, 1, "expected a directive"),
            ("very long bad line", long, 2, "…\""),
        ];
        for (name, text, line, message) in cases {
            let error = parse(&text).expect_err(name);
            assert_eq!(error.line, line, "{name}: {error}");
            assert!(error.message.contains(message), "{name}: {error}");
            assert!(error.message.chars().count() < 250, "{name}: {error}");
        }
    }

    /// Mutates valid go.mod files at random (deterministically): parsing must
    /// never panic, and an error's line must be one of the file's.
    #[test]
    fn never_panics() {
        const PIECES: [&str; 24] = [
            "\n", "\r", "\r\n", " ", "\t", "(", ")", "[", "]", ",", "\"", "`", "//", "=>", "\\",
            "\u{feff}", "é", "\u{fffd}", "\0", "go", "tool", "require", "v1.0.0", "./x",
        ];
        let seeds = [
            FULL,
            "module m\ngo 1.22\n",
            "module m\ntool (\n\tx\n)\nrequire a v1\n",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap_or(0)
        };
        for round in 0..3000 {
            let mut chars: Vec<char> = seeds[round % seeds.len()].chars().collect();
            for _ in 0..=next(4) {
                let at = next(chars.len() + 1);
                match next(3) {
                    0 => {
                        let piece = PIECES[next(PIECES.len())];
                        chars.splice(at..at, piece.chars());
                    }
                    1 if at < chars.len() => {
                        let end = (at + next(8)).min(chars.len());
                        chars.drain(at..end);
                    }
                    _ if at < chars.len() => {
                        chars[at] = PIECES[next(PIECES.len())].chars().next().unwrap_or(' ');
                    }
                    _ => {}
                }
            }
            let text: String = chars.into_iter().collect();
            if let Err(error) = parse(&text) {
                let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
                assert!((1..=lines).contains(&error.line), "{text:?}: {error}");
            }
        }
    }

    #[test]
    fn local_replace() {
        let go_mod = parse("module m\nreplace a => ./a\nreplace b => c v1\n").unwrap();
        let local: Vec<bool> = go_mod.replaces.iter().map(Replace::is_local).collect();
        assert_eq!(local, [true, false]);
    }

    #[test]
    fn typos() {
        for (word, known) in [
            ("requre", Some("require")),
            ("requirre", Some("require")),
            ("reqiure", Some("require")),
            ("replac", Some("replace")),
            ("tools", Some("tool")),
            ("modul", Some("module")),
            ("require", None),
            ("gox", None),
            ("frobnicate", None),
            ("rqeuier", None),
        ] {
            assert_eq!(typo_of(word), known, "{word}");
        }
    }
}
