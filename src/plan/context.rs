//! Where the build happens, in the build context's frame: where the go
//! command runs, the module's directory, the files the module download
//! binds, and what .dockerignore must keep.
use super::Download;
use crate::scan::paths::{file_in, join};
use crate::scan::{BuildContext, Facts};

/// The directories the plan gives relative to the build context.
pub(super) struct Frames {
    /// Where the go command runs: the go.work's directory, else the module root.
    pub workdir: String,
    /// The module root.
    pub module_dir: String,
    /// Every module in use.
    pub module_directories: Vec<String>,
}

impl Frames {
    pub fn new(facts: &Facts, context: &BuildContext) -> Frames {
        let module_dir = context.relative(&facts.module_root);
        let module_directories = if facts.modules.is_empty() {
            vec![module_dir.clone()]
        } else {
            facts
                .modules
                .iter()
                .map(|module| context.relative(&module.dir))
                .collect()
        };
        Frames {
            workdir: context.relative(&facts.build_root),
            module_dir,
            module_directories,
        }
    }
}

/// The files `go mod download` needs, relative to the context: go.work and
/// go.work.sum in a workspace, each module's go.mod and go.sum, and the
/// go.mod of each local replace target.
pub(super) fn download(facts: &Facts, context: &BuildContext, module_dir: &str) -> Download {
    let mut files = Vec::new();
    if let Some(workspace) = &facts.workspace {
        let directory = context.relative(&workspace.dir);
        files.push(file_in(&directory, "go.work"));
        if workspace.go_work_sum {
            files.push(file_in(&directory, "go.work.sum"));
        }
    }
    if facts.modules.is_empty() {
        files.push(file_in(module_dir, "go.mod"));
        if facts.go_sum {
            files.push(file_in(module_dir, "go.sum"));
        }
    }
    for module in &facts.modules {
        let directory = context.relative(&module.dir);
        files.push(file_in(&directory, "go.mod"));
        if module.go_sum {
            files.push(file_in(&directory, "go.sum"));
        }
    }
    for replace in &facts.local_replaces {
        let file = file_in(&context.relative(&replace.dir), "go.mod");
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let go_mods = files
        .iter()
        .filter(|file| file.ends_with("go.mod"))
        .cloned()
        .collect();
    Download {
        enabled: !facts.vendor,
        named: super::modules::named_download(facts, go_mods),
        files,
    }
}

/// Paths .dockerignore must leave in the context, whatever it excludes:
/// every `//go:embed` target (but what a front-end stage builds), every
/// local replace target, and every excluded directory that holds Go
/// packages (swag's generated `docs` package, say).
pub(super) fn keep_in_context(facts: &Facts, context: &BuildContext, workdir: &str) -> Vec<String> {
    // Packages and embeds are relative to the build root; the context's
    // .dockerignore patterns to the context.
    let in_context = |package: &str| join(workdir, package);
    let mut keep: Vec<String> = crate::knowledge::ignored::directories()
        .filter(|directory| {
            let below = format!("{directory}/");
            facts.packages.iter().any(|package| {
                let package = in_context(package);
                package == *directory || package.starts_with(&below)
            })
        })
        .map(|directory| directory.to_string())
        .collect();
    for (package, patterns) in &facts.embed {
        let directory = in_context(package);
        for pattern in patterns {
            let pattern = pattern.strip_prefix("all:").unwrap_or(pattern);
            let path = file_in(&directory, pattern);
            let built = facts.frontends.iter().any(|frontend| {
                let output = in_context(&frontend.output);
                path == output || path.starts_with(&format!("{output}/"))
            });
            if !built && !keep.contains(&path) {
                keep.push(path);
            }
        }
    }
    for replace in &facts.local_replaces {
        let directory = context.relative(&replace.dir);
        if directory != "." && !keep.contains(&directory) {
            keep.push(directory);
        }
    }
    keep
}
