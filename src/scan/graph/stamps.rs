//! Where each main package's build keeps the version a build may stamp with
//! `-ldflags -X`: version-like declarations in the main package, in the own
//! packages it reaches whose package name data/version_stamps.toml lists
//! (`version`, `buildinfo`, …), and in the known libraries it imports
//! (`github.com/prometheus/common/version`). Facts only: whether and how to
//! stamp is the plan's decision.
use std::collections::{BTreeMap, HashMap};

use super::reach::{Node, Resolved};
use super::Packages;
use crate::go::source::Settable;
use crate::knowledge::version::{self as known, Stamped};
use crate::scan::facts::VersionStamp;
use crate::scan::paths::display_path;

impl Packages {
    /// Per main package, every declaration a version stamp may set, the main
    /// package's first, then the nearest package's, then known libraries'.
    pub fn version_stamps(&self) -> BTreeMap<String, Vec<VersionStamp>> {
        let table = known::table();
        let mut stamps = BTreeMap::new();
        for main in self.main_packages() {
            let graph = self.graph(&main, None);
            // The import path each reached own package is imported by: the
            // linker's name for its symbols.
            let mut import_paths: HashMap<&str, &str> = HashMap::new();
            let mut found = Vec::new();
            for node in &graph.nodes {
                let Some(package) = self.package(*node) else {
                    continue;
                };
                for import in package.buildable().flat_map(|file| &file.imports) {
                    if let Resolved::Package(Node::Own(directory)) = self.resolve(import) {
                        import_paths.entry(directory).or_insert(import);
                    }
                }
            }
            for node in &graph.nodes {
                let Node::Own(directory) = *node else {
                    continue;
                };
                let Some(package) = self.package(*node) else {
                    continue;
                };
                let symbol_package = if directory == main {
                    "main"
                } else if package.name.as_deref() == Some("main") {
                    continue;
                } else {
                    match import_paths.get(directory) {
                        Some(import) => import,
                        None => continue,
                    }
                };
                for file in package.buildable() {
                    for declaration in &file.version_variables {
                        found.push(VersionStamp {
                            package: symbol_package.to_string(),
                            name: declaration.name.clone(),
                            stamps: Stamped::for_name(&declaration.name),
                            file: Some(display_path(directory, &file.name)),
                            line: Some(declaration.line),
                            settable: declaration.settable,
                            default: declaration.default.clone(),
                            library: None,
                        });
                    }
                }
            }
            let imported = |import: &str| {
                graph.unseen.contains(import) || graph.nodes.contains(&Node::Vendored(import))
            };
            for library in &table.libraries {
                if !imported(&library.package) {
                    continue;
                }
                for variable in &library.variables {
                    found.push(VersionStamp {
                        package: library.package.clone(),
                        name: variable.variable.clone(),
                        stamps: variable.stamps,
                        file: None,
                        line: None,
                        settable: Settable::Yes,
                        default: None,
                        library: Some(library.why.clone()),
                    });
                }
            }
            if !found.is_empty() {
                stamps.insert(main, found);
            }
        }
        stamps
    }
}

/// Per main package, the names of its own version variables `-X` can set
/// (`-X main.NAME`), from [`Packages::version_stamps`].
pub fn main_version_variables(
    stamps: &BTreeMap<String, Vec<VersionStamp>>,
) -> BTreeMap<String, Vec<String>> {
    stamps
        .iter()
        .filter_map(|(main, stamps)| {
            let names: Vec<String> = stamps
                .iter()
                .filter(|stamp| stamp.package == "main" && stamp.settable == Settable::Yes)
                .map(|stamp| stamp.name.clone())
                .collect();
            (!names.is_empty()).then(|| (main.clone(), names))
        })
        .collect()
}
