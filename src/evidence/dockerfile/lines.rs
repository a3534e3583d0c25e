//! From physical lines to logical instructions, as BuildKit's Dockerfile
//! parser reads them: parser directives at the top (`# syntax=`,
//! `# escape=`, `# check=`), the escape character, line continuations
//! (comment lines and empty lines inside a continued instruction are
//! skipped), and here-documents after `RUN`, `COPY` and `ADD`.
//!
//! Nothing here interprets an instruction's arguments; that is
//! [`super::arguments`]'s job.
use serde::Serialize;

/// A here-document attached to an instruction (`RUN <<EOF`, `COPY <<EOF dest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter, quotes removed (`EOF`).
    pub name: String,
    /// `false` when the delimiter was quoted (`<<'EOF'`): no expansion.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body.
    pub chomp: bool,
    /// The body, each line ending in a newline (tabs already stripped for `<<-`).
    pub content: String,
    /// The line of the body's first line.
    pub first_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub line: u32,
    /// Lower case: `syntax`, `escape`, `check`.
    pub name: String,
    pub value: String,
}

/// One instruction with its continuation lines joined.
#[derive(Debug, Clone)]
pub(super) struct LogicalLine {
    /// The joined text, leading whitespace removed.
    pub text: String,
    /// `(offset in text, line)`: where each physical line's part starts.
    pub segments: Vec<(usize, u32)>,
    pub start_line: u32,
    /// The last line, a heredoc's delimiter included.
    pub end_line: u32,
    /// Rules named by `# godock:ignore RULE[,RULE]` comments before it.
    pub ignores: Vec<String>,
}

impl LogicalLine {
    /// The physical line holding byte `offset` of the text.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.segments
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .map_or(self.start_line, |(_, line)| *line)
    }
}

pub(super) struct Lines<'text> {
    lines: Vec<&'text str>,
    next: usize,
    pub escape: char,
    pub directives: Vec<Directive>,
    directives_done: bool,
    pub warnings: Vec<(u32, String)>,
    ignores: Vec<String>,
}

const KNOWN_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

impl<'text> Lines<'text> {
    pub fn new(text: &'text str) -> Lines<'text> {
        let text = super::super::without_bom(text);
        let lines = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .collect::<Vec<_>>();
        // A final newline does not start another line.
        let lines = match lines.split_last() {
            Some((&"", rest)) => rest.to_vec(),
            _ => lines,
        };
        Lines {
            lines,
            next: 0,
            escape: '\\',
            directives: Vec::new(),
            directives_done: false,
            warnings: Vec::new(),
            ignores: Vec::new(),
        }
    }

    fn take(&mut self) -> Option<(u32, &'text str)> {
        let line = *self.lines.get(self.next)?;
        self.next += 1;
        Some((u32::try_from(self.next).unwrap_or(u32::MAX), line))
    }

    /// The next instruction's logical line, or `None` at the end.
    pub fn next_instruction(&mut self) -> Option<LogicalLine> {
        loop {
            let (number, raw) = self.take()?;
            let trimmed = raw.trim_start();
            self.directive(number, trimmed);
            if let Some(comment) = trimmed.strip_prefix('#') {
                self.ignore_comment(comment);
                continue;
            }
            let (mut text, mut ended) = self.trim_continuation(trimmed);
            if ended && text.is_empty() {
                continue;
            }
            let mut segments = vec![(0, number)];
            let mut end_line = number;
            let mut empty_continuation = false;
            while !ended {
                let Some((number, raw)) = self.take() else {
                    break;
                };
                self.directive(number, raw);
                end_line = number;
                let trimmed = raw.trim_start();
                if trimmed.starts_with('#') {
                    continue;
                }
                if trimmed.is_empty() {
                    empty_continuation = true;
                    continue;
                }
                let (part, part_ended) = self.trim_continuation(raw);
                segments.push((text.len(), number));
                text.push_str(&part);
                ended = part_ended;
            }
            if empty_continuation {
                self.warnings.push((
                    segments[0].1,
                    "empty continuation line inside this instruction (BuildKit warns; a future release will reject it)".to_string(),
                ));
            }
            return Some(LogicalLine {
                text,
                segments,
                start_line: number,
                end_line,
                ignores: std::mem::take(&mut self.ignores),
            });
        }
    }

    /// Reads the bodies of `heredocs` (delimiter, chomp) that follow the
    /// instruction; returns them and the last line read.
    pub fn heredoc_bodies(
        &mut self,
        heredocs: Vec<(String, bool, bool)>,
        mut end_line: u32,
    ) -> (Vec<Heredoc>, u32) {
        let mut bodies = Vec::new();
        for (name, expand, chomp) in heredocs {
            let mut content = String::new();
            let first_line = end_line + 1;
            let mut terminated = false;
            while let Some((number, raw)) = self.take() {
                end_line = number;
                let candidate = if chomp {
                    raw.trim_start_matches('\t')
                } else {
                    raw
                };
                if candidate == name {
                    terminated = true;
                    break;
                }
                content.push_str(candidate);
                content.push('\n');
            }
            if !terminated {
                self.warnings.push((
                    first_line.saturating_sub(1).max(1),
                    format!(
                        "here-document `{name}` is never terminated (BuildKit rejects the file)"
                    ),
                ));
            }
            bodies.push(Heredoc {
                name,
                expand,
                chomp,
                content,
                first_line,
            });
        }
        (bodies, end_line)
    }

    /// Reads a parser directive, while directives are still allowed.
    fn directive(&mut self, number: u32, line: &str) {
        if self.directives_done {
            return;
        }
        let Some((name, value)) = parse_directive(line) else {
            self.directives_done = true;
            return;
        };
        if !KNOWN_DIRECTIVES.contains(&name.as_str()) {
            self.directives_done = true;
            return;
        }
        if self
            .directives
            .iter()
            .any(|directive| directive.name == name)
        {
            self.warnings.push((
                number,
                format!("only one {name} parser directive can be used (BuildKit rejects the file); the first is kept"),
            ));
            return;
        }
        if name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                other => {
                    self.warnings.push((
                        number,
                        format!("invalid escape token `{other}`: it must be ` or \\ (BuildKit rejects the file)"),
                    ));
                    return;
                }
            }
        }
        self.directives.push(Directive {
            line: number,
            name,
            value,
        });
    }

    fn ignore_comment(&mut self, comment: &str) {
        let Some(rules) = comment.trim_start().strip_prefix("godock:ignore") else {
            return;
        };
        self.ignores.extend(
            rules
                .split([',', ' ', '\t'])
                .filter(|rule| !rule.is_empty())
                .map(str::to_string),
        );
    }

    /// Removes a continuation escape at the end of `line`: the escape
    /// character, then only spaces or tabs, not itself escaped.
    fn trim_continuation(&self, line: &str) -> (String, bool) {
        let body = line.trim_end_matches([' ', '\t']);
        let Some(before) = body.strip_suffix(self.escape) else {
            return (line.to_string(), true);
        };
        if before.ends_with(self.escape) {
            return (line.to_string(), true);
        }
        (before.to_string(), false)
    }
}

/// `# name = value` (BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`).
fn parse_directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start();
    let name_length = rest
        .find(|character: char| !character.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..name_length];
    if !name.starts_with(|character: char| character.is_ascii_alphabetic()) {
        return None;
    }
    let value = rest[name_length..].trim_start().strip_prefix('=')?.trim();
    if value.is_empty() {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.to_string()))
}

/// The here-documents a `RUN`/`COPY`/`ADD` line opens: every word of the
/// form `[n]<<[-]NAME`, as (name without quotes, expand, chomp).
pub(super) fn heredoc_markers(line: &str) -> Vec<(String, bool, bool)> {
    raw_words(line)
        .into_iter()
        .filter_map(|word| {
            let digits = word.bytes().take_while(u8::is_ascii_digit).count();
            let rest = word[digits..].strip_prefix("<<")?;
            let (chomp, rest) = match rest.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, rest),
            };
            if rest.is_empty() || rest.contains('<') {
                return None;
            }
            let name: String = rest.chars().filter(|c| *c != '\'' && *c != '"').collect();
            if name.is_empty() {
                return None;
            }
            let expand = name.len() == rest.len();
            Some((name, expand, chomp))
        })
        .collect()
}

/// Whitespace-separated words, quotes kept, a quoted run never split.
pub(super) fn raw_words(line: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut quote = None;
    for (index, character) in line.char_indices() {
        match quote {
            Some(q) if character == q => quote = None,
            Some(_) => {}
            None if character.is_whitespace() => {
                if let Some(begin) = start.take() {
                    words.push(&line[begin..index]);
                }
            }
            None => {
                if start.is_none() {
                    start = Some(index);
                }
                if character == '\'' || character == '"' {
                    quote = Some(character);
                }
            }
        }
    }
    if let Some(begin) = start {
        words.push(&line[begin..]);
    }
    words
}
