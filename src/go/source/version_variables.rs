//! Package-level declarations whose names say they hold a version, a commit
//! or a date, and whether `-ldflags -X` can set them: a string variable
//! with no initialiser or a string literal can be; a constant, a variable
//! of another type or one initialised by an expression cannot (the linker
//! ignores `-X` for those, silently).

use serde::Serialize;

use super::lexer::{lossy, strip_bom, token_text, unquote_interpreted, Ending, Kind, Lexer, Token};

/// Names (either case of the first letter) that hold what a build stamps.
const VERSION_NAMES: &[&str] = &[
    "version",
    "Version",
    "commit",
    "Commit",
    "gitCommit",
    "GitCommit",
    "revision",
    "Revision",
    "date",
    "Date",
    "buildDate",
    "BuildDate",
    "buildTime",
    "BuildTime",
];

/// Whether `-X` can set a declaration, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Settable {
    /// A string variable, without an initialiser or with a string literal.
    Yes,
    /// A constant.
    Constant,
    /// A variable of a type other than `string`.
    NotString,
    /// A variable initialised by an expression (a function call, a
    /// concatenation): the linker leaves it alone.
    Computed,
}

impl Settable {
    /// Why `-X` cannot set it, in a few words; `None` when it can.
    pub fn why_not(self) -> Option<&'static str> {
        match self {
            Settable::Yes => None,
            Settable::Constant => Some("a constant"),
            Settable::NotString => Some("not a string"),
            Settable::Computed => Some("initialised by an expression"),
        }
    }
}

/// A package-level declaration with a version-like name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionDeclaration {
    pub name: String,
    /// 1-based line of its name.
    pub line: u32,
    pub settable: Settable,
    /// The string literal it is initialised with (unquoted as written,
    /// without its quotes), when it is one: what a build that stamps
    /// nothing prints.
    pub default: Option<String>,
}

/// How many tokens before the furthest one read [`VarScanner`] keeps: it
/// never looks back more than two, so a huge file costs a small window of
/// tokens, not a token per word of the file.
const VAR_SCANNER_LOOKBACK: usize = 64;

/// A parser over the non-comment tokens of a whole file, for `var`
/// declarations at package level. Tokens are lexed on demand into a window
/// (`toks` holds tokens `base..`), which is trimmed as the scan moves on.
struct VarScanner<'a> {
    src: &'a [u8],
    lexer: Lexer<'a>,
    toks: std::collections::VecDeque<Token>,
    base: usize,
    found: Vec<VersionDeclaration>,
}

impl<'a> VarScanner<'a> {
    fn tok(&mut self, i: usize) -> Option<Token> {
        debug_assert!(
            i >= self.base,
            "token {i} was dropped (window starts at {})",
            self.base
        );
        while self.base + self.toks.len() <= i {
            let tok = self.lexer.by_ref().find(|t| !t.is_comment())?;
            self.toks.push_back(tok);
        }
        let furthest = self.base + self.toks.len();
        if furthest - self.base > 2 * VAR_SCANNER_LOOKBACK {
            let keep_from = furthest - VAR_SCANNER_LOOKBACK;
            self.toks.drain(..keep_from - self.base);
            self.base = keep_from;
        }
        self.toks.get(i.checked_sub(self.base)?).copied()
    }

    fn text(&mut self, i: usize) -> &'a [u8] {
        let src = self.src;
        self.tok(i).map_or(&[], |t| token_text(src, &t))
    }

    fn is_punct(&mut self, i: usize, c: u8) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(c))
    }

    /// Whether a var spec ends before token `i` (at bracket depth 0): end of
    /// input, `;`, a closing bracket, or a line break after a token that
    /// gets an automatic semicolon.
    fn spec_ends(&mut self, i: usize) -> bool {
        let Some(tok) = self.tok(i) else {
            return true;
        };
        if matches!(tok.kind, Kind::Punct(b';' | b')' | b'}' | b']')) {
            return true;
        }
        match i.checked_sub(1).and_then(|p| self.tok(p)) {
            Some(prev) => tok.start_line > prev.end_line && prev.ends_statement(),
            None => false,
        }
    }

    /// Skips to the end of the current spec (or the next `,` at depth 0 when
    /// `stop_at_comma`), returning the index of the token there.
    fn skip(&mut self, mut i: usize, stop_at_comma: bool) -> usize {
        let mut depth = 0usize;
        loop {
            let Some(tok) = self.tok(i) else {
                return i;
            };
            if depth == 0 && (self.spec_ends(i) || (stop_at_comma && tok.is_punct(b','))) {
                return i;
            }
            match tok.kind {
                Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
                Kind::Punct(b')' | b']' | b'}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
    }

    /// Reads what follows a package-level `var` (or `const`); returns where
    /// to resume.
    fn var_decl(&mut self, i: usize, constant: bool) -> usize {
        if !self.is_punct(i, b'(') {
            return self.var_spec(i, constant);
        }
        let mut i = i + 1;
        loop {
            match self.tok(i) {
                None => return i,
                Some(t) if t.is_punct(b';') => i += 1,
                Some(t) if t.is_punct(b')') => return i + 1,
                Some(_) => {
                    let next = self.var_spec(i, constant);
                    // Always make progress, even on a stray closing bracket.
                    i = if next > i { next } else { i + 1 };
                }
            }
        }
    }

    /// Reads one `names [type] [= values]` spec of a `var` (or, when
    /// `constant`, a `const`); returns the index of the token that ends it.
    fn var_spec(&mut self, mut i: usize, constant: bool) -> usize {
        let mut names = Vec::new();
        while let Some(tok) = self.tok(i).filter(|t| t.kind == Kind::Ident) {
            names.push((lossy(self.text(i)), tok.start_line as u32));
            i += 1;
            if !self.is_punct(i, b',') {
                break;
            }
            i += 1;
        }
        if names.is_empty() {
            return self.skip(i, false);
        }
        let count = names.len();
        let kind = |settable| vec![(settable, None); count];
        if constant {
            let end = self.skip(i, false);
            self.record(names, kind(Settable::Constant));
            return end;
        }
        // The type, if any: only a plain `string` can be set with -X.
        let mut typed_string = false;
        if !self.spec_ends(i) && !self.is_punct(i, b'=') {
            let plain_string =
                self.text(i) == b"string" && (self.spec_ends(i + 1) || self.is_punct(i + 1, b'='));
            if !plain_string {
                let end = self.skip(i, false);
                self.record(names, kind(Settable::NotString));
                return end;
            }
            typed_string = true;
            i += 1;
        }
        // `var version string`, or `var version` (not Go): settable when typed.
        let mut settable = kind(if typed_string {
            Settable::Yes
        } else {
            Settable::NotString
        });
        if self.is_punct(i, b'=') {
            i += 1;
            let mut index = 0;
            loop {
                let end = self.skip(i, true);
                let value = self.initialiser(i, end, typed_string);
                if let Some(slot) = settable.get_mut(index) {
                    *slot = value;
                }
                i = end;
                if !self.is_punct(i, b',') {
                    break;
                }
                i += 1;
                index += 1;
            }
            if index + 1 != names.len() {
                // Not one value per name: not valid Go.
                return self.skip(i, false);
            }
        } else if !self.spec_ends(i) {
            return self.skip(i, false);
        }
        self.record(names, settable);
        self.skip(i, false)
    }

    /// What the initialiser in tokens `start..end` makes of a variable: a
    /// constant string expression (string literals, `+`, parentheses) can be
    /// stamped; an expression naming anything else may call a function or
    /// read a variable, which `-X` does not handle; a number, a rune or a
    /// composite literal is no string.
    fn initialiser(
        &mut self,
        start: usize,
        end: usize,
        typed_string: bool,
    ) -> (Settable, Option<String>) {
        let mut strings = 0;
        let mut constant = end > start;
        let mut names = false;
        for index in start..end {
            let Some(tok) = self.tok(index) else {
                return (Settable::NotString, None);
            };
            match tok.kind {
                Kind::Str | Kind::RawStr if tok.ending == Ending::Closed => strings += 1,
                Kind::Punct(b'+' | b'(' | b')') => {}
                Kind::Ident => {
                    names = true;
                    constant = false;
                }
                _ => constant = false,
            }
        }
        if constant && strings > 0 {
            let raw = self.tok(start).is_some_and(|t| t.kind == Kind::RawStr);
            let text = self.text(start);
            let body = text.get(1..text.len().saturating_sub(1)).unwrap_or(&[]);
            let default = (strings == 1 && end == start + 1)
                .then(|| {
                    if raw {
                        Some(body.to_vec())
                    } else {
                        unquote_interpreted(body)
                    }
                })
                .flatten()
                .map(|bytes| lossy(&bytes));
            (Settable::Yes, default)
        } else if typed_string || names || strings > 0 {
            (Settable::Computed, None)
        } else {
            (Settable::NotString, None)
        }
    }

    fn record(&mut self, names: Vec<(String, u32)>, kinds: Vec<(Settable, Option<String>)>) {
        for ((name, line), (settable, default)) in names.into_iter().zip(kinds) {
            if VERSION_NAMES.contains(&name.as_str()) && !self.found.iter().any(|d| d.name == name)
            {
                self.found.push(VersionDeclaration {
                    name,
                    line,
                    settable,
                    default,
                });
            }
        }
    }
}

/// Package-level string variables that `-ldflags -X` can set and whose names
/// say what they hold (see [`version_declarations`]), in source order.
pub fn version_variables(source: &[u8]) -> Vec<String> {
    version_declarations(source)
        .into_iter()
        .filter(|declaration| declaration.settable == Settable::Yes)
        .map(|declaration| declaration.name)
        .collect()
}

/// Package-level `var` and `const` declarations whose names say they hold a
/// version, a commit or a date (`version`, `commit`, `gitCommit`,
/// `revision`, `date`, `buildDate`, `buildTime`, either case of the first
/// letter), each with whether `-X` can set it. Source order, one per name.
///
/// A variable can be set when it is declared with `var` outside any block,
/// its type is `string` or absent, and it has no initialiser or a constant
/// string expression (string literals joined by `+`) as its initialiser.
pub fn version_declarations(source: &[u8]) -> Vec<VersionDeclaration> {
    let src = strip_bom(source);
    let mut scanner = VarScanner {
        src,
        lexer: Lexer::new(src),
        toks: std::collections::VecDeque::new(),
        base: 0,
        found: Vec::new(),
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(tok) = scanner.tok(i) {
        match tok.kind {
            Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
            Kind::Punct(b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            Kind::Ident if depth == 0 && matches!(scanner.text(i), b"var" | b"const") => {
                let constant = scanner.text(i) == b"const";
                let next = scanner.var_decl(i + 1, constant);
                i = if next > i { next } else { i + 1 };
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    scanner.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::strings;

    #[test]
    fn version_vars() {
        let cases: Vec<(&str, &[&str])> = vec![
            ("package main\nvar version = \"dev\"\n", &["version"]),
            ("package main\nvar version string\n", &["version"]),
            ("package main\nvar Version = \"x\"\n", &["Version"]),
            ("package main\nvar version string = \"x\"\n", &["version"]),
            ("package main\nvar version = `dev`\n", &["version"]),
            ("package main\nvar version = \"dev\" // comment\n", &["version"]),
            ("package main\nvar version = \"dev\" /* c */; var commit string\n", &["version", "commit"]),
            (
                "package main\n\nvar (\n\tversion = \"dev\"\n\tcommit  string\n\tdate    = \"unknown\"\n)\n",
                &["version", "commit", "date"],
            ),
            (
                "package main\nvar ( version = \"dev\"; commit string; date = \"unknown\" )\n",
                &["version", "commit", "date"],
            ),
            (
                "package main\nvar (\n\tBuildDate string\n\tbuildDate = \"\"\n\tCommit, Date string\n)\n",
                &["BuildDate", "buildDate", "Commit", "Date"],
            ),
            ("package main\nvar version, commit = \"a\", \"b\"\n", &["version", "commit"]),
            ("package main\nvar version, n = \"a\", 1\n", &["version"]),
            ("package main\nvar n, commit = f(), \"b\"\n", &["commit"]),
            ("package main\nvar version =\n\t\"dev\"\n", &["version"]),
            // Source order, deduplicated.
            (
                "package main\nvar date string\nvar version = \"a\"\nvar date = \"b\"\n",
                &["date", "version"],
            ),
            // Rejected.
            ("package main\nconst version = \"dev\"\n", &[]),
            ("package main\nconst (\n\tversion = \"dev\"\n)\n", &[]),
            ("package main\nvar version int\n", &[]),
            ("package main\nvar version = 1\n", &[]),
            ("package main\nvar version = 'v'\n", &[]),
            ("package main\nvar version = getVersion()\n", &[]),
            ("package main\nvar version = \"a\" + suffix\n", &[]),
            // A constant string expression can be set.
            ("package main\nvar version = \"a\" +\n\t\"b\"\n", &["version"]),
            ("package main\nvar version = (\"a\")\n", &["version"]),
            ("package main\nvar version string = getVersion()\n", &[]),
            ("package main\nvar version MyString = \"x\"\n", &[]),
            ("package main\nvar version []string\n", &[]),
            ("package main\nvar version *string\n", &[]),
            ("package main\nvar version\n", &[]),
            ("package main\nvar version, commit = \"a\"\n", &[]),
            ("package main\nvar versions = \"a\"\nvar VERSION = \"b\"\nvar gitCommits = \"c\"\n", &[]),
            (
                "package main\nvar (\n\tgitCommit string\n\tRevision = \"r\"\n\tbuildTime string\n)\n",
                &["gitCommit", "Revision", "buildTime"],
            ),
            ("package main\nfunc main() { var version = \"x\" }\n", &[]),
            (
                "package main\nfunc main() {\n\tvar (\n\t\tversion = \"x\"\n\t)\n\t_ = version\n}\n",
                &[],
            ),
            ("package main\ntype T struct {\n\tversion string\n}\n", &[]),
            ("package main\n// var version = \"x\"\n/* var commit = \"y\" */\n", &[]),
            ("package main\nvar s = `\nvar version = \"x\"\n`\n", &[]),
            // Braces inside strings, runes and comments do not confuse depth.
            (
                "package main\nfunc f() {\n\t_ = \"}\"\n\t_ = '}'\n\t_ = `}`\n\t// }\n\t/* } */\n\tvar version = \"x\"\n}\nvar commit = \"c\"\n",
                &["commit"],
            ),
            // A func literal initialiser is skipped as a whole.
            (
                "package main\nvar f = func() string {\n\tvar version = \"x\"\n\treturn version\n}\nvar date = \"d\"\n",
                &["date"],
            ),
            // A multi-line expression in a group does not leak names.
            (
                "package main\nvar (\n\tx = foo(\n\t\tversion,\n\t)\n\tcommit = \"c\"\n)\n",
                &["commit"],
            ),
            ("package main\nvar (\n\tversion = \"dev\"\n", &["version"]),
            ("package main\nvar version = \"dev", &[]),
        ];
        for (source, want) in cases {
            assert_eq!(
                version_variables(source.as_bytes()),
                strings(want),
                "{source:?}"
            );
        }
    }

    fn declaration(
        name: &str,
        line: u32,
        settable: Settable,
        default: Option<&str>,
    ) -> VersionDeclaration {
        VersionDeclaration {
            name: name.to_string(),
            line,
            settable,
            default: default.map(str::to_string),
        }
    }

    /// Constants, other types and computed initialisers are reported with
    /// their lines, so that the user learns why a stamp would not take.
    #[test]
    fn declarations_that_cannot_be_stamped_say_why_and_where() {
        let source = "package version\n\nconst Version = \"1.0\"\n\nvar (\n\tCommit = getCommit()\n\tDate = time.Now().String()\n\tRevision int\n\tbuildDate = \"a\" + suffix\n\tgitCommit = \"ab\\x63\"\n\tbuildTime = `raw`\n\tversion string\n)\n\nvar commit, n = \"c\", 1\n";
        assert_eq!(
            version_declarations(source.as_bytes()),
            vec![
                declaration("Version", 3, Settable::Constant, None),
                declaration("Commit", 6, Settable::Computed, None),
                declaration("Date", 7, Settable::Computed, None),
                declaration("Revision", 8, Settable::NotString, None),
                declaration("buildDate", 9, Settable::Computed, None),
                declaration("gitCommit", 10, Settable::Yes, Some("abc")),
                declaration("buildTime", 11, Settable::Yes, Some("raw")),
                declaration("version", 12, Settable::Yes, None),
                declaration("commit", 15, Settable::Yes, Some("c")),
            ]
        );
        let grouped_constants =
            "package main\nconst (\n\tversion = \"dev\"\n\tdate, x = \"d\", 1\n)\nvar n = 1\n";
        assert_eq!(
            version_declarations(grouped_constants.as_bytes()),
            vec![
                declaration("version", 3, Settable::Constant, None),
                declaration("date", 4, Settable::Constant, None),
            ]
        );
    }

    /// Version variables are found past any number of tokens (the scanner
    /// keeps a window of them, not the whole file's).
    #[test]
    fn version_variables_anywhere_in_a_long_file() {
        let mut source = String::from("package main\n\nvar (\n\tcommit string\n");
        for i in 0..5000 {
            source.push_str(&format!("\tv{i} = \"x\"\n"));
        }
        source.push_str("\tdate = \"today\"\n)\n\n");
        for i in 0..5000 {
            source.push_str(&format!(
                "func f{i}() {{ var version = \"no\"; _ = version }}\n"
            ));
        }
        source.push_str("var version = \"dev\"\n\nvar Date = f0()\n");
        assert_eq!(
            version_variables(source.as_bytes()),
            ["commit", "date", "version"]
        );
    }
}
