//! The top of a Go file: its build constraint lines, package clause and
//! import declarations (with the cgo preamble before `import "C"`), read
//! as go/build and go/parser read them, from the whole file or from its
//! first bytes.

use super::lexer::{
    find, lossy, string_value, strip_bom, token_text, trim, Ending, Kind, Lexer, Token, BOM,
};

/// What the top of a Go file says, up to the end of its import declarations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The package name, or `None` when no package clause was found.
    pub package: Option<String>,
    /// The expression of the `//go:build` line, when the file has one.
    pub go_build: Option<String>,
    /// The expressions of legacy `// +build` lines, in order.
    pub plus_build: Vec<String>,
    /// Every imported path, in order (`"C"` included).
    pub imports: Vec<String>,
    /// `#cgo` directive lines from the comment right before `import "C"`,
    /// without the leading `#cgo` (e.g. `LDFLAGS: -lm`).
    pub cgo_directives: Vec<String>,
}

/// The result of lexing the top of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderScan {
    pub header: Header,
    /// True when the lexer saw the end of the import section (the first
    /// declaration after the imports, or the end of the file). False means the
    /// buffer ended mid-header and a longer read may say more.
    pub complete: bool,
}

/// The expression of a `//go:build` line (already trimmed), like Go's
/// `isGoBuildComment` + `splitGoBuild`: `//go:build` followed by white space
/// or nothing.
fn go_build_expression(line: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(b"//go:build")?;
    let rest = String::from_utf8_lossy(rest);
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(rest.trim().to_string())
}

/// The expression of a `// +build` line (already trimmed), like Go's
/// `splitPlusBuild`: `//`, optional white space, `+build`, then white space
/// or nothing.
fn plus_build_expression(line: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(b"//")?;
    // Most comment lines are not `+build` lines: say so before converting.
    find(rest, b"+build")?;
    let rest = String::from_utf8_lossy(rest);
    let rest = rest.trim().strip_prefix("+build")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(rest.trim().to_string())
}

/// Finds the `//go:build` and `// +build` lines of the leading comments,
/// replicating go/build's `parseFileHeader` and `shouldBuild`:
///
/// - the header is the run of blank lines and comments before the first
///   non-comment text (the package clause);
/// - a `//go:build` line counts anywhere in it, except inside `/* */`; only
///   the first one is kept (Go reports several as an error);
/// - `// +build` lines count only before the last blank line that precedes
///   the first line that is neither blank nor a `//` comment.
fn constraint_lines(src: &[u8]) -> (Option<String>, Vec<String>) {
    let mut go_build = None;
    let mut end = 0usize;
    let mut ended = false;
    let mut in_slash_star = false;
    let mut p = 0usize;
    'lines: while p < src.len() {
        let rest = src.get(p..).unwrap_or(&[]);
        let raw = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                p += i + 1;
                rest.get(..i).unwrap_or(&[])
            }
            None => {
                p = src.len();
                rest
            }
        };
        let line = trim(raw);
        if line.is_empty() && !ended {
            end = p;
            continue;
        }
        if !line.starts_with(b"//") {
            ended = true;
        }
        if !in_slash_star && go_build.is_none() {
            go_build = go_build_expression(line);
        }
        let mut l = line;
        while !l.is_empty() {
            if in_slash_star {
                match find(l, b"*/") {
                    Some(i) => {
                        in_slash_star = false;
                        l = trim(l.get(i + 2..).unwrap_or(&[]));
                        continue;
                    }
                    None => continue 'lines,
                }
            }
            if l.starts_with(b"//") {
                continue 'lines;
            }
            if let Some(after) = l.strip_prefix(b"/*") {
                in_slash_star = true;
                l = trim(after);
                continue;
            }
            break 'lines;
        }
    }
    let plus_build = src
        .get(..end)
        .unwrap_or(&[])
        .split(|&b| b == b'\n')
        .filter_map(|line| plus_build_expression(trim(line)))
        .collect();
    (go_build, plus_build)
}

/// A comment group as a byte range of the source: from the start of its
/// first comment to the end of its last. Kept as a range, so that a file of
/// millions of comment lines costs no memory per comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Group {
    start: usize,
    end: usize,
}

/// The next non-comment token, with the comments before it.
struct Significant {
    tok: Option<Token>,
    /// The doc (lead) comment group of `tok`, as go/parser assigns it.
    lead: Option<Group>,
    /// A comment before it was cut by the end of the input.
    cut_comment: bool,
}

struct Reader<'a> {
    lexer: Lexer<'a>,
    /// The line where the previous non-comment token ended (0 at the start).
    prev_line: usize,
    /// Whether the input is the whole file: if not, a `/` at its very end may
    /// be the start of a comment cut by the read.
    whole: bool,
}

/// go/parser's comment groups, one comment at a time: comments are grouped
/// when each starts at most one line after the previous one ends; a first
/// group starting on the line of the previous token is that token's line
/// comment (grouped only while on the same line); the last group is the next
/// token's doc comment when it ends on the line right before it.
struct Grouper {
    prev_line: usize,
    /// The group being built, its last line, and whether it is the previous
    /// token's line comment.
    current: Option<(Group, usize, bool)>,
}

impl Grouper {
    fn push(&mut self, c: &Token) {
        match &mut self.current {
            Some((group, endline, line_comment)) => {
                let gap = if *line_comment { 0 } else { 1 };
                if c.start_line > *endline + gap {
                    self.current = Some((group_of(c), c.end_line, false));
                } else {
                    group.end = c.end;
                    *endline = c.end_line;
                }
            }
            None => {
                let line_comment = self.prev_line != 0 && c.start_line == self.prev_line;
                self.current = Some((group_of(c), c.end_line, line_comment));
            }
        }
    }

    fn lead(&self, next_line: usize) -> Option<Group> {
        match self.current {
            Some((group, endline, false)) if endline + 1 == next_line => Some(group),
            _ => None,
        }
    }
}

fn group_of(c: &Token) -> Group {
    Group {
        start: c.start,
        end: c.end,
    }
}

impl<'a> Reader<'a> {
    fn new(src: &'a [u8], whole: bool) -> Self {
        Reader {
            lexer: Lexer::new(src),
            prev_line: 0,
            whole,
        }
    }

    fn next(&mut self) -> Significant {
        let mut groups = Grouper {
            prev_line: self.prev_line,
            current: None,
        };
        let mut cut_comment = false;
        let tok = loop {
            match self.lexer.next() {
                Some(t) if t.is_comment() => {
                    cut_comment |= t.ending == Ending::Eof;
                    groups.push(&t);
                }
                other => break other,
            }
        };
        if !self.whole {
            let end = self.lexer.src.len();
            cut_comment |= tok.is_some_and(|t| t.is_punct(b'/') && t.end == end);
        }
        let lead = tok.and_then(|t| groups.lead(t.start_line));
        if let Some(t) = tok {
            self.prev_line = t.end_line;
        }
        Significant {
            tok,
            lead,
            cut_comment,
        }
    }
}

/// `#cgo` lines of a comment group: the comment text (without `//`, `/*`,
/// `*/`) split into lines, each trimmed; a line `#cgo` + space or tab yields
/// the rest, trimmed.
fn cgo_lines(src: &[u8], group: Group, out: &mut Vec<String>) {
    let src = src.get(group.start..group.end).unwrap_or_default();
    for c in Lexer::new(src).filter(Token::is_comment) {
        let text = token_text(src, &c);
        let body = match c.kind {
            Kind::BlockComment => {
                let body = text.get(2..).unwrap_or(&[]);
                if c.ending == Ending::Closed {
                    body.get(..body.len().saturating_sub(2)).unwrap_or(&[])
                } else {
                    body
                }
            }
            _ => text.get(2..).unwrap_or(&[]),
        };
        for line in body.split(|&b| b == b'\n') {
            let line = trim(line);
            if let Some(rest) = line.strip_prefix(b"#cgo") {
                if matches!(rest.first(), Some(b' ' | b'\t')) {
                    out.push(lossy(trim(rest)));
                }
            }
        }
    }
}

/// What to do after an import declaration.
enum Flow {
    /// The declaration was read; look for another one.
    Next,
    /// A syntax error or a token that ends the imports: the scan is done.
    Done,
    /// The input ended inside the declaration.
    Cut,
}

struct Spec {
    path: String,
    doc: Option<Group>,
}

struct HeaderScanner<'a> {
    src: &'a [u8],
    /// Whether `src` is the whole file, not only its first bytes.
    whole: bool,
    reader: Reader<'a>,
    header: Header,
}

impl HeaderScanner<'_> {
    fn is_ident(&self, tok: &Token, word: &[u8]) -> bool {
        tok.kind == Kind::Ident && token_text(self.src, tok) == word
    }

    /// Whether an identifier at the very end of the input may be the start
    /// of `word`.
    fn may_be_cut(&self, tok: &Token, word: &[u8]) -> bool {
        tok.kind == Kind::Ident
            && tok.end == self.src.len()
            && word.starts_with(token_text(self.src, tok))
    }

    /// Reads the package clause and the imports; returns `complete`.
    fn run(&mut self) -> bool {
        let s = self.reader.next();
        if s.cut_comment {
            return false;
        }
        let Some(tok) = s.tok else {
            return false;
        };
        if !self.is_ident(&tok, b"package") {
            return !self.may_be_cut(&tok, b"package");
        }
        let s = self.reader.next();
        if s.cut_comment {
            return false;
        }
        let Some(name) = s.tok else {
            return false;
        };
        if name.kind != Kind::Ident {
            return true;
        }
        self.header.package = Some(lossy(token_text(self.src, &name)));
        if name.end == self.src.len() {
            return false;
        }
        loop {
            let s = self.reader.next();
            if s.cut_comment {
                return false;
            }
            let Some(tok) = s.tok else {
                // The end of a whole file ends the header; the end of a
                // prefix may fall between two import declarations.
                return self.whole;
            };
            if tok.is_punct(b';') {
                continue;
            }
            if !self.is_ident(&tok, b"import") {
                return !self.may_be_cut(&tok, b"import");
            }
            match self.import_decl(s.lead) {
                Flow::Next => {}
                Flow::Done => return true,
                Flow::Cut => return false,
            }
        }
    }

    /// Reads what follows an `import` keyword.
    fn import_decl(&mut self, decl_doc: Option<Group>) -> Flow {
        let s = self.reader.next();
        if s.cut_comment {
            return Flow::Cut;
        }
        let Some(tok) = s.tok else {
            return Flow::Cut;
        };
        let mut specs = Vec::new();
        let flow = if tok.is_punct(b'(') {
            loop {
                let s = self.reader.next();
                if s.cut_comment {
                    break Flow::Cut;
                }
                let Some(tok) = s.tok else {
                    break Flow::Cut;
                };
                if tok.is_punct(b';') {
                    continue;
                }
                if tok.is_punct(b')') {
                    break Flow::Next;
                }
                match self.import_spec(tok, s.lead) {
                    Ok(spec) => specs.push(spec),
                    Err(flow) => break flow,
                }
            }
        } else {
            match self.import_spec(tok, s.lead) {
                Ok(spec) => {
                    specs.push(spec);
                    Flow::Next
                }
                Err(flow) => flow,
            }
        };
        let single = specs.len() == 1;
        for spec in specs {
            if spec.path == "C" {
                // go/build and cmd/cgo: the spec's own doc comment, else the
                // declaration's when the declaration has only this spec.
                let doc = spec.doc.or(if single { decl_doc } else { None });
                if let Some(doc) = doc {
                    cgo_lines(self.src, doc, &mut self.header.cgo_directives);
                }
            }
            self.header.imports.push(spec.path);
        }
        flow
    }

    /// Reads `[name] "path"` starting at `first`.
    fn import_spec(&mut self, first: Token, doc: Option<Group>) -> Result<Spec, Flow> {
        let path = if first.kind == Kind::Ident || first.is_punct(b'.') {
            let s = self.reader.next();
            if s.cut_comment {
                return Err(Flow::Cut);
            }
            s.tok.ok_or(Flow::Cut)?
        } else {
            first
        };
        if !matches!(path.kind, Kind::Str | Kind::RawStr) {
            return Err(Flow::Done);
        }
        match path.ending {
            Ending::Closed => Ok(Spec {
                path: string_value(self.src, &path),
                doc,
            }),
            Ending::Eof => Err(Flow::Cut),
            Ending::Newline => Err(Flow::Done),
        }
    }
}

/// Lexes the top of a Go file: the build constraint lines, the package clause
/// and the import declarations. See [`HeaderScan::complete`] for when the
/// result is final.
///
/// `complete` is false when the input ends before the package clause, in a
/// comment, string or import declaration, on an identifier that may be
/// cut (`package ma`, `imp`), or (for a prefix) on a `/` that may open a
/// comment; a file that ends cleanly after its package
/// clause or imports is complete, and so is a file that does not start like
/// Go (package `None`).
pub fn parse_header(source: &[u8]) -> HeaderScan {
    parse_header_prefix(source, true)
}

/// [`parse_header`] of the first bytes of a file: with `whole` false, input
/// that ends between two import declarations is not complete either, since
/// more imports may follow in the bytes not read.
pub fn parse_header_prefix(source: &[u8], whole: bool) -> HeaderScan {
    if !whole && source.len() < BOM.len() && BOM.starts_with(source) {
        // Maybe the first bytes of a byte-order mark (or nothing yet).
        return HeaderScan::default();
    }
    let src = strip_bom(source);
    let (go_build, plus_build) = constraint_lines(src);
    let mut scanner = HeaderScanner {
        src,
        whole,
        reader: Reader::new(src, whole),
        header: Header {
            go_build,
            plus_build,
            ..Header::default()
        },
    };
    let complete = scanner.run();
    HeaderScan {
        header: scanner.header,
        complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::strings;
    use crate::go::source::{embed_patterns, version_variables};

    fn header(package: Option<&str>, imports: &[&str]) -> Header {
        Header {
            package: package.map(str::to_string),
            imports: strings(imports),
            ..Header::default()
        }
    }

    fn scan(source: &str) -> HeaderScan {
        parse_header(source.as_bytes())
    }

    #[test]
    fn package_and_imports() {
        let cases: Vec<(&str, Header, bool)> = vec![
            ("package main\n", header(Some("main"), &[]), true),
            ("package main\n\nfunc main() {}\n", header(Some("main"), &[]), true),
            (
                "package main\n\nimport \"fmt\"\n\nfunc main() {}\n",
                header(Some("main"), &["fmt"]),
                true,
            ),
            (
                "package foo\nimport f \"fmt\"\nimport _ \"embed\"\nimport . \"strings\"\nvar x int\n",
                header(Some("foo"), &["fmt", "embed", "strings"]),
                true,
            ),
            (
                "package foo\n\nimport (\n\t\"fmt\"\n\tstr \"strings\"\n\t_ \"embed\"\n\t. \"math\"\n)\n\ntype T int\n",
                header(Some("foo"), &["fmt", "strings", "embed", "math"]),
                true,
            ),
            (
                "package foo; import (\"a\"; b \"b\"); import \"c\"; func f() {}",
                header(Some("foo"), &["a", "b", "c"]),
                true,
            ),
            (
                "// Package foo does things.\n/* more */\npackage foo // trailing\n\n// doc\nimport ( // group\n\t\"a\" // a\n\t/* b */ \"b\"\n\n\t// c\n\t\"c\"\n) /* after */\nimport \"d\"\nconst x = 1\n",
                header(Some("foo"), &["a", "b", "c", "d"]),
                true,
            ),
            (
                "package foo\nimport `raw/path`\nimport (\n\tx `other`\n)\nvar y = 1\n",
                header(Some("foo"), &["raw/path", "other"]),
                true,
            ),
            (
                "package foo\nimport \"\\x61\\u00e9\\142\\\"q\"\nvar y = 1\n",
                header(Some("foo"), &["a\u{e9}b\"q"]),
                true,
            ),
            ("package foo\nimport ()\nvar y = 1\n", header(Some("foo"), &[]), true),
            // Imports after the first declaration are not imports.
            (
                "package foo\nimport \"a\"\nvar x = 1\nimport \"b\"\n",
                header(Some("foo"), &["a"]),
                true,
            ),
            // A syntax error ends the scan.
            ("package foo\nimport 42\n", header(Some("foo"), &[]), true),
            ("package foo\nimport x y\n", header(Some("foo"), &[]), true),
            ("package foo\nimport \"a\nb\"\n", header(Some("foo"), &[]), true),
            ("package 42\n", header(None, &[]), true),
            ("package \"main\"\n", header(None, &[]), true),
            // CRLF line endings.
            (
                "package main\r\n\r\nimport (\r\n\t\"fmt\"\r\n)\r\n\r\nfunc main() {}\r\n",
                header(Some("main"), &["fmt"]),
                true,
            ),
            // A BOM is skipped.
            (
                "\u{feff}package main\nimport \"os\"\nfunc main() {}\n",
                header(Some("main"), &["os"]),
                true,
            ),
            // End of a file that ends cleanly after its imports.
            ("package foo\nimport \"a\"\n", header(Some("foo"), &["a"]), true),
            ("package foo\nimport \"a\"", header(Some("foo"), &["a"]), true),
            ("package foo\n// the end\n", header(Some("foo"), &[]), true),
            // Not Go.
            ("hello world\n", header(None, &[]), true),
            ("#!/bin/sh\npackage main\n", header(None, &[]), true),
            ("func main() {}\n", header(None, &[]), true),
            ("\"package main\"\n", header(None, &[]), true),
            ("packages main\n", header(None, &[]), true),
        ];
        for (source, want, complete) in cases {
            let got = scan(source);
            assert_eq!(got.header, want, "{source:?}");
            assert_eq!(got.complete, complete, "{source:?}");
        }
    }

    #[test]
    fn incomplete_headers() {
        let cases: Vec<(&str, Header)> = vec![
            ("", header(None, &[])),
            ("// Copyright\n// more\n", header(None, &[])),
            ("/* license\n", header(None, &[])),
            ("// license", header(None, &[])),
            ("pack", header(None, &[])),
            ("package", header(None, &[])),
            ("package ", header(None, &[])),
            ("package ma", header(Some("ma"), &[])),
            ("package main\nimp", header(Some("main"), &[])),
            ("package main\nimport", header(Some("main"), &[])),
            ("package main\nimport (", header(Some("main"), &[])),
            (
                "package main\nimport (\n\t\"fmt\"\n",
                header(Some("main"), &["fmt"]),
            ),
            (
                "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"str",
                header(Some("main"), &["fmt", "os"]),
            ),
            ("package main\nimport \"fm", header(Some("main"), &[])),
            ("package main\nimport `fm", header(Some("main"), &[])),
            ("package main\nimport f", header(Some("main"), &[])),
            ("package main\nimport (\n\tf ", header(Some("main"), &[])),
            (
                "package main\nimport \"fmt\"\n/* half a comment",
                header(Some("main"), &["fmt"]),
            ),
            (
                "package main\nimport \"fmt\"\n// #cgo LDFL",
                header(Some("main"), &["fmt"]),
            ),
            (
                "package main\nimport (\n// comment",
                header(Some("main"), &[]),
            ),
        ];
        for (source, want) in cases {
            let got = scan(source);
            assert_eq!(got.header, want, "{source:?}");
            assert!(!got.complete, "{source:?} should be incomplete");
        }
    }

    #[test]
    fn build_constraint_lines() {
        let cases: Vec<(&str, Option<&str>, &[&str])> = vec![
            ("//go:build linux\n\npackage main\n", Some("linux"), &[]),
            ("//go:build linux && amd64\npackage main\n", Some("linux && amd64"), &[]),
            ("  //go:build\tlinux  \r\n\npackage main\n", Some("linux"), &[]),
            // `//go:build` alone is a constraint line with an empty (invalid)
            // expression, as in Go.
            ("//go:build\n\npackage main\n", Some(""), &[]),
            // Not `//go:build` lines.
            ("//go:buildlinux\n\npackage main\n", None, &[]),
            ("// go:build linux\n\npackage main\n", None, &[]),
            ("//go:builds linux\n\npackage main\n", None, &[]),
            // Only before the package clause.
            ("package main\n\n//go:build ignore\n", None, &[]),
            ("package main //go:build ignore\n", None, &[]),
            // Not inside a block comment.
            ("/*\n//go:build ignore\n*/\n\npackage main\n", None, &[]),
            ("/* x */\n//go:build linux\n\npackage main\n", Some("linux"), &[]),
            (
                "/*\n//go:build ignore\n*/ //go:build nope\n//go:build linux\npackage main\n",
                Some("linux"),
                &[],
            ),
            // After a license comment and blank lines.
            (
                "// Copyright 2024\n// License\n\n//go:build tools\n// +build tools\n\npackage tools\n",
                Some("tools"),
                &["tools"],
            ),
            // Lenient about the blank line after `//go:build`.
            ("//go:build ignore\npackage main\n", Some("ignore"), &[]),
            // Only the first of several (Go rejects the file).
            ("//go:build a\n//go:build b\n\npackage main\n", Some("a"), &[]),
            // Legacy lines, in order; `//+build` (no space) counts.
            (
                "// +build linux,amd64 darwin\n//+build !cgo\n\npackage main\n",
                None,
                &["linux,amd64 darwin", "!cgo"],
            ),
            ("// +build\n\npackage main\n", None, &[""]),
            ("// +buildlinux\n\npackage main\n", None, &[]),
            ("// x +build linux\n\npackage main\n", None, &[]),
            // A `// +build` line needs a blank line before the package clause
            // (otherwise it is the package's doc comment).
            ("// +build linux\npackage main\n", None, &[]),
            ("// +build linux\n\n// Package main.\npackage main\n", None, &["linux"]),
            // A `/* */` comment stops `// +build` lines after it.
            ("/* x */\n\n// +build linux\n\npackage main\n", None, &[]),
            ("package main\n\n// +build linux\n", None, &[]),
            (
                "\u{feff}//go:build linux\n// +build linux\n\npackage main\n",
                Some("linux"),
                &["linux"],
            ),
        ];
        for (source, go_build, plus_build) in cases {
            let got = scan(source).header;
            assert_eq!(got.go_build.as_deref(), go_build, "{source:?}");
            assert_eq!(got.plus_build, strings(plus_build), "{source:?}");
        }
    }

    #[test]
    fn cgo_preambles() {
        let cases: Vec<(&str, &[&str])> = vec![
            (
                "package m\n\n/* #cgo LDFLAGS: -lm\n#include <math.h> */\nimport \"C\"\n",
                &["LDFLAGS: -lm"],
            ),
            (
                "package m\n\n// #cgo linux pkg-config: sqlite3\n// #cgo CFLAGS: -O2 -DX=1\n// #include <sqlite3.h>\nimport \"C\"\n",
                &["linux pkg-config: sqlite3", "CFLAGS: -O2 -DX=1"],
            ),
            (
                "package m\n\n/*\n#cgo LDFLAGS: -lz\n  #cgo\tCFLAGS: -I.  \n#cgoLDFLAGS: no\n#cgo\n*/\nimport \"C\"\n",
                &["LDFLAGS: -lz", "CFLAGS: -I."],
            ),
            // Inside a group: the spec's own doc comment.
            (
                "package m\n\nimport (\n\t\"fmt\"\n\n\t// #cgo LDFLAGS: -lm\n\t\"C\"\n)\n",
                &["LDFLAGS: -lm"],
            ),
            // The declaration's doc comment when the group holds only "C".
            ("package m\n\n// #cgo LDFLAGS: -lm\nimport (\n\t\"C\"\n)\n", &["LDFLAGS: -lm"]),
            // ... but not when it holds more.
            ("package m\n\n// #cgo LDFLAGS: -lm\nimport (\n\t\"C\"\n\t\"fmt\"\n)\n", &[]),
            // A blank line between comment and import: no preamble.
            ("package m\n\n// #cgo LDFLAGS: -lm\n\nimport \"C\"\n", &[]),
            // Only the last comment group counts.
            (
                "package m\n\n// #cgo LDFLAGS: -la\n\n// #cgo LDFLAGS: -lb\nimport \"C\"\n",
                &["LDFLAGS: -lb"],
            ),
            // A trailing comment on the previous line is not a doc comment.
            ("package m\nimport (\n\t\"fmt\" // #cgo LDFLAGS: -lm\n\t\"C\"\n)\n", &[]),
            ("package m // #cgo LDFLAGS: -lm\nimport \"C\"\n", &[]),
            // Nor is one after the import.
            ("package m\nimport \"C\" // #cgo LDFLAGS: -lm\n", &[]),
            // The comment must be right before `import "C"`, not another import.
            ("package m\n// #cgo LDFLAGS: -lm\nimport \"fmt\"\nimport \"C\"\n", &[]),
            // `// #cgo` inside a block comment is a C comment, not a directive.
            ("package m\n/*\n// #cgo LDFLAGS: -lm\n*/\nimport \"C\"\n", &[]),
            // Several `import "C"` declarations.
            (
                "package m\n// #cgo LDFLAGS: -la\nimport \"C\"\n// #cgo LDFLAGS: -lb\nimport \"C\"\n",
                &["LDFLAGS: -la", "LDFLAGS: -lb"],
            ),
            // Mixed line and block comments in one group.
            (
                "package m\n// #cgo LDFLAGS: -la\n/* #cgo LDFLAGS: -lb */\nimport \"C\"\n",
                &["LDFLAGS: -la", "LDFLAGS: -lb"],
            ),
            ("package m\n/* #cgo LDFLAGS: -lm */\nimport `C`\n", &["LDFLAGS: -lm"]),
            ("package m\n/* #cgo LDFLAGS: -lm */\r\nimport \"C\"\r\n", &["LDFLAGS: -lm"]),
        ];
        for (source, want) in cases {
            let got = scan(source);
            assert!(got.complete, "{source:?}");
            assert!(got.header.imports.contains(&"C".to_string()), "{source:?}");
            assert_eq!(got.header.cgo_directives, strings(want), "{source:?}");
        }
    }

    #[test]
    fn junk_is_not_go() {
        let mut inputs: Vec<Vec<u8>> = vec![
            b"\x00\x01\x02\xff\xfe package main".to_vec(),
            b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec(),
            b"\xff\xfe\xfd".to_vec(),
            b"PK\x03\x04\x14\x00".to_vec(),
            b"\xef\xbb".to_vec(),
        ];
        // Deterministic pseudo-random bytes.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for len in [1usize, 7, 64, 1000, 4096] {
            let mut buf = Vec::with_capacity(len);
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                buf.push((state >> 24) as u8);
            }
            inputs.push(buf);
        }
        for input in &inputs {
            let got = parse_header(input);
            assert_eq!(got.header.package, None, "{input:?}");
            assert!(got.header.imports.is_empty());
            // Runs without panicking.
            let _ = embed_patterns(input);
            let _ = version_variables(input);
        }
        let got = parse_header(b"\x00\x01\x02\xff\xfe package main");
        assert!(got.complete);
    }

    #[test]
    fn a_prefix_ending_between_imports_is_not_complete() {
        let prefix = b"package main\n\nimport \"fmt\"\n";
        assert!(parse_header(prefix).complete);
        assert!(!parse_header_prefix(prefix, false).complete);
        let with_declaration = b"package main\n\nimport \"fmt\"\n\nfunc main() {";
        assert!(parse_header_prefix(with_declaration, false).complete);
    }

    /// Found by the go_header fuzz target: a read that stops right after the
    /// first `/` of a `//` or `/*` comment saw junk (or the end of the
    /// imports) and called the header complete.
    #[test]
    fn a_prefix_ending_on_a_slash_is_not_complete() {
        let whole: &[u8] = b"//go:build linux && cgo\n\npackage main\n\n// doc\nimport \"C\"\n\nimport (\n\t/* x */ \"os\"\n)\n";
        let want = parse_header(whole).header;
        assert_eq!(want.imports, ["C", "os"]);
        for (at, &byte) in whole.iter().enumerate() {
            let prefix = whole.get(..=at).unwrap_or_default();
            let scan = parse_header_prefix(prefix, false);
            if byte == b'/' {
                assert!(!scan.complete, "{:?}", String::from_utf8_lossy(prefix));
            }
            if scan.complete {
                assert_eq!(scan.header, want, "{:?}", String::from_utf8_lossy(prefix));
            }
        }
    }

    /// The walker's case: a licence in `//` comments longer than the first
    /// read, which stops on the first `/` of a line.
    #[test]
    fn a_long_comment_cut_by_the_first_read_is_read_on() {
        let mut source = Vec::new();
        while source.len() < 8 * 1024 {
            source.extend_from_slice(b"// Licensed under the Apache License, Version 2.0.\n");
        }
        let cut = source.len() + 1;
        source.extend_from_slice(b"// More.\n\npackage web\n\nimport \"embed\"\n");
        let scan = parse_header_prefix(source.get(..cut).unwrap_or_default(), false);
        assert!(!scan.complete);
        assert_eq!(parse_header(&source).header.package.as_deref(), Some("web"));
    }

    #[test]
    fn a_prefix_of_a_byte_order_mark_is_not_complete() {
        for cut in 0..BOM.len() {
            assert!(!parse_header_prefix(BOM.get(..cut).unwrap_or_default(), false).complete);
        }
        assert_eq!(
            parse_header(b"\xEF\xBB\xBFpackage p")
                .header
                .package
                .as_deref(),
            Some("p")
        );
    }
}
