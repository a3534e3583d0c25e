//! `godock audit`'s review of a Dockerfile of the user's against the facts
//! of the Go project it builds: each rule reads the parsed Dockerfile (and
//! the .dockerignore that goes with it) beside godock's scan facts, and
//! reports a [`Finding`] with its `file:line`, the evidence from the Go
//! project and the fix.
//!
//! Pure: facts and parsed files in, findings out. It never reads the disk,
//! never parses a Dockerfile itself (`evidence::dockerfile` does) and never
//! decides the exit code (`main` does, from what the command returns).
mod context;
mod flags;
mod gotoolchain;
mod release;
mod rules;
mod runtime;
pub mod sarif;

use serde::Serialize;

use crate::evidence::dockerfile::Dockerfile;
use crate::evidence::dockerignore::DockerIgnore;
use crate::knowledge::date::Date;
use crate::scan::context_needs::ContextNeed;
use crate::scan::{ContextFiles, Facts};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn named(name: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|severity| severity.name() == name)
    }
}

/// A rule, by the id `--ignore` and `# godock:ignore` name it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
pub enum Rule {
    GoVersion,
    GoUnpinned,
    CgoDisabled,
    CgoRuntime,
    CgoGlibc,
    CacheOrder,
    BinariesMissing,
    Trimpath,
    Installsuffix,
    RunsAsRoot,
    UserName,
    CaCertificates,
    BaseUnpinned,
    ContextHidden,
    ContextSecret,
    GoToolchain,
    BaseEol,
    Strip,
    BuildFile,
    Tzdata,
    HealthcheckShell,
}

impl Rule {
    pub const ALL: [Rule; 21] = [
        Rule::GoVersion,
        Rule::GoUnpinned,
        Rule::CgoDisabled,
        Rule::CgoRuntime,
        Rule::CgoGlibc,
        Rule::CacheOrder,
        Rule::BinariesMissing,
        Rule::Trimpath,
        Rule::Installsuffix,
        Rule::RunsAsRoot,
        Rule::UserName,
        Rule::CaCertificates,
        Rule::BaseUnpinned,
        Rule::ContextHidden,
        Rule::ContextSecret,
        Rule::GoToolchain,
        Rule::BaseEol,
        Rule::Strip,
        Rule::BuildFile,
        Rule::Tzdata,
        Rule::HealthcheckShell,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::GoVersion => "go-version",
            Rule::GoUnpinned => "go-unpinned",
            Rule::CgoDisabled => "cgo-disabled",
            Rule::CgoRuntime => "cgo-runtime",
            Rule::CgoGlibc => "cgo-glibc",
            Rule::CacheOrder => "cache-order",
            Rule::BinariesMissing => "binaries-missing",
            Rule::Trimpath => "trimpath",
            Rule::Installsuffix => "installsuffix",
            Rule::RunsAsRoot => "runs-as-root",
            Rule::UserName => "user-name",
            Rule::CaCertificates => "ca-certificates",
            Rule::BaseUnpinned => "base-unpinned",
            Rule::ContextHidden => "context-hidden",
            Rule::ContextSecret => "context-secret",
            Rule::GoToolchain => "go-toolchain",
            Rule::BaseEol => "base-eol",
            Rule::Strip => "strip",
            Rule::BuildFile => "build-file",
            Rule::Tzdata => "tzdata",
            Rule::HealthcheckShell => "healthcheck-shell",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::GoVersion
            | Rule::CgoDisabled
            | Rule::CgoRuntime
            | Rule::CaCertificates
            | Rule::ContextHidden
            | Rule::HealthcheckShell => Severity::Error,
            Rule::CgoGlibc
            | Rule::CacheOrder
            | Rule::RunsAsRoot
            | Rule::BaseUnpinned
            | Rule::ContextSecret
            | Rule::GoToolchain
            | Rule::BaseEol
            | Rule::Tzdata => Severity::Warning,
            Rule::GoUnpinned
            | Rule::BinariesMissing
            | Rule::Trimpath
            | Rule::Installsuffix
            | Rule::UserName
            | Rule::Strip
            | Rule::BuildFile => Severity::Info,
        }
    }

    /// What the rule finds, in one sentence (the README's table, SARIF's
    /// rule descriptions).
    pub fn summary(self) -> &'static str {
        match self {
            Rule::GoVersion => "A golang builder older than go.mod's go or toolchain line.",
            Rule::GoUnpinned => "A golang image whose tag names no Go version.",
            Rule::CgoDisabled => "CGO_ENABLED=0 for a program that needs cgo.",
            Rule::CgoRuntime => "A cgo binary on a base without glibc (scratch, distroless static, alpine).",
            Rule::CgoGlibc => "A cgo binary built and run on different Debian releases.",
            Rule::CacheOrder => "go mod download after COPY . ., without a cache mount.",
            Rule::BinariesMissing => "Main packages the Dockerfile never builds.",
            Rule::Trimpath => "go build without -trimpath.",
            Rule::Installsuffix => "The obsolete -a -installsuffix cgo.",
            Rule::RunsAsRoot => "A final stage that runs as root.",
            Rule::UserName => "USER given as a name rather than a numeric UID.",
            Rule::CaCertificates => "scratch without CA certificates for a program that uses TLS.",
            Rule::BaseUnpinned => "A base image that is untagged or latest.",
            Rule::ContextHidden => "A .dockerignore line that hides a file the build needs.",
            Rule::ContextSecret => "A secret file the .dockerignore lets into the build context.",
            Rule::GoToolchain => "GOTOOLCHAIN set so that the build downloads another Go toolchain.",
            Rule::BaseEol => "A base image that no longer receives security fixes.",
            Rule::Strip => "go build without -ldflags=-s -w: the binary carries its symbol table and DWARF.",
            Rule::BuildFile => "go build of a .go file rather than a package: the binary's build info names no module.",
            Rule::Tzdata => "A program that loads time zones by name, on a base without time zone data.",
            Rule::HealthcheckShell => "A shell-form HEALTHCHECK on a base without a shell.",
        }
    }

    pub fn named(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

impl From<Rule> for &'static str {
    fn from(rule: Rule) -> &'static str {
        rule.id()
    }
}

/// One thing wrong with the Dockerfile (or its .dockerignore).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The file and line the finding is about, relative to the context.
    pub file: String,
    pub line: u32,
    /// What is wrong.
    pub message: String,
    /// What in the Go project says so.
    pub evidence: String,
    pub fix: String,
}

/// What one Dockerfile is reviewed against.
pub struct Input<'a> {
    pub facts: &'a Facts,
    pub dockerfile: &'a Dockerfile,
    /// The ignore file a build with this Dockerfile reads, if any.
    pub dockerignore: Option<&'a DockerIgnore>,
    /// What the build reads from the context.
    pub needs: &'a [ContextNeed],
    /// The build context's secret files, its ignore file aside.
    pub context_files: &'a ContextFiles,
    /// The day the review is for: which Go releases and base images still
    /// receive security fixes.
    pub today: Date,
}

/// Every finding for one Dockerfile, in file and line order, without those
/// switched off by `ignored` or by a `# godock:ignore RULE` comment on the
/// instruction (`all` switches off every rule there).
pub fn audit(input: &Input, ignored: &[Rule]) -> Vec<Finding> {
    let mut found: Vec<(Finding, Vec<String>)> = all_rules(input);
    found.retain(|(finding, ignores)| {
        !ignored.contains(&finding.rule)
            && !ignores
                .iter()
                .any(|ignore| ignore == finding.rule.id() || ignore == "all")
    });
    let mut findings: Vec<Finding> = found.into_iter().map(|(finding, _)| finding).collect();
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.rule, &a.message).cmp(&(&b.file, b.line, b.rule, &b.message))
    });
    findings.dedup();
    findings
}

/// Every rule's findings, with the `# godock:ignore` rules of the
/// instruction each is about.
fn all_rules(input: &Input) -> Vec<rules::Found> {
    let mut found = Vec::new();
    for rule in [
        rules::go_version,
        rules::cgo,
        rules::cache_order,
        rules::binaries_missing,
        flags::build_flags,
        release::go_toolchain,
        release::base_eol,
        runtime::runs_as_root,
        runtime::ca_certificates,
        runtime::base_unpinned,
        runtime::tzdata,
        runtime::healthcheck_shell,
        context::context,
    ] {
        found.extend(rule(input));
    }
    found
}

#[cfg(test)]
mod tests;
