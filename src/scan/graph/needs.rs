//! What each main package needs at run time (CA certificates, time zones,
//! the resolver, os/user), read from the graph.
use std::collections::BTreeMap;

use super::{Package, Packages};
use crate::go::source::ports::PortUse;
use crate::scan::facts::{Need, RuntimeNeeds};
use crate::scan::paths::display_path;

/// What a package uses at run time, by use (`TLS_USE` …): the first import
/// that shows it, or for `LOADS_LOCATION` the file calling it.
pub(super) type Uses = [Option<String>; 5];

/// Run-time uses an [`super::Entry`] records.
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

/// A port a file of a package names: the file's name and the find.
pub(super) type FilePort = (String, PortUse);

/// What the buildable files of a package use at run time, and the ports its
/// files name (own packages only: a dependency's listen calls are not the
/// program's to configure).
pub(super) fn uses_and_ports(package: &Package, vendored: bool) -> (Uses, Vec<FilePort>) {
    let mut uses: Uses = Default::default();
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
            ports.extend(
                file.ports
                    .iter()
                    .map(|found| (file.name.clone(), found.clone())),
            );
        }
    }
    (uses, ports)
}

impl Packages {
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

    /// Per main package, the health endpoints its own packages register
    /// (`/healthz`, `/readyz`, …), nearest first.
    pub fn health_endpoints(&self) -> BTreeMap<String, Vec<String>> {
        let mut endpoints = BTreeMap::new();
        for main in self.main_packages() {
            let mut found: Vec<String> = Vec::new();
            for entry in self.graph(&main, None).entries {
                let Some(package) = self
                    .by_directory
                    .get(&entry.key)
                    .filter(|_| !entry.vendored)
                else {
                    continue;
                };
                for path in package.buildable().flat_map(|file| &file.health_paths) {
                    if !found.contains(path) {
                        found.push(path.clone());
                    }
                }
            }
            if !found.is_empty() {
                endpoints.insert(main, found);
            }
        }
        endpoints
    }
}

#[cfg(test)]
mod tests {
    use crate::fixtures::need;
    use crate::scan::facts_of as facts;

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
        let files: Vec<&str> = facts.port_candidates["./cmd/api"]
            .iter()
            .map(|candidate| candidate.file.as_str())
            .collect();
        assert_eq!(files, ["cmd/api/main.go", "internal/server/server.go"]);
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
