//! A justfile: its variables (`version := `git describe --tags``) and
//! recipes, with the `go build`/`go install` lines each recipe runs.
//! `{{name}}` interpolations are filled in from the justfile's own string
//! and backtick variables, as just does before the shell sees the line; a
//! variable named for a build input (`{{version}}`) stays a reference, and
//! one just cannot know here (a parameter, an expression) stays as written.
//! Shebang recipes (`#!/usr/bin/env bash`) are read as one script.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::go_build::{self, GoBuild};
use super::shell;
use super::value::{self, BuildInput, Dialect};
use super::{line_at, without_bom, Location};

/// The names just looks for, in its order.
pub const FILE_NAMES: [&str; 3] = ["justfile", "Justfile", ".justfile"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Justfile {
    pub file: PathBuf,
    pub variables: Vec<JustVariable>,
    pub recipes: Vec<Recipe>,
    pub go_builds: Vec<GoBuild>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JustVariable {
    pub location: Location,
    pub name: String,
    /// The expression as written (`'1.0'`, `` `git describe` ``).
    pub expression: String,
    pub exported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipe {
    pub location: Location,
    pub name: String,
    pub dependencies: Vec<String>,
    /// Body lines as written, without their indentation.
    pub lines: Vec<(u32, String)>,
}

pub fn parse(text: &str, file: &Path) -> Justfile {
    let mut justfile = Justfile {
        file: file.to_path_buf(),
        variables: Vec::new(),
        recipes: Vec::new(),
        go_builds: Vec::new(),
    };
    let lines: Vec<&str> = without_bom(text).lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = lines[index];
        index += 1;
        let trimmed = line.trim();
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with('[')
            || line.starts_with([' ', '\t'])
        {
            continue;
        }
        let (exported, statement) = match trimmed.strip_prefix("export ") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        if let Some((name, expression)) = statement.split_once(":=") {
            let name = name.trim();
            // `set shell := […]` and `alias b := build` have two words.
            if name.split_whitespace().count() == 1 {
                justfile.variables.push(JustVariable {
                    location: Location::new(file, number),
                    name: name.to_string(),
                    expression: expression.trim().to_string(),
                    exported,
                });
            }
            continue;
        }
        let Some((header, dependencies)) = statement.split_once(':') else {
            continue;
        };
        let name = header
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_start_matches('@');
        if name.is_empty() || matches!(name, "set" | "alias" | "import" | "mod") {
            continue;
        }
        let mut body = Vec::new();
        while index < lines.len() {
            let next = lines[index];
            if !next.trim().is_empty() && !next.starts_with([' ', '\t']) {
                break;
            }
            if !next.trim().is_empty() {
                body.push((
                    u32::try_from(index + 1).unwrap_or(u32::MAX),
                    next.trim().to_string(),
                ));
            }
            index += 1;
        }
        justfile.recipes.push(Recipe {
            location: Location::new(file, number),
            name: name.to_string(),
            dependencies: dependencies
                .split_whitespace()
                .map(|dependency| dependency.trim_matches(['(', ')']).to_string())
                .filter(|dependency| !dependency.is_empty())
                .collect(),
            lines: body,
        });
    }
    let values = variable_values(&justfile.variables);
    for recipe in &justfile.recipes {
        justfile
            .go_builds
            .extend(recipe_builds(recipe, &values, file));
    }
    justfile
}

/// What each variable interpolates to, when just's expression is a plain
/// string or a backtick command (as the shell's `$(…)`).
fn variable_values(variables: &[JustVariable]) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for variable in variables {
        let expression = variable.expression.as_str();
        let value = if let Some(command) = expression
            .strip_prefix('`')
            .and_then(|rest| rest.strip_suffix('`'))
        {
            format!("$({command})")
        } else if let Some(text) = quoted(expression) {
            text.to_string()
        } else {
            continue;
        };
        values.insert(variable.name.clone(), value);
    }
    values
}

fn quoted(expression: &str) -> Option<&str> {
    ['\'', '"'].iter().find_map(|quote| {
        expression
            .strip_prefix(*quote)
            .and_then(|rest| rest.strip_suffix(*quote))
    })
}

fn recipe_builds(recipe: &Recipe, values: &BTreeMap<String, String>, file: &Path) -> Vec<GoBuild> {
    let shebang = recipe
        .lines
        .first()
        .is_some_and(|(_, line)| line.starts_with("#!"));
    let scripts: Vec<(u32, String)> = if shebang {
        let first = recipe
            .lines
            .first()
            .map_or(recipe.location.line, |(line, _)| *line);
        let body: Vec<&str> = recipe.lines.iter().map(|(_, line)| line.as_str()).collect();
        vec![(first, body.join("\n"))]
    } else {
        recipe
            .lines
            .iter()
            .map(|(line, text)| (*line, text.trim_start_matches(['@', '-']).to_string()))
            .collect()
    };
    let mut builds = Vec::new();
    for (line, script) in scripts {
        let script = interpolate(&script, values);
        for command in shell::commands(&script) {
            let location = Location::new(file, line + line_at(&script, command.offset) - 1);
            if let Some(mut build) = go_build::from_command(&command, Dialect::Template, location) {
                build.within = Some(recipe.name.clone());
                builds.push(build);
            }
        }
    }
    builds
}

/// Fills in `{{name}}` from the justfile's variables, except build inputs.
fn interpolate(text: &str, values: &BTreeMap<String, String>) -> String {
    value::interpolate(text, |name| {
        values
            .get(name)
            .filter(|_| BuildInput::for_name(name).is_none())
            .map(String::as_str)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::value::Value;

    const JUSTFILE: &str = r#"set dotenv-load
alias b := build

version := `git describe --tags --always`
pkg := "github.com/acme/tool"
export CGO_ENABLED := "0"
ldflags := "-s -w"

# Build the binary
[group('build')]
build target="tool": generate
    @echo building {{target}}
    go build -ldflags "{{ldflags}} -X {{pkg}}/version.Version={{version}}" -o bin/{{target}} ./cmd/{{target}}

generate:
    go generate ./...

release:
    #!/usr/bin/env bash
    set -euo pipefail
    go build -trimpath -o dist/tool ./cmd/tool
"#;

    #[test]
    fn recipes_variables_and_go_builds() {
        let justfile = parse(JUSTFILE, Path::new("justfile"));
        let names: Vec<_> = justfile.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["version", "pkg", "CGO_ENABLED", "ldflags"]);
        assert!(justfile.variables[2].exported);
        let recipes: Vec<_> = justfile
            .recipes
            .iter()
            .map(|recipe| {
                (
                    recipe.name.as_str(),
                    recipe.location.line,
                    recipe.dependencies.clone(),
                )
            })
            .collect();
        assert_eq!(
            recipes,
            [
                ("build", 11, vec!["generate".to_string()]),
                ("generate", 15, vec![]),
                ("release", 18, vec![])
            ]
        );
        assert_eq!(justfile.go_builds.len(), 2);
        let build = &justfile.go_builds[0];
        assert_eq!(build.location.to_string(), "justfile:13");
        assert_eq!(build.within.as_deref(), Some("build"));
        let ldflags = build.ldflags.as_ref().expect("ldflags");
        assert!(ldflags.strip_symbols);
        assert_eq!(
            ldflags.assignments[0].symbol,
            "github.com/acme/tool/version.Version"
        );
        assert_eq!(ldflags.assignments[0].value.inputs(), [BuildInput::Version]);
        assert_eq!(
            build.output.as_ref().map(|o| o.text.as_str()),
            Some("bin/{{target}}")
        );
        let release = &justfile.go_builds[1];
        assert_eq!(release.location.line, 21);
        assert!(release.trimpath);
        assert_eq!(
            release.output.as_ref().and_then(Value::as_literal),
            Some("dist/tool")
        );
    }
}
