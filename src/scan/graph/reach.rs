//! The graph itself: every import resolved once to the package it names
//! (own, vendored, standard, or unseen), and the packages a main package's
//! build reaches, breadth first, with or without cgo.
use std::collections::{BTreeSet, HashMap, VecDeque};

use super::{needs, Package, Packages};

/// A package a main package's build reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Node<'a> {
    Own(&'a str),
    Vendored(&'a str),
}

/// What an import path is, seen from this module.
pub(super) enum Resolved<'a> {
    Package(Node<'a>),
    Standard,
    /// A package of another module that is not vendored: godock cannot read it.
    Unseen,
}

/// The graph modes of [`Entry`]: files that build with cgo, without, either.
pub(super) const WITH_CGO: usize = 0;
pub(super) const WITHOUT_CGO: usize = 1;
const ANY: usize = 2;

/// A package with its imports resolved, per graph mode.
pub(super) struct Entry {
    pub(super) vendored: bool,
    /// The module it belongs to.
    pub(super) part: usize,
    /// The directory (own) or import path (vendored).
    pub(super) key: String,
    /// Indices of the packages it imports.
    pub(super) edges: [Vec<usize>; 3],
    /// Imports of packages godock cannot read.
    pub(super) unseen: [Vec<String>; 3],
    /// Per run-time use (`TLS_USE` …), the first import that shows it, or
    /// for `LOADS_LOCATION` the file calling it.
    pub(super) uses: needs::Uses,
    /// Ports its files name, with the file (own packages only).
    pub(super) ports: Vec<needs::FilePort>,
    /// Whether a file of it imports "C" and builds with cgo.
    pub(super) cgo: bool,
}

#[derive(Default)]
pub(super) struct Graph<'a> {
    pub(super) nodes: Vec<Node<'a>>,
    /// The same packages as `nodes`, as index entries.
    pub(super) entries: Vec<&'a Entry>,
    pub(super) unseen: BTreeSet<&'a str>,
}

/// A package of the standard library: its first path element has no dot.
fn is_standard(import: &str) -> bool {
    !import.split('/').next().unwrap_or(import).contains('.')
}

impl Packages {
    pub(super) fn package(&self, node: Node) -> Option<&Package> {
        match node {
            Node::Own(directory) => self.by_directory.get(directory),
            Node::Vendored(import) => self.vendored.get(import),
        }
    }

    /// An import path resolved across the in-repo modules: the module whose
    /// path (or replaced path) is the longest prefix of it holds it.
    pub(super) fn resolve<'a>(&'a self, import: &str) -> Resolved<'a> {
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
    pub(super) fn index(&self) -> Vec<Entry> {
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
                let (uses, ports) = needs::uses_and_ports(package, *vendored);
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
    pub(super) fn graph<'a>(&'a self, main: &str, cgo: Option<bool>) -> Graph<'a> {
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
}
