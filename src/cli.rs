//! The command line, as clap reads it. Doc comments here are the help text.
//! Values are taken as text: the settings' rules check them, whatever their
//! source, and the plan decides what was left open.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// `godock --version`: godock's version and the date of the Go releases
/// table it decides builder versions with.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (Go releases table of ",
    env!("GODOCK_GO_RELEASES_UPDATED"),
    ")"
);

/// An opinionated Dockerfile generator for Go projects.
///
/// godock scans a Go module (go.mod, main packages, cgo, //go:embed, vendor/)
/// and writes a multi-stage Dockerfile, a .dockerignore and a Makefile that
/// build small, non-root images.
#[derive(Debug, Parser)]
#[command(
    name = "godock",
    version = VERSION,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing on stderr but errors (data still goes to stdout)
    #[arg(long, short = 'q', global = true, display_order = 900)]
    pub quiet: bool,
    /// Also say why each decision was taken: where every setting came from,
    /// and the reasons behind the preset, the Go version, cgo and the port
    #[arg(
        long,
        short = 'v',
        global = true,
        display_order = 901,
        conflicts_with = "quiet"
    )]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a Go module and write Dockerfile, .dockerignore, Makefile and godock.toml
    Init(InitArgs),
    /// Write the files again from godock.toml after go.mod or the code changed
    Regen(RegenArgs),
    /// Exit 1 with a diff when `regen` would change a file, 0 when none is stale
    Check(CheckArgs),
    /// Pin each base image's tag to its digest (recorded in godock.lock,
    /// written as FROM image:tag@sha256:DIGEST)
    Pin(PinArgs),
    /// Print the facts a scan finds: module, Go version, main packages, cgo, embeds
    Scan(ScanArgs),
    /// Print the plan: every decision the generated files will carry
    Plan(PlanCommandArgs),
    /// Review your own Dockerfile against the facts of the Go project; exit 1
    /// when it finds something at or above --fail-on
    Audit(AuditArgs),
    /// Print a completion script for a shell on stdout
    Completions(CompletionsArgs),
    /// Print godock's man page (roff) on stdout, or a command's
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The Dockerfile to review, relative to the build context (repeatable)
    /// [default: every Dockerfile* godock did not write]
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Vec<PathBuf>,
    /// Print the findings as JSON (--format json)
    #[arg(long)]
    pub json: bool,
    /// How to print the findings: text, json, or sarif (SARIF 2.1.0, which
    /// GitHub code scanning shows on pull requests)
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "text",
        conflicts_with = "json"
    )]
    pub format: String,
    /// Switch a rule off (repeatable); `# godock:ignore RULE` before an
    /// instruction switches it off there
    #[arg(long, value_name = "RULE")]
    pub ignore: Vec<String>,
    /// The least severity that makes audit exit 1: info, warning or error
    #[arg(long, value_name = "SEVERITY", default_value = "info")]
    pub fail_on: String,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, godock-COMMAND(1) [default: godock(1)]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete godock's commands and flags in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the facts as JSON
    #[arg(long)]
    pub json: bool,
    /// The module's directory below PATH, when PATH has no go.mod and several
    /// hold one [default: PATH's go.mod, else the shallowest below it]
    #[arg(long, value_name = "DIR")]
    pub module: Option<String>,
}

/// The choices a plan is made from; every one can also live in godock.toml.
#[derive(Debug, Args, Default)]
pub struct PlanArgs {
    /// A built-in preset (distroless, distroless-cgo, scratch, alpine, debug)
    /// or a preset file ending in .toml [default: distroless, or
    /// distroless-cgo when the program uses cgo]
    #[arg(long, value_name = "NAME|FILE.toml")]
    pub preset: Option<String>,
    /// A main package to build, by name or path (repeat for several) [default:
    /// the root package and those under cmd/, else every main package]
    #[arg(long = "binary", value_name = "NAME")]
    pub binaries: Vec<String>,
    /// The binary a plain `docker build .` produces [default: cmd/<module
    /// name>, else the root package, else the first]
    #[arg(long, value_name = "NAME")]
    pub primary: Option<String>,
    /// The port the primary binary listens on (EXPOSE), or `none` [default:
    /// the first port the scan finds the primary binary listening on]
    #[arg(long, value_name = "N")]
    pub port: Option<String>,
    /// No EXPOSE, whatever the scan finds (godock.toml records `port = "none"`)
    #[arg(long, conflicts_with = "port")]
    pub no_port: bool,
    /// The Go release to build with [default: go.mod's toolchain, else its go
    /// directive]
    #[arg(long, value_name = "X")]
    pub go_version: Option<String>,
    /// The Debian release of the images (13; 12 no longer receives updates)
    /// [default: 13]
    #[arg(long, value_name = "N")]
    pub debian: Option<String>,
    /// Leave out the `# syntax=docker/dockerfile:1` line
    #[arg(long)]
    pub no_syntax: bool,
    /// The image name in the Makefile [default: the module's name]
    #[arg(long, value_name = "NAME")]
    pub image: Option<String>,
    /// The registry images are pushed to
    #[arg(long, value_name = "HOST")]
    pub registry: Option<String>,
    /// A platform `make docker-buildx` builds for (repeat for several)
    /// [default: linux/amd64 and linux/arm64]
    #[arg(long = "platform", value_name = "OS/ARCH")]
    pub platforms: Vec<String>,
    /// A build tag for every binary, beside the preset's (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// No extra build tags, whatever godock.toml or GODOCK_TAGS lists
    #[arg(long, conflicts_with = "tags")]
    pub no_tags: bool,
    /// Extra -ldflags for every binary, after godock's own (-s -w, -X)
    #[arg(long, value_name = "FLAGS", allow_hyphen_values = true)]
    pub ldflags: Option<String>,
    /// A module path pattern of private modules, as GOPRIVATE writes them
    /// (`github.com/acme/*`; repeat for several): their download gets the
    /// .netrc build secret [default: GOPRIVATE's patterns]
    #[arg(long = "private", value_name = "PATTERN")]
    pub private: Vec<String>,
    /// Extra files to write: compose (compose.yaml), github-actions
    /// (.github/workflows/docker.yml), bake (docker-bake.hcl), kubernetes
    /// (deploy/kubernetes/); repeat for several
    #[arg(long = "output", value_name = "NAME", value_parser = crate::settings::Output::NAMES)]
    pub outputs: Vec<String>,
    /// No extra files, whatever godock.toml or GODOCK_OUTPUTS lists (those
    /// written before are removed unless edited since)
    #[arg(long, conflicts_with = "outputs")]
    pub no_outputs: bool,
    /// The module's directory below PATH, when PATH has no go.mod and several
    /// hold one [default: PATH's go.mod, else the shallowest below it]
    #[arg(long, value_name = "DIR")]
    pub module: Option<String>,
    /// Where godock's Dockerfile goes, relative to the build context
    /// [default: Dockerfile, or Dockerfile.godock beside a Dockerfile of yours]
    #[arg(long, value_name = "PATH")]
    pub dockerfile: Option<String>,
    /// Where godock's Make targets go [default: Makefile, or docker.mk beside
    /// a Makefile of yours]
    #[arg(long, value_name = "PATH")]
    pub makefile: Option<String>,
    /// Add `include docker.mk` (in a block marked `# godock: begin`/`end`)
    /// to your own Makefile
    #[arg(long)]
    pub makefile_include: bool,
    /// Append a block marked `# godock: begin`/`end` to your own
    /// .dockerignore that re-includes what the build needs and keeps
    /// secrets out (godock never touches the rest of the file)
    #[arg(long)]
    pub dockerignore_block: bool,
    /// Build the front end an embed needs in a Node stage [default: on when
    /// an embed matches nothing and a package.json build writes it]
    #[arg(long, conflicts_with = "no_frontend")]
    pub frontend: bool,
    /// No Node stage, whatever the scan finds
    #[arg(long)]
    pub no_frontend: bool,
}

#[derive(Debug, Args)]
pub struct PlanCommandArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the plan as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub write: WriteArgs,
    /// Never prompt: take the detected choices (and the flags, godock.toml,
    /// GODOCK_* variables) and write the files
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the Dockerfile on stdout and write nothing
    #[arg(long, conflicts_with_all = ["dry_run", "diff"])]
    pub stdout: bool,
    /// Pin the base images to their digests, from their registries (as
    /// `godock pin` does)
    #[arg(long)]
    pub pin: bool,
}

#[derive(Debug, Args)]
pub struct RegenArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub write: WriteArgs,
    /// Pin the base images not pinned yet to their digests, from their
    /// registries (as `godock pin` does)
    #[arg(long)]
    pub pin: bool,
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Move every pin to the digest its tag points to now (by default only
    /// bases godock.lock does not pin yet are looked up)
    #[arg(long)]
    pub update: bool,
    /// Say what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print a unified diff of what would change, and write nothing
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The Go module's directory, or a directory inside it (as for `go`)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Also ask the registries whether a pinned base's tag moved to another
    /// digest (without it, check never touches the network)
    #[arg(long)]
    pub remote: bool,
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Overwrite files godock did not write; where your edits conflict with
    /// godock's changes, take godock's lines there and keep your other edits.
    /// The old file is kept as FILE.orig (or FILE.orig.N when that exists)
    #[arg(long)]
    pub force: bool,
    /// Say what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print a unified diff of what would change, and write nothing
    #[arg(long)]
    pub diff: bool,
}
