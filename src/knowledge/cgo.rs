//! What godock knows about cgo, as data: `data/cgo.toml`, embedded. Go
//! packages known to need cgo, and the system packages C libraries come in.
use std::sync::OnceLock;

use serde::Deserialize;

const TABLE: &str = include_str!("../../data/cgo.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    #[serde(rename = "module")]
    pub modules: Vec<KnownModule>,
    #[serde(rename = "library")]
    pub libraries: Vec<Library>,
    pub pkg_config: Packages,
    pub glibc: Glibc,
}

/// glibc's own shared libraries, which every glibc runtime image has.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glibc {
    /// Their names: `m` for libm.so.6.
    pub libraries: Vec<String>,
}

/// A Go package (or every package below a path) whose linux build needs cgo.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownModule {
    pub prefix: String,
    pub why: String,
    #[serde(default)]
    pub libraries: Vec<String>,
    /// Without cgo it compiles a stub that fails at run time
    /// (`github.com/mattn/go-sqlite3`): a static build is no fallback.
    #[serde(default)]
    pub stub_without_cgo: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// `-lNAME` and `pkg-config: NAME` spellings.
    pub names: Vec<String>,
    /// Part of the C library: nothing to install.
    #[serde(default)]
    pub libc: bool,
    pub debian: Option<Distribution>,
    pub alpine: Option<Distribution>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    pub builder: Vec<String>,
    pub runtime: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Packages {
    pub debian: Vec<String>,
    pub alpine: Vec<String>,
}

/// The table; a test proves the embedded file parses.
pub fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(TABLE).expect("data/cgo.toml is valid (tested)"))
}

impl Table {
    /// The known cgo package an import path belongs to: the prefix itself or
    /// a package below it.
    pub fn known_module(&self, import: &str) -> Option<&KnownModule> {
        self.modules.iter().find(|module| {
            import == module.prefix
                || import
                    .strip_prefix(&module.prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// The known cgo packages a module path holds (`github.com/google/gopacket`
    /// holds `…/gopacket/pcap`), for go.mod requirements.
    pub fn known_in_module(&self, module: &str) -> Vec<&KnownModule> {
        self.modules
            .iter()
            .filter(|known| {
                known.prefix == module
                    || known
                        .prefix
                        .strip_prefix(module)
                        .is_some_and(|rest| rest.starts_with('/'))
                    || module
                        .strip_prefix(&known.prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .collect()
    }

    /// Whether the package at `import` belongs to a module known to build a
    /// stub without cgo that fails at run time.
    pub fn stubs_without_cgo(&self, import: &str) -> bool {
        self.known_module(import)
            .is_some_and(|known| known.stub_without_cgo)
    }

    pub fn library(&self, name: &str) -> Option<&Library> {
        self.libraries
            .iter()
            .find(|library| library.names.iter().any(|known| known == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_is_consistent() {
        let table = table();
        assert!(table.modules.len() >= 5);
        assert!(table.libraries.len() >= 10);
        for library in &table.libraries {
            assert_eq!(
                library.libc,
                library.debian.is_none(),
                "{:?}: libc entries and only they have no packages",
                library.names
            );
            if !library.libc {
                assert!(library.alpine.is_some(), "{:?}", library.names);
            }
        }
        for module in &table.modules {
            for library in &module.libraries {
                assert!(table.library(library).is_some(), "{library}");
            }
        }
        // Every name appears once.
        let mut names: Vec<&String> = table.libraries.iter().flat_map(|l| &l.names).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn known_modules_match_by_path_prefix() {
        let table = table();
        assert!(table.known_module("github.com/mattn/go-sqlite3").is_some());
        assert!(table
            .known_module("github.com/confluentinc/confluent-kafka-go/v2/kafka")
            .is_some());
        assert!(table.known_module("github.com/mattn/go-sqlite3x").is_none());
        // gopacket needs cgo only for its pcap package.
        assert!(table.known_module("github.com/google/gopacket").is_none());
        assert!(table
            .known_module("github.com/google/gopacket/pcap")
            .is_some());
        assert_eq!(table.known_in_module("github.com/google/gopacket").len(), 1);
        assert_eq!(
            table
                .known_in_module("github.com/confluentinc/confluent-kafka-go/v2")
                .len(),
            1
        );
        assert!(table.known_in_module("github.com/lib/pq").is_empty());
        // go-sqlite3 builds a stub without cgo that fails at run time.
        assert!(table.stubs_without_cgo("github.com/mattn/go-sqlite3/sqlite3_ext"));
        assert!(!table.stubs_without_cgo("github.com/DataDog/zstd"));
        assert!(!table.stubs_without_cgo("example.com/x"));
    }

    #[test]
    fn libraries_by_any_spelling() {
        let table = table();
        let ssl = table.library("crypto").unwrap();
        assert_eq!(ssl.debian.as_ref().unwrap().builder, ["libssl-dev"]);
        assert!(table.library("m").unwrap().libc);
        assert_eq!(
            table.library("z").unwrap().alpine.as_ref().unwrap().runtime,
            ["zlib"]
        );
        assert!(table.library("nosuchlib").is_none());
    }
}
