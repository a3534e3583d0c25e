//! Reading a repository's Makefile as GNU make would, without running it:
//! rules (with `.PHONY`, double-colon, pattern and target-specific
//! variables), variable assignments with every operator, `include`d files
//! resolved from the Makefile's directory (as make does, nested ones too), conditionals (both branches
//! kept and marked), continuations and `define … endef`. Variables expand
//! within the files' own assignments, with a bound on depth and size; a
//! reference to a version, commit or date variable (`$(VERSION)`) is kept as
//! written so that it maps to a build input. Recipe lines that run
//! `go build`/`go install` become [`GoBuild`]s under their target's name.
//!
//! [`parse`] reads one file's text; [`evaluate`] puts a Makefile and the
//! files it includes together. Both are pure: which included files exist is
//! for the caller (the collector) to find out, and [`Makefile::includes`]
//! says which paths it asked for.
mod evaluate;
mod expand;
mod parse;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use evaluate::{evaluate, include_path};
pub use parse::parse;

use super::go_build::GoBuild;
use super::{Location, Warning};

/// One file's items in order, before includes are followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MakefileSource {
    pub file: PathBuf,
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    Assignment(Assignment),
    Rule(Rule),
    Include(Include),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    /// `=`: expanded each time it is used.
    Recursive,
    /// `:=` or `::=`: expanded once, where it is assigned.
    Simple,
    /// `:::=`.
    Immediate,
    /// `?=`: only when not yet set (theirs win over a later default).
    Conditional,
    /// `+=`.
    Append,
    /// `!=`: the output of a shell command.
    Shell,
    /// `export NAME` without a value.
    ExportOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub location: Location,
    pub name: String,
    pub operator: Operator,
    /// As written (a `define` body's lines joined by newlines).
    pub value: String,
    /// `override NAME = …`.
    pub overridden: bool,
    /// `export NAME = …`, or `export NAME`.
    pub exported: bool,
    /// For a target-specific variable (`target: NAME = …`), its targets.
    pub targets: Vec<String>,
    /// Inside `ifeq`/`ifdef`/…: make may or may not read it.
    pub conditional: bool,
    /// Written with `define … endef`.
    pub defined: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub location: Location,
    pub targets: Vec<String>,
    pub prerequisites: Vec<String>,
    /// After `|`.
    pub order_only: Vec<String>,
    /// The target pattern of a static pattern rule (`$(OBJS): %.o: %.c`).
    pub static_pattern: Option<String>,
    /// `target:: …`.
    pub double_colon: bool,
    /// A target holds `%`.
    pub pattern: bool,
    pub recipe: Vec<RecipeLine>,
    pub conditional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipeLine {
    pub line: u32,
    /// As written without the leading tab; continued lines joined with their
    /// backslash-newline, as the shell receives them.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Include {
    pub location: Location,
    /// The file names as written (they may hold variables).
    pub paths: Vec<String>,
    /// `-include` or `sinclude`: a missing file is not an error.
    pub optional: bool,
    pub conditional: bool,
}

/// A Makefile with the files it includes, evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Makefile {
    pub file: PathBuf,
    /// Every file read, the Makefile first, in the order make reads them.
    pub files: Vec<PathBuf>,
    pub rules: Vec<Rule>,
    pub variables: Vec<Assignment>,
    pub includes: Vec<IncludedFile>,
    pub go_builds: Vec<GoBuild>,
    pub warnings: Vec<Warning>,
}

/// One path of an `include` line, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncludedFile {
    pub location: Location,
    /// As written.
    pub written: String,
    /// Relative to the repository root; `None` when it could not be
    /// resolved (a variable without a value, a glob, a path outside the
    /// repository).
    pub path: Option<PathBuf>,
    pub optional: bool,
    /// Whether its text was given to [`evaluate`].
    pub read: bool,
}

impl Makefile {
    /// Every target a rule names (special targets such as `.PHONY` and
    /// pattern rules left out), from every file read.
    pub fn targets(&self) -> BTreeSet<&str> {
        self.targets_outside(Path::new(""))
    }

    /// [`Makefile::targets`], but for those `file` defines (a file the
    /// Makefile includes that is not the user's own).
    pub fn targets_outside(&self, file: &Path) -> BTreeSet<&str> {
        self.rules
            .iter()
            .filter(|rule| !rule.pattern && rule.location.file != file)
            .flat_map(|rule| &rule.targets)
            .map(String::as_str)
            .filter(|target| !target.starts_with('.') || target.contains('/'))
            .collect()
    }

    /// The prerequisites of `.PHONY`.
    pub fn phony(&self) -> BTreeSet<&str> {
        self.rules
            .iter()
            .filter(|rule| rule.targets.iter().any(|target| target == ".PHONY"))
            .flat_map(|rule| &rule.prerequisites)
            .map(String::as_str)
            .collect()
    }

    /// The rules that name `target` (several for double-colon rules, or a
    /// rule adding prerequisites).
    pub fn rules_for<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules
            .iter()
            .filter(move |rule| rule.targets.iter().any(|name| name == target))
    }

    /// The last assignment to `name` outside a target.
    pub fn variable(&self, name: &str) -> Option<&Assignment> {
        self.variables
            .iter()
            .rev()
            .find(|assignment| assignment.name == name && assignment.targets.is_empty())
    }
}

#[cfg(test)]
mod tests;
