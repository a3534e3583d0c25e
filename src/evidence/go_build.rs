//! The `go build` / `go install` command model: one argv, from whichever
//! source wrote it (a Dockerfile `RUN`, a Makefile recipe, a goreleaser
//! build, a script), read into the settings a plan can act on — environment
//! (`CGO_ENABLED`, `GOOS`, `GOARCH`, `GOFLAGS`), output, packages, tags,
//! `-trimpath`, `-buildvcs`, `-mod`, `-a`, `-installsuffix` and `-ldflags`
//! (`-s`, `-w`, `-X importpath.name=value`, `-extldflags`). Flags it does not
//! model are kept raw. Values are [`Value`]s, so a `-X` that says
//! `{{.Version}}` or `$(VERSION)` is known to be the version.
use serde::Serialize;

use super::shell::SimpleCommand;
use super::value::{balanced_end, Dialect, Value};
use super::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoCommand {
    Build,
    Install,
}

/// One `go build` or `go install` as a recipe writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoBuild {
    pub location: Location,
    /// The recipe around it: a Make target, a just recipe, a Taskfile task,
    /// a Dockerfile stage's name, a goreleaser build id.
    pub within: Option<String>,
    pub command: GoCommand,
    /// Where it runs, when the recipe says: `go -C DIR build`, a `cd DIR`
    /// before it, a goreleaser `dir`, a Dockerfile `WORKDIR`.
    pub directory: Option<String>,
    /// `NAME=value` set for this command (`CGO_ENABLED=0 go build`,
    /// goreleaser's `env`, a Makefile's `export`ed Go variables).
    pub env: Vec<EnvAssignment>,
    pub output: Option<Value>,
    /// Package paths or files as written (`./cmd/app`, `main.go`, `.`).
    pub packages: Vec<Value>,
    /// `-tags`, comma or space separated, in order.
    pub tags: Vec<String>,
    pub trimpath: bool,
    pub buildvcs: Option<String>,
    /// `-mod=vendor|mod|readonly`.
    pub module_mode: Option<String>,
    /// `-a`: rebuild every package.
    pub rebuild_all: bool,
    pub installsuffix: Option<String>,
    pub ldflags: Option<Ldflags>,
    pub gcflags: Option<String>,
    /// Every other flag, as written (`-race`, `-buildmode=pie`, `-v`).
    pub other_flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvAssignment {
    pub name: String,
    pub value: Value,
}

/// `-ldflags`, read into what matters and kept whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ldflags {
    /// As written (after the recipe's own quoting is removed).
    pub text: String,
    /// `-s`: omit the symbol table.
    pub strip_symbols: bool,
    /// `-w`: omit DWARF.
    pub strip_dwarf: bool,
    pub assignments: Vec<Stamp>,
    pub extldflags: Option<String>,
    /// Every other linker flag, as written (`-linkmode external`, `-buildid=`).
    pub other: Vec<String>,
}

/// `-X importpath.name=value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stamp {
    /// `main.version`, `github.com/prometheus/common/version.Version`.
    pub symbol: String,
    pub value: Value,
}

impl Stamp {
    /// The import path part (`main`, `github.com/x/y/version`).
    pub fn package(&self) -> &str {
        self.symbol
            .rsplit_once('.')
            .map_or("", |(package, _)| package)
    }

    /// The variable's name (`version`).
    pub fn variable(&self) -> &str {
        self.symbol
            .rsplit_once('.')
            .map_or(&self.symbol, |(_, name)| name)
    }
}

impl GoBuild {
    /// The value of `CGO_ENABLED` when the command sets it to a literal.
    pub fn cgo_enabled(&self) -> Option<bool> {
        let value = self.env_value("CGO_ENABLED")?.as_literal()?;
        match value.trim() {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        }
    }

    /// The last value set for `name`.
    pub fn env_value(&self, name: &str) -> Option<&Value> {
        self.env
            .iter()
            .rev()
            .find(|assignment| assignment.name == name)
            .map(|assignment| &assignment.value)
    }
}

/// Flags of `go build` that take a value (`-o x` or `-o=x`).
const VALUE_FLAGS: [&str; 19] = [
    "o",
    "p",
    "C",
    "tags",
    "ldflags",
    "gcflags",
    "asmflags",
    "gccgoflags",
    "mod",
    "modfile",
    "installsuffix",
    "buildmode",
    "compiler",
    "pkgdir",
    "overlay",
    "pgo",
    "toolexec",
    "coverpkg",
    "covermode",
];

/// Reads a simple command as a `go build`/`go install`, or `None` when it is
/// not one (`go mod download`, `go run`, `make`).
pub fn from_command(
    command: &SimpleCommand,
    dialect: Dialect,
    location: Location,
) -> Option<GoBuild> {
    if command.program() != Some("go") {
        return None;
    }
    let mut build = from_arguments(&command.words[1..], dialect, location)?;
    build.env = command
        .assignments
        .iter()
        .map(|(name, value)| EnvAssignment {
            name: name.clone(),
            value: Value::parse(value, dialect),
        })
        .collect();
    Some(build)
}

/// Reads the arguments after `go` (`build -o app ./cmd/app`).
pub fn from_arguments(
    arguments: &[String],
    dialect: Dialect,
    location: Location,
) -> Option<GoBuild> {
    let mut arguments = arguments.iter().peekable();
    let mut directory = None;
    // `go -C dir build …`
    while let Some(argument) = arguments.peek() {
        if let Some(value) = argument.strip_prefix("-C=") {
            directory = Some(value.to_string());
            arguments.next();
        } else if argument.as_str() == "-C" {
            arguments.next();
            directory = arguments.next().cloned();
        } else {
            break;
        }
    }
    let command = match arguments.next()?.as_str() {
        "build" => GoCommand::Build,
        "install" => GoCommand::Install,
        _ => return None,
    };
    let mut build = GoBuild {
        location,
        within: None,
        command,
        directory,
        env: Vec::new(),
        output: None,
        packages: Vec::new(),
        tags: Vec::new(),
        trimpath: false,
        buildvcs: None,
        module_mode: None,
        rebuild_all: false,
        installsuffix: None,
        ldflags: None,
        gcflags: None,
        other_flags: Vec::new(),
    };
    let mut flags_done = false;
    while let Some(argument) = arguments.next() {
        if flags_done || !argument.starts_with('-') || argument == "-" {
            build.packages.push(Value::parse(argument, dialect));
            continue;
        }
        if argument == "--" {
            flags_done = true;
            continue;
        }
        let flag = argument.trim_start_matches('-');
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (flag, None),
        };
        let takes_value = VALUE_FLAGS.contains(&name);
        let value = match inline {
            Some(value) => Some(value),
            None if takes_value => arguments.next().cloned(),
            None => None,
        };
        match name {
            "o" => build.output = value.map(|value| Value::parse(&value, dialect)),
            "C" => build.directory = value,
            "tags" => {
                build.tags = value
                    .unwrap_or_default()
                    .split([',', ' '])
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "ldflags" => build.ldflags = value.map(|value| parse_ldflags(&value, dialect)),
            "gcflags" => build.gcflags = value,
            "mod" => build.module_mode = value,
            "installsuffix" => build.installsuffix = value,
            "trimpath" => build.trimpath = value.as_deref().is_none_or(|value| value == "true"),
            "a" => build.rebuild_all = value.as_deref().is_none_or(|value| value == "true"),
            "buildvcs" => build.buildvcs = Some(value.unwrap_or_else(|| "true".to_string())),
            _ => match value {
                Some(value) if takes_value && !argument.contains('=') => {
                    build.other_flags.push(argument.clone());
                    build.other_flags.push(value);
                }
                _ => build.other_flags.push(argument.clone()),
            },
        }
    }
    Some(build)
}

/// Reads an `-ldflags` value: fields split as the go command splits them
/// (spaces, with `'…'` or `"…"` quoting a field).
pub fn parse_ldflags(text: &str, dialect: Dialect) -> Ldflags {
    let fields = quoted_fields(text);
    let mut ldflags = Ldflags {
        text: text.to_string(),
        strip_symbols: false,
        strip_dwarf: false,
        assignments: Vec::new(),
        extldflags: None,
        other: Vec::new(),
    };
    let mut fields = fields.into_iter();
    while let Some(field) = fields.next() {
        let flag = field.trim_start_matches('-');
        if !field.starts_with('-') {
            ldflags.other.push(field);
            continue;
        }
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (flag, None),
        };
        match name {
            "s" if inline.is_none() => ldflags.strip_symbols = true,
            "w" if inline.is_none() => ldflags.strip_dwarf = true,
            "X" => {
                let Some(definition) = inline.or_else(|| fields.next()) else {
                    ldflags.other.push(field);
                    continue;
                };
                match definition.split_once('=') {
                    Some((symbol, value)) => ldflags.assignments.push(Stamp {
                        symbol: symbol.to_string(),
                        value: Value::parse(value, dialect),
                    }),
                    None => ldflags.other.push(format!("-X {definition}")),
                }
            }
            "extldflags" => ldflags.extldflags = inline.or_else(|| fields.next()),
            _ => ldflags.other.push(field),
        }
    }
    ldflags
}

/// Splits like Go's `cmd/internal/quoted.Split`: whitespace separates fields,
/// and a field that starts with `'` or `"` runs to the matching quote. A
/// reference that is still unexpanded (`$(shell git describe --tags)`,
/// `{{ .Version }}`, `` `date` ``) is never split: it is one value by the
/// time the go command sees it.
pub fn quoted_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        if first == '\'' || first == '"' {
            match rest[1..].find(first) {
                Some(end) => {
                    fields.push(rest[1..1 + end].to_string());
                    rest = &rest[end + 2..];
                }
                None => {
                    fields.push(rest[1..].to_string());
                    break;
                }
            }
            continue;
        }
        let end = field_end(rest);
        fields.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    fields
}

/// The end of an unquoted field: the first whitespace outside a reference.
fn field_end(text: &str) -> usize {
    let mut index = 0;
    while index < text.len() {
        let rest = &text[index..];
        let skip = if rest.starts_with("$(") {
            balanced_end(rest, 1, '(', ')')
        } else if rest.starts_with("${") {
            balanced_end(rest, 1, '{', '}')
        } else if rest.starts_with("{{") {
            rest.find("}}").map(|end| end + 2)
        } else if let Some(after) = rest.strip_prefix('`') {
            after.find('`').map(|end| end + 2)
        } else {
            None
        };
        if let Some(skip) = skip {
            index += skip;
            continue;
        }
        let character = rest.chars().next().unwrap_or(' ');
        if character.is_whitespace() {
            return index;
        }
        index += character.len_utf8();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::shell;
    use crate::evidence::value::BuildInput;

    fn location() -> Location {
        Location::new(std::path::Path::new("Makefile"), 3)
    }

    fn build(text: &str, dialect: Dialect) -> GoBuild {
        let command = shell::commands(text).remove(0);
        from_command(&command, dialect, location()).expect("a go build")
    }

    #[test]
    fn a_release_build_line_reads_into_every_setting() {
        let build = build(
            r#"CGO_ENABLED=0 GOOS=linux go build -trimpath -mod=vendor -a -installsuffix cgo -tags 'netgo osusergo' -ldflags "-s -w -X 'main.version=$(VERSION)' -X github.com/x/y/internal/version.commit=$(shell git rev-parse HEAD) -extldflags '-static'" -o bin/app ./cmd/app"#,
            Dialect::Make,
        );
        assert_eq!(build.cgo_enabled(), Some(false));
        assert_eq!(
            build.env_value("GOOS").and_then(Value::as_literal),
            Some("linux")
        );
        assert!(build.trimpath && build.rebuild_all);
        assert_eq!(build.module_mode.as_deref(), Some("vendor"));
        assert_eq!(build.installsuffix.as_deref(), Some("cgo"));
        assert_eq!(build.tags, ["netgo", "osusergo"]);
        assert_eq!(
            build.output.as_ref().and_then(Value::as_literal),
            Some("bin/app")
        );
        assert_eq!(build.packages[0].as_literal(), Some("./cmd/app"));
        let ldflags = build.ldflags.expect("ldflags");
        assert!(ldflags.strip_symbols && ldflags.strip_dwarf);
        assert_eq!(ldflags.extldflags.as_deref(), Some("-static"));
        assert_eq!(ldflags.assignments.len(), 2);
        assert_eq!(ldflags.assignments[0].symbol, "main.version");
        assert_eq!(ldflags.assignments[0].value.inputs(), [BuildInput::Version]);
        assert_eq!(
            ldflags.assignments[1].package(),
            "github.com/x/y/internal/version"
        );
        assert_eq!(ldflags.assignments[1].variable(), "commit");
        assert_eq!(ldflags.assignments[1].value.inputs(), [BuildInput::Commit]);
    }

    #[test]
    fn flag_forms_and_files() {
        let build = build(
            "go build -o=app --tags=a,b -buildvcs=false -race -buildmode pie -v main.go util.go",
            Dialect::Shell,
        );
        assert_eq!(
            build
                .output
                .and_then(|o| o.as_literal().map(str::to_string))
                .as_deref(),
            Some("app")
        );
        assert_eq!(build.tags, ["a", "b"]);
        assert_eq!(build.buildvcs.as_deref(), Some("false"));
        assert_eq!(build.other_flags, ["-race", "-buildmode", "pie", "-v"]);
        let packages: Vec<_> = build
            .packages
            .iter()
            .filter_map(Value::as_literal)
            .collect();
        assert_eq!(packages, ["main.go", "util.go"]);
    }

    #[test]
    fn go_dash_c_and_install_are_builds_and_other_go_commands_are_not() {
        let install = build("go -C tools install ./cmd/gen", Dialect::Shell);
        assert_eq!(install.command, GoCommand::Install);
        assert_eq!(install.directory.as_deref(), Some("tools"));
        for text in [
            "go mod download",
            "go run .",
            "go",
            "gofmt -l .",
            "make build",
        ] {
            let command = shell::commands(text).remove(0);
            assert!(
                from_command(&command, Dialect::Shell, location()).is_none(),
                "{text}"
            );
        }
        let absolute = build("/usr/local/go/bin/go build .", Dialect::Shell);
        assert_eq!(absolute.packages.len(), 1);
    }

    #[test]
    fn ldflags_fields_split_like_the_go_command() {
        assert_eq!(
            quoted_fields(r#"-s  -X "main.a=b c" -X 'main.d=e'"#),
            ["-s", "-X", "main.a=b c", "-X", "main.d=e"]
        );
        let ldflags = parse_ldflags(
            "-X=main.v=1.0 -linkmode external -X broken -w",
            Dialect::Shell,
        );
        assert_eq!(ldflags.assignments[0].value.as_literal(), Some("1.0"));
        assert!(ldflags.strip_dwarf && !ldflags.strip_symbols);
        assert_eq!(ldflags.other, ["-linkmode", "external", "-X broken"]);
        assert!(quoted_fields("'unterminated").len() == 1);
    }
}
