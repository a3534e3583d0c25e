//! What a Go build reads from its build context, from the facts: go.mod and
//! go.sum (go.work and go.work.sum in a workspace, each local replace
//! target's go.mod), every package's Go files, every `//go:embed` target,
//! the C sources of cgo packages, vendor/ when the module vendors, and each
//! local replace target. A .dockerignore line that excludes one of these
//! breaks the build ([`hidden`] says which line hides what).
//!
//! Derived from the facts and the build context alone: no disk, no opinion.
//! A directory is checked through a file name in it (`internal/db/x.go`),
//! so that a pattern excluding the directory, or the files a build needs in
//! it, is caught; a pattern for one particular file name can slip through.
use serde::Serialize;

use super::locate::BuildContext;
use super::paths::{file_in, join};
use super::Facts;
use crate::evidence::dockerignore::{DockerIgnore, Rule};

/// Something the build reads from the context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextNeed {
    /// What it is, for a message: `go.sum`, `the Go package ./internal/db`,
    /// `README.md, which //go:embed in . names`.
    pub what: String,
    /// Paths relative to the context to check against a .dockerignore.
    pub probes: Vec<String>,
    /// The pattern that sends it again after an exclusion (`!pattern`).
    pub reinclude: String,
}

/// A need a .dockerignore keeps out of the context, and the line that does.
#[derive(Debug, Clone)]
pub struct Hidden<'a> {
    pub need: &'a ContextNeed,
    /// The probe the rule excludes.
    pub path: String,
    pub rule: &'a Rule,
}

/// Everything the build reads from the context whose frame `context` gives.
pub fn context_needs(facts: &Facts, context: &BuildContext) -> Vec<ContextNeed> {
    let mut needs = Vec::new();
    let file = |path: String, what: String| ContextNeed {
        what,
        probes: vec![path.clone()],
        reinclude: path,
    };
    if let Some(workspace) = &facts.workspace {
        let directory = context.relative(&workspace.dir);
        needs.push(file(file_in(&directory, "go.work"), "go.work".to_string()));
        if workspace.go_work_sum {
            needs.push(file(
                file_in(&directory, "go.work.sum"),
                "go.work.sum".to_string(),
            ));
        }
    }
    let modules: Vec<(String, bool)> = if facts.modules.is_empty() {
        vec![(facts.module_root.clone(), facts.go_sum)]
    } else {
        facts
            .modules
            .iter()
            .map(|module| (module.dir.clone(), module.go_sum))
            .collect()
    };
    for (directory, go_sum) in &modules {
        let directory = context.relative(directory);
        let go_mod = file_in(&directory, "go.mod");
        needs.push(file(go_mod.clone(), go_mod));
        if *go_sum {
            let go_sum = file_in(&directory, "go.sum");
            needs.push(file(go_sum.clone(), go_sum));
        }
    }
    if facts.vendor {
        let modules_txt = file_in(&context.relative(&facts.module_root), "vendor/modules.txt");
        needs.push(ContextNeed {
            what: "vendor/, which the build reads every dependency from".to_string(),
            reinclude: file_in(&context.relative(&facts.module_root), "vendor"),
            probes: vec![modules_txt],
        });
    }
    let build_root = context.relative(&facts.build_root);
    let in_context = |package: &str| join(&build_root, package);
    for package in &facts.packages {
        let directory = in_context(package);
        needs.push(ContextNeed {
            what: format!("the Go package {package}"),
            probes: vec![file_in(&directory, "x.go")],
            reinclude: file_in(&directory, "*.go"),
        });
    }
    for package in &facts.cgo_packages {
        let directory = in_context(package);
        needs.push(ContextNeed {
            what: format!("the C sources of the cgo package {package}"),
            probes: vec![file_in(&directory, "x.c"), file_in(&directory, "x.h")],
            reinclude: file_in(&directory, "*.[ch]"),
        });
    }
    for (package, patterns) in &facts.embed {
        let directory = in_context(package);
        for pattern in patterns {
            let bare = pattern.strip_prefix("all:").unwrap_or(pattern);
            let probe = file_in(&directory, &example_of(bare));
            needs.push(ContextNeed {
                what: format!("{bare}, which //go:embed in {package} names"),
                probes: vec![probe.clone(), format!("{probe}/x")],
                reinclude: file_in(&directory, bare),
            });
        }
    }
    for replace in &facts.local_replaces {
        let directory = context.relative(&replace.dir);
        if directory == "." {
            continue;
        }
        needs.push(ContextNeed {
            what: format!(
                "{directory}, the target of `replace {} => {}` in {}",
                replace.old, replace.new, replace.file
            ),
            probes: vec![file_in(&directory, "go.mod"), file_in(&directory, "x.go")],
            reinclude: directory,
        });
    }
    needs
}

/// A path an embed pattern matches: `*` and `?` become `x`, a class its
/// first character (`static/*.html` → `static/x.html`).
fn example_of(pattern: &str) -> String {
    let mut example = String::new();
    let mut characters = pattern.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '*' | '?' => example.push('x'),
            '[' => {
                if characters.peek() == Some(&'^') {
                    characters.next();
                    example.push('x');
                } else if let Some(first) = characters.next() {
                    example.push(first);
                }
                for inside in characters.by_ref() {
                    if inside == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                if let Some(escaped) = characters.next() {
                    example.push(escaped);
                }
            }
            other => example.push(other),
        }
    }
    example
}

/// The needs `ignore` keeps out of the context, each with the line that
/// decided, as a current engine reads the file.
pub fn hidden<'a>(ignore: &'a DockerIgnore, needs: &'a [ContextNeed]) -> Vec<Hidden<'a>> {
    let mut found = Vec::new();
    for need in needs {
        for probe in &need.probes {
            let verdict = ignore.verdict(probe);
            if let (true, Some(rule)) = (verdict.excluded, verdict.rule) {
                found.push(Hidden {
                    need,
                    path: probe.clone(),
                    rule,
                });
                break;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::module;
    use std::path::Path;

    #[test]
    fn examples_of_embed_patterns() {
        assert_eq!(example_of("static/*.html"), "static/x.html");
        assert_eq!(example_of("README.md"), "README.md");
        assert_eq!(example_of("[ab]c?"), "acx");
        assert_eq!(example_of("[^a]"), "x");
    }

    #[test]
    fn an_ignore_file_hiding_an_embed_and_a_package_is_caught_with_its_line() {
        let directory = module(&[
            ("main.go", "package main\n\nimport _ \"embed\"\n\n//go:embed README.md\nvar readme string\n\nfunc main() {}\n"),
            ("README.md", "# hi\n"),
            ("internal/db/db.go", "package db\n"),
            ("go.sum", ""),
        ]);
        let location = crate::scan::locate(directory.path(), None).unwrap();
        let facts = crate::scan::scan(&location).unwrap();
        let needs = context_needs(&facts, &location.build_context().unwrap());
        let ignore = DockerIgnore::parse(
            "*.md\ninternal\n!internal/keep\n",
            Path::new(".dockerignore"),
        );
        let found: Vec<(String, u32)> = hidden(&ignore, &needs)
            .iter()
            .map(|hidden| (hidden.need.what.clone(), hidden.rule.location.line))
            .collect();
        assert_eq!(
            found,
            [
                ("the Go package ./internal/db".to_string(), 2),
                ("README.md, which //go:embed in . names".to_string(), 1),
            ]
        );
        let allow_list = DockerIgnore::parse("*\n!*.go\n!go.mod\n", Path::new(".dockerignore"));
        let found: Vec<String> = hidden(&allow_list, &needs)
            .iter()
            .map(|hidden| hidden.path.clone())
            .collect();
        assert_eq!(found, ["go.sum", "internal/db/x.go", "README.md"]);
    }
}
