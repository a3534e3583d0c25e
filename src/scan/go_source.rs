//! A lexer for the parts of a Go source file that godock needs: the build
//! constraint, the package clause, the import list (with the cgo preamble),
//! `//go:embed` patterns and the package-level version variables.
//!
//! It works on bytes (a file need not be UTF-8) and never fails: junk yields a
//! header with no package clause, which the walker treats as "not Go".

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

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn strip_bom(source: &[u8]) -> &[u8] {
    source.strip_prefix(BOM).unwrap_or(source)
}

/// Go's `bytes.TrimSpace` for ASCII: space, `\t`, `\n`, `\v`, `\f`, `\r`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |i| i + 1);
    bytes.get(start..end).unwrap_or(&[])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    LineComment,
    BlockComment,
    Ident,
    Number,
    /// An interpreted (double-quoted) string literal.
    Str,
    /// A raw (backquoted) string literal.
    RawStr,
    Rune,
    Punct(u8),
}

/// How a comment or literal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Properly closed (a line comment followed by a newline).
    Closed,
    /// An interpreted string or rune cut by a newline: a syntax error.
    Newline,
    /// Cut by the end of the input: a longer read may say more.
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    start_line: usize,
    end_line: usize,
    ending: Ending,
}

impl Token {
    fn is_comment(&self) -> bool {
        matches!(self.kind, Kind::LineComment | Kind::BlockComment)
    }

    fn is_punct(&self, c: u8) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// Whether Go inserts a semicolon after this token at a line end.
    fn ends_statement(&self) -> bool {
        matches!(
            self.kind,
            Kind::Ident
                | Kind::Number
                | Kind::Str
                | Kind::RawStr
                | Kind::Rune
                | Kind::Punct(b')')
                | Kind::Punct(b']')
                | Kind::Punct(b'}')
        )
    }
}

/// A byte-level Go tokenizer. It never fails: anything it does not know is a
/// one-byte `Punct`. Lines are numbered from 1.
struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            line: 1,
        }
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    /// Scans an interpreted string or rune body up to `quote`.
    fn quoted(&mut self, quote: u8) -> Ending {
        self.pos += 1;
        loop {
            match self.peek(0) {
                None => return Ending::Eof,
                Some(b'\n') => return Ending::Newline,
                Some(b'\\') => match self.peek(1) {
                    None => {
                        self.pos += 1;
                        return Ending::Eof;
                    }
                    Some(b'\n') => {
                        self.pos += 1;
                        return Ending::Newline;
                    }
                    Some(_) => self.pos += 2,
                },
                Some(b) if b == quote => {
                    self.pos += 1;
                    return Ending::Closed;
                }
                Some(_) => self.pos += 1,
            }
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        while let Some(b) = self.peek(0) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                }
                _ => break,
            }
        }
        let first = self.peek(0)?;
        let start = self.pos;
        let start_line = self.line;
        let mut ending = Ending::Closed;
        let kind = match (first, self.peek(1)) {
            (b'/', Some(b'/')) => {
                let rest = self.src.get(self.pos..).unwrap_or(&[]);
                match rest.iter().position(|&b| b == b'\n') {
                    Some(i) => self.pos += i,
                    None => {
                        self.pos = self.src.len();
                        ending = Ending::Eof;
                    }
                }
                Kind::LineComment
            }
            (b'/', Some(b'*')) => {
                self.pos += 2;
                let rest = self.src.get(self.pos..).unwrap_or(&[]);
                let len = match find(rest, b"*/") {
                    Some(i) => i + 2,
                    None => {
                        ending = Ending::Eof;
                        rest.len()
                    }
                };
                let body = rest.get(..len).unwrap_or(&[]);
                self.line += body.iter().filter(|&&b| b == b'\n').count();
                self.pos += len;
                Kind::BlockComment
            }
            (b'"', _) => {
                ending = self.quoted(b'"');
                Kind::Str
            }
            (b'\'', _) => {
                ending = self.quoted(b'\'');
                Kind::Rune
            }
            (b'`', _) => {
                self.pos += 1;
                let rest = self.src.get(self.pos..).unwrap_or(&[]);
                let len = match rest.iter().position(|&b| b == b'`') {
                    Some(i) => i + 1,
                    None => {
                        ending = Ending::Eof;
                        rest.len()
                    }
                };
                let body = rest.get(..len).unwrap_or(&[]);
                self.line += body.iter().filter(|&&b| b == b'\n').count();
                self.pos += len;
                Kind::RawStr
            }
            (b, _) if is_ident_start(b) => {
                while self.peek(0).is_some_and(is_ident_continue) {
                    self.pos += 1;
                }
                Kind::Ident
            }
            (b, _) if b.is_ascii_digit() => {
                while self
                    .peek(0)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                {
                    self.pos += 1;
                }
                Kind::Number
            }
            (b, _) => {
                self.pos += 1;
                Kind::Punct(b)
            }
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
            start_line,
            end_line: self.line,
            ending,
        })
    }
}

fn token_text<'a>(src: &'a [u8], tok: &Token) -> &'a [u8] {
    src.get(tok.start..tok.end).unwrap_or(&[])
}

fn hex_value(b: u8) -> Option<u32> {
    char::from(b).to_digit(16)
}

/// Go's `strconv.Unquote` for the body of an interpreted string (without the
/// quotes). `None` for an invalid escape or a raw newline.
fn unquote_interpreted(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        i += 1;
        match b {
            b'\n' | b'"' => return None,
            b'\\' => {
                let e = *body.get(i)?;
                i += 1;
                match e {
                    b'a' => out.push(0x07),
                    b'b' => out.push(0x08),
                    b'f' => out.push(0x0C),
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'v' => out.push(0x0B),
                    b'\\' => out.push(b'\\'),
                    b'"' => out.push(b'"'),
                    b'0'..=b'7' => {
                        let digits = body.get(i - 1..i + 2)?;
                        let mut value: u32 = 0;
                        for &d in digits {
                            value = value * 8 + char::from(d).to_digit(8)?;
                        }
                        out.push(u8::try_from(value).ok()?);
                        i += 2;
                    }
                    b'x' | b'u' | b'U' => {
                        let n = match e {
                            b'x' => 2,
                            b'u' => 4,
                            _ => 8,
                        };
                        let digits = body.get(i..i + n)?;
                        let mut value: u32 = 0;
                        for &d in digits {
                            value = value.checked_mul(16)?.checked_add(hex_value(d)?)?;
                        }
                        i += n;
                        if e == b'x' {
                            out.push(u8::try_from(value).ok()?);
                        } else {
                            let c = char::from_u32(value)?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                    }
                    _ => return None,
                }
            }
            _ => out.push(b),
        }
    }
    Some(out)
}

/// The value of a closed string literal token, as Go would read it. An
/// interpreted string with an invalid escape yields its raw body.
fn string_value(src: &[u8], tok: &Token) -> String {
    let text = token_text(src, tok);
    let body = text.get(1..text.len().saturating_sub(1)).unwrap_or(&[]);
    match tok.kind {
        Kind::RawStr => {
            let stripped: Vec<u8> = body.iter().copied().filter(|&b| b != b'\r').collect();
            lossy(&stripped)
        }
        _ => lossy(&unquote_interpreted(body).unwrap_or_else(|| body.to_vec())),
    }
}

// ---------------------------------------------------------------------------
// Build constraint lines (go/build parseFileHeader)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Package clause and imports
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// //go:embed
// ---------------------------------------------------------------------------

/// Go's `parseGoEmbed`: space-separated patterns, each bare, "quoted" (Go
/// escapes) or `backquoted`. A malformed line yields an error and Go ignores
/// the whole line.
fn parse_go_embed(args: &str) -> Result<Vec<String>, ()> {
    let mut list = Vec::new();
    let mut args = args.trim_start();
    while !args.is_empty() {
        let path;
        if let Some(rest) = args.strip_prefix('`') {
            let (quoted, after) = rest.split_once('`').ok_or(())?;
            path = quoted.to_string();
            args = after;
        } else if args.starts_with('"') {
            let bytes = args.as_bytes();
            let mut i = 1;
            let mut close = None;
            while let Some(&b) = bytes.get(i) {
                if b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == b'"' {
                    close = Some(i);
                    break;
                }
                i += 1;
            }
            let close = close.ok_or(())?;
            let body = bytes.get(1..close).ok_or(())?;
            path = lossy(&unquote_interpreted(body).ok_or(())?);
            args = args.get(close + 1..).ok_or(())?;
        } else {
            let end = args.find(char::is_whitespace).unwrap_or(args.len());
            path = args.get(..end).ok_or(())?.to_string();
            args = args.get(end..).ok_or(())?;
        }
        if !args.is_empty() && !args.starts_with(char::is_whitespace) {
            return Err(());
        }
        list.push(path);
        args = args.trim_start();
    }
    Ok(list)
}

/// Every pattern of every `//go:embed` directive in the file, in order, as Go
/// would read them (quoted patterns unquoted, `all:` prefixes kept).
///
/// A directive is a line comment that is the first token on its line and
/// starts with `//go:embed` plus a space or tab; comments inside block
/// comments and string literals (raw strings span lines) are not directives.
/// A malformed directive line contributes nothing, as in go/build.
pub fn embed_patterns(source: &[u8]) -> Vec<String> {
    let src = strip_bom(source);
    let mut patterns = Vec::new();
    let mut prev_end_line = 0;
    for tok in Lexer::new(src) {
        let at_line_start = tok.start_line > prev_end_line;
        prev_end_line = tok.end_line;
        if tok.kind != Kind::LineComment || !at_line_start {
            continue;
        }
        let text = token_text(src, &tok);
        let Some(rest) = text.strip_prefix(b"//go:embed") else {
            continue;
        };
        let Some((&(b' ' | b'\t'), args)) = rest.split_first() else {
            continue;
        };
        if let Ok(list) = parse_go_embed(&String::from_utf8_lossy(args)) {
            patterns.extend(list);
        }
    }
    patterns
}

// ---------------------------------------------------------------------------
// Version variables
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// #cgo directives
// ---------------------------------------------------------------------------

/// One `#cgo` line, as `cmd/cgo` reads it: `#cgo [conditions] VARIABLE: arguments`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CgoDirective {
    /// Space-separated alternatives, each a comma-separated conjunction of
    /// (possibly negated) build tags: `linux,amd64 darwin`. Empty: always.
    pub conditions: Vec<String>,
    /// `CFLAGS`, `LDFLAGS`, `pkg-config`, …
    pub variable: String,
    /// The arguments, split as cmd/cgo splits them (quotes group words).
    pub arguments: Vec<String>,
}

/// Parses a `#cgo` directive as the header lexer stores it (without the
/// leading `#cgo`). `None` when it has no `VARIABLE:` part.
pub fn parse_cgo_directive(line: &str) -> Option<CgoDirective> {
    let (head, arguments) = line.split_once(':')?;
    let mut words: Vec<&str> = head.split_whitespace().collect();
    let variable = words.pop()?.to_string();
    Some(CgoDirective {
        conditions: words.into_iter().map(str::to_string).collect(),
        variable,
        arguments: split_quoted(arguments),
    })
}

/// cmd/cgo's `splitQuoted`: whitespace separates words, `'…'` and `"…"`
/// group them, a backslash escapes the next character.
fn split_quoted(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            word.push(c);
            escaped = false;
            in_word = true;
        } else if c == '\\' {
            escaped = true;
        } else if Some(c) == quote {
            quote = None;
        } else if quote.is_none() && (c == '"' || c == '\'') {
            quote = Some(c);
            in_word = true;
        } else if quote.is_none() && c.is_whitespace() {
            if in_word {
                words.push(std::mem::take(&mut word));
                in_word = false;
            }
        } else {
            word.push(c);
            in_word = true;
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

// ---------------------------------------------------------------------------
// Ports and time zones, from a whole file
// ---------------------------------------------------------------------------

/// What a whole file says about the program's run-time needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramUse {
    /// Ports the file listens on, in source order, without duplicates.
    pub ports: Vec<u16>,
    /// Whether it calls `LoadLocation` (time zones by name need tzdata).
    pub loads_location: bool,
}

/// Calls whose string arguments are listen addresses: net's `Listen`,
/// `ListenPacket`, net/http's `ListenAndServe[TLS]`, and the `Run`/`Start`
/// methods of gin and echo. An argument counts only when it parses as an
/// address with a port (`":8080"`, `"0.0.0.0:8080"`), so `Run("x")` does not.
const LISTEN_CALLS: [&str; 7] = [
    "Listen",
    "ListenPacket",
    "ListenAndServe",
    "ListenAndServeTLS",
    "ListenTLS",
    "Run",
    "Start",
];

/// Environment variables whose default value is a port.
const PORT_VARIABLES: [&str; 3] = ["PORT", "HTTP_PORT", "LISTEN_PORT"];

/// How many tokens after `Getenv("PORT")` a default may appear.
const PORT_DEFAULT_WINDOW: usize = 24;

/// Finds listen ports and `LoadLocation` calls in a whole Go file:
///
/// - a string literal `":8080"` (or `"host:8080"`) passed to a [`LISTEN_CALLS`] call;
/// - `Addr: ":8080"` in a composite literal (`http.Server{Addr: …}`);
/// - the default of a `PORT` variable: the first string literal holding only
///   a port (`"8080"` or `":8080"`) within a few tokens after
///   `Getenv("PORT")` or `LookupEnv("PORT")`.
///
/// Constants and computed addresses are not followed: a port godock cannot
/// see is a port the user passes with `--port`.
pub fn program_use(source: &[u8]) -> ProgramUse {
    let src = strip_bom(source);
    let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
    let text = |i: usize| toks.get(i).map_or(&[][..], |t| token_text(src, t));
    let literal = |i: usize| -> Option<String> {
        let tok = toks.get(i)?;
        (matches!(tok.kind, Kind::Str | Kind::RawStr) && tok.ending == Ending::Closed)
            .then(|| string_value(src, tok))
    };
    let mut found = ProgramUse::default();
    let add = |port: u16, ports: &mut Vec<u16>| {
        if !ports.contains(&port) {
            ports.push(port);
        }
    };
    for i in 0..toks.len() {
        if toks[i].kind != Kind::Ident {
            continue;
        }
        let word = text(i);
        let is_call = toks.get(i + 1).is_some_and(|t| t.is_punct(b'('));
        if word == b"LoadLocation" && is_call {
            found.loads_location = true;
        } else if is_call && LISTEN_CALLS.iter().any(|call| call.as_bytes() == word) {
            // String literals at depth 1 of the call's parentheses.
            let mut depth = 0usize;
            for (j, tok) in toks.iter().enumerate().skip(i + 1) {
                match tok.kind {
                    Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
                    Kind::Punct(b')' | b']' | b'}') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    Kind::Str | Kind::RawStr if depth == 1 => {
                        if let Some(port) = literal(j).as_deref().and_then(address_port) {
                            add(port, &mut found.ports);
                        }
                    }
                    _ => {}
                }
            }
        } else if word == b"Addr" && toks.get(i + 1).is_some_and(|t| t.is_punct(b':')) {
            if let Some(port) = literal(i + 2).as_deref().and_then(address_port) {
                add(port, &mut found.ports);
            }
        } else if (word == b"Getenv" || word == b"LookupEnv")
            && is_call
            && literal(i + 2).is_some_and(|name| PORT_VARIABLES.contains(&name.as_str()))
            && toks.get(i + 3).is_some_and(|t| t.is_punct(b')'))
        {
            let default = (i + 4..toks.len().min(i + 4 + PORT_DEFAULT_WINDOW))
                .find_map(|j| literal(j).as_deref().and_then(bare_port));
            if let Some(port) = default {
                add(port, &mut found.ports);
            }
        } else if is_call && FLAG_CALLS.iter().any(|call| call.as_bytes() == word) {
            if let Some(port) = flag_default_port(&toks, src, i + 1) {
                add(port, &mut found.ports);
            }
        }
    }
    found
}

/// flag (and pflag) definitions whose default may be a listen address.
const FLAG_CALLS: [&str; 4] = ["String", "StringVar", "Int", "IntVar"];

/// The default of a flag named like a listen address (`addr`, `port`,
/// `listen`, …): `flag.String("addr", ":8080", …)`, `flag.IntVar(&p,
/// "port", 8080, …)`. `open` is the index of the call's `(`.
fn flag_default_port(toks: &[Token], src: &[u8], open: usize) -> Option<u16> {
    // The arguments at depth 1, each as its tokens.
    let mut arguments: Vec<Vec<&Token>> = vec![Vec::new()];
    let mut depth = 0usize;
    for tok in toks.get(open..)? {
        match tok.kind {
            Kind::Punct(b'(' | b'[' | b'{') => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            Kind::Punct(b')' | b']' | b'}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            Kind::Punct(b',') if depth == 1 => {
                arguments.push(Vec::new());
                continue;
            }
            _ => {}
        }
        arguments.last_mut()?.push(tok);
    }
    let single = |argument: &Vec<&Token>| -> Option<Token> {
        match argument.as_slice() {
            [tok] => Some(**tok),
            _ => None,
        }
    };
    let name_at = arguments.iter().position(|argument| {
        single(argument).is_some_and(|tok| {
            matches!(tok.kind, Kind::Str | Kind::RawStr) && {
                let name = string_value(src, &tok).to_ascii_lowercase();
                ["addr", "port", "listen", "bind"]
                    .iter()
                    .any(|word| name.contains(word))
            }
        })
    })?;
    let default = single(arguments.get(name_at + 1)?)?;
    match default.kind {
        Kind::Str | Kind::RawStr => {
            let text = string_value(src, &default);
            address_port(&text).or_else(|| bare_port(&text))
        }
        Kind::Number => bare_port(&lossy(token_text(src, &default))),
        _ => None,
    }
}

/// The port of a listen address with an explicit port: `":8080"`,
/// `"0.0.0.0:8080"`, `"[::]:8080"`, `"localhost:8080"`. Port 0 (any) is none.
fn address_port(address: &str) -> Option<u16> {
    let (host, port) = address.rsplit_once(':')?;
    let host_ok = host.is_empty()
        || (host.starts_with('[') && host.ends_with(']'))
        || host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !host_ok {
        return None;
    }
    bare_port(port)
}

/// `"8080"` or `":8080"`: a port between 1 and 65535.
fn bare_port(text: &str) -> Option<u16> {
    let digits = text.strip_prefix(':').unwrap_or(text);
    if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u16>().ok().filter(|port| *port != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

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
    fn never_panics_on_prefixes_and_mutations() {
        let source = "\u{feff}// Copyright\n//go:build linux && !cgo\n// +build linux,!cgo\n\n/* doc\n*/\npackage main // x\n\nimport (\n\t\"embed\"\n\tf \"fmt\"\n\t_ \"a/b\"\n\t. `c`\n\t\"\\x41\\u00e9\\377\"\n)\n\n/*\n#cgo LDFLAGS: -lm\n#include <math.h>\n*/\nimport \"C\"\n\n//go:embed \"my file.txt\" static/* `x y`\nvar files embed.FS\n\nvar (\n\tversion = \"dev\"\n\tcommit string\n\tr = 'x'\n\ts = `raw\n//go:embed nope\n`\n)\n\nfunc main() {\n\tvar version = \"x\"\n\t_ = '\\''\n\tf.Println(version, \"{\", '{')\n}\n";
        let bytes = source.as_bytes();
        for end in 0..=bytes.len() {
            let prefix = bytes.get(..end).unwrap_or(&[]);
            let _ = parse_header(prefix);
            let _ = embed_patterns(prefix);
            let _ = version_variables(prefix);
        }
        let mut state: u32 = 12345;
        for _ in 0..2000 {
            let mut mutated = bytes.to_vec();
            for _ in 0..4 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let at = (state as usize >> 8) % mutated.len();
                let byte = [
                    b'"', b'`', b'\'', b'/', b'*', b'\\', b'\n', b'(', b')', b'{', b'}', 0xff, 0,
                ][(state as usize >> 3) % 13];
                if let Some(slot) = mutated.get_mut(at) {
                    *slot = byte;
                }
            }
            let _ = parse_header(&mutated);
            let _ = embed_patterns(&mutated);
            let _ = version_variables(&mutated);
        }
        let full = parse_header(bytes);
        assert!(full.complete);
        assert_eq!(full.header.package.as_deref(), Some("main"));
        assert_eq!(full.header.go_build.as_deref(), Some("linux && !cgo"));
        assert_eq!(full.header.plus_build, strings(&["linux,!cgo"]));
        assert_eq!(full.header.imports.len(), 6);
        assert_eq!(
            full.header.imports.get(4).map(String::as_str),
            Some("A\u{e9}\u{fffd}")
        );
        assert_eq!(full.header.cgo_directives, strings(&["LDFLAGS: -lm"]));
        assert_eq!(
            embed_patterns(bytes),
            strings(&["my file.txt", "static/*", "x y"])
        );
        assert_eq!(version_variables(bytes), strings(&["version", "commit"]));
    }

    #[test]
    fn embeds() {
        let cases: Vec<(&str, &[&str])> = vec![
            ("package p\n//go:embed a.txt\nvar a string\n", &["a.txt"]),
            (
                "package p\n//go:embed \"my file.txt\" static/*\nvar f embed.FS\n",
                &["my file.txt", "static/*"],
            ),
            (
                "package p\n\t//go:embed\tall:static `b c` \"d\\u00e9\" templates/*.tmpl\n",
                &["all:static", "b c", "d\u{e9}", "templates/*.tmpl"],
            ),
            (
                "package p\n//go:embed a\n//go:embed b c\nvar f embed.FS\n",
                &["a", "b", "c"],
            ),
            ("package p\n//go:embed a  \r\nvar s string\r\n", &["a"]),
            ("//go:embed first\npackage p\n", &["first"]),
            ("\u{feff}//go:embed bom\npackage p\n", &["bom"]),
            // Not directives.
            ("package p\n// go:embed a\n", &[]),
            ("package p\n//go:embedded a\n", &[]),
            ("package p\n//go:embed\n", &[]),
            ("package p\nvar x int //go:embed a\n", &[]),
            ("package p\n/* x */ //go:embed a\n", &[]),
            ("package p\n/*\n//go:embed a\n*/\n", &[]),
            ("package p\nvar s = `\n//go:embed secret\n`\n", &[]),
            ("package p\nvar s = \"//go:embed secret\"\n", &[]),
            ("package p\nvar r = '\"'\n//go:embed ok\n", &["ok"]),
            // Malformed lines contribute nothing (Go ignores them).
            ("package p\n//go:embed a \"b\n//go:embed c\n", &["c"]),
            ("package p\n//go:embed `a\n", &[]),
            ("package p\n//go:embed \"a\"b\n", &[]),
            ("package p\n//go:embed \"\\q\"\n", &[]),
            // Empty argument list is not an error but has no patterns.
            ("package p\n//go:embed   \n", &[]),
        ];
        for (source, want) in cases {
            assert_eq!(
                embed_patterns(source.as_bytes()),
                strings(want),
                "{source:?}"
            );
        }
    }

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

    #[test]
    fn unquoting() {
        let cases: Vec<(&[u8], Option<&[u8]>)> = vec![
            (b"plain", Some(b"plain")),
            (b"a\\tb\\n", Some(b"a\tb\n")),
            (b"\\a\\b\\f\\r\\v\\\\\\\"", Some(b"\x07\x08\x0c\r\x0b\\\"")),
            (
                b"\\x41\\101\\u00e9\\U0001F600",
                Some("AA\u{e9}\u{1f600}".as_bytes()),
            ),
            (b"\\377", Some(b"\xff")),
            (b"\\400", None),
            (b"\\'", None),
            (b"\\q", None),
            (b"\\x4", None),
            (b"\\ud800", None),
            (b"\\U00110000", None),
            (b"\\", None),
            (b"a\nb", None),
            (b"a\"b", None),
        ];
        for (body, want) in cases {
            assert_eq!(unquote_interpreted(body).as_deref(), want, "{body:?}");
        }
    }

    #[test]
    fn a_prefix_ending_between_imports_is_not_complete() {
        let prefix = b"package main\n\nimport \"fmt\"\n";
        assert!(parse_header(prefix).complete);
        assert!(!parse_header_prefix(prefix, false).complete);
        let with_declaration = b"package main\n\nimport \"fmt\"\n\nfunc main() {";
        assert!(parse_header_prefix(with_declaration, false).complete);
    }

    #[test]
    fn cgo_directives_parse_like_cmd_cgo() {
        let directive =
            parse_cgo_directive("linux,amd64 darwin LDFLAGS: -lz -L'/opt/my lib' -lm").unwrap();
        assert_eq!(directive.conditions, strings(&["linux,amd64", "darwin"]));
        assert_eq!(directive.variable, "LDFLAGS");
        assert_eq!(
            directive.arguments,
            strings(&["-lz", "-L/opt/my lib", "-lm"])
        );
        let directive = parse_cgo_directive("pkg-config: sqlite3 \"libpq\"").unwrap();
        assert!(directive.conditions.is_empty());
        assert_eq!(directive.variable, "pkg-config");
        assert_eq!(directive.arguments, strings(&["sqlite3", "libpq"]));
        assert_eq!(parse_cgo_directive("LDFLAGS -lz"), None);
        assert_eq!(parse_cgo_directive(": -lz"), None);
        assert_eq!(
            parse_cgo_directive("CFLAGS:").unwrap().arguments,
            strings(&[])
        );
    }

    fn ports(source: &str) -> Vec<u16> {
        program_use(source.as_bytes()).ports
    }

    #[test]
    fn ports_from_listen_calls_server_literals_and_port_defaults() {
        let cases: Vec<(&str, Vec<u16>)> = vec![
            ("http.ListenAndServe(\":8080\", nil)", vec![8080]),
            ("log.Fatal(http.ListenAndServeTLS(\"0.0.0.0:8443\", c, k, h))", vec![8443]),
            ("ln, err := net.Listen(\"tcp\", \":9000\")", vec![9000]),
            ("net.Listen(\"tcp\", \"[::]:7000\")", vec![7000]),
            ("srv := &http.Server{Addr: \":3000\", Handler: mux}", vec![3000]),
            ("r.Run(\":8081\")", vec![8081]),
            ("e.Start(`:1323`)", vec![1323]),
            (
                "port := os.Getenv(\"PORT\")\nif port == \"\" {\n\tport = \"8080\"\n}\nhttp.ListenAndServe(\":\"+port, nil)",
                vec![8080],
            ),
            ("addr := cmp.Or(os.Getenv(\"PORT\"), \"5000\")", vec![5000]),
            ("p, ok := os.LookupEnv(\"PORT\"); if !ok { p = \":4000\" }", vec![4000]),
            // Several forms, each port once.
            (
                "http.ListenAndServe(\":8080\", nil)\ns := http.Server{Addr: \":8080\"}\nnet.Listen(\"tcp\", \":9090\")",
                vec![8080, 9090],
            ),
            // Not ports: no port, port 0, a name, a non-listen call, a comment.
            ("net.Listen(\"tcp\", \"localhost\")", vec![]),
            ("net.Listen(\"tcp\", \":0\")", vec![]),
            ("net.Listen(\"tcp\", \":http\")", vec![]),
            ("net.Listen(\"tcp\", \":99999\")", vec![]),
            ("fmt.Println(\":8080\")", vec![]),
            ("// http.ListenAndServe(\":8080\", nil)", vec![]),
            ("x := os.Getenv(\"HOME\"); y := \"8080\"", vec![]),
            ("r.Run(\"name\")", vec![]),
            // Flags named like a listen address.
            ("addr := flag.String(\"addr\", \":8080\", \"listen address\")", vec![8080]),
            ("flag.StringVar(&listen, \"http-listen\", \"0.0.0.0:9000\", \"\")", vec![9000]),
            ("flag.IntVar(&port, \"port\", 3000, \"port\")", vec![3000]),
            ("port := pflag.Int(\"metrics-port\", 9100, \"\")", vec![9100]),
            ("name := flag.String(\"name\", \"8080\", \"\")", vec![]),
            ("n := flag.Int(\"workers\", 8, \"\")", vec![]),
            ("flag.String(\"addr\", defaultAddr, \"\")", vec![]),
            // A default far from the Getenv is not its default.
            (
                "p := os.Getenv(\"PORT\")\na, b, c, d, e, f, g, h, i, j, k, l := 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12\nq := \"8080\"",
                vec![],
            ),
        ];
        for (body, want) in cases {
            let source = format!("package main\n\nfunc main() {{\n{body}\n}}\n");
            assert_eq!(ports(&source), want, "{body}");
        }
    }

    #[test]
    fn load_location_calls() {
        let with = program_use(b"package main\nfunc f() { time.LoadLocation(\"Europe/Paris\") }\n");
        assert!(with.loads_location);
        let mentioned =
            program_use(b"package main\n// time.LoadLocation(x)\nvar s = \"LoadLocation(\"\n");
        assert!(!mentioned.loads_location);
    }

    #[test]
    fn program_use_never_panics_on_junk() {
        for junk in [
            &b"Listen("[..],
            b"Addr:",
            b"Getenv(\"PORT\"",
            b"Getenv(\"PORT\")",
            b"\xff\xfe(",
            b"ListenAndServe(\":80",
        ] {
            let _ = program_use(junk);
        }
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
