//! `//go:embed` directives: the patterns of every one in a file, as Go reads
//! them.

use super::lexer::{lossy, strip_bom, token_text, unquote_interpreted, Kind, Lexer};

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
    embed_directives(source)
        .into_iter()
        .map(|(_, pattern)| pattern)
        .collect()
}

/// [`embed_patterns`], each with the 1-based line of its directive.
pub fn embed_directives(source: &[u8]) -> Vec<(u32, String)> {
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
            let line = u32::try_from(tok.start_line).unwrap_or(u32::MAX);
            patterns.extend(list.into_iter().map(|pattern| (line, pattern)));
        }
    }
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::strings;

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
        assert_eq!(
            embed_directives(b"package p\n\n//go:embed a b\nvar f embed.FS\n"),
            [(3, "a".to_string()), (3, "b".to_string())]
        );
        for (source, want) in cases {
            assert_eq!(
                embed_patterns(source.as_bytes()),
                strings(want),
                "{source:?}"
            );
        }
    }
}
