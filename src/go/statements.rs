//! The lexical syntax go.mod and go.work share (modfile's): whitespace-
//! separated tokens, `//` comments, `"quoted"` and `` `raw` `` strings, and
//! blocks (`use (` … `)`), read into statements with their lines.
use super::SyntaxError;

/// One directive: a line at the top level, or one line of a block (then
/// `keyword` is the block's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub keyword: String,
    pub arguments: Vec<String>,
    /// 1-based.
    pub line: u32,
}

/// The directives of a go.mod or go.work, each with its line, blocks
/// flattened. Tolerates a byte-order mark and CRLF line ends.
pub fn statements(text: &str) -> Result<Vec<Statement>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut statements = Vec::new();
    // The keyword and line of the block being read.
    let mut block: Option<(String, u32)> = None;
    for (index, raw) in text.split('\n').enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let tokens = tokens(raw.strip_suffix('\r').unwrap_or(raw), line)?;
        if tokens.is_empty() {
            continue;
        }
        if let Some((keyword, _)) = &block {
            if tokens == [")"] {
                block = None;
                continue;
            }
            if tokens.iter().any(|token| token == "(" || token == ")") {
                return Err(SyntaxError {
                    line,
                    message: format!("unexpected parenthesis in the {keyword} block"),
                });
            }
            statements.push(Statement {
                keyword: keyword.clone(),
                arguments: tokens,
                line,
            });
            continue;
        }
        let keyword = tokens[0].clone();
        if keyword == "(" || keyword == ")" || keyword == "=>" {
            return Err(SyntaxError {
                line,
                message: format!("unexpected `{keyword}`: expected a directive"),
            });
        }
        let arguments = &tokens[1..];
        match arguments {
            [open] if open == "(" => block = Some((keyword, line)),
            [open, close] if open == "(" && close == ")" => {}
            _ if arguments.iter().any(|token| token == "(" || token == ")") => {
                return Err(SyntaxError {
                    line,
                    message: format!(
                        "unexpected parenthesis: a {keyword} block opens with `{keyword} (` at the end of a line"
                    ),
                })
            }
            _ => statements.push(Statement {
                keyword,
                arguments: arguments.to_vec(),
                line,
            }),
        }
    }
    if let Some((keyword, line)) = block {
        return Err(SyntaxError {
            line,
            message: format!("the {keyword} block opened here is never closed with `)`"),
        });
    }
    Ok(statements)
}

/// The tokens of one line: words, quoted strings (unquoted), `(`, `)`,
/// `=>`; a `//` comment ends the line.
fn tokens(text: &str, line: u32) -> Result<Vec<String>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if text[start..].starts_with("//") {
            break;
        }
        match c {
            '"' => {
                chars.next();
                let mut value = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.next().map(|(_, escaped)| escaped) {
                            Some('n') => value.push('\n'),
                            Some('t') => value.push('\t'),
                            Some(escaped @ ('"' | '\\')) => value.push(escaped),
                            Some(other) => {
                                return Err(SyntaxError {
                                    line,
                                    message: format!(
                                        "unsupported escape `\\{other}` in a quoted string"
                                    ),
                                })
                            }
                            None => break,
                        },
                        c => value.push(c),
                    }
                }
                if !closed {
                    return Err(SyntaxError {
                        line,
                        message: "unterminated quoted string".to_string(),
                    });
                }
                tokens.push(value);
            }
            '`' => {
                chars.next();
                let rest = &text[start + 1..];
                let Some(end) = rest.find('`') else {
                    return Err(SyntaxError {
                        line,
                        message: "unterminated raw string (`)".to_string(),
                    });
                };
                tokens.push(rest[..end].to_string());
                while chars
                    .peek()
                    .is_some_and(|&(index, _)| index <= start + end + 1)
                {
                    chars.next();
                }
            }
            '(' | ')' => {
                chars.next();
                tokens.push(c.to_string());
            }
            _ => {
                let mut end = text.len();
                while let Some(&(index, c)) = chars.peek() {
                    if c.is_whitespace()
                        || c == '('
                        || c == ')'
                        || c == '"'
                        || c == '`'
                        || text[index..].starts_with("//")
                    {
                        end = index;
                        break;
                    }
                    chars.next();
                }
                tokens.push(text[start..end].to_string());
            }
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_read_go_mod_syntax_with_lines() {
        let statements = statements(
            "module example.com/m\n\nrequire (\n\texample.com/x v1.0.0 // indirect\n)\n\nreplace example.com/x => ../x\n",
        )
        .unwrap();
        let summary: Vec<(&str, usize, u32)> = statements
            .iter()
            .map(|s| (s.keyword.as_str(), s.arguments.len(), s.line))
            .collect();
        assert_eq!(
            summary,
            [("module", 1, 1), ("require", 2, 4), ("replace", 3, 7)]
        );
    }
}
