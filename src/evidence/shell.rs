//! Splitting shell text (a `RUN` line, a recipe line, a build script) into
//! simple commands: the words of each, with quotes removed, and the
//! `NAME=value` assignments before them (`CGO_ENABLED=0 go build …`,
//! `env GOOS=linux go build …`).
//!
//! This is a lexer, not a shell: it splits on `&&`, `||`, `;`, `|`, `&`,
//! newlines and parentheses, drops redirections and comments, skips the
//! bodies of here-documents, strips the reserved words that lead into a
//! command (`then go build …`), and keeps `$(…)`, `${…}`, `` `…` `` and
//! `$NAME` verbatim inside words so that later code can classify them. It
//! never expands anything and never fails: text it cannot make sense of ends
//! up as words.
//!
//! shlex and shell-words split one command into words but do not know the
//! operators (`a&&b` stays one word) and break `$(git describe --tags)` at its
//! spaces; a full bash parser (brush-parser) needs a newer Rust than this
//! project and fails whole on what it does not know. Hence this small lexer.
use serde::Serialize;

use super::value::balanced_end;

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimpleCommand {
    /// Byte offset of the command's first word in the text given.
    pub offset: usize,
    /// `NAME=value` words before the command name, and those `env` takes.
    pub assignments: Vec<(String, String)>,
    /// The command name and its arguments, quotes removed.
    pub words: Vec<String>,
    /// Where each of `words` is written in the text given (byte ranges).
    #[serde(skip)]
    pub spans: Vec<std::ops::Range<usize>>,
}

impl SimpleCommand {
    /// The program's base name (`go` for `/usr/local/go/bin/go`).
    pub fn program(&self) -> Option<&str> {
        let first = self.words.first()?;
        Some(first.rsplit('/').next().unwrap_or(first))
    }
}

#[derive(Debug)]
enum Token {
    Word {
        text: String,
        span: std::ops::Range<usize>,
    },
    /// `;`, `&&`, `||`, `|`, `&`, a newline, `(`, `)`.
    Separator,
    /// `>`, `<<`, `2>&1` and friends; the next word is their target.
    Redirection,
}

const RESERVED_PREFIXES: [&str; 9] = [
    "if", "then", "else", "elif", "do", "while", "until", "!", "{",
];
const RESERVED_ALONE: [&str; 5] = ["fi", "done", "esac", "}", "in"];

/// Splits `text` into simple commands.
pub fn commands(text: &str) -> Vec<SimpleCommand> {
    let mut commands = Vec::new();
    let mut current: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let mut expect_redirect_target = false;
    for token in tokens(text) {
        match token {
            Token::Word { text, span } => {
                if expect_redirect_target {
                    expect_redirect_target = false;
                } else {
                    current.push((text, span));
                }
            }
            Token::Redirection => expect_redirect_target = true,
            Token::Separator => {
                expect_redirect_target = false;
                finish(&mut commands, std::mem::take(&mut current));
            }
        }
    }
    finish(&mut commands, current);
    commands
}

fn finish(commands: &mut Vec<SimpleCommand>, words: Vec<(String, std::ops::Range<usize>)>) {
    let mut words = words.into_iter().peekable();
    while let Some((word, _)) = words.peek() {
        if RESERVED_PREFIXES.contains(&word.as_str()) {
            words.next();
        } else {
            break;
        }
    }
    let Some(offset) = words.peek().map(|(_, span)| span.start) else {
        return;
    };
    let mut assignments = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    for (word, span) in words {
        if rest.is_empty() {
            if let Some(assignment) = assignment(&word) {
                assignments.push(assignment);
                continue;
            }
        }
        rest.push(word);
        spans.push(span);
    }
    // `env [-i] [-u NAME] NAME=value … command`
    while rest.first().map(String::as_str) == Some("env") {
        let mut index = 1;
        while index < rest.len() {
            let word = &rest[index];
            if word == "-u" || word == "--unset" {
                index += 2;
            } else if word.starts_with('-') {
                index += 1;
            } else if let Some(pair) = assignment(word) {
                assignments.push(pair);
                index += 1;
            } else {
                break;
            }
        }
        let consumed = index.min(rest.len());
        rest.drain(..consumed);
        spans.drain(..consumed);
    }
    if rest.len() == 1 && RESERVED_ALONE.contains(&rest[0].as_str()) {
        rest.clear();
        spans.clear();
    }
    if rest.is_empty() && assignments.is_empty() {
        return;
    }
    commands.push(SimpleCommand {
        offset,
        assignments,
        words: rest,
        spans,
    });
}

/// `NAME=value` with a valid shell name.
fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let mut characters = name.chars();
    let first = characters.next()?;
    let valid = (first.is_ascii_alphabetic() || first == '_')
        && characters.all(|character| character.is_ascii_alphanumeric() || character == '_');
    valid.then(|| (name.to_string(), value.to_string()))
}

fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut pending_heredocs: Vec<(String, bool)> = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b' ' | b'\t' | b'\r' => index += 1,
            b'\\' if bytes.get(index + 1) == Some(&b'\n') => index += 2,
            b'\n' => {
                tokens.push(Token::Separator);
                index += 1;
                for (delimiter, strip_tabs) in pending_heredocs.drain(..) {
                    index = skip_heredoc_body(text, index, &delimiter, strip_tabs);
                }
            }
            b'#' => {
                index = text[index..]
                    .find('\n')
                    .map_or(bytes.len(), |end| index + end);
            }
            b';' | b'|' | b'&' | b'(' | b')' => {
                let doubled = bytes.get(index + 1) == Some(&byte) && byte != b'(' && byte != b')';
                if byte == b'&' && bytes.get(index + 1) == Some(&b'>') {
                    index += 2;
                    tokens.push(Token::Redirection);
                    continue;
                }
                index += if doubled { 2 } else { 1 };
                tokens.push(Token::Separator);
            }
            b'<' | b'>' => {
                let (length, heredoc) = redirection(text, index);
                index += length;
                if let Some(heredoc) = heredoc {
                    pending_heredocs.push(heredoc);
                }
                tokens.push(Token::Redirection);
            }
            _ => {
                let digits = text[index..].bytes().take_while(u8::is_ascii_digit).count();
                if digits > 0 && matches!(bytes.get(index + digits), Some(b'<' | b'>')) {
                    let (length, heredoc) = redirection(text, index + digits);
                    index += digits + length;
                    if let Some(heredoc) = heredoc {
                        pending_heredocs.push(heredoc);
                    }
                    tokens.push(Token::Redirection);
                    continue;
                }
                let (word, end) = word(text, index);
                let end = end.max(index + 1).min(bytes.len());
                tokens.push(Token::Word {
                    text: word,
                    span: index..end,
                });
                index = end;
            }
        }
    }
    tokens
}

/// The length of the redirection operator at `index` and, for `<<WORD`, the
/// here-document it opens (its delimiter and whether `<<-` strips tabs).
/// The delimiter is the next word, which the caller reads as the target.
fn redirection(text: &str, index: usize) -> (usize, Option<(String, bool)>) {
    let rest = &text[index..];
    for operator in ["<<-", "<<<", "<<", ">>", ">&", "<&", ">|", "<>", "<", ">"] {
        if let Some(after) = rest.strip_prefix(operator) {
            if operator == "<<" || operator == "<<-" {
                let after = after.trim_start_matches([' ', '\t']);
                let (delimiter, _) = word(after, 0);
                let delimiter = delimiter
                    .trim_matches(|c| c == '\'' || c == '"')
                    .to_string();
                if !delimiter.is_empty() {
                    return (operator.len(), Some((delimiter, operator == "<<-")));
                }
            }
            return (operator.len(), None);
        }
    }
    (1, None)
}

/// Skips the lines of a here-document body that starts at `index`, up to and
/// including the delimiter line.
fn skip_heredoc_body(text: &str, mut index: usize, delimiter: &str, strip_tabs: bool) -> usize {
    while index < text.len() {
        let end = text[index..]
            .find('\n')
            .map_or(text.len(), |end| index + end);
        let line = text[index..end].trim_end_matches('\r');
        let line = if strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        index = (end + 1).min(text.len());
        if line == delimiter {
            break;
        }
    }
    index
}

/// The word starting at `start`: quotes removed, expansions kept verbatim.
/// Returns the word and the byte where it ends.
fn word(text: &str, start: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut index = start;
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'|' | b'&' | b'<' | b'>' | b'(' | b')' => break,
            b'\\' => match text[index + 1..].chars().next() {
                Some('\n') => index += 2,
                Some(character) => {
                    word.push(character);
                    index += 1 + character.len_utf8();
                }
                None => index += 1,
            },
            b'\'' => {
                let end = text[index + 1..]
                    .find('\'')
                    .map_or(bytes.len(), |end| index + 1 + end);
                word.push_str(&text[index + 1..end]);
                index = (end + 1).min(bytes.len().max(end));
            }
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    if bytes[index] == b'\\'
                        && matches!(
                            bytes.get(index + 1),
                            Some(b'"' | b'\\' | b'$' | b'`' | b'\n')
                        )
                    {
                        if bytes[index + 1] != b'\n' {
                            word.push(bytes[index + 1] as char);
                        }
                        index += 2;
                    } else if bytes[index] == b'$' || bytes[index] == b'`' {
                        let end = expansion_end(text, index);
                        word.push_str(&text[index..end]);
                        index = end;
                    } else {
                        let character = text[index..].chars().next().unwrap_or('\u{fffd}');
                        word.push(character);
                        index += character.len_utf8();
                    }
                }
                index += 1;
            }
            b'$' | b'`' => {
                let end = expansion_end(text, index);
                word.push_str(&text[index..end]);
                index = end;
            }
            _ => {
                let character = text[index..].chars().next().unwrap_or('\u{fffd}');
                word.push(character);
                index += character.len_utf8();
            }
        }
    }
    (word, index.min(bytes.len()))
}

/// The end of the expansion (`$(…)`, `${…}`, `` `…` ``, `$NAME`, `$$`)
/// starting at `index`; at least one byte past it.
fn expansion_end(text: &str, index: usize) -> usize {
    let rest = &text[index..];
    let end = if let Some(after) = rest.strip_prefix('`') {
        after.find('`').map(|end| end + 2)
    } else if rest.starts_with("$(") {
        balanced_end(rest, 1, '(', ')')
    } else if rest.starts_with("${") {
        balanced_end(rest, 1, '{', '}')
    } else if rest.starts_with("$$") {
        Some(2)
    } else {
        // `$NAME`, a special parameter (`$1`, `$@`, `$?`), or a lone `$`.
        let after = &rest[1..];
        let name = after
            .find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
            .unwrap_or(after.len());
        match after.chars().next() {
            _ if name > 0 => Some(1 + name),
            Some(special) if "@*#?-!".contains(special) => Some(1 + special.len_utf8()),
            _ => Some(1),
        }
    };
    index + end.unwrap_or(rest.len()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(text: &str) -> Vec<Vec<String>> {
        commands(text)
            .into_iter()
            .map(|command| command.words)
            .collect()
    }

    #[test]
    fn splits_on_operators_with_or_without_spaces() {
        assert_eq!(
            argv("go mod download&&go build -o /out/app ./cmd/app ; echo done|tee x || true"),
            [
                vec!["go", "mod", "download"],
                vec!["go", "build", "-o", "/out/app", "./cmd/app"],
                vec!["echo", "done"],
                vec!["tee", "x"],
                vec!["true"],
            ]
        );
    }

    #[test]
    fn leading_assignments_and_env_become_assignments() {
        let found =
            commands("CGO_ENABLED=0 GOOS=linux go build . && env -i GOARCH=arm64 go build ./x");
        assert_eq!(
            found[0].assignments,
            [
                ("CGO_ENABLED".to_string(), "0".to_string()),
                ("GOOS".to_string(), "linux".to_string())
            ]
        );
        assert_eq!(found[0].words, ["go", "build", "."]);
        assert_eq!(
            found[1].assignments,
            [("GOARCH".to_string(), "arm64".to_string())]
        );
        assert_eq!(found[1].words, ["go", "build", "./x"]);
        // An assignment after the command name is an argument.
        assert_eq!(
            argv("go build -ldflags=-s")[0],
            ["go", "build", "-ldflags=-s"]
        );
    }

    #[test]
    fn quotes_are_removed_and_expansions_kept_whole() {
        assert_eq!(
            argv(
                r#"go build -ldflags "-s -w -X main.version=$(git describe --tags)" -o 'my app' ./cmd/app"#
            )[0],
            [
                "go",
                "build",
                "-ldflags",
                "-s -w -X main.version=$(git describe --tags)",
                "-o",
                "my app",
                "./cmd/app"
            ]
        );
        assert_eq!(
            argv("go build -X main.v=$(git describe --tags) .")[0],
            ["go", "build", "-X", "main.v=$(git describe --tags)", "."]
        );
        assert_eq!(
            argv("echo ${A:-x y} `date +%s`")[0],
            ["echo", "${A:-x y}", "`date +%s`"]
        );
        assert_eq!(argv(r#"echo "a\"b" c\ d"#)[0], ["echo", "a\"b", "c d"]);
    }

    #[test]
    fn redirections_comments_and_reserved_words_are_dropped() {
        assert_eq!(
            argv("if [ -f go.mod ]; then go build ./... > /dev/null 2>&1; fi # comment"),
            [vec!["[", "-f", "go.mod", "]"], vec!["go", "build", "./..."]]
        );
        assert_eq!(
            argv("for os in linux darwin; do GOOS=$os go build .; done")[1],
            ["go", "build", "."]
        );
    }

    #[test]
    fn heredoc_bodies_in_scripts_are_skipped() {
        let script = "cat <<EOF > version.go\ngo build nothing\nEOF\ngo build ./cmd/real\n\tcat <<-'END'\n\tgo build no\n\tEND\necho ok";
        assert_eq!(
            argv(script),
            [
                vec!["cat"],
                vec!["go", "build", "./cmd/real"],
                vec!["cat"],
                vec!["echo", "ok"]
            ]
        );
    }

    #[test]
    fn continuation_lines_join_and_offsets_point_at_commands() {
        let text = "set -e\ngo build \\\n  -o app \\\n  ./cmd/app";
        let found = commands(text);
        assert_eq!(found[1].words, ["go", "build", "-o", "app", "./cmd/app"]);
        assert_eq!(found[1].offset, 7);
        assert_eq!(found[1].program(), Some("go"));
    }

    #[test]
    fn junk_never_panics() {
        for text in [
            "\"unterminated",
            "'x",
            "$(",
            "${",
            "`",
            "<<",
            "2>",
            "\\",
            "é$",
            "$é",
            "a$",
        ] {
            let _ = commands(text);
        }
    }
}
