//! From files to packages: which directories are main packages, which use
//! cgo, which main packages reach cgo (through their own packages, vendored
//! packages or modules known to need it), what each package embeds, and what
//! each main package needs at run time.
//!
//! One graph spans every in-repo module the build sees: an import resolves to
//! the module whose path (or replaced path) is its longest prefix, so a main
//! package reaches a workspace member's or a local replace target's packages
//! as it reaches its own module's.
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use super::build_constraint::{self, Platform, LINUX_PLATFORMS};
use super::cgo_data;
use super::go_source;
use super::layout::{self, display_path};
use super::vendor::ModulesTxt;
use super::walk::{GoFile, Tree};
use super::{CgoKind, CgoLibrary, CgoRequirement, Need, RuntimeNeeds};

#[derive(Debug, Default)]
struct Package {
    /// The [`Part`] (module) it belongs to.
    part: usize,
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
        self.cgo_files().next().is_some()
    }

    /// The files that import "C" and build for linux with cgo.
    fn cgo_files(&self) -> impl Iterator<Item = &GoFile> {
        self.files
            .iter()
            .filter(|file| file.imports_c() && file.builds_with_cgo)
    }

    /// Whether the package still builds with CGO_ENABLED=0: some file of it
    /// builds without cgo (a pure-Go fallback).
    fn builds_without_cgo(&self) -> bool {
        self.files.iter().any(|file| file.builds_without_cgo)
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

/// One module's walked tree, a part of the one import graph across the
/// in-repo modules the build sees.
pub(super) struct Part {
    /// Its directory as a package path from the build root (`"."`, `"./lib"`,
    /// `"../shared"`).
    pub prefix: String,
    /// The import paths its packages live under: its module path, and the old
    /// path of each local replace that points at it.
    pub paths: Vec<String>,
    pub tree: Tree,
    /// Its vendor/modules.txt (modules in use only).
    pub modules_txt: Option<ModulesTxt>,
    /// Module paths its go.mod requires.
    pub requires: Vec<String>,
    /// A module in use: its main packages are programs to build. A replace
    /// target's packages only count where a main package reaches them.
    pub in_use: bool,
}

/// What [`Packages`] keeps of a [`Part`].
struct Module {
    prefix: String,
    requires: Vec<String>,
    in_use: bool,
    modules_txt: Option<ModulesTxt>,
}

pub(super) struct Packages {
    modules: Vec<Module>,
    /// Own packages of every module, by directory relative to the build root.
    by_directory: BTreeMap<String, Package>,
    /// Packages under the vendor/ of modules in use, by import path.
    vendored: BTreeMap<String, Package>,
    /// Import path prefixes of own modules, each with its module, longest first.
    roots: Vec<(String, usize)>,
    /// Every package, imports resolved: see [`Packages::index`].
    entries: Vec<Entry>,
}

/// A package a main package's build reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node<'a> {
    Own(&'a str),
    Vendored(&'a str),
}

/// What an import path is, seen from this module.
enum Resolved<'a> {
    Package(Node<'a>),
    Standard,
    /// A package of another module that is not vendored: godock cannot read it.
    Unseen,
}

/// The graph modes of [`Entry`]: files that build with cgo, without, either.
const WITH_CGO: usize = 0;
const WITHOUT_CGO: usize = 1;
const ANY: usize = 2;

/// A package with its imports resolved, per graph mode.
struct Entry {
    vendored: bool,
    /// The module it belongs to.
    part: usize,
    /// The directory (own) or import path (vendored).
    key: String,
    /// Indices of the packages it imports.
    edges: [Vec<usize>; 3],
    /// Imports of packages godock cannot read.
    unseen: [Vec<String>; 3],
    /// Per run-time use (`TLS_USE` …), the first import that shows it, or
    /// for `LOADS_LOCATION` the file calling it.
    uses: [Option<String>; 5],
    /// Ports its files listen on (own packages only).
    ports: Vec<u16>,
    /// Whether a file of it imports "C" and builds with cgo.
    cgo: bool,
}

/// Run-time uses an [`Entry`] records.
const TLS_USE: usize = 0;
const RESOLVER_USE: usize = 1;
const USER_USE: usize = 2;
const EMBEDS_TZDATA: usize = 3;
const LOADS_LOCATION: usize = 4;

/// Imports that use TLS or an HTTP client: CA certificates.
const TLS_IMPORTS: [&str; 4] = ["crypto/tls", "crypto/x509", "net/http", "net/smtp"];
/// Imports that use the net resolver (the `netgo` tag's business).
const RESOLVER_IMPORTS: [&str; 6] = [
    "net",
    "net/http",
    "net/rpc",
    "net/smtp",
    "crypto/tls",
    "log/syslog",
];

/// What the buildable files of a package use at run time, and its ports.
fn uses_and_ports(package: &Package, vendored: bool) -> ([Option<String>; 5], Vec<u16>) {
    let mut uses: [Option<String>; 5] = Default::default();
    let mut ports = Vec::new();
    for file in package.buildable() {
        for import in &file.imports {
            // In the order of the use indices: TLS_USE, RESOLVER_USE, USER_USE, EMBEDS_TZDATA.
            let matches = [
                TLS_IMPORTS.contains(&import.as_str()),
                RESOLVER_IMPORTS.contains(&import.as_str()),
                import == "os/user",
                import == "time/tzdata",
            ];
            for (index, matched) in matches.into_iter().enumerate() {
                if matched && uses[index].is_none() {
                    uses[index] = Some(import.clone());
                }
            }
        }
        if file.loads_location && uses[LOADS_LOCATION].is_none() {
            uses[LOADS_LOCATION] = Some(file.name.clone());
        }
        if !vendored {
            for port in &file.ports {
                if !ports.contains(port) {
                    ports.push(*port);
                }
            }
        }
    }
    (uses, ports)
}

#[derive(Default)]
struct Graph<'a> {
    nodes: Vec<Node<'a>>,
    /// The same packages as `nodes`, as index entries.
    entries: Vec<&'a Entry>,
    unseen: BTreeSet<&'a str>,
}

/// A package of the standard library: its first path element has no dot.
fn is_standard(import: &str) -> bool {
    !import.split('/').next().unwrap_or(import).contains('.')
}

/// Whether a `#cgo` line's conditions hold on some linux platform with cgo:
/// any space-separated alternative whose comma-separated tags all hold.
fn directive_applies(conditions: &[String]) -> bool {
    if conditions.is_empty() {
        return true;
    }
    LINUX_PLATFORMS.iter().any(|(goos, goarch)| {
        let platform = Platform {
            goos,
            goarch,
            cgo: true,
        };
        conditions.iter().any(|alternative| {
            alternative
                .split(',')
                .all(|term| match term.strip_prefix('!') {
                    Some(tag) => !build_constraint::tag_holds(tag, platform),
                    None => build_constraint::tag_holds(term, platform),
                })
        })
    })
}

impl Packages {
    /// The one graph over `parts`: modules in use first (their vendor/ is
    /// read), then replace targets (whose vendor/ Go ignores).
    pub fn new(parts: Vec<Part>, warnings: &mut Vec<String>) -> Packages {
        let mut by_directory: BTreeMap<String, Package> = BTreeMap::new();
        let mut vendored: BTreeMap<String, Package> = BTreeMap::new();
        let mut modules = Vec::new();
        let mut roots = Vec::new();
        for (index, part) in parts.into_iter().enumerate() {
            let Part {
                prefix,
                paths,
                tree,
                modules_txt,
                requires,
                in_use,
            } = part;
            let place = |directory: &str| {
                if prefix == "." {
                    directory.to_string()
                } else {
                    layout::prefix_package(&prefix, directory)
                }
            };
            let mut vendored_directories: BTreeMap<String, String> = BTreeMap::new();
            for mut file in tree.files {
                match file.vendored.clone() {
                    // Go reads only the vendor/ of the modules it builds.
                    Some(_) if !in_use => {}
                    Some(import) => {
                        vendored_directories.insert(file.directory.clone(), import.clone());
                        let package = vendored.entry(import).or_insert_with(|| Package {
                            part: index,
                            ..Package::default()
                        });
                        // The first module in use vendoring a package supplies it.
                        if package.part == index {
                            package.files.push(file);
                        }
                    }
                    None => {
                        file.directory = place(&file.directory);
                        by_directory
                            .entry(file.directory.clone())
                            .or_insert_with(|| Package {
                                part: index,
                                ..Package::default()
                            })
                            .files
                            .push(file);
                    }
                }
            }
            for directory in tree.cxx_directories {
                if let Some(package) = by_directory.get_mut(&place(&directory)) {
                    package.cxx_sources = true;
                }
                if let Some(package) = vendored_directories
                    .get(&directory)
                    .and_then(|import| vendored.get_mut(import))
                    .filter(|package| package.part == index)
                {
                    package.cxx_sources = true;
                }
            }
            if let Some(txt) = &modules_txt {
                // One set, not a search of modules.txt per vendored package.
                let listed: BTreeSet<&str> = txt
                    .modules
                    .iter()
                    .flat_map(|module| module.packages.iter().map(String::as_str))
                    .collect();
                let imports: BTreeSet<&String> = vendored_directories.values().collect();
                for import in imports {
                    if !listed.contains(import.as_str()) {
                        warnings.push(format!(
                            "{} is not listed in vendor/modules.txt; run `go mod vendor` to bring vendor/ in step with go.mod",
                            layout::join(&prefix, &format!("vendor/{import}"))
                        ));
                    }
                }
            }
            roots.extend(paths.into_iter().map(|path| (path, index)));
            modules.push(Module {
                prefix,
                requires,
                in_use,
                modules_txt,
            });
        }
        // Longest first, so that a nested module's path wins over its parent's.
        roots.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        for package in vendored.values_mut() {
            // Vendored packages are Go's to check; a name is all godock needs.
            let name = package.buildable().map(|file| file.package.clone()).next();
            package.name = name;
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
        let mut packages = Packages {
            modules,
            by_directory,
            vendored,
            roots,
            entries: Vec::new(),
        };
        packages.entries = packages.index();
        packages
    }

    /// Directories of the packages of modules in use that `keep` keeps.
    fn directories_where(&self, keep: impl Fn(&Package) -> bool) -> Vec<String> {
        self.by_directory
            .iter()
            .filter(|(_, package)| self.modules[package.part].in_use && keep(package))
            .map(|(directory, _)| directory.clone())
            .collect()
    }

    pub fn all(&self) -> Vec<String> {
        self.directories_where(|package| package.name.is_some())
    }

    /// Main packages of the modules in use: the programs to build.
    pub fn main_packages(&self) -> Vec<String> {
        self.directories_where(|package| package.name.as_deref() == Some("main"))
    }

    /// Main packages of the `part`th module.
    pub fn main_packages_of(&self, part: usize) -> Vec<String> {
        self.directories_where(|package| {
            package.part == part && package.name.as_deref() == Some("main")
        })
    }

    /// Directories with `package main` files of which none builds for linux.
    pub fn unbuildable_mains(&self) -> Vec<String> {
        self.directories_where(|package| {
            package.name.is_none() && package.files.iter().any(|file| file.package == "main")
        })
    }

    /// Own cgo packages: of the modules in use, and of replace targets those
    /// `requirements` name (a main package reaches them).
    pub fn cgo_packages(&self, requirements: &[CgoRequirement]) -> Vec<String> {
        self.own_where(requirements, Package::uses_cgo)
    }

    fn own_where(
        &self,
        requirements: &[CgoRequirement],
        keep: impl Fn(&Package) -> bool,
    ) -> Vec<String> {
        self.by_directory
            .iter()
            .filter(|(directory, package)| {
                keep(package)
                    && (self.modules[package.part].in_use
                        || requirements.iter().any(|requirement| {
                            requirement.kind == CgoKind::OwnFile
                                && requirement.package == **directory
                        }))
            })
            .map(|(directory, _)| directory.clone())
            .collect()
    }

    /// Own cgo packages (directories, as [`Packages::cgo_packages`]) and
    /// vendored ones (import paths) that also compile C++: the binary then
    /// needs libstdc++ at run time.
    pub fn cxx_packages(&self, requirements: &[CgoRequirement]) -> Vec<String> {
        let mut packages = self.own_where(requirements, Package::uses_cxx);
        packages.extend(
            self.vendored
                .iter()
                .filter(|(_, package)| package.uses_cxx())
                .map(|(import, _)| import.clone()),
        );
        packages
    }

    pub fn embeds(&self) -> BTreeMap<String, Vec<String>> {
        self.by_directory
            .iter()
            .filter(|(_, package)| package.name.is_some() && self.modules[package.part].in_use)
            .filter_map(|(directory, package)| {
                let patterns = unique(package.buildable().flat_map(|file| file.embeds.iter()));
                (!patterns.is_empty()).then(|| (directory.clone(), patterns))
            })
            .collect()
    }

    pub fn version_variables(&self) -> BTreeMap<String, Vec<String>> {
        self.by_directory
            .iter()
            .filter(|(_, package)| {
                package.name.as_deref() == Some("main") && self.modules[package.part].in_use
            })
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

    fn package(&self, node: Node) -> Option<&Package> {
        match node {
            Node::Own(directory) => self.by_directory.get(directory),
            Node::Vendored(import) => self.vendored.get(import),
        }
    }

    /// An import path resolved across the in-repo modules: the module whose
    /// path (or replaced path) is the longest prefix of it holds it.
    fn resolve<'a>(&'a self, import: &str) -> Resolved<'a> {
        let root = self.roots.iter().find(|(path, _)| {
            import
                .strip_prefix(path.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
        if let Some((path, part)) = root {
            let rest = &import[path.len()..];
            let prefix = &self.modules[*part].prefix;
            let key = match (rest.is_empty(), prefix.as_str()) {
                (true, _) => prefix.clone(),
                (false, ".") => format!(".{rest}"),
                (false, _) => format!("{prefix}{rest}"),
            };
            if let Some((directory, _)) = self
                .by_directory
                .get_key_value(key.as_str())
                .filter(|(_, package)| package.part == *part)
            {
                return Resolved::Package(Node::Own(directory));
            }
        }
        if let Some((import, _)) = self.vendored.get_key_value(import) {
            return Resolved::Package(Node::Vendored(import));
        }
        // An own package that does not exist is Go's error to report.
        if root.is_some() || import == "C" || is_standard(import) {
            Resolved::Standard
        } else {
            Resolved::Unseen
        }
    }

    /// Resolves every import once, so that a walk of the graph from each main
    /// package touches no strings: a monorepo with hundreds of main packages
    /// reaching thousands of packages walks it hundreds of times.
    fn index(&self) -> Vec<Entry> {
        let keys: Vec<(bool, &String)> = self
            .by_directory
            .keys()
            .map(|key| (false, key))
            .chain(self.vendored.keys().map(|key| (true, key)))
            .collect();
        let ids: HashMap<(bool, &str), usize> = keys
            .iter()
            .enumerate()
            .map(|(id, (vendored, key))| ((*vendored, key.as_str()), id))
            .collect();
        keys.iter()
            .map(|(vendored, key)| {
                let package = if *vendored {
                    &self.vendored[*key]
                } else {
                    &self.by_directory[*key]
                };
                let (uses, ports) = uses_and_ports(package, *vendored);
                let mut entry = Entry {
                    vendored: *vendored,
                    part: package.part,
                    key: (*key).clone(),
                    edges: Default::default(),
                    unseen: Default::default(),
                    uses,
                    ports,
                    cgo: package.uses_cgo(),
                };
                for (mode, edges) in entry.edges.iter_mut().enumerate() {
                    let unseen = &mut entry.unseen[mode];
                    let files = package.files.iter().filter(|file| match mode {
                        WITH_CGO => file.builds_with_cgo,
                        WITHOUT_CGO => file.builds_without_cgo,
                        _ => file.builds(),
                    });
                    for import in files.flat_map(|file| &file.imports) {
                        match self.resolve(import) {
                            Resolved::Package(Node::Own(next)) => edges.push(ids[&(false, next)]),
                            Resolved::Package(Node::Vendored(next)) => {
                                edges.push(ids[&(true, next)])
                            }
                            Resolved::Standard => {}
                            Resolved::Unseen => unseen.push(import.clone()),
                        }
                    }
                    edges.sort_unstable();
                    edges.dedup();
                    unseen.sort_unstable();
                    unseen.dedup();
                }
                entry
            })
            .collect()
    }

    /// What a build of `main` compiles: the packages of this module and of
    /// vendor/ it reaches, breadth first from `main`, and the imports it
    /// cannot read. `cgo`: follow only the files a build with (`Some(true)`)
    /// or without (`Some(false)`) cgo compiles, or every buildable file.
    fn graph<'a>(&'a self, main: &str, cgo: Option<bool>) -> Graph<'a> {
        let mode = match cgo {
            Some(true) => WITH_CGO,
            Some(false) => WITHOUT_CGO,
            None => ANY,
        };
        let mut graph = Graph::default();
        let mut seen = vec![false; self.entries.len()];
        let mut queue: VecDeque<usize> = VecDeque::new();
        // Own packages come first, in the order of their directories.
        if let Ok(start) = self.entries[..self.by_directory.len()]
            .binary_search_by(|entry| entry.key.as_str().cmp(main))
        {
            queue.push_back(start);
        }
        while let Some(id) = queue.pop_front() {
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            let entry = &self.entries[id];
            graph.entries.push(entry);
            graph.nodes.push(if entry.vendored {
                Node::Vendored(&entry.key)
            } else {
                Node::Own(&entry.key)
            });
            graph
                .unseen
                .extend(entry.unseen[mode].iter().map(String::as_str));
            queue.extend(entry.edges[mode].iter().filter(|next| !seen[**next]));
        }
        graph
    }

    /// Why each main package's build needs cgo. With cgo, every file that
    /// builds with cgo counts (Go builds natively with cgo when a C compiler
    /// is there, so that is the program its authors run):
    ///
    /// - an own package with a file importing "C" (`own_file`);
    /// - a vendored package with such a file (`vendored_package`);
    /// - an import of a package `data/cgo.toml` knows needs cgo, from a module
    ///   that is not vendored (`known_module`);
    /// - without vendor/, a module go.mod requires (directly or `// indirect`)
    ///   that holds a known cgo package, for main packages that import
    ///   packages godock cannot read: one of them may import it, and a cgo
    ///   build of a program that turns out not to need cgo still works, while
    ///   a static build of one that does fails at run time (go-sqlite3 builds
    ///   a stub without cgo). With vendor/ the whole graph is visible, so a
    ///   required module no vendored package imports does not count. The
    ///   modules required are those of every in-repo module the main
    ///   package's build reaches.
    ///
    /// Own packages are those of every in-repo module: a main package reaches
    /// cgo through a workspace member or a local replace target as through
    /// its own module.
    pub fn cgo_requirements(&self) -> Vec<CgoRequirement> {
        let table = cgo_data::table();
        let mut found: BTreeMap<(CgoKind, String, Option<String>), CgoRequirement> =
            BTreeMap::new();
        let mut add = |requirement: CgoRequirement, main: &str| {
            let key = (
                requirement.kind,
                requirement.package.clone(),
                requirement.file.clone(),
            );
            let fallback = requirement.fallback;
            let entry = found.entry(key).or_insert(requirement);
            // A static build needs the fallback for every main package.
            entry.fallback &= fallback;
            if !entry.mains.iter().any(|known| known == main) {
                entry.mains.push(main.to_string());
            }
        };
        for main in self.main_packages() {
            let graph = self.graph(&main, Some(true));
            // What a build without cgo compiles: a cgo package it does not
            // reach (imported only from `//go:build cgo` files) is no obstacle.
            let static_graph = self.graph(&main, Some(false));
            for (node, _) in graph
                .nodes
                .iter()
                .zip(&graph.entries)
                .filter(|(_, entry)| entry.cgo)
            {
                let Some(package) = self.package(*node) else {
                    continue;
                };
                for file in package.cgo_files() {
                    let (kind, name, path, module) = match node {
                        Node::Own(directory) => (
                            CgoKind::OwnFile,
                            directory.to_string(),
                            display_path(directory, &file.name),
                            None,
                        ),
                        Node::Vendored(import) => {
                            let owner = &self.modules[package.part];
                            (
                                CgoKind::VendoredPackage,
                                import.to_string(),
                                layout::join(
                                    &owner.prefix,
                                    &format!("vendor/{import}/{}", file.name),
                                ),
                                owner
                                    .modules_txt
                                    .as_ref()
                                    .and_then(|txt| txt.module_of(import))
                                    .map(|module| module.path.clone()),
                            )
                        }
                    };
                    add(
                        CgoRequirement {
                            kind,
                            package: name,
                            file: Some(path),
                            module,
                            why: "imports \"C\"".to_string(),
                            fallback: !static_graph.nodes.contains(node)
                                || package.builds_without_cgo(),
                            mains: Vec::new(),
                        },
                        &main,
                    );
                }
            }
            let mut imported_known = BTreeSet::new();
            for import in &graph.unseen {
                if let Some(known) = table.known_module(import) {
                    imported_known.insert(known.prefix.as_str());
                    add(
                        CgoRequirement {
                            kind: CgoKind::KnownModule,
                            package: import.to_string(),
                            file: None,
                            module: Some(known.prefix.clone()),
                            why: known.why.clone(),
                            fallback: !static_graph.unseen.contains(import),
                            mains: Vec::new(),
                        },
                        &main,
                    );
                }
            }
            let vendor = graph
                .entries
                .first()
                .is_some_and(|entry| self.modules[entry.part].modules_txt.is_some());
            if vendor || graph.unseen.is_empty() {
                continue;
            }
            let reached: BTreeSet<usize> = graph
                .entries
                .iter()
                .filter(|entry| !entry.vendored)
                .map(|entry| entry.part)
                .collect();
            let requires: BTreeSet<&String> = reached
                .into_iter()
                .flat_map(|part| &self.modules[part].requires)
                .collect();
            for required in requires {
                for known in table.known_in_module(required) {
                    if imported_known.contains(known.prefix.as_str()) {
                        continue;
                    }
                    add(
                        CgoRequirement {
                            kind: CgoKind::KnownModule,
                            package: known.prefix.clone(),
                            file: None,
                            module: Some(required.clone()),
                            why: format!(
                                "go.mod requires {required} and a dependency godock cannot read may import it; it {}",
                                known.why
                            ),
                            fallback: false,
                            mains: Vec::new(),
                        },
                        &main,
                    );
                }
            }
        }
        found.into_values().collect()
    }

    /// The C libraries the cgo files behind `requirements` link, by their
    /// `#cgo LDFLAGS: -lNAME` and `#cgo pkg-config: NAME` lines for linux,
    /// and the system libraries of known modules.
    pub fn cgo_libraries(&self, requirements: &[CgoRequirement]) -> Vec<CgoLibrary> {
        let table = cgo_data::table();
        let mut libraries: Vec<CgoLibrary> = Vec::new();
        let mut add = |library: CgoLibrary| {
            if !libraries.contains(&library) {
                libraries.push(library);
            }
        };
        for requirement in requirements {
            let package = match requirement.kind {
                CgoKind::OwnFile => self.by_directory.get(&requirement.package),
                CgoKind::VendoredPackage => self.vendored.get(&requirement.package),
                CgoKind::KnownModule => {
                    let known = requirement
                        .module
                        .as_deref()
                        .and_then(|module| table.known_in_module(module).into_iter().next());
                    for name in known.into_iter().flat_map(|known| &known.libraries) {
                        add(CgoLibrary {
                            name: name.clone(),
                            flag: format!("needed by {}", requirement.package),
                            source: requirement.package.clone(),
                        });
                    }
                    continue;
                }
            };
            let Some(file) = requirement.file.as_deref() else {
                continue;
            };
            let Some(go_file) = package.and_then(|package| {
                package.cgo_files().find(|candidate| {
                    file.ends_with(&format!("/{}", candidate.name)) || file == candidate.name
                })
            }) else {
                continue;
            };
            for line in &go_file.cgo_directives {
                let Some(directive) = go_source::parse_cgo_directive(line) else {
                    continue;
                };
                if !directive_applies(&directive.conditions) {
                    continue;
                }
                match directive.variable.as_str() {
                    "LDFLAGS" => {
                        for argument in &directive.arguments {
                            if let Some(name) =
                                argument.strip_prefix("-l").filter(|n| !n.is_empty())
                            {
                                add(CgoLibrary {
                                    name: name.to_string(),
                                    flag: format!("#cgo LDFLAGS: {argument}"),
                                    source: file.to_string(),
                                });
                            }
                        }
                    }
                    "pkg-config" => {
                        for name in directive.arguments.iter().filter(|a| !a.starts_with('-')) {
                            add(CgoLibrary {
                                name: name.clone(),
                                flag: format!("#cgo pkg-config: {name}"),
                                source: file.to_string(),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        libraries
    }

    /// What each main package needs at run time, from the imports of every
    /// package it reaches and the `LoadLocation` calls in its own files.
    /// One reason per main package and need: the nearest one.
    pub fn runtime_needs(&self) -> RuntimeNeeds {
        let mut needs = RuntimeNeeds::default();
        for main in self.main_packages() {
            let graph = self.graph(&main, None);
            // The nearest package with each use, breadth first from main.
            let nearest = |use_index: usize| {
                graph.entries.iter().find_map(|entry| {
                    let found = entry.uses[use_index].as_ref()?;
                    let why = if use_index == LOADS_LOCATION {
                        format!(
                            "{} calls time.LoadLocation",
                            display_path(&entry.key, found)
                        )
                    } else if entry.key == main && !entry.vendored {
                        format!("imports {found}")
                    } else {
                        format!("reaches {}, which imports {found}", entry.key)
                    };
                    Some(Need {
                        main: main.clone(),
                        why,
                    })
                })
            };
            needs.ca_certificates.extend(nearest(TLS_USE));
            match nearest(EMBEDS_TZDATA) {
                Some(embedded) => needs.tzdata_embedded.push(embedded),
                None => needs.tzdata.extend(nearest(LOADS_LOCATION)),
            }
            needs.netgo.extend(nearest(RESOLVER_USE));
            needs.osusergo.extend(nearest(USER_USE));
            if let Some(first) = graph.unseen.iter().next() {
                let more = graph.unseen.len() - 1;
                needs.unseen.push(Need {
                    main: main.clone(),
                    why: if more == 0 {
                        format!("imports {first}, which godock cannot read (not vendored)")
                    } else {
                        format!("imports {first} and {more} more packages godock cannot read (not vendored)")
                    },
                });
            }
        }
        needs
    }

    /// Per main package, the ports its own files listen on, nearest first.
    pub fn ports(&self) -> BTreeMap<String, Vec<u16>> {
        let mut ports = BTreeMap::new();
        for main in self.main_packages() {
            let mut found: Vec<u16> = Vec::new();
            for entry in self.graph(&main, None).entries {
                for port in &entry.ports {
                    if !found.contains(port) {
                        found.push(*port);
                    }
                }
            }
            if !found.is_empty() {
                ports.insert(main, found);
            }
        }
        ports
    }
}

fn unique<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|item| seen.insert(item.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::scan::{scan, CgoKind, Facts, Need};

    fn need(main: &str, why: &str) -> Need {
        Need {
            main: main.into(),
            why: why.into(),
        }
    }

    /// Scans a module made of `files` (path, text); go.mod is added unless given.
    fn facts(files: &[(&str, &str)]) -> Facts {
        let directory = tempfile::tempdir().unwrap();
        let mut have_go_mod = false;
        for (path, text) in files {
            have_go_mod |= *path == "go.mod";
            let path = directory.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        if !have_go_mod {
            std::fs::write(
                directory.path().join("go.mod"),
                "module example.com/m\n\ngo 1.23\n",
            )
            .unwrap();
        }
        scan(directory.path()).unwrap()
    }

    const MAIN: &str =
        "package main\n\nimport _ \"example.com/m/internal/native\"\n\nfunc main() {}\n";
    const CGO: &str =
        "package native\n\n// #cgo LDFLAGS: -lz\n// #include <zlib.h>\nimport \"C\"\n";

    #[test]
    fn cgo_file_only_for_darwin_needs_no_cgo() {
        for (name, text) in [
            ("internal/native/native_darwin.go", CGO.to_string()),
            (
                "internal/native/native.go",
                format!("//go:build darwin\n\n{CGO}"),
            ),
        ] {
            let facts = facts(&[
                ("main.go", MAIN),
                (name, &text),
                ("internal/native/pure.go", "package native\n"),
            ]);
            assert!(facts.cgo_mains.is_empty(), "{name}");
            assert!(facts.cgo_requires.is_empty(), "{name}");
            assert!(facts.cgo_libraries.is_empty(), "{name}");
        }
    }

    #[test]
    fn cgo_in_a_cgo_tagged_file_with_a_fallback() {
        let facts = facts(&[
            ("main.go", MAIN),
            (
                "internal/native/native_cgo.go",
                &format!("//go:build cgo\n\n{CGO}"),
            ),
            (
                "internal/native/pure.go",
                "//go:build !cgo\n\npackage native\n",
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::OwnFile);
        assert_eq!(requirement.package, "./internal/native");
        assert_eq!(
            requirement.file.as_deref(),
            Some("internal/native/native_cgo.go")
        );
        assert!(requirement.fallback);
        assert_eq!(facts.cgo_libraries[0].name, "z");
        assert_eq!(facts.cgo_libraries[0].flag, "#cgo LDFLAGS: -lz");
    }

    #[test]
    fn cgo_reached_only_through_a_cgo_tagged_file() {
        // main imports the cgo package only from main_cgo.go: a build with cgo
        // reaches it, a build without does not (so it has a fallback), and a
        // main that never imports it is untouched.
        let facts = facts(&[
            ("main.go", "package main\n\nfunc main() {}\n"),
            (
                "main_cgo.go",
                "//go:build cgo\n\npackage main\n\nimport _ \"example.com/m/internal/native\"\n",
            ),
            ("internal/native/native.go", CGO),
            ("cmd/other/main.go", "package main\n\nfunc main() {}\n"),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        assert_eq!(facts.cgo_requires.len(), 1);
        assert!(facts.cgo_requires[0].fallback);
        assert_eq!(facts.cgo_requires[0].mains, ["."]);
    }

    #[test]
    fn a_cgo_package_without_fallback_has_none() {
        let facts = facts(&[("main.go", MAIN), ("internal/native/native.go", CGO)]);
        assert!(!facts.cgo_requires[0].fallback);
    }

    #[test]
    fn vendored_cgo_packages_count_but_are_not_own_packages() {
        let facts = facts(&[
            (
                "go.mod",
                "module example.com/m\n\ngo 1.23\n\nrequire example.com/db v1.0.0\n",
            ),
            (
                "vendor/modules.txt",
                "# example.com/db v1.0.0\n## explicit; go 1.21\nexample.com/db\nexample.com/db/cmd/dbtool\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"example.com/db\"\n\nfunc main() {}\n",
            ),
            (
                "vendor/example.com/db/db.go",
                "package db\n\n// #cgo pkg-config: sqlite3\n// #cgo darwin LDFLAGS: -framework CoreFoundation\nimport \"C\"\n\nimport _ \"crypto/tls\"\n",
            ),
            (
                "vendor/example.com/db/cmd/dbtool/main.go",
                "package main\n\nfunc main() {}\n",
            ),
        ]);
        assert!(facts.vendor);
        assert_eq!(facts.main_packages, ["."]);
        assert_eq!(facts.packages, ["."]);
        assert!(facts.cgo_packages.is_empty());
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::VendoredPackage);
        assert_eq!(requirement.package, "example.com/db");
        assert_eq!(requirement.module.as_deref(), Some("example.com/db"));
        assert_eq!(
            requirement.file.as_deref(),
            Some("vendor/example.com/db/db.go")
        );
        // The darwin-only flag is not a linux library.
        let libraries: Vec<(&str, &str)> = facts
            .cgo_libraries
            .iter()
            .map(|library| (library.name.as_str(), library.flag.as_str()))
            .collect();
        assert_eq!(libraries, [("sqlite3", "#cgo pkg-config: sqlite3")]);
        // Run-time needs follow vendored imports too.
        assert_eq!(
            facts.runtime_needs.ca_certificates,
            [need(
                ".",
                "reaches example.com/db, which imports crypto/tls"
            )]
        );
        assert!(facts.runtime_needs.unseen.is_empty());
        assert!(facts.warnings.is_empty(), "{:?}", facts.warnings);
    }

    #[test]
    fn vendored_cxx_packages_count() {
        let facts = facts(&[
            (
                "vendor/modules.txt",
                "# example.com/rocks v1.0.0\n## explicit\nexample.com/rocks\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"example.com/rocks\"\n\nfunc main() {}\n",
            ),
            (
                "vendor/example.com/rocks/rocks.go",
                "package rocks\n\nimport \"C\"\n",
            ),
            (
                "vendor/example.com/rocks/rocks.cc",
                "int f() { return 1; }\n",
            ),
        ]);
        assert_eq!(facts.cxx_packages, ["example.com/rocks"]);
    }

    #[test]
    fn inconsistent_vendoring_warns_from_go_1_14_on() {
        let files = |go: &str| {
            facts(&[
                (
                    "go.mod",
                    &format!("module example.com/m\n\ngo {go}\n\nrequire example.com/x v1.1.0\n"),
                ),
                (
                    "vendor/modules.txt",
                    "# example.com/x v1.0.0\nexample.com/x\n",
                ),
                ("main.go", "package main\n\nfunc main() {}\n"),
            ])
            .warnings
        };
        let warnings = files("1.21");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("does not mark `## explicit`"),
            "{warnings:?}"
        );
        assert!(warnings[0].ends_with("run `go mod vendor`"), "{warnings:?}");
        assert!(files("1.13").is_empty());
    }

    #[test]
    fn vendor_is_read_only_with_modules_txt_and_holds_no_nested_modules() {
        let cgo_vendor = [
            (
                "main.go",
                "package main\n\nimport _ \"example.com/db\"\n\nfunc main() {}\n",
            ),
            (
                "vendor/example.com/db/db.go",
                "package db\n\nimport \"C\"\n",
            ),
            ("vendor/example.com/db/go.mod", "module example.com/db\n"),
            (
                "vendor/example.com/db/testdata/x.go",
                "package x\n\nimport \"C\"\n",
            ),
        ];
        // Without modules.txt Go ignores vendor/, and so does godock.
        let without = facts(&cgo_vendor);
        assert!(without.cgo_mains.is_empty());
        assert!(without.nested_modules.is_empty());
        let mut with = cgo_vendor.to_vec();
        with.push((
            "vendor/modules.txt",
            "# example.com/db v1.0.0\nexample.com/db\n",
        ));
        let with = facts(&with);
        assert_eq!(with.cgo_mains, ["."]);
        assert_eq!(with.cgo_requires.len(), 1, "{:?}", with.cgo_requires);
        assert!(with.nested_modules.is_empty());
    }

    #[test]
    fn a_malformed_modules_txt_is_an_error_naming_it() {
        let directory = tempfile::tempdir().unwrap();
        std::fs::write(directory.path().join("go.mod"), "module example.com/m\n").unwrap();
        std::fs::write(
            directory.path().join("main.go"),
            "package main\nfunc main() {}\n",
        )
        .unwrap();
        std::fs::create_dir(directory.path().join("vendor")).unwrap();
        std::fs::write(
            directory.path().join("vendor/modules.txt"),
            "example.com/x\n",
        )
        .unwrap();
        let error = scan(directory.path()).unwrap_err().to_string();
        assert!(
            error.contains("vendor/modules.txt:1: package example.com/x appears before"),
            "{error}"
        );
    }

    const SQLITE_REQUIRE: &str =
        "module example.com/m\n\ngo 1.23\n\nrequire (\n\tgithub.com/jmoiron/sqlx v1.3.5\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n";

    #[test]
    fn known_cgo_modules_imported_directly() {
        let facts = facts(&[
            ("go.mod", SQLITE_REQUIRE),
            (
                "main.go",
                "package main\n\nimport _ \"github.com/mattn/go-sqlite3\"\n\nfunc main() {}\n",
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["."]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::KnownModule);
        assert_eq!(requirement.package, "github.com/mattn/go-sqlite3");
        assert!(!requirement.fallback);
        assert_eq!(facts.cgo_requires.len(), 1, "{:?}", facts.cgo_requires);
    }

    #[test]
    fn known_cgo_modules_only_required_count_for_mains_that_import_unseen_packages() {
        let facts = facts(&[
            ("go.mod", SQLITE_REQUIRE),
            (
                "cmd/server/main.go",
                "package main\n\nimport _ \"github.com/jmoiron/sqlx\"\n\nfunc main() {}\n",
            ),
            (
                "cmd/tool/main.go",
                "package main\n\nimport _ \"fmt\"\n\nfunc main() {}\n",
            ),
        ]);
        assert_eq!(facts.cgo_mains, ["./cmd/server"]);
        let requirement = &facts.cgo_requires[0];
        assert_eq!(requirement.kind, CgoKind::KnownModule);
        assert_eq!(
            requirement.module.as_deref(),
            Some("github.com/mattn/go-sqlite3")
        );
        assert!(requirement
            .why
            .starts_with("go.mod requires github.com/mattn/go-sqlite3"));
        assert_eq!(
            facts.runtime_needs.unseen,
            [need(
                "./cmd/server",
                "imports github.com/jmoiron/sqlx, which godock cannot read (not vendored)"
            )]
        );
        assert!(facts.runtime_needs.may_need_ca_certificates("./cmd/server"));
        assert!(!facts.runtime_needs.may_need_ca_certificates("./cmd/tool"));
    }

    #[test]
    fn with_vendor_a_required_known_module_nobody_imports_does_not_count() {
        let facts = facts(&[
            ("go.mod", SQLITE_REQUIRE),
            (
                "vendor/modules.txt",
                "# github.com/jmoiron/sqlx v1.3.5\n## explicit\ngithub.com/jmoiron/sqlx\n# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n",
            ),
            (
                "vendor/github.com/jmoiron/sqlx/sqlx.go",
                "package sqlx\n\nimport _ \"database/sql\"\n",
            ),
            (
                "main.go",
                "package main\n\nimport _ \"github.com/jmoiron/sqlx\"\n\nfunc main() {}\n",
            ),
        ]);
        assert!(facts.cgo_mains.is_empty(), "{:?}", facts.cgo_requires);
    }

    #[test]
    fn ports_and_time_zones_per_main_package() {
        // A long file: the port and the call lie far beyond the first read.
        let padding = format!("// {}\n", "x".repeat(100)).repeat(200);
        let server = format!("package server\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n{padding}func Run() error {{\n\t_, _ = time.LoadLocation(\"UTC\")\n\ts := &http.Server{{Addr: \":9090\"}}\n\treturn s.ListenAndServe()\n}}\n");
        let facts = facts(&[
            (
                "cmd/api/main.go",
                "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/m/internal/server\"\n)\n\nfunc main() { _ = server.Run(); http.ListenAndServe(\":8080\", nil) }\n",
            ),
            ("internal/server/server.go", &server),
            (
                "cmd/worker/main.go",
                "package main\n\nimport (\n\t_ \"time/tzdata\"\n\t\"os/user\"\n)\n\nfunc main() { user.Current() }\n",
            ),
        ]);
        assert_eq!(facts.ports["./cmd/api"], [8080, 9090]);
        assert!(!facts.ports.contains_key("./cmd/worker"));
        let needs = &facts.runtime_needs;
        assert_eq!(
            needs.ca_certificates,
            [need("./cmd/api", "imports net/http")]
        );
        assert_eq!(
            needs.tzdata,
            [need(
                "./cmd/api",
                "internal/server/server.go calls time.LoadLocation"
            )]
        );
        assert_eq!(
            needs.tzdata_embedded,
            [need("./cmd/worker", "imports time/tzdata")]
        );
        assert_eq!(needs.osusergo, [need("./cmd/worker", "imports os/user")]);
        assert_eq!(needs.netgo, [need("./cmd/api", "imports net/http")]);
    }
}
