//! The small syntaxes inside a Dockerfile instruction's arguments: leading
//! `--flags`, JSON arrays (exec form), BuildKit's word splitting, `--mount`
//! options, `EXPOSE` ports, and the simple commands a `RUN` runs (its shell
//! form, a here-document it runs as a script, or `["sh", "-c", …]`).
use super::lines::{heredoc_markers, Heredoc, LogicalLine};
use super::{Command, Flag, Mount, MountKind, Port, RunCommand};
use crate::evidence::shell;

const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The simple commands a `RUN` runs, each with its line.
pub(super) fn run_commands(
    command: &Command,
    heredocs: &[Heredoc],
    logical: &LogicalLine,
    arguments_start: usize,
) -> Vec<RunCommand> {
    let mut found = Vec::new();
    let script_from_heredoc = |heredoc: &Heredoc, found: &mut Vec<RunCommand>| {
        for simple in shell::commands(&heredoc.content) {
            let offset_line = crate::evidence::line_at(&heredoc.content, simple.offset) - 1;
            found.push(RunCommand {
                line: heredoc.first_line + offset_line,
                command: simple,
            });
        }
    };
    match command {
        Command::Shell(text) => {
            let only_heredoc = heredocs.len() == 1
                && heredoc_markers(text).len() == 1
                && text.split_whitespace().count() == 1;
            if only_heredoc {
                script_from_heredoc(&heredocs[0], &mut found);
                return found;
            }
            let leading = text.len() - text.trim_start().len();
            let commands = shell::commands(text);
            let runs_shell = commands
                .first()
                .and_then(shell::SimpleCommand::program)
                .is_some_and(|program| SHELLS.contains(&program));
            for simple in commands {
                let line = logical.line_of(arguments_start + leading + simple.offset);
                found.push(RunCommand {
                    line,
                    command: simple,
                });
            }
            if runs_shell {
                for heredoc in heredocs {
                    script_from_heredoc(heredoc, &mut found);
                }
            }
        }
        Command::Exec(words) => {
            let script = match words.as_slice() {
                [program, rest @ ..]
                    if SHELLS.contains(&program.rsplit('/').next().unwrap_or(program)) =>
                {
                    rest.iter()
                        .position(|word| word.starts_with('-') && word.contains('c'))
                        .and_then(|index| rest.get(index + 1))
                }
                _ => None,
            };
            match script {
                Some(script) => {
                    found.extend(
                        shell::commands(script)
                            .into_iter()
                            .map(|simple| RunCommand {
                                line: logical.start_line,
                                command: simple,
                            }),
                    )
                }
                None if !words.is_empty() => found.push(RunCommand {
                    line: logical.start_line,
                    command: shell::SimpleCommand {
                        offset: 0,
                        assignments: Vec::new(),
                        words: words.clone(),
                        spans: Vec::new(),
                    },
                }),
                None => {}
            }
        }
    }
    found
}

/// Flags (`--name[=value]`) at the start of the arguments, which begin
/// after `keyword_end`; returns them and where the arguments proper start.
pub(super) fn extract_flags(text: &str, keyword_end: usize) -> (Vec<Flag>, usize) {
    let mut flags = Vec::new();
    let mut position = keyword_end;
    loop {
        let rest = &text[position..];
        let skipped = rest.len() - rest.trim_start().len();
        let start = position + skipped;
        if !text[start..].starts_with("--") {
            return (flags, start);
        }
        let (word, end) = flag_word(text, start);
        position = end;
        if word == "--" {
            let rest = &text[position..];
            return (flags, position + rest.len() - rest.trim_start().len());
        }
        let word = &word[2..];
        flags.push(match word.split_once('=') {
            Some((name, value)) => Flag {
                name: name.to_ascii_lowercase(),
                value: Some(value.to_string()),
            },
            None => Flag {
                name: word.to_ascii_lowercase(),
                value: None,
            },
        });
    }
}

/// One flag word from `start`: quotes removed, `\` escapes honoured.
fn flag_word(text: &str, start: usize) -> (String, usize) {
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut characters = text[start..].char_indices().peekable();
    while let Some((offset, character)) = characters.next() {
        match (quote, character) {
            (None, c) if c.is_whitespace() => return (word, start + offset),
            (None, '\'' | '"') => quote = Some(character),
            (Some(q), c) if c == q => quote = None,
            (_, '\\') => {
                if let Some((_, escaped)) = characters.next() {
                    word.push(escaped);
                }
            }
            (_, other) => word.push(other),
        }
    }
    (word, text.len())
}

pub(super) fn flag_value(flags: &[Flag], name: &str) -> Option<String> {
    flags
        .iter()
        .rev()
        .find(|flag| flag.name == name)
        .and_then(|flag| flag.value.clone())
}

/// A JSON array of strings, or `None`.
pub(super) fn json_array(arguments: &str) -> Option<Vec<String>> {
    let trimmed = arguments.trim_start();
    if !trimmed.starts_with('[') {
        return None;
    }
    let values: Vec<serde_json::Value> = serde_json::from_str(trimmed).ok()?;
    values
        .iter()
        .map(|value| value.as_str().map(str::to_string))
        .collect()
}

/// Words as BuildKit's `parseWords` splits them: at unquoted whitespace,
/// quotes and escapes kept for [`expand::word`] to remove.
pub(super) fn words_keeping_quotes(text: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match quote {
            None if character.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                continue;
            }
            None if character == '\'' || character == '"' => quote = Some(character),
            Some(q) if character == q => quote = None,
            _ => {}
        }
        in_word = true;
        word.push(character);
        if character == escape && quote != Some('\'') {
            if let Some(next) = characters.next() {
                word.push(next);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// `type=cache,target=/root/.cache/go-build,sharing=locked`.
pub(super) fn mount(value: &str) -> Mount {
    let mut mount = Mount {
        kind: MountKind::Bind,
        target: None,
        source: None,
        from: None,
        id: None,
        options: Vec::new(),
    };
    for field in csv_fields(value) {
        let (key, option) = match field.split_once('=') {
            Some((key, option)) => (key.trim().to_ascii_lowercase(), Some(option.to_string())),
            None => (field.trim().to_ascii_lowercase(), None),
        };
        match (key.as_str(), &option) {
            ("type", Some(kind)) => {
                mount.kind = match kind.as_str() {
                    "bind" => MountKind::Bind,
                    "cache" => MountKind::Cache,
                    "tmpfs" => MountKind::Tmpfs,
                    "secret" => MountKind::Secret,
                    "ssh" => MountKind::Ssh,
                    other => MountKind::Other(other.to_string()),
                }
            }
            ("target" | "dst" | "destination", Some(target)) => mount.target = Some(target.clone()),
            ("source" | "src", Some(source)) => mount.source = Some(source.clone()),
            ("from", Some(from)) => mount.from = Some(from.clone()),
            ("id", Some(id)) => mount.id = Some(id.clone()),
            _ => {}
        }
        mount.options.push((key, option));
    }
    mount
}

/// Comma-separated fields, a `"…"` run never split.
fn csv_fields(value: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    for character in value.chars() {
        match character {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            other => field.push(other),
        }
    }
    fields.push(field);
    fields.retain(|field| !field.is_empty());
    fields
}

/// `8080`, `8080/tcp`, `53/udp`, `8000-8010`.
pub(super) fn port(text: &str) -> Port {
    let (range, protocol) = match text.split_once('/') {
        Some((range, protocol)) => (range, protocol.to_ascii_lowercase()),
        None => (text, "tcp".to_string()),
    };
    let (first, last) = match range.split_once('-') {
        Some((first, last)) => (first.parse().ok(), last.parse().ok()),
        None => {
            let port = range.parse().ok();
            (port, port)
        }
    };
    Port {
        text: text.to_string(),
        first,
        last: if first.is_some() { last } else { None },
        protocol,
    }
}
