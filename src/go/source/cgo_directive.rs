//! `#cgo` directive lines, split as cmd/cgo splits them.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::strings;

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
}
