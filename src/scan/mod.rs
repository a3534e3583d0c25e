//! Scanning: facts about a Go repository, and no opinions about them.
//!
//! One walk of the module's tree (see [`walk`]) reads the top of each Go file
//! and, only where the facts need it, the rest: files importing `"embed"` for
//! their `//go:embed` patterns, files of `package main` for version variables.
//! Everything here returns data or an [`Error`]; nothing prints or exits.
pub mod build_constraint;
pub mod go_mod;
pub mod go_source;
mod packages;
mod walk;

use std::collections::BTreeMap;
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
    /// Own cgo packages that also compile C++ (they need libstdc++ at run time).
    pub cxx_packages: Vec<String>,
    /// Main packages that reach a cgo package through their own imports.
    pub cgo_mains: Vec<String>,
    /// `//go:embed` patterns per package, as written.
    pub embed: BTreeMap<String, Vec<String>>,
    /// Per main package, the version variables `-ldflags -X` can set.
    pub version_variables: BTreeMap<String, Vec<String>>,
    /// Directories below the module root holding another go.mod: other modules.
    pub nested_modules: Vec<String>,
    pub warnings: Vec<String>,
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
    let packages = packages::Packages::new(&go_mod.module, tree, &mut warnings);
    let facts = Facts {
        module_root: ".".to_string(),
        module: go_mod.module.clone(),
        go: go_mod.go.clone(),
        toolchain: go_mod.toolchain.clone(),
        vendor: path.join("vendor/modules.txt").is_file(),
        go_work: has_go_work(path),
        go_sum: path.join("go.sum").is_file(),
        requires: go_mod.requires.len(),
        local_replaces,
        packages: packages.all(),
        main_packages: packages.main_packages(),
        cgo_packages: packages.cgo_packages(),
        cxx_packages: packages.cxx_packages(),
        cgo_mains: packages.cgo_mains(),
        embed: packages.embeds(),
        version_variables: packages.version_variables(),
        nested_modules,
        warnings,
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
