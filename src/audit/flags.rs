//! The audit's rules about how `go build` is called: `-trimpath`, the
//! obsolete `-a -installsuffix cgo`, `-s -w`, and a file built instead of a
//! package.
use crate::evidence::go_build::GoBuild;
use crate::evidence::value::Part;

use super::rules::{finding, ignores_at, Found};
use super::{Input, Rule};

pub(super) fn build_flags(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let mut found = Vec::new();
    for build in dockerfile.go_builds() {
        let ignores = ignores_at(dockerfile, build.location.line);
        if !build.trimpath && !goflags_trimpath(&build) {
            found.push((
                finding(
                    Rule::Trimpath,
                    &build.location.file,
                    build.location.line,
                    "`go build` without -trimpath: the binary carries the builder's file paths, and differs from one checkout directory to another".to_string(),
                    "a reproducible binary has module paths only".to_string(),
                    "add -trimpath".to_string(),
                ),
                ignores.clone(),
            ));
        }
        if build.installsuffix.is_some() || build.rebuild_all {
            found.push((
                finding(
                    Rule::Installsuffix,
                    &build.location.file,
                    build.location.line,
                    "`-a -installsuffix cgo` is obsolete since Go 1.10's build cache: it only rebuilds the standard library every time".to_string(),
                    "CGO_ENABLED=0 alone gives a static binary".to_string(),
                    "drop -a and -installsuffix".to_string(),
                ),
                ignores.clone(),
            ));
        }
        if let Some(why) = unstripped(&build) {
            found.push((
                finding(
                    Rule::Strip,
                    &build.location.file,
                    build.location.line,
                    format!("`go {}` {why}: the binary keeps its symbol table and DWARF debug information, about a third of its size (a hello world built by Go 1.26: 2.40 MB, 1.59 MB with -s -w)", build_word(&build)),
                    "what -s -w removes is for debuggers (delve, gdb) only: panics still print function names and file:line and profiles are still symbolized (from the runtime's own tables, which stay), and `go version -m` still reads the build info; it is no obfuscation either".to_string(),
                    "add `-ldflags=\"-s -w\"` (since Go 1.22, -s alone implies -w); build without them when you need to debug the binary".to_string(),
                ),
                ignores.clone(),
            ));
        }
        if let Some(file) = built_file(&build) {
            let package = match file.rsplit_once('/') {
                Some((directory, _)) if directory != "." => {
                    format!("./{}", directory.trim_start_matches("./"))
                }
                _ => ".".to_string(),
            };
            found.push((
                finding(
                    Rule::BuildFile,
                    &build.location.file,
                    build.location.line,
                    format!("`go {} {file}` builds a list of files, not a package: the binary's build info says `path command-line-arguments` and has no `mod` line for your module", build_word(&build)),
                    "vulnerability scanners (govulncheck, trivy, grype) read the module and its version from the build info; `go version -m` shows what they see".to_string(),
                    format!("build the package: `go {} {package}`", build_word(&build)),
                ),
                ignores,
            ));
        }
    }
    found
}

/// Whether the `GOFLAGS` the build runs with says `-trimpath` in its
/// literal text (`ENV GOFLAGS="-trimpath ${GOFLAGS}"`).
fn goflags_trimpath(build: &GoBuild) -> bool {
    build.env_value("GOFLAGS").is_some_and(|value| {
        value.parts.iter().any(|part| {
            matches!(part, Part::Literal(text) if text
                .split_whitespace()
                .any(|word| matches!(word, "-trimpath" | "-trimpath=true" | "--trimpath")))
        })
    })
}

fn build_word(build: &GoBuild) -> &'static str {
    match build.command {
        crate::evidence::go_build::GoCommand::Build => "build",
        crate::evidence::go_build::GoCommand::Install => "install",
    }
}

/// Why the build keeps the symbol table, if it does: no -ldflags, or
/// -ldflags without -s. A -ldflags that expands a variable is not judged.
fn unstripped(build: &GoBuild) -> Option<&'static str> {
    match &build.ldflags {
        None => Some("without -ldflags"),
        Some(ldflags) if ldflags.strip_symbols || ldflags.text.contains('$') => None,
        Some(_) => Some("with -ldflags but without -s"),
    }
}

/// The first `.go` file the build names as its argument.
fn built_file(build: &GoBuild) -> Option<String> {
    build
        .packages
        .iter()
        .filter_map(|value| value.as_literal())
        .find(|argument| argument.ends_with(".go"))
        .map(str::to_string)
}
