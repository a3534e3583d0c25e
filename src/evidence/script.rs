//! Shell build scripts (`build.sh`, `scripts/*.sh`, `hack/*.sh`,
//! `script/build`): the `go build`/`go install` lines they run, with the
//! script's own variables (`LDFLAGS="-s -w -X main.version=${VERSION}"`)
//! substituted where the command uses them, and the variables themselves.
//! A variable named for a build input (`VERSION`, `GIT_COMMIT`) is kept as a
//! reference, so it maps to the image's build argument; a variable the
//! script does not assign stays as written.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::go_build::{self, GoBuild};
use super::shell::{self, SimpleCommand};
use super::value::{BuildInput, Dialect};
use super::{line_at, Location};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildScript {
    pub file: PathBuf,
    /// `NAME=value` lines the script runs (quotes removed).
    pub variables: Vec<ScriptVariable>,
    pub go_builds: Vec<GoBuild>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScriptVariable {
    pub location: Location,
    pub name: String,
    pub value: String,
}

/// The variables a script has set so far, by name.
type Scope = BTreeMap<String, String>;

pub fn parse(text: &str, file: &Path) -> BuildScript {
    let mut script = BuildScript {
        file: file.to_path_buf(),
        variables: Vec::new(),
        go_builds: Vec::new(),
    };
    let mut scope = Scope::new();
    let mut directory: Option<String> = None;
    for command in shell::commands(text) {
        let location = Location::new(file, line_at(text, command.offset));
        let declares = matches!(
            command.words.first().map(String::as_str),
            Some("export" | "readonly" | "local" | "declare" | "typeset")
        );
        if command.words.is_empty() || declares {
            let pairs = command.assignments.iter().cloned().chain(
                command
                    .words
                    .iter()
                    .skip(1)
                    .filter_map(|word| word.split_once('='))
                    .map(|(name, value)| (name.to_string(), value.to_string())),
            );
            for (name, value) in pairs {
                let value = substitute(&value, &scope);
                scope.insert(name.clone(), value.clone());
                script.variables.push(ScriptVariable {
                    location: location.clone(),
                    name,
                    value,
                });
            }
            continue;
        }
        if command.program() == Some("cd") {
            directory = command.words.get(1).cloned();
            continue;
        }
        let expanded = expand_words(text, &command, &scope);
        let Some(mut build) = go_build::from_command(&expanded, Dialect::Shell, location) else {
            continue;
        };
        if build.directory.is_none() {
            build.directory.clone_from(&directory);
        }
        script.go_builds.push(build);
    }
    script
}

/// The command with the script's variables substituted in its words, as
/// the shell would split them (a quoted `"$LDFLAGS"` stays one word).
fn expand_words(text: &str, command: &SimpleCommand, scope: &Scope) -> SimpleCommand {
    let mut words = Vec::new();
    for (word, span) in command.words.iter().zip(&command.spans) {
        let Some(raw) = text.get(span.clone()) else {
            words.push(word.clone());
            continue;
        };
        let substituted = substitute(raw, scope);
        if substituted == raw {
            words.push(word.clone());
        } else {
            words.extend(shell::commands(&substituted).into_iter().flat_map(|found| {
                found
                    .assignments
                    .into_iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .chain(found.words)
            }));
        }
    }
    let assignments = command
        .assignments
        .iter()
        .map(|(name, value)| (name.clone(), substitute(value, scope)))
        .collect();
    SimpleCommand {
        offset: command.offset,
        assignments,
        words,
        spans: Vec::new(),
    }
}

/// Replaces `$NAME` and `${NAME}` outside single quotes with the value the
/// script gave `NAME`, unless the name is a build input's.
fn substitute(raw: &str, scope: &Scope) -> String {
    let mut out = String::new();
    let mut in_single = false;
    let mut in_double = false;
    let mut rest = raw;
    while let Some(character) = rest.chars().next() {
        if character == '\'' && !in_double {
            in_single = !in_single;
        } else if character == '"' && !in_single {
            in_double = !in_double;
        } else if character == '$' && !in_single {
            if let Some((length, name)) = variable_reference(rest) {
                match scope.get(name) {
                    Some(value) if BuildInput::for_name(name).is_none() => {
                        out.push_str(value);
                        rest = &rest[length..];
                        continue;
                    }
                    _ => {}
                }
            }
        }
        out.push(character);
        rest = &rest[character.len_utf8()..];
    }
    out
}

/// `$NAME` or `${NAME}` at the start of `text`: its length and the name.
fn variable_reference(text: &str) -> Option<(usize, &str)> {
    let after = text.strip_prefix('$')?;
    if let Some(braced) = after.strip_prefix('{') {
        let end = braced.find('}')?;
        let name = &braced[..end];
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return valid.then_some((end + 3, name));
    }
    let length = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    (length > 0 && !after.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| (length + 1, &after[..length]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::value::Value;

    /// Shaped like the build scripts of projects that build outside make.
    const BUILD_SH: &str = r#"#!/usr/bin/env bash
set -euo pipefail

VERSION=${VERSION:-$(git describe --tags --always)}
COMMIT="$(git rev-parse --short HEAD)"
PKG=github.com/acme/tool
LDFLAGS="-s -w -X ${PKG}/internal/version.Version=${VERSION} -X ${PKG}/internal/version.Commit=${COMMIT}"
export CGO_ENABLED=0
GOFLAGS_EXTRA="-trimpath -mod=readonly"

for os in linux darwin; do
  GOOS=$os go build $GOFLAGS_EXTRA -ldflags "$LDFLAGS" \
    -o "dist/tool-$os" ./cmd/tool
done

cd tools
go build -o ../bin/gen ./gen
cat <<EOF
go build is only mentioned here
EOF
"#;

    #[test]
    fn a_build_script_with_its_variables_substituted() {
        let script = parse(BUILD_SH, Path::new("scripts/build.sh"));
        let names: Vec<_> = script.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "VERSION",
                "COMMIT",
                "PKG",
                "LDFLAGS",
                "CGO_ENABLED",
                "GOFLAGS_EXTRA"
            ]
        );
        assert_eq!(script.go_builds.len(), 2);
        let build = &script.go_builds[0];
        assert_eq!(build.location.to_string(), "scripts/build.sh:12");
        assert!(build.trimpath);
        assert_eq!(build.module_mode.as_deref(), Some("readonly"));
        assert_eq!(
            build.env_value("GOOS").map(|v| v.text.as_str()),
            Some("$os")
        );
        assert_eq!(
            build.output.as_ref().map(|o| o.text.as_str()),
            Some("dist/tool-$os")
        );
        let ldflags = build.ldflags.as_ref().expect("ldflags");
        assert!(ldflags.strip_symbols);
        let stamps: Vec<_> = ldflags
            .assignments
            .iter()
            .map(|stamp| (stamp.symbol.as_str(), stamp.value.inputs()))
            .collect();
        assert_eq!(
            stamps,
            [
                (
                    "github.com/acme/tool/internal/version.Version",
                    vec![BuildInput::Version]
                ),
                (
                    "github.com/acme/tool/internal/version.Commit",
                    vec![BuildInput::Commit]
                ),
            ]
        );
        let generator = &script.go_builds[1];
        assert_eq!(generator.directory.as_deref(), Some("tools"));
        assert_eq!(
            generator.output.as_ref().and_then(Value::as_literal),
            Some("../bin/gen")
        );
    }

    #[test]
    fn single_quotes_and_unknown_variables_are_left_alone() {
        let scope: Scope = [("A".to_string(), "x y".to_string())].into();
        assert_eq!(
            substitute("'$A' \"$A\" $B ${A}", &scope),
            "'$A' \"x y\" $B x y"
        );
        let script = parse(
            "FLAGS=-v\ngo build $FLAGS $UNKNOWN .\n",
            Path::new("build.sh"),
        );
        assert_eq!(script.go_builds[0].other_flags, ["-v"]);
        assert_eq!(script.go_builds[0].packages.len(), 2);
    }
}
