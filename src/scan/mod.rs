//! Scanning: facts about a Go repository, and no opinions about them.
//!
//! One walk of the module's tree (see [`walk`]) reads the top of each Go file
//! and, only where the facts need it, the rest: files importing `"embed"` for
//! their `//go:embed` patterns, files of `package main` for version variables.
//! Everything here returns data or an [`Error`]; nothing prints or exits.
pub mod build_constraint;
pub mod cgo_data;
pub mod go_mod;
pub mod go_source;
mod packages;
pub mod vendor;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// What a scan found. The keys of its JSON form are a contract (`godock scan
/// --json`); new keys may be added, none renamed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Facts {
    /// The directory holding go.mod, relative to the scanned path (`"."`).
    pub module_root: String,
    pub module: String,
    /// The `go` directive as written, `null` when go.mod has none.
    pub go: Option<String>,
    /// The `toolchain` directive as written, `null` when absent.
    pub toolchain: Option<String>,
    /// Whether `vendor/modules.txt` exists, so Go builds from vendor/.
    pub vendor: bool,
    /// Whether a go.work governs the module.
    pub go_work: bool,
    /// Whether go.sum exists next to go.mod.
    pub go_sum: bool,
    /// How many modules go.mod requires.
    pub requires: usize,
    pub local_replaces: Vec<LocalReplace>,
    /// Directories of every package of this module that builds for linux, sorted.
    pub packages: Vec<String>,
    /// Directories of main packages, `"."` or `"./cmd/x"`, sorted.
    pub main_packages: Vec<String>,
    /// Own packages with cgo files that build for linux, sorted.
    pub cgo_packages: Vec<String>,
    /// Cgo packages that also compile C++ (they need libstdc++ at run time):
    /// own ones by directory, vendored ones by import path.
    pub cxx_packages: Vec<String>,
    /// Main packages whose build needs cgo: they reach an own or vendored
    /// package importing "C", or a module known to need cgo (`cgo_requires`
    /// says which and why).
    pub cgo_mains: Vec<String>,
    /// `//go:embed` patterns per package, as written.
    pub embed: BTreeMap<String, Vec<String>>,
    /// Per main package, the version variables `-ldflags -X` can set.
    pub version_variables: BTreeMap<String, Vec<String>>,
    /// Directories below the module root holding another go.mod: other modules.
    pub nested_modules: Vec<String>,
    pub warnings: Vec<String>,
    /// Why cgo is needed, and by which main packages.
    pub cgo_requires: Vec<CgoRequirement>,
    /// C libraries the cgo code links (`-lNAME`, `pkg-config: NAME`) on linux.
    pub cgo_libraries: Vec<CgoLibrary>,
    /// What the programs need at run time, with reasons.
    pub runtime_needs: RuntimeNeeds,
    /// Per main package, the ports it listens on (nearest first).
    pub ports: BTreeMap<String, Vec<u16>>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CgoKind {
    /// A file of this module imports "C".
    OwnFile,
    /// A file of a package under vendor/ imports "C".
    VendoredPackage,
    /// A package `data/cgo.toml` lists as needing cgo.
    KnownModule,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CgoRequirement {
    pub kind: CgoKind,
    /// The package that needs cgo: `./internal/native`, `example.com/x`.
    pub package: String,
    /// The file importing "C", relative to the module root (own and vendored).
    pub file: Option<String>,
    /// The module (vendored and known).
    pub module: Option<String>,
    pub why: String,
    /// Whether the package also builds without cgo (a `//go:build !cgo`
    /// fallback), so a static build is possible, if not the same program.
    pub fallback: bool,
    /// The main packages whose build reaches it.
    pub mains: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CgoLibrary {
    /// As the flag names it: `z` for `-lz`, `sqlite3` for `pkg-config: sqlite3`.
    pub name: String,
    /// The flag as written (`#cgo LDFLAGS: -lz`), or `needed by <package>`.
    pub flag: String,
    /// The file holding the flag, or the known package needing the library.
    pub source: String,
}

/// Run-time needs, each a list of reasons, at most one per main package (the
/// nearest). Found from the imports of every package a main
/// package reaches (own and vendored) and `LoadLocation` calls in own files;
/// packages of modules that are not vendored cannot be read (`unseen`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// TLS or an HTTP client: the image needs CA certificates.
    pub ca_certificates: Vec<Need>,
    /// Time zones by name: the image needs /usr/share/zoneinfo (or -tags timetzdata).
    pub tzdata: Vec<Need>,
    /// Main packages importing time/tzdata: time zones are in the binary.
    pub tzdata_embedded: Vec<Need>,
    /// The net resolver: the `netgo` tag matters for a static cgo link.
    pub netgo: Vec<Need>,
    /// os/user: the `osusergo` tag matters for a static cgo link.
    pub osusergo: Vec<Need>,
    /// Main packages importing packages godock cannot read: needs unknown.
    pub unseen: Vec<Need>,
}

/// Why a main package needs something at run time.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Need {
    pub main: String,
    /// `imports net/http`, `reaches ./internal/x, which imports crypto/tls`,
    /// `internal/x/x.go calls time.LoadLocation`.
    pub why: String,
}

impl RuntimeNeeds {
    /// Whether the program at `main` needs CA certificates, or may: it
    /// imports packages godock cannot read.
    pub fn may_need_ca_certificates(&self, main: &str) -> bool {
        self.ca_certificates
            .iter()
            .chain(&self.unseen)
            .any(|need| need.main == main)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LocalReplace {
    pub old: String,
    pub new: String,
}

impl Facts {
    /// The last element of the module path, ignoring a major-version suffix
    /// (`example.com/tool/v2` → `tool`).
    pub fn module_name(&self) -> &str {
        module_name(&self.module)
    }
}

pub fn module_name(module: &str) -> &str {
    let mut elements = module.rsplit('/');
    let last = elements.next().unwrap_or(module);
    let is_major_suffix =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    match (is_major_suffix, elements.next()) {
        (true, Some(previous)) => previous,
        _ => last,
    }
}

/// Scans the Go module at `path`.
pub fn scan(path: &Path) -> Result<Facts> {
    let go_mod_path = path.join("go.mod");
    if !go_mod_path.is_file() {
        if !path.is_dir() {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
            });
        }
        return Err(Error::NoGoMod {
            path: path.to_path_buf(),
            deeper: walk::shallowest_go_mod(path),
        });
    }
    let go_mod = read_go_mod(&go_mod_path)?;
    let mut tree = walk::walk(path)?;
    let mut warnings = std::mem::take(&mut tree.warnings);

    let local_replaces: Vec<LocalReplace> = go_mod
        .replaces
        .iter()
        .filter(|replace| replace.is_local())
        .map(|replace| LocalReplace {
            old: replace.old.clone(),
            new: replace.new.clone(),
        })
        .collect();
    for replace in &local_replaces {
        if !path.join(&replace.new).join("go.mod").is_file() {
            warnings.push(format!(
                "go.mod replaces {} with {}, which has no go.mod",
                replace.old, replace.new
            ));
        }
    }

    let nested_modules = std::mem::take(&mut tree.nested_modules);
    let modules_txt_path = path.join("vendor/modules.txt");
    let vendor = modules_txt_path.is_file();
    let modules_txt = if vendor {
        let text = std::fs::read_to_string(&modules_txt_path).map_err(|source| Error::Read {
            path: modules_txt_path.clone(),
            source,
        })?;
        Some(vendor::parse(&text, &modules_txt_path)?)
    } else {
        None
    };
    // Go checks vendor/modules.txt against go.mod from `go 1.14` on.
    let checks_vendoring = go_mod
        .go
        .as_deref()
        .and_then(|version| version.strip_prefix("1."))
        .and_then(|rest| rest.split(['.', 'r', 'b']).next()?.parse::<u32>().ok())
        .is_none_or(|minor| minor >= 14);
    if let Some(txt) = modules_txt.as_ref().filter(|_| checks_vendoring) {
        let required: Vec<(String, String)> = go_mod
            .requires
            .iter()
            .map(|require| (require.path.clone(), require.version.clone()))
            .collect();
        for problem in vendor::inconsistencies(txt, &required) {
            warnings.push(format!(
                "{problem}; Go refuses to build from an inconsistent vendor/: run `go mod vendor`"
            ));
        }
    }
    let requires = go_mod.requires.iter().map(|r| r.path.clone()).collect();
    let packages =
        packages::Packages::new(&go_mod.module, tree, modules_txt, requires, &mut warnings);
    let cgo_requires = packages.cgo_requirements(vendor);
    let cgo_mains: BTreeSet<String> = cgo_requires
        .iter()
        .flat_map(|requirement| requirement.mains.iter().cloned())
        .collect();
    let facts = Facts {
        module_root: ".".to_string(),
        module: go_mod.module.clone(),
        go: go_mod.go.clone(),
        toolchain: go_mod.toolchain.clone(),
        vendor,
        go_work: has_go_work(path),
        go_sum: path.join("go.sum").is_file(),
        requires: go_mod.requires.len(),
        local_replaces,
        packages: packages.all(),
        main_packages: packages.main_packages(),
        cgo_packages: packages.cgo_packages(),
        cxx_packages: packages.cxx_packages(),
        cgo_mains: cgo_mains.into_iter().collect(),
        embed: packages.embeds(),
        version_variables: packages.version_variables(),
        nested_modules,
        warnings,
        cgo_libraries: packages.cgo_libraries(&cgo_requires),
        cgo_requires,
        runtime_needs: packages.runtime_needs(),
        ports: packages.ports(),
    };
    if facts.main_packages.is_empty() {
        return Err(Error::NoMainPackage {
            root: path.to_path_buf(),
            skipped: packages.unbuildable_mains(),
        });
    }
    Ok(facts)
}

fn read_go_mod(path: &Path) -> Result<go_mod::GoMod> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
        path: path.to_path_buf(),
    })?;
    let parsed = go_mod::parse(&text).map_err(|error| Error::GoModSyntax {
        path: path.to_path_buf(),
        line: error.line,
        message: error.message,
    })?;
    if parsed.module.is_empty() {
        return Err(Error::GoModNoModule {
            path: path.to_path_buf(),
        });
    }
    Ok(parsed)
}

/// A go.work in the module root or any directory above it puts the module in
/// a workspace (unless GOWORK=off, which godock cannot know).
fn has_go_work(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
    absolute
        .ancestors()
        .any(|directory| directory.join("go.work").is_file())
}
