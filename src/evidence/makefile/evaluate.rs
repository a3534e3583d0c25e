//! A Makefile and the files it includes, put together in the order make
//! reads them: the variable table (each operator's meaning, `?=` only when
//! unset, `+=` appending), the rules, and the `go build` lines of every
//! recipe expanded with that table and the rule's automatic variables.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use super::expand::{Automatic, Expansion, Variable, Variables};
use super::{Assignment, IncludedFile, Item, Makefile, MakefileSource, Operator, Rule};
use crate::evidence::go_build::{self, EnvAssignment, GoBuild};
use crate::evidence::shell;
use crate::evidence::value::{Dialect, Value};
use crate::evidence::{line_at, Location, Warning};

/// How deep `include`s may nest (make's own limit is far higher; a real
/// repository needs a few).
const MAX_INCLUDE_DEPTH: usize = 8;

/// Puts `root` and the files it includes together. `sources` holds the
/// included files that could be read, keyed by their path relative to the
/// repository root (see [`include_path`]); a path it lacks is listed in
/// [`Makefile::includes`] with `read: false`.
pub fn evaluate(root: &MakefileSource, sources: &BTreeMap<PathBuf, MakefileSource>) -> Makefile {
    let mut state = State {
        variables: Variables::default(),
        exported: BTreeSet::new(),
        makefile: Makefile {
            file: root.file.clone(),
            files: Vec::new(),
            rules: Vec::new(),
            variables: Vec::new(),
            includes: Vec::new(),
            go_builds: Vec::new(),
            warnings: Vec::new(),
        },
        target_variables: Vec::new(),
    };
    state.read(root, &root.file, sources, &mut vec![root.file.clone()]);
    state.go_builds();
    state.makefile
}

/// Where an `include`d `written` path lies, relative to the repository root,
/// when make runs the Makefile at `makefile` (also relative to the root).
/// make resolves every include, nested ones too, from its working
/// directory: the directory of the Makefile it runs. `None` for an absolute
/// path, a glob, an unexpanded variable or a path leaving the repository.
pub fn include_path(makefile: &Path, written: &str) -> Option<PathBuf> {
    if written.is_empty() || written.starts_with('/') || written.contains(['*', '?', '[', '$', '~'])
    {
        return None;
    }
    let mut path = PathBuf::new();
    let base = makefile.parent().unwrap_or(Path::new(""));
    for component in base.join(written).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

struct State {
    variables: Variables,
    exported: BTreeSet<String>,
    makefile: Makefile,
    target_variables: Vec<Assignment>,
}

impl State {
    fn read(
        &mut self,
        source: &MakefileSource,
        makefile: &Path,
        sources: &BTreeMap<PathBuf, MakefileSource>,
        stack: &mut Vec<PathBuf>,
    ) {
        self.makefile.files.push(source.file.clone());
        self.makefile
            .warnings
            .extend(source.warnings.iter().cloned());
        for item in &source.items {
            match item {
                Item::Assignment(assignment) => self.assign(assignment),
                Item::Rule(rule) => self.makefile.rules.push(rule.clone()),
                Item::Include(include) => {
                    for written in &include.paths {
                        let expanded =
                            Expansion::new(&self.variables, &Automatic::default()).expand(written);
                        let path = include_path(makefile, &expanded);
                        let found = path.as_ref().and_then(|path| sources.get(path));
                        let mut read = false;
                        if let (Some(path), Some(found)) = (&path, found) {
                            if stack.contains(path) {
                                self.makefile.warnings.push(Warning::at(
                                    &source.file,
                                    include.location.line,
                                    format!("`{written}` includes itself (make would loop)"),
                                ));
                            } else if stack.len() >= MAX_INCLUDE_DEPTH {
                                self.makefile.warnings.push(Warning::at(
                                    &source.file,
                                    include.location.line,
                                    format!("`{written}`: includes nest deeper than {MAX_INCLUDE_DEPTH} files; not read"),
                                ));
                            } else {
                                stack.push(path.clone());
                                self.read(found, makefile, sources, stack);
                                stack.pop();
                                read = true;
                            }
                        }
                        self.makefile.includes.push(IncludedFile {
                            location: include.location.clone(),
                            written: written.clone(),
                            path,
                            optional: include.optional,
                            read,
                        });
                    }
                }
            }
        }
    }

    fn assign(&mut self, assignment: &Assignment) {
        self.makefile.variables.push(assignment.clone());
        if assignment.exported {
            self.exported.insert(assignment.name.clone());
        }
        if !assignment.targets.is_empty() {
            self.target_variables.push(assignment.clone());
            return;
        }
        apply(&mut self.variables, assignment);
    }

    /// The `go build`s of every recipe.
    fn go_builds(&mut self) {
        let mut builds = Vec::new();
        let mut warnings = Vec::new();
        for rule in &self.makefile.rules {
            if rule.pattern || rule.recipe.is_empty() {
                continue;
            }
            let target = rule.targets.first().cloned();
            let mut variables = self.variables.clone();
            for assignment in self.target_variables.iter().filter(|assignment| {
                assignment
                    .targets
                    .iter()
                    .any(|name| rule.targets.contains(name))
            }) {
                apply(&mut variables, assignment);
            }
            let automatic = Automatic {
                target: target.clone(),
                prerequisites: rule.prerequisites.clone(),
            };
            let environment = self.go_environment(&variables);
            for recipe in &rule.recipe {
                let command = recipe.text.trim_start_matches(['@', '-', '+', ' ', '\t']);
                let mut expansion = Expansion::new(&variables, &automatic);
                let expanded = expansion.expand(command);
                if expansion.truncated {
                    warnings.push(Warning::at(
                        &rule.location.file,
                        recipe.line,
                        "variables expand too deep or too large; the rest is kept as written",
                    ));
                }
                builds.extend(recipe_builds(
                    rule,
                    recipe.line,
                    &expanded,
                    &environment,
                    target.as_deref(),
                ));
            }
        }
        self.makefile.go_builds = builds;
        self.makefile.warnings.append(&mut warnings);
    }

    /// Exported Go variables (`export CGO_ENABLED=0`), as a recipe's
    /// environment.
    fn go_environment(&self, variables: &Variables) -> Vec<EnvAssignment> {
        self.exported
            .iter()
            .filter(|name| name.starts_with("GO") || name.starts_with("CGO_"))
            .filter_map(|name| {
                let variable = variables.values.get(name)?;
                let value =
                    Expansion::new(variables, &Automatic::default()).expand(&variable.value);
                Some(EnvAssignment {
                    name: name.clone(),
                    value: Value::parse(&value, Dialect::Make),
                })
            })
            .collect()
    }
}

/// The `go build`s of one expanded recipe line, with the directory of a
/// `cd DIR` before them.
fn recipe_builds(
    rule: &Rule,
    line: u32,
    expanded: &str,
    environment: &[EnvAssignment],
    target: Option<&str>,
) -> Vec<GoBuild> {
    let mut builds = Vec::new();
    let mut directory: Option<String> = None;
    for command in shell::commands(expanded) {
        if command.program() == Some("cd") {
            directory = command.words.get(1).cloned();
            continue;
        }
        let location = Location::new(
            &rule.location.file,
            line + line_at(expanded, command.offset) - 1,
        );
        let Some(mut build) = go_build::from_command(&command, Dialect::Make, location) else {
            continue;
        };
        build.within = target.map(str::to_string);
        if build.directory.is_none() {
            build.directory.clone_from(&directory);
        }
        let mut env = environment.to_vec();
        env.retain(|exported| !build.env.iter().any(|own| own.name == exported.name));
        env.append(&mut build.env);
        build.env = env;
        builds.push(build);
    }
    builds
}

/// One assignment's effect on the variable table.
fn apply(variables: &mut Variables, assignment: &Assignment) {
    let name = &assignment.name;
    let expand_now = |variables: &Variables, value: &str| {
        Expansion::new(variables, &Automatic::default()).expand(value)
    };
    let variable = match assignment.operator {
        Operator::ExportOnly => return,
        Operator::Recursive => Variable {
            value: assignment.value.clone(),
            recursive: true,
        },
        Operator::Simple | Operator::Immediate => Variable {
            value: expand_now(variables, &assignment.value),
            recursive: false,
        },
        Operator::Conditional => {
            if variables.values.contains_key(name) {
                return;
            }
            Variable {
                value: assignment.value.clone(),
                recursive: true,
            }
        }
        Operator::Shell => Variable {
            value: format!("$(shell {})", assignment.value),
            recursive: false,
        },
        Operator::Append => match variables.values.get(name) {
            Some(existing) => {
                let addition = if existing.recursive {
                    assignment.value.clone()
                } else {
                    expand_now(variables, &assignment.value)
                };
                let value = if existing.value.is_empty() {
                    addition
                } else {
                    format!("{} {addition}", existing.value)
                };
                Variable {
                    value,
                    recursive: existing.recursive,
                }
            }
            None => Variable {
                value: assignment.value.clone(),
                recursive: true,
            },
        },
    };
    variables.values.insert(name.clone(), variable);
}
