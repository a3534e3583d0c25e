//! From files to packages: which directories are main packages, which use
//! cgo, which main packages reach cgo through their own imports, and what
//! each package embeds.
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::walk::{GoFile, Tree};

#[derive(Debug, Default)]
struct Package {
    /// The package name its buildable files agree on (None when they disagree
    /// or none builds).
    name: Option<String>,
    files: Vec<GoFile>,
    cxx_sources: bool,
}

impl Package {
    fn buildable(&self) -> impl Iterator<Item = &GoFile> {
        self.files.iter().filter(|file| file.builds())
    }

    fn uses_cgo(&self) -> bool {
        self.buildable()
            .any(|file| file.imports_c() && file.builds_with_cgo)
    }

    fn uses_cxx(&self) -> bool {
        self.uses_cgo()
            && (self.cxx_sources
                || self.buildable().any(|file| {
                    file.cgo_directives.iter().any(|directive| {
                        directive.contains("-lstdc++") || directive.contains("CXXFLAGS")
                    })
                }))
    }
}

pub(super) struct Packages {
    module: String,
    by_directory: BTreeMap<String, Package>,
}

impl Packages {
    pub fn new(module: &str, tree: Tree, warnings: &mut Vec<String>) -> Packages {
        let mut by_directory: BTreeMap<String, Package> = BTreeMap::new();
        for file in tree.files {
            by_directory
                .entry(file.directory.clone())
                .or_default()
                .files
                .push(file);
        }
        for directory in tree.cxx_directories {
            if let Some(package) = by_directory.get_mut(&directory) {
                package.cxx_sources = true;
            }
        }
        for (directory, package) in &mut by_directory {
            let names: BTreeSet<String> = package
                .buildable()
                .map(|file| file.package.clone())
                // `package documentation` files are ignored by go/build.
                .filter(|name| *name != "documentation")
                .collect();
            match names.len() {
                0 => {}
                1 => package.name = names.into_iter().next(),
                _ => warnings.push(format!(
                    "{directory}: files of several packages ({}); Go cannot build it, so godock ignores it",
                    names.into_iter().collect::<Vec<_>>().join(", ")
                )),
            }
        }
        Packages {
            module: module.to_string(),
            by_directory,
        }
    }

    fn directories_where(&self, keep: impl Fn(&Package) -> bool) -> Vec<String> {
        self.by_directory
            .iter()
            .filter(|(_, package)| keep(package))
            .map(|(directory, _)| directory.clone())
            .collect()
    }

    pub fn all(&self) -> Vec<String> {
        self.directories_where(|package| package.name.is_some())
    }

    pub fn main_packages(&self) -> Vec<String> {
        self.directories_where(|package| package.name.as_deref() == Some("main"))
    }

    /// Directories with `package main` files of which none builds for linux.
    pub fn unbuildable_mains(&self) -> Vec<String> {
        self.directories_where(|package| {
            package.name.is_none() && package.files.iter().any(|file| file.package == "main")
        })
    }

    pub fn cgo_packages(&self) -> Vec<String> {
        self.directories_where(Package::uses_cgo)
    }

    pub fn cxx_packages(&self) -> Vec<String> {
        self.directories_where(Package::uses_cxx)
    }

    pub fn embeds(&self) -> BTreeMap<String, Vec<String>> {
        self.by_directory
            .iter()
            .filter(|(_, package)| package.name.is_some())
            .filter_map(|(directory, package)| {
                let patterns = unique(package.buildable().flat_map(|file| file.embeds.iter()));
                (!patterns.is_empty()).then(|| (directory.clone(), patterns))
            })
            .collect()
    }

    pub fn version_variables(&self) -> BTreeMap<String, Vec<String>> {
        self.by_directory
            .iter()
            .filter(|(_, package)| package.name.as_deref() == Some("main"))
            .filter_map(|(directory, package)| {
                let names = unique(
                    package
                        .buildable()
                        .flat_map(|file| file.version_variables.iter()),
                );
                (!names.is_empty()).then(|| (directory.clone(), names))
            })
            .collect()
    }

    /// Main packages that import, directly or through other packages of this
    /// module, a package that uses cgo.
    ///
    /// One pass over the import graph, backwards from the cgo packages, rather
    /// than a search from each main package (which, with a few dozen mains in
    /// a tree of thousands of packages, was the scan's largest cost).
    pub fn cgo_mains(&self) -> Vec<String> {
        let mut importers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (directory, package) in &self.by_directory {
            for file in package.buildable() {
                for import in &file.imports {
                    if let Some(imported) = self.own_directory(import) {
                        importers.entry(imported).or_default().push(directory);
                    }
                }
            }
        }
        let mut reaching: BTreeSet<&str> = BTreeSet::new();
        let mut queue: VecDeque<&str> = self
            .by_directory
            .iter()
            .filter(|(_, package)| package.uses_cgo())
            .map(|(directory, _)| directory.as_str())
            .collect();
        while let Some(directory) = queue.pop_front() {
            if reaching.insert(directory) {
                queue.extend(importers.get(directory).into_iter().flatten());
            }
        }
        self.main_packages()
            .into_iter()
            .filter(|main| reaching.contains(main.as_str()))
            .collect()
    }

    /// The directory of an import path inside this module, if it is one.
    fn own_directory(&self, import: &str) -> Option<&str> {
        let key = if import == self.module {
            ".".to_string()
        } else {
            format!(
                "./{}",
                import.strip_prefix(&self.module)?.strip_prefix('/')?
            )
        };
        self.by_directory
            .get_key_value(key.as_str())
            .map(|(directory, _)| directory.as_str())
    }
}

fn unique<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|item| seen.insert(item.as_str()))
        .cloned()
        .collect()
}
