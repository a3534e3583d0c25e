//! Reading a Dockerfile the way BuildKit does: parser directives, the escape
//! character, continuations, here-documents, exec and shell forms,
//! instruction flags, stages, and `ARG` expansion in `FROM` (see the
//! Dockerfile reference). Every instruction keeps its `file:line`, the
//! rules a `# godock:ignore RULE[,RULE]` comment before it switches off, and
//! for `RUN` the simple commands of its shell script, so that `go build`,
//! `go mod download` or `apt-get install` can be found.
//!
//! The crates on crates.io were tried first: `dockerfile-parser` (pest) has
//! no heredocs, no escape directive and no `HEALTHCHECK`/`USER`/`EXPOSE`;
//! `dockerfile-parser-rs` only knows a literal `<<EOF` and keeps no line
//! numbers. Neither can back an audit, hence this parser.
//!
//! Pure: text in, [`Dockerfile`] out. A construct BuildKit would reject is a
//! warning naming its line, and the rest of the file is still read.
mod arguments;
mod expand;
mod lines;
mod syntax;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use expand::Expanded;
pub use lines::{Directive, Heredoc};

use super::go_build::{self, EnvAssignment, GoBuild};
use super::shell::SimpleCommand;
use super::value::{Dialect, Value};
use super::{Location, Warning};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    pub file: PathBuf,
    pub directives: Vec<Directive>,
    pub escape: char,
    /// `ARG`s before the first `FROM`: the only variables `FROM` can use.
    pub global_args: Vec<ArgDeclaration>,
    pub stages: Vec<Stage>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// 0-based, as `--target` and `COPY --from=0` count.
    pub index: usize,
    pub from: From,
    pub instructions: Vec<Instruction>,
}

impl Stage {
    /// The name after `AS`, as written.
    pub fn name(&self) -> Option<&str> {
        self.from.name.as_deref()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct From {
    pub location: Location,
    /// The image, expanded with the global `ARG`s' defaults.
    pub image: Expanded,
    pub platform: Option<Expanded>,
    pub name: Option<String>,
    pub base: Base,
    pub ignores: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    Image(ImageReference),
}

/// `[registry/]repository[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageReference {
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageReference {
    pub fn parse(text: &str) -> ImageReference {
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest.to_string())),
            None => (text, None),
        };
        let slash = rest.rfind('/').map_or(0, |index| index + 1);
        let (name, tag) = match rest[slash..].rfind(':') {
            Some(colon) => (
                rest[..slash + colon].to_string(),
                Some(rest[slash + colon + 1..].to_string()),
            ),
            None => (rest.to_string(), None),
        };
        ImageReference { name, tag, digest }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub location: Location,
    /// The last line, a here-document's delimiter included.
    pub end_line: u32,
    /// Upper case (`RUN`), whatever case the file used.
    pub keyword: String,
    /// `--name[=value]` before the arguments, quotes removed.
    pub flags: Vec<Flag>,
    /// The arguments as written, continuations joined.
    pub arguments: String,
    /// Rules switched off by `# godock:ignore` comments before it.
    pub ignores: Vec<String>,
    pub kind: Kind,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "instruction")]
pub enum Kind {
    Run(Run),
    Cmd {
        command: Command,
    },
    Entrypoint {
        command: Command,
    },
    Shell {
        shell: Vec<String>,
    },
    Copy(Copy),
    Add(Copy),
    Env {
        variables: Vec<KeyValue>,
    },
    Arg {
        arguments: Vec<ArgDeclaration>,
    },
    Label {
        labels: Vec<KeyValue>,
    },
    Expose {
        ports: Vec<Port>,
    },
    User(User),
    Workdir {
        directory: Expanded,
    },
    Volume {
        paths: Vec<String>,
    },
    StopSignal {
        signal: String,
    },
    Healthcheck {
        check: Healthcheck,
    },
    Maintainer {
        name: String,
    },
    Onbuild {
        trigger: Box<Instruction>,
    },
    /// An instruction BuildKit does not know (it ignores them).
    Unknown,
}

/// Exec form (a JSON array) or shell form (a string for `/bin/sh -c`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Exec(Vec<String>),
    Shell(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub command: Command,
    pub mounts: Vec<Mount>,
    pub network: Option<String>,
    pub security: Option<String>,
    pub heredocs: Vec<Heredoc>,
    /// The shell script's simple commands with their lines (the command
    /// line, and a here-document the shell runs as its script).
    pub commands: Vec<RunCommand>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunCommand {
    pub line: u32,
    pub command: SimpleCommand,
}

/// `RUN --mount=type=…,target=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mount {
    pub kind: MountKind,
    pub target: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub id: Option<String>,
    /// Every option as written, `rw`, `sharing=locked`, `uid=1000` included.
    pub options: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MountKind {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
    Other(String),
}

/// `COPY`/`ADD`: sources and destination after expansion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy {
    pub sources: Vec<String>,
    pub destination: String,
    /// `--from=stage|index|image`.
    pub from: Option<String>,
    pub chown: Option<String>,
    pub chmod: Option<String>,
    pub link: bool,
    pub exec_form: bool,
    /// Sources given inline (`COPY <<EOF /dest`).
    pub heredocs: Vec<Heredoc>,
    /// Variables the sources or destination use that have no known value.
    pub unresolved: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDeclaration {
    pub location: Location,
    pub name: String,
    pub default: Option<String>,
}

/// `EXPOSE 8080`, `53/udp`, `8000-8010/tcp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Port {
    pub text: String,
    /// `None` when the text is not a port (an unresolved `$PORT`).
    pub first: Option<u16>,
    pub last: Option<u16>,
    pub protocol: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub text: Expanded,
    pub user: String,
    pub group: Option<String>,
}

impl User {
    /// A numeric UID, as Kubernetes' `runAsNonRoot` can check.
    pub fn uid(&self) -> Option<u32> {
        self.user.parse().ok()
    }

    pub fn is_root(&self) -> bool {
        self.user == "root" || self.uid() == Some(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`: the base image's check is switched off.
    Disabled,
    Check {
        command: Command,
        interval: Option<String>,
        timeout: Option<String>,
        start_period: Option<String>,
        start_interval: Option<String>,
        retries: Option<String>,
    },
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|directive| directive.name == name)
    }

    /// The stage an image is built from by default: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage named `name` (case-insensitive, as BuildKit compares).
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|stage| {
            stage
                .name()
                .is_some_and(|stage_name| stage_name.eq_ignore_ascii_case(name))
        })
    }

    /// Every `go build`/`go install` in the `RUN` instructions, with the
    /// stage's name as `within`, the `WORKDIR` in effect as `directory`,
    /// and the stage's Go environment (`ENV CGO_ENABLED=0`, `GOOS`, …,
    /// with those of the stage it is built `FROM`) before the command's own
    /// assignments.
    pub fn go_builds(&self) -> Vec<GoBuild> {
        let mut builds = Vec::new();
        // Each stage's WORKDIR and Go environment at its end: a stage built
        // `FROM` an earlier one starts with them.
        let mut ends: Vec<(Option<String>, Vec<EnvAssignment>)> = Vec::new();
        for stage in &self.stages {
            let (mut workdir, mut environment) = match &stage.from.base {
                Base::Stage(index) => ends.get(*index).cloned().unwrap_or_default(),
                _ => (None, Vec::new()),
            };
            for instruction in &stage.instructions {
                match &instruction.kind {
                    Kind::Workdir { directory } => {
                        workdir = Some(join_workdir(workdir.as_deref(), &directory.text));
                    }
                    Kind::Env { variables } => {
                        for variable in variables.iter().filter(|v| is_go_variable(&v.key)) {
                            environment.push(EnvAssignment {
                                name: variable.key.clone(),
                                value: Value::parse(&variable.value, Dialect::Shell),
                            });
                        }
                    }
                    Kind::Run(run) => {
                        for found in &run.commands {
                            let location = Location::new(&self.file, found.line);
                            let Some(mut build) =
                                go_build::from_command(&found.command, Dialect::Shell, location)
                            else {
                                continue;
                            };
                            build.within = stage.name().map(str::to_string);
                            if build.directory.is_none() {
                                build.directory.clone_from(&workdir);
                            }
                            let mut env = environment.clone();
                            env.append(&mut build.env);
                            build.env = env;
                            builds.push(build);
                        }
                    }
                    _ => {}
                }
            }
            ends.push((workdir, environment));
        }
        builds
    }
}

fn is_go_variable(name: &str) -> bool {
    name.starts_with("GO") || name.starts_with("CGO_")
}

fn join_workdir(current: Option<&str>, next: &str) -> String {
    match current {
        Some(current) if !next.starts_with('/') => {
            format!("{}/{next}", current.trim_end_matches('/'))
        }
        _ => next.to_string(),
    }
}

/// Parses the text of the Dockerfile at `file` (used in locations only).
pub fn parse(text: &str, file: &Path) -> Dockerfile {
    arguments::Parser::new(text, file).run()
}

#[cfg(test)]
mod tests;
