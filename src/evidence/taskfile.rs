//! A Taskfile (go-task): its variables and the `go build`/`go install`
//! commands of each task, with the task's `dir` and Go environment.
//! `{{.NAME}}` is filled in from the task's and the file's string variables
//! (a `sh:` variable becomes the shell's `$(…)`), as task does before the
//! shell runs; a variable named for a build input stays a reference.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::go_build::{self, EnvAssignment, GoBuild};
use super::shell;
use super::value::{self, BuildInput, Dialect, Value};
use super::yaml::{self, Node};
use super::{line_at, Location, Warning};

/// The names task looks for, in its order.
pub const FILE_NAMES: [&str; 8] = [
    "Taskfile.yml",
    "taskfile.yml",
    "Taskfile.yaml",
    "taskfile.yaml",
    "Taskfile.dist.yml",
    "taskfile.dist.yml",
    "Taskfile.dist.yaml",
    "taskfile.dist.yaml",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Taskfile {
    pub file: PathBuf,
    pub tasks: Vec<Task>,
    pub go_builds: Vec<GoBuild>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub location: Location,
    pub name: String,
    pub dir: Option<String>,
    pub dependencies: Vec<String>,
    /// Each command as written, with its line.
    pub commands: Vec<(u32, String)>,
}

type Variables = BTreeMap<String, String>;

pub fn parse(text: &str, file: &Path) -> Taskfile {
    let mut taskfile = Taskfile {
        file: file.to_path_buf(),
        tasks: Vec::new(),
        go_builds: Vec::new(),
        warnings: Vec::new(),
    };
    let root = match yaml::load(text) {
        Ok(root) => root,
        Err(error) => {
            taskfile.warnings.push(Warning::at(
                file,
                error.line,
                format!("not valid YAML: {}", error.message),
            ));
            return taskfile;
        }
    };
    let global = variables(root.get("vars"), &Variables::new());
    let global_env = environment(root.get("env"));
    for (name, node) in root.get("tasks").map(Node::entries).unwrap_or_default() {
        let commands: Vec<(u32, String)> = match node.as_str() {
            Some(command) => vec![(node.line, command.to_string())],
            None if !node.items().is_empty() => commands(node),
            None => node.get("cmds").map(commands).unwrap_or_default(),
        };
        let task = Task {
            location: Location::new(file, node.line),
            name: name.clone(),
            dir: node.string("dir"),
            dependencies: node.get("deps").map(Node::strings).unwrap_or_default(),
            commands,
        };
        let scope = variables(node.get("vars"), &global);
        let mut env = global_env.clone();
        env.extend(environment(node.get("env")));
        for (line, command) in &task.commands {
            let script = interpolate(command, &scope);
            for simple in shell::commands(&script) {
                let location = Location::new(file, line + line_at(&script, simple.offset) - 1);
                let Some(mut build) = go_build::from_command(&simple, Dialect::Template, location)
                else {
                    continue;
                };
                build.within = Some(task.name.clone());
                if build.directory.is_none() {
                    build.directory.clone_from(&task.dir);
                }
                let mut all = env.clone();
                all.append(&mut build.env);
                build.env = all;
                taskfile.go_builds.push(build);
            }
        }
        taskfile.tasks.push(task);
    }
    taskfile
}

/// A task's `cmds`: strings, or mappings with `cmd`.
fn commands(node: &Node) -> Vec<(u32, String)> {
    node.items()
        .iter()
        .filter_map(|item| {
            let command = item
                .as_str()
                .map(str::to_string)
                .or_else(|| item.string("cmd"))?;
            Some((item.line, command))
        })
        .collect()
}

/// `vars:` over `inherited`: strings as they are, `sh:` as `$(…)`.
fn variables(node: Option<&Node>, inherited: &Variables) -> Variables {
    let mut scope = inherited.clone();
    for (name, value) in node.map(Node::entries).unwrap_or_default() {
        let text = match (value.as_str(), value.string("sh")) {
            (Some(text), _) => interpolate(text, &scope),
            (None, Some(command)) => format!("$({command})"),
            _ => continue,
        };
        scope.insert(name.clone(), text);
    }
    scope
}

/// The Go variables of an `env:` mapping.
fn environment(node: Option<&Node>) -> Vec<EnvAssignment> {
    node.map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter(|(name, _)| name.starts_with("GO") || name.starts_with("CGO_"))
        .filter_map(|(name, value)| {
            Some(EnvAssignment {
                name: name.clone(),
                value: Value::parse(value.as_str()?, Dialect::Template),
            })
        })
        .collect()
}

/// Fills in `{{.NAME}}` from `scope`, except build inputs.
fn interpolate(text: &str, scope: &Variables) -> String {
    value::interpolate(text, |action| {
        let name = action.strip_prefix('.')?;
        scope
            .get(name)
            .filter(|_| BuildInput::for_name(name).is_none())
            .map(String::as_str)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASKFILE: &str = r#"version: '3'

vars:
  VERSION:
    sh: git describe --tags --always
  PKG: github.com/acme/tool
  LDFLAGS: -s -w -X {{.PKG}}/version.Version={{.VERSION}}

env:
  CGO_ENABLED: '0'

tasks:
  build:
    desc: Build the binary
    deps: [generate]
    cmds:
      - go build -ldflags "{{.LDFLAGS}}" -o bin/tool ./cmd/tool
      - cmd: echo built
  build:agent:
    dir: agent
    env:
      GOOS: linux
    cmds:
      - go build -o ../bin/agent .
  generate: go generate ./...
  lint:
    - golangci-lint run
"#;

    #[test]
    fn tasks_and_their_go_builds() {
        let taskfile = parse(TASKFILE, Path::new("Taskfile.yml"));
        assert_eq!(taskfile.warnings, []);
        let names: Vec<_> = taskfile
            .tasks
            .iter()
            .map(|task| task.name.as_str())
            .collect();
        assert_eq!(names, ["build", "build:agent", "generate", "lint"]);
        assert_eq!(taskfile.tasks[0].dependencies, ["generate"]);
        assert_eq!(taskfile.go_builds.len(), 2);
        let build = &taskfile.go_builds[0];
        assert_eq!(build.location.to_string(), "Taskfile.yml:17");
        assert_eq!(build.cgo_enabled(), Some(false));
        let ldflags = build.ldflags.as_ref().expect("ldflags");
        assert_eq!(
            ldflags.assignments[0].symbol,
            "github.com/acme/tool/version.Version"
        );
        assert_eq!(ldflags.assignments[0].value.inputs(), [BuildInput::Version]);
        let agent = &taskfile.go_builds[1];
        assert_eq!(agent.within.as_deref(), Some("build:agent"));
        assert_eq!(agent.directory.as_deref(), Some("agent"));
        assert_eq!(
            agent.env_value("GOOS").and_then(Value::as_literal),
            Some("linux")
        );
        assert_eq!(
            parse("tasks: [", Path::new("Taskfile.yml")).warnings.len(),
            1
        );
    }
}
