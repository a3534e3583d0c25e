//! Where the build happens: the build context (the smallest directory of the
//! repository holding the scanned path, every module in use and every local
//! replace target), and where the go command runs inside it.
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::scan::layout::{common_ancestor, join, relative_between};
use crate::scan::Facts;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// The context, relative to the scanned path (`"."`, `"../.."`).
    pub context: String,
    /// The context, relative to the repository's root.
    context_in_repository: String,
    /// Where the go command runs, relative to the context.
    pub workdir: String,
    /// The module root, relative to the context.
    pub module_dir: String,
    /// Every module in use, relative to the context.
    pub module_directories: Vec<String>,
    repository_path: String,
}

impl Layout {
    pub fn new(facts: &Facts) -> Result<Layout> {
        let repository = &facts.repository;
        let outside = |what: &str| {
            format!(
                "{what} lies outside {}; a Docker build context cannot reach it: move it into the repository, or run godock in a repository that holds it",
                repository.describe()
            )
        };
        let mut located = vec![repository.path.clone()];
        for replace in &facts.local_replaces {
            let Some(directory) = repository.locate(&replace.dir) else {
                return Err(Error::LocalDirectory {
                    path: PathBuf::from(&replace.file),
                    line: replace.line,
                    message: format!(
                        "replace {} => {}: {}",
                        replace.old,
                        replace.new,
                        outside(&format!("the target {}", replace.new))
                    ),
                });
            };
            located.push(directory);
        }
        let work_file = facts
            .workspace
            .as_ref()
            .map(|workspace| join(&workspace.dir, "go.work"));
        for module in &facts.modules {
            let Some(directory) = repository.locate(&module.dir) else {
                return Err(Error::LocalDirectory {
                    path: PathBuf::from(work_file.clone().unwrap_or_else(|| "go.work".into())),
                    line: module.used_at.unwrap_or(0),
                    message: format!("use {}: {}", module.dir, outside("the module")),
                });
            };
            located.push(directory);
        }
        for directory in [&facts.build_root, &facts.module_root] {
            let Some(directory) = repository.locate(directory) else {
                return Err(Error::Other(outside(&format!("the directory {directory}"))));
            };
            located.push(directory);
        }
        let context_in_repository = common_ancestor(located.iter().map(String::as_str));
        let mut layout = Layout {
            context: relative_between(&repository.path, &context_in_repository),
            context_in_repository,
            workdir: String::new(),
            module_dir: String::new(),
            module_directories: Vec::new(),
            repository_path: repository.path.clone(),
        };
        layout.workdir = layout.in_context(&facts.build_root);
        layout.module_dir = layout.in_context(&facts.module_root);
        layout.module_directories = if facts.modules.is_empty() {
            vec![layout.module_dir.clone()]
        } else {
            facts
                .modules
                .iter()
                .map(|module| layout.in_context(&module.dir))
                .collect()
        };
        Ok(layout)
    }

    /// A directory given relative to the scanned path (and inside the
    /// context, as [`Layout::new`] made sure), relative to the context.
    pub fn in_context(&self, directory: &str) -> String {
        relative_between(
            &self.context_in_repository,
            &join(&self.repository_path, directory),
        )
    }
}

/// `directory/file`, or `file` when the directory is `"."`.
pub(super) fn file_in(directory: &str, file: &str) -> String {
    if directory == "." {
        file.to_string()
    } else {
        format!("{directory}/{file}")
    }
}
