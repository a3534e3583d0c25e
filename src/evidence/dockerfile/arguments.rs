//! Each instruction's arguments read into [`Kind`]: flags, exec or shell
//! form, key=value lists (and `ENV`'s legacy `ENV key value`), `FROM`'s
//! image, platform and stage name, `COPY`/`ADD` sources, ports, users,
//! health checks; and the variable scope that expansion uses (global `ARG`s
//! for `FROM`, a stage's `ARG`s and `ENV`s for the rest).
use std::path::Path;

use super::expand::{self, Scope};
use super::lines::{heredoc_markers, Heredoc, Lines, LogicalLine};
use super::syntax::{
    extract_flags, flag_value, json_array, mount, port, run_commands, words_keeping_quotes,
};
use super::{
    ArgDeclaration, Base, Command, Copy, Dockerfile, Flag, From, Healthcheck, ImageReference,
    Instruction, KeyValue, Kind, Run, Stage, User,
};
use crate::evidence::{Location, Warning};

pub(super) struct Parser<'text> {
    lines: Lines<'text>,
    file: &'text Path,
    warnings: Vec<Warning>,
    global: Scope,
    global_args: Vec<ArgDeclaration>,
    stages: Vec<Stage>,
    /// Each stage's `ENV`, which a stage built `FROM` it inherits.
    stage_environments: Vec<Scope>,
    scope: Scope,
}

impl<'text> Parser<'text> {
    pub fn new(text: &'text str, file: &'text Path) -> Parser<'text> {
        Parser {
            lines: Lines::new(text),
            file,
            warnings: Vec::new(),
            global: Scope::new(),
            global_args: Vec::new(),
            stages: Vec::new(),
            stage_environments: Vec::new(),
            scope: Scope::new(),
        }
    }

    pub fn run(mut self) -> Dockerfile {
        while let Some(logical) = self.lines.next_instruction() {
            let instruction = self.instruction(&logical, true);
            self.place(instruction);
        }
        if self.stages.is_empty() {
            self.warnings.push(Warning::file(
                self.file,
                "no FROM instruction: BuildKit cannot build this file",
            ));
        }
        let mut warnings: Vec<Warning> = std::mem::take(&mut self.lines.warnings)
            .into_iter()
            .map(|(line, message)| Warning::at(self.file, line, message))
            .collect();
        warnings.append(&mut self.warnings);
        warnings.sort_by_key(|warning| warning.line);
        Dockerfile {
            file: self.file.to_path_buf(),
            directives: std::mem::take(&mut self.lines.directives),
            escape: self.lines.escape,
            global_args: self.global_args,
            stages: self.stages,
            warnings,
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Warning::at(self.file, line, message));
    }

    /// Adds a parsed instruction to the file: a `FROM` opens a stage, an
    /// `ARG` before the first `FROM` is global, anything else joins the
    /// current stage and updates its scope.
    fn place(&mut self, instruction: Instruction) {
        if instruction.keyword == "FROM" {
            return self.open_stage(instruction);
        }
        let Some(stage) = self.stages.last_mut() else {
            if let Kind::Arg { arguments } = &instruction.kind {
                for argument in arguments {
                    self.global
                        .insert(argument.name.clone(), argument.default.clone());
                    self.global_args.push(argument.clone());
                }
            } else {
                self.warn(
                    instruction.location.line,
                    format!("{} before the first FROM (only ARG may come first; BuildKit rejects the file)", instruction.keyword),
                );
            }
            return;
        };
        match &instruction.kind {
            Kind::Arg { arguments } => {
                for argument in arguments {
                    let value = argument
                        .default
                        .clone()
                        .or_else(|| self.global.get(&argument.name).cloned().flatten());
                    self.scope.insert(argument.name.clone(), value);
                }
            }
            Kind::Env { variables } => {
                for variable in variables {
                    self.scope
                        .insert(variable.key.clone(), Some(variable.value.clone()));
                    if let Some(environment) = self.stage_environments.last_mut() {
                        environment.insert(variable.key.clone(), Some(variable.value.clone()));
                    }
                }
            }
            _ => {}
        }
        stage.instructions.push(instruction);
    }

    fn open_stage(&mut self, instruction: Instruction) {
        let words: Vec<&str> = instruction.arguments.split_whitespace().collect();
        let line = instruction.location.line;
        let (image_text, name) = match words.as_slice() {
            [image] => (*image, None),
            [image, keyword, name] if keyword.eq_ignore_ascii_case("as") => {
                (*image, Some(name.to_string()))
            }
            _ => {
                self.warn(line, "FROM takes `[--platform=…] image [AS name]`");
                (words.first().copied().unwrap_or(""), None)
            }
        };
        let image = expand::word(image_text, &self.global, self.lines.escape);
        let platform = instruction
            .flag("platform")
            .and_then(|flag| flag.value.as_deref())
            .map(|value| expand::word(value, &self.global, self.lines.escape));
        let earlier = self.stages.iter().position(|stage| {
            stage
                .name()
                .is_some_and(|stage_name| stage_name.eq_ignore_ascii_case(&image.text))
        });
        let base = if image.text.eq_ignore_ascii_case("scratch") {
            Base::Scratch
        } else if let Some(index) = earlier {
            Base::Stage(index)
        } else {
            Base::Image(ImageReference::parse(&image.text))
        };
        self.scope = earlier
            .and_then(|index| self.stage_environments.get(index).cloned())
            .unwrap_or_default();
        self.stage_environments.push(self.scope.clone());
        self.stages.push(Stage {
            index: self.stages.len(),
            from: From {
                location: instruction.location,
                image,
                platform,
                name,
                base,
                ignores: instruction.ignores,
            },
            instructions: Vec::new(),
        });
    }

    fn instruction(&mut self, logical: &LogicalLine, heredocs_allowed: bool) -> Instruction {
        let text = logical.text.as_str();
        let keyword_end = text.find(char::is_whitespace).unwrap_or(text.len());
        let keyword = text[..keyword_end].to_ascii_uppercase();
        let (flags, arguments_start) = extract_flags(text, keyword_end);
        let arguments = text[arguments_start..].trim_end().to_string();
        let line = logical.start_line;
        let mut end_line = logical.end_line;
        let escape = self.lines.escape;
        let mut take_heredocs = |parser: &mut Self, exec_form: bool| -> Vec<Heredoc> {
            if !heredocs_allowed || exec_form {
                return Vec::new();
            }
            let markers = heredoc_markers(text);
            if markers.is_empty() {
                return Vec::new();
            }
            let (bodies, last) = parser.lines.heredoc_bodies(markers, end_line);
            end_line = last;
            bodies
        };
        let kind = match keyword.as_str() {
            "RUN" => {
                let command = self.maybe_json(&arguments, line);
                let heredocs = take_heredocs(self, matches!(command, Command::Exec(_)));
                let commands = run_commands(&command, &heredocs, logical, arguments_start);
                Kind::Run(Run {
                    mounts: flags
                        .iter()
                        .filter(|flag| flag.name == "mount")
                        .filter_map(|flag| flag.value.as_deref().map(mount))
                        .collect(),
                    network: flag_value(&flags, "network"),
                    security: flag_value(&flags, "security"),
                    command,
                    heredocs,
                    commands,
                })
            }
            "CMD" => Kind::Cmd {
                command: self.maybe_json(&arguments, line),
            },
            "ENTRYPOINT" => Kind::Entrypoint {
                command: self.maybe_json(&arguments, line),
            },
            "SHELL" => match self.maybe_json(&arguments, line) {
                Command::Exec(shell) => Kind::Shell { shell },
                Command::Shell(_) => {
                    self.warn(line, "SHELL requires the arguments in JSON form");
                    Kind::Unknown
                }
            },
            "COPY" | "ADD" => {
                let exec_form = json_array(&arguments).is_some();
                let heredocs = take_heredocs(self, exec_form);
                let copy = self.copy(&arguments, &flags, heredocs, line);
                if keyword == "COPY" {
                    Kind::Copy(copy)
                } else {
                    Kind::Add(copy)
                }
            }
            "ENV" => Kind::Env {
                variables: self.key_values(&arguments, "ENV", line),
            },
            "LABEL" => Kind::Label {
                labels: self.key_values(&arguments, "LABEL", line),
            },
            "ARG" => Kind::Arg {
                arguments: self.arg_declarations(&arguments, line),
            },
            "EXPOSE" => Kind::Expose {
                ports: expand::words(&arguments, &self.scope, escape)
                    .into_iter()
                    .map(|word| port(&word.text))
                    .collect(),
            },
            "USER" => {
                let text = expand::word(&arguments, &self.scope, escape);
                let (user, group) = match text.text.split_once(':') {
                    Some((user, group)) => (user.to_string(), Some(group.to_string())),
                    None => (text.text.clone(), None),
                };
                Kind::User(User { text, user, group })
            }
            "WORKDIR" => Kind::Workdir {
                directory: expand::word(&arguments, &self.scope, escape),
            },
            "VOLUME" => Kind::Volume {
                paths: match json_array(&arguments) {
                    Some(paths) => paths,
                    None => expand::words(&arguments, &self.scope, escape)
                        .into_iter()
                        .map(|word| word.text)
                        .collect(),
                },
            },
            "STOPSIGNAL" => Kind::StopSignal {
                signal: expand::word(&arguments, &self.scope, escape).text,
            },
            "MAINTAINER" => Kind::Maintainer {
                name: arguments.clone(),
            },
            "HEALTHCHECK" => self.healthcheck(&arguments, &flags, line),
            "ONBUILD" if heredocs_allowed => {
                let trigger = LogicalLine {
                    text: arguments.clone(),
                    segments: vec![(0, line)],
                    start_line: line,
                    end_line,
                    ignores: Vec::new(),
                };
                let trigger = self.instruction(&trigger, false);
                if matches!(trigger.keyword.as_str(), "ONBUILD" | "FROM" | "MAINTAINER") {
                    self.warn(line, format!("ONBUILD cannot trigger {}", trigger.keyword));
                }
                Kind::Onbuild {
                    trigger: Box::new(trigger),
                }
            }
            "FROM" => Kind::Unknown,
            _ => {
                self.warn(
                    line,
                    format!("unknown instruction `{keyword}` (BuildKit rejects it)"),
                );
                Kind::Unknown
            }
        };
        self.check_flags(&keyword, &flags, line);
        Instruction {
            location: Location::new(self.file, line),
            end_line,
            keyword,
            flags,
            arguments,
            ignores: logical.ignores.clone(),
            kind,
        }
    }

    /// BuildKit rejects a flag an instruction does not define.
    fn check_flags(&mut self, keyword: &str, flags: &[Flag], line: u32) {
        let known: &[&str] = match keyword {
            "FROM" => &["platform"],
            "RUN" => &["mount", "network", "security", "device"],
            "COPY" => &["from", "chown", "chmod", "link", "parents", "exclude"],
            "ADD" => &[
                "chown",
                "chmod",
                "link",
                "checksum",
                "keep-git-dir",
                "exclude",
                "unpack",
            ],
            "HEALTHCHECK" => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            _ => &[],
        };
        for flag in flags {
            if !known.contains(&flag.name.as_str()) {
                self.warn(
                    line,
                    format!(
                        "unknown flag `--{}` for {keyword} (BuildKit rejects it)",
                        flag.name
                    ),
                );
            }
        }
    }

    fn maybe_json(&mut self, arguments: &str, line: u32) -> Command {
        let trimmed = arguments.trim_start();
        if trimmed.starts_with('[') {
            if let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(trimmed) {
                let strings: Option<Vec<String>> = values
                    .iter()
                    .map(|value| value.as_str().map(str::to_string))
                    .collect();
                match strings {
                    Some(strings) => return Command::Exec(strings),
                    None => self.warn(
                        line,
                        "when using JSON array syntax, arrays must be comprised of strings only",
                    ),
                }
            }
        }
        Command::Shell(arguments.to_string())
    }

    fn copy(&mut self, arguments: &str, flags: &[Flag], heredocs: Vec<Heredoc>, line: u32) -> Copy {
        let escape = self.lines.escape;
        let (words, exec_form) = match json_array(arguments) {
            Some(words) => (
                words
                    .iter()
                    .map(|word| expand::word(word, &self.scope, escape))
                    .collect::<Vec<_>>(),
                true,
            ),
            None => (expand::words(arguments, &self.scope, escape), false),
        };
        if words.len() < 2 {
            self.warn(
                line,
                "COPY and ADD need at least one source and a destination",
            );
        }
        let unresolved = words
            .iter()
            .flat_map(|word| word.unresolved.iter().cloned())
            .collect();
        let mut texts: Vec<String> = words.into_iter().map(|word| word.text).collect();
        let destination = if texts.len() >= 2 {
            texts.pop().unwrap_or_default()
        } else {
            String::new()
        };
        Copy {
            sources: texts,
            destination,
            from: flag_value(flags, "from"),
            chown: flag_value(flags, "chown"),
            chmod: flag_value(flags, "chmod"),
            link: flags
                .iter()
                .any(|flag| flag.name == "link" && flag.value.as_deref() != Some("false")),
            exec_form,
            heredocs,
            unresolved,
        }
    }

    /// `ENV`/`LABEL`: `key=value …`, or the legacy `key value`.
    fn key_values(&mut self, arguments: &str, keyword: &str, line: u32) -> Vec<KeyValue> {
        let escape = self.lines.escape;
        let words = words_keeping_quotes(arguments, escape);
        let Some(first) = words.first() else {
            self.warn(line, format!("{keyword} requires at least one argument"));
            return Vec::new();
        };
        if !first.contains('=') {
            let trimmed = arguments.trim();
            let Some((key, value)) = trimmed.split_once(char::is_whitespace) else {
                self.warn(line, format!("{keyword} must have two arguments"));
                return Vec::new();
            };
            return vec![KeyValue {
                key: expand::word(key, &self.scope, escape).text,
                value: expand::word(value.trim_start(), &self.scope, escape).text,
            }];
        }
        let mut pairs = Vec::new();
        for word in &words {
            match word.split_once('=') {
                Some((key, value)) => pairs.push(KeyValue {
                    key: expand::word(key, &self.scope, escape).text,
                    value: expand::word(value, &self.scope, escape).text,
                }),
                None => self.warn(
                    line,
                    format!("can't find = in `{word}`; {keyword} takes name=value"),
                ),
            }
        }
        pairs
    }

    fn arg_declarations(&mut self, arguments: &str, line: u32) -> Vec<ArgDeclaration> {
        let escape = self.lines.escape;
        let scope = if self.stages.is_empty() {
            &self.global
        } else {
            &self.scope
        };
        let declarations: Vec<ArgDeclaration> = words_keeping_quotes(arguments, escape)
            .iter()
            .map(|word| {
                let (name, default) = match word.split_once('=') {
                    Some((name, value)) => (name, Some(expand::word(value, scope, escape).text)),
                    None => (word.as_str(), None),
                };
                ArgDeclaration {
                    location: Location::new(self.file, line),
                    name: name.to_string(),
                    default,
                }
            })
            .collect();
        if declarations.is_empty() {
            self.warn(line, "ARG requires at least one argument");
        }
        declarations
    }

    fn healthcheck(&mut self, arguments: &str, flags: &[Flag], line: u32) -> Kind {
        let trimmed = arguments.trim();
        let split = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let (kind, rest) = trimmed.split_at(split);
        if kind.eq_ignore_ascii_case("NONE") {
            if !rest.trim().is_empty() || !flags.is_empty() {
                self.warn(line, "HEALTHCHECK NONE takes no other arguments");
            }
            return Kind::Healthcheck {
                check: Healthcheck::Disabled,
            };
        }
        if !kind.eq_ignore_ascii_case("CMD") {
            self.warn(
                line,
                format!("unknown HEALTHCHECK type `{kind}`: expected CMD or NONE"),
            );
            return Kind::Unknown;
        }
        Kind::Healthcheck {
            check: Healthcheck::Check {
                command: self.maybe_json(rest.trim_start(), line),
                interval: flag_value(flags, "interval"),
                timeout: flag_value(flags, "timeout"),
                start_period: flag_value(flags, "start-period"),
                start_interval: flag_value(flags, "start-interval"),
                retries: flag_value(flags, "retries"),
            },
        }
    }
}
