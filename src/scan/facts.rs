//! What a scan finds, as data: the facts, and no opinions about them. The
//! JSON form (`godock scan --json`) is a contract: new keys may be added,
//! none renamed.
use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::build_evidence::BuildEvidence;
use super::context_files::ContextFiles;
use super::locate::{LocalReplace, Repository, Workspace};
use super::requirements::MemberRequire;
use crate::evidence::node::{Manager, NodeVersionFile};
pub use crate::go::source::ports::{Confidence, PortPattern};
use crate::go::source::Settable;
use crate::knowledge::version::Stamped;

/// What a scan found.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    /// The directory holding go.mod, relative to the scanned path (`"."`,
    /// `"services/api"`).
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
    /// The modules the build's go.mod files require (those of the modules
    /// in use and of local replace targets), by path, sorted: not these
    /// modules themselves, nor modules replaced by a directory.
    pub required_modules: Vec<String>,
    /// Requirements of a module in use on another one that no `replace`
    /// covers (in go.work or the requiring go.mod): the go command fetches
    /// the required module's go.mod at that version whenever it loads the
    /// module graph.
    pub member_requires: Vec<MemberRequire>,
    pub local_replaces: Vec<LocalReplace>,
    /// Directories of every package of this module that builds for linux, sorted.
    pub packages: Vec<String>,
    /// Directories of main packages, `"."` or `"./cmd/x"`, sorted: those
    /// whose buildable files declare `func main`.
    pub main_packages: Vec<String>,
    /// Directories of `package main` files that declare no `func main` (a
    /// `generate.go` holding only `//go:generate` lines): Go builds no
    /// program from them, so they are no binaries.
    pub main_stubs: Vec<String>,
    /// Own packages with cgo files that build for linux, sorted: those of the
    /// modules in use, and those of local replace targets a main package
    /// reaches.
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
    /// Per main package, the version variables of the package itself that
    /// `-ldflags -X` can set.
    pub version_variables: BTreeMap<String, Vec<String>>,
    /// Per main package, every declaration a version stamp may set: its
    /// own, in the version packages it reaches, in known libraries.
    pub version_stamps: BTreeMap<String, Vec<VersionStamp>>,
    /// Directories below the module root (in a workspace, below each module
    /// in use, relative to the build root) holding another go.mod: other
    /// modules, which no module in use is.
    pub nested_modules: Vec<String>,
    pub warnings: Vec<String>,
    /// Every module in use: the module alone, or each one the go.work uses.
    pub modules: Vec<Module>,
    /// The go.work that governs the module, when it is inside the repository.
    pub workspace: Option<Workspace>,
    /// Where the go command runs, relative to the scanned path: the go.work's
    /// directory in a workspace, else the module root. Package directories
    /// (`packages`, `main_packages`, `embed`, …) are relative to it.
    pub build_root: String,
    pub repository: Repository,
    /// Why cgo is needed, and by which main packages.
    pub cgo_requires: Vec<CgoRequirement>,
    /// C libraries the cgo code links (`-lNAME`, `pkg-config: NAME`) on linux.
    pub cgo_libraries: Vec<CgoLibrary>,
    /// What the programs need at run time, with reasons.
    pub runtime_needs: RuntimeNeeds,
    /// Front ends whose build produces what an embed matching nothing needs.
    pub frontends: Vec<Frontend>,
    /// Per main package, the ports it may listen on, best first (the ports
    /// of `port_candidates`).
    pub ports: BTreeMap<String, Vec<u16>>,
    /// Per main package, the conventional health endpoints (`/healthz`,
    /// `/livez`, `/readyz`, `/health`, `/ping`) its packages register on a
    /// mux or router, nearest first.
    #[serde(default)]
    pub health_endpoints: BTreeMap<String, Vec<String>>,
    /// Per main package, the arguments that run its own health check: a
    /// cobra command (`["healthcheck"]`) or a boolean flag (`["--health"]`).
    #[serde(default)]
    pub health_commands: BTreeMap<String, Vec<Vec<String>>>,
    /// Per main package, every port its build names, with the evidence:
    /// most confident first, then nearest, one per port.
    pub port_candidates: BTreeMap<String, Vec<PortCandidate>>,
    /// `//go:embed` patterns that match nothing in the repository: `go
    /// build` fails on them until something produces the files.
    pub missing_embeds: Vec<MissingEmbed>,
    /// Who read the dependencies for cgo: `go list`, or godock alone.
    pub cgo_reader: CgoReader,
    /// What the repository's own build files (goreleaser, Dockerfiles,
    /// Procfile, Makefile) say about binaries, entrypoints and ports.
    pub build_evidence: BuildEvidence,
    /// The name of the repository's directory (the primary binary may be
    /// named after it).
    #[serde(skip)]
    pub repository_name: Option<String>,
    /// Directories with `package main` files none of which builds for
    /// linux (`//go:build ignore` generators, windows-only tools).
    #[serde(skip)]
    pub unbuildable_mains: Vec<String>,
    /// The path godock was given, which the directories above are relative to.
    #[serde(skip)]
    pub path: PathBuf,
    /// What the build context holds besides the Go code: whose files sit
    /// where godock writes, the repository's own Dockerfiles, .dockerignore
    /// and Makefile, and secret files.
    #[serde(skip)]
    pub context_files: ContextFiles,
}

/// A module in use.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Module {
    /// Its directory, relative to the scanned path.
    pub dir: String,
    pub module: String,
    /// Its `go` directive as written.
    pub go: Option<String>,
    pub go_sum: bool,
    /// Its directory as a package path from the build root (`"."`, `"./app"`).
    pub package: String,
    /// Its main packages, relative to the build root as `main_packages` are.
    pub main_packages: Vec<String>,
    /// The module paths its go.mod requires.
    pub requires: Vec<String>,
    /// The go.work line that uses it.
    #[serde(skip)]
    pub used_at: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CgoKind {
    /// A file of an in-repo module (the module, a workspace member, a local
    /// replace target) imports "C".
    OwnFile,
    /// A file of a package under vendor/ imports "C".
    VendoredPackage,
    /// A package `data/cgo.toml` lists as needing cgo.
    KnownModule,
    /// A package of a dependency that `go list` says has cgo files.
    DependencyPackage,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CgoRequirement {
    pub kind: CgoKind,
    /// The package that needs cgo: `./internal/native`, `example.com/x`.
    pub package: String,
    /// The file importing "C" (own and vendored), relative to the build root
    /// (`lib/native/native.go`, `vendor/example.com/x/x.go`).
    pub file: Option<String>,
    /// The module (vendored and known).
    pub module: Option<String>,
    pub why: String,
    /// Whether the package also builds without cgo (a `//go:build !cgo`
    /// fallback), so a static build is possible, if not the same program.
    /// Never for a module `data/cgo.toml` knows builds a stub that fails at
    /// run time without cgo.
    pub fallback: bool,
    /// Whether the build surely reaches it: false only for a known cgo
    /// module go.mod requires that a dependency godock cannot read may
    /// import.
    pub certain: bool,
    /// The main packages whose build reaches it.
    pub mains: Vec<String>,
}

/// A declaration a version stamp may set, in a main package's build.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VersionStamp {
    /// `main`, or the import path of the package holding it.
    pub package: String,
    pub name: String,
    /// What its name says it holds; `None` for a library's variable no
    /// build input feeds (prometheus' `Branch`).
    pub stamps: Option<Stamped>,
    /// The file declaring it, relative to the build root, and the line
    /// (`None` for a known library godock does not read).
    pub file: Option<String>,
    pub line: Option<u32>,
    pub settable: Settable,
    /// The string literal it starts with: what an unstamped build prints.
    pub default: Option<String>,
    /// For a known library (data/version_stamps.toml), why godock knows it.
    pub library: Option<String>,
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

/// A port a main package's build may listen on, and the evidence.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PortCandidate {
    pub port: u16,
    /// The file naming it, relative to the build root, and the line.
    pub file: String,
    pub line: u32,
    pub pattern: PortPattern,
    pub confidence: Confidence,
    /// The flag, field, key, constant or variable naming it.
    pub name: Option<String>,
    /// Why it is not confident, when it is not.
    pub note: Option<String>,
    /// The package holding it: the main package, or one it reaches.
    pub package: String,
}

/// An embed pattern that matches nothing in the repository.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MissingEmbed {
    /// The file holding the directive, relative to the build root.
    pub file: String,
    pub line: u32,
    pub pattern: String,
    /// What would produce the files, when godock can tell: a package.json
    /// build script beside or above the directory, a `//go:generate` line.
    pub producers: Vec<String>,
}

/// Which reader answered whether the programs need cgo.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CgoReaderKind {
    /// `go list -deps`, offline: every package each main package reaches.
    GoList,
    /// godock's own reading: own and vendored files, and data/cgo.toml.
    Godock,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CgoReader {
    pub reader: CgoReaderKind,
    /// Why that reader: what `go list` was run as, or why it was not asked.
    pub detail: String,
}

/// Run-time needs, each a list of reasons, at most one per main package (the
/// nearest). Found from the imports of every package a main
/// package reaches (own, of every in-repo module, and vendored) and
/// `LoadLocation` calls in own files; packages of other modules that are not
/// vendored cannot be read (`unseen`).
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

impl Facts {
    /// The last element of the module path, ignoring a major-version suffix
    /// (`example.com/tool/v2` → `tool`).
    pub fn module_name(&self) -> &str {
        module_name(&self.module)
    }

    /// What building the main packages `mains` needs of cgo.
    pub fn cgo_needs<'a>(&'a self, mains: &'a [String]) -> CgoNeeds<'a> {
        CgoNeeds {
            mains: mains
                .iter()
                .filter(|main| self.cgo_mains.contains(main))
                .collect(),
            requirements: self
                .cgo_requires
                .iter()
                .filter(|requirement| requirement.mains.iter().any(|main| mains.contains(main)))
                .collect(),
        }
    }
}

/// What building some main packages needs of cgo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CgoNeeds<'a> {
    /// Those of the main packages that need cgo.
    pub mains: Vec<&'a String>,
    /// Why: the requirements their builds reach.
    pub requirements: Vec<&'a CgoRequirement>,
}

impl CgoNeeds<'_> {
    /// Whether every cgo package these builds reach has a `//go:build !cgo`
    /// fallback, so that a static build is possible (if not the same program).
    pub fn fallback_only(&self) -> bool {
        !self.requirements.is_empty() && self.requirements.iter().all(|r| r.fallback)
    }

    /// The main packages that need cgo, as a list for a message.
    pub fn mains_list(&self) -> String {
        self.mains
            .iter()
            .map(|main| main.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A JavaScript front end whose `build` script writes a directory an
/// embed needs and the repository does not hold.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Frontend {
    /// The package.json's directory, relative to the build root.
    pub directory: String,
    /// Its `build` script.
    pub build: String,
    /// The directory the build writes, relative to the build root.
    pub output: String,
    /// How godock knows it (the bundler's default, a flag, its config).
    pub output_source: String,
    /// The embeds it serves, as `file:line: //go:embed pattern`.
    pub embeds: Vec<String>,
    pub manager: Manager,
    /// The lockfile, relative to the build root (`None`: there is none).
    pub lockfile: Option<String>,
    /// The manager's version package.json's `packageManager` names.
    pub manager_version: Option<String>,
    /// The pnpm release a `pnpm-lock.yaml` was written by.
    pub pnpm_lockfile_major: Option<u32>,
    /// The Node release the project asks for, and where.
    pub node: Option<NodeAsk>,
    /// Yarn 2+'s own files beside package.json (`.yarnrc.yml`,
    /// `.yarn/releases`), relative to the build root.
    pub yarn_files: Vec<String>,
}

/// Where a project asks for a Node release.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum NodeAsk {
    /// A `.nvmrc` or `.node-version`.
    File { file: String, ask: NodeVersionFile },
    /// package.json's `engines.node`, a range.
    Engines { file: String, range: String },
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
