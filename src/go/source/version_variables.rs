//! Package-level string variables `-ldflags -X` can set and whose names say
//! they hold a version, a commit or a date.

use super::lexer::{lossy, strip_bom, token_text, Ending, Kind, Lexer, Token};

const VERSION_NAMES: &[&str] = &[
    "version",
    "Version",
    "commit",
    "Commit",
    "date",
    "Date",
    "buildDate",
    "BuildDate",
];

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
    found: Vec<String>,
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

    /// Reads what follows a package-level `var`; returns where to resume.
    fn var_decl(&mut self, i: usize) -> usize {
        if !self.is_punct(i, b'(') {
            return self.var_spec(i);
        }
        let mut i = i + 1;
        loop {
            match self.tok(i) {
                None => return i,
                Some(t) if t.is_punct(b';') => i += 1,
                Some(t) if t.is_punct(b')') => return i + 1,
                Some(_) => {
                    let next = self.var_spec(i);
                    // Always make progress, even on a stray closing bracket.
                    i = if next > i { next } else { i + 1 };
                }
            }
        }
    }

    /// Reads one `names [type] [= values]` spec; returns the index of the
    /// token that ends it.
    fn var_spec(&mut self, mut i: usize) -> usize {
        let mut names = Vec::new();
        while self.tok(i).is_some_and(|t| t.kind == Kind::Ident) {
            names.push(lossy(self.text(i)));
            i += 1;
            if !self.is_punct(i, b',') {
                break;
            }
            i += 1;
        }
        if names.is_empty() {
            return self.skip(i, false);
        }
        // The type, if any: only a plain `string` can be set with -X.
        let mut typed_string = false;
        if !self.spec_ends(i) && !self.is_punct(i, b'=') {
            let plain_string =
                self.text(i) == b"string" && (self.spec_ends(i + 1) || self.is_punct(i + 1, b'='));
            if !plain_string {
                return self.skip(i, false);
            }
            typed_string = true;
            i += 1;
        }
        let mut settable = vec![typed_string; names.len()];
        if self.is_punct(i, b'=') {
            i += 1;
            let mut index = 0;
            loop {
                let literal = self.tok(i).is_some_and(|t| {
                    matches!(t.kind, Kind::Str | Kind::RawStr) && t.ending == Ending::Closed
                }) && (self.spec_ends(i + 1) || self.is_punct(i + 1, b','));
                if let Some(slot) = settable.get_mut(index) {
                    *slot = literal;
                }
                i = if literal { i + 1 } else { self.skip(i, true) };
                if !self.is_punct(i, b',') {
                    break;
                }
                i += 1;
                index += 1;
            }
            if index + 1 != names.len() {
                // Not one value per name: not valid Go.
                settable.iter_mut().for_each(|s| *s = false);
            }
        } else if !self.spec_ends(i) {
            return self.skip(i, false);
        }
        for (name, ok) in names.into_iter().zip(settable) {
            if ok && VERSION_NAMES.contains(&name.as_str()) && !self.found.contains(&name) {
                self.found.push(name);
            }
        }
        self.skip(i, false)
    }
}

/// Package-level string variables that `-ldflags -X` can set and whose names
/// say what they hold: `version`, `commit`, `date`, `buildDate` (any case of
/// the first letter). Returned in source order, without duplicates.
///
/// A variable counts when it is declared with `var` outside any block, its
/// type is `string` or absent, and it has no initialiser or a single string
/// literal as its initialiser.
pub fn version_variables(source: &[u8]) -> Vec<String> {
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
            Kind::Ident if depth == 0 && scanner.text(i) == b"var" => {
                let next = scanner.var_decl(i + 1);
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
            ("package main\nvar version = \"a\" +\n\t\"b\"\n", &[]),
            ("package main\nvar version = (\"a\")\n", &[]),
            ("package main\nvar version string = getVersion()\n", &[]),
            ("package main\nvar version MyString = \"x\"\n", &[]),
            ("package main\nvar version []string\n", &[]),
            ("package main\nvar version *string\n", &[]),
            ("package main\nvar version\n", &[]),
            ("package main\nvar version, commit = \"a\"\n", &[]),
            ("package main\nvar versions = \"a\"\nvar VERSION = \"b\"\nvar gitCommit = \"c\"\n", &[]),
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
