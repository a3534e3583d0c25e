//! The byte-level Go tokenizer the source readers share, and Go's string
//! unquoting. It never fails: anything it does not know is one byte of
//! punctuation.

pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn strip_bom(source: &[u8]) -> &[u8] {
    source.strip_prefix(BOM).unwrap_or(source)
}

/// Go's `bytes.TrimSpace` for ASCII: space, `\t`, `\n`, `\v`, `\f`, `\r`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

pub(super) fn trim(bytes: &[u8]) -> &[u8] {
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

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(super) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) enum Ending {
    /// Properly closed (a line comment followed by a newline).
    Closed,
    /// An interpreted string or rune cut by a newline: a syntax error.
    Newline,
    /// Cut by the end of the input: a longer read may say more.
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) start_line: usize,
    pub(super) end_line: usize,
    pub(super) ending: Ending,
}

impl Token {
    pub(super) fn is_comment(&self) -> bool {
        matches!(self.kind, Kind::LineComment | Kind::BlockComment)
    }

    pub(super) fn is_punct(&self, c: u8) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// Whether Go inserts a semicolon after this token at a line end.
    pub(super) fn ends_statement(&self) -> bool {
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
pub(super) struct Lexer<'a> {
    pub(super) src: &'a [u8],
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
    pub(super) fn new(src: &'a [u8]) -> Self {
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

pub(super) fn token_text<'a>(src: &'a [u8], tok: &Token) -> &'a [u8] {
    src.get(tok.start..tok.end).unwrap_or(&[])
}

fn hex_value(b: u8) -> Option<u32> {
    char::from(b).to_digit(16)
}

/// Go's `strconv.Unquote` for the body of an interpreted string (without the
/// quotes). `None` for an invalid escape or a raw newline.
pub(super) fn unquote_interpreted(body: &[u8]) -> Option<Vec<u8>> {
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
pub(super) fn string_value(src: &[u8], tok: &Token) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
