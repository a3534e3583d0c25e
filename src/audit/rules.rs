//! The audit's rules, one function each: what the Dockerfile says against
//! what the Go project needs. Each returns its findings with the
//! `# godock:ignore` rules of the instruction they are about.
use crate::evidence::dockerfile::{Base, Dockerfile, ImageReference, Kind, MountKind, Stage};
use crate::evidence::go_build::GoBuild;
use crate::go::version::GoVersion;

use super::{Finding, Input, Rule};

pub(super) type Found = (Finding, Vec<String>);

pub(super) fn finding(
    rule: Rule,
    file: &std::path::Path,
    line: u32,
    message: String,
    evidence: String,
    fix: String,
) -> Finding {
    Finding {
        rule,
        severity: rule.severity(),
        file: file.display().to_string(),
        line,
        message,
        evidence,
        fix,
    }
}

/// The image a stage is built on, following `FROM earlier-stage`.
pub(super) fn image_of<'a>(
    dockerfile: &'a Dockerfile,
    stage: &'a Stage,
) -> Option<&'a ImageReference> {
    let mut stage = stage;
    for _ in 0..dockerfile.stages.len() {
        match &stage.from.base {
            Base::Image(image) => return Some(image),
            Base::Scratch => return None,
            Base::Stage(index) => stage = dockerfile.stages.get(*index)?,
        }
    }
    None
}

pub(super) fn is_scratch(dockerfile: &Dockerfile, stage: &Stage) -> bool {
    let mut stage = stage;
    for _ in 0..dockerfile.stages.len() {
        match &stage.from.base {
            Base::Scratch => return true,
            Base::Image(_) => return false,
            Base::Stage(index) => match dockerfile.stages.get(*index) {
                Some(earlier) => stage = earlier,
                None => return false,
            },
        }
    }
    false
}

/// The repository's last path part: `golang` for `docker.io/library/golang`.
pub(super) fn short_name(image: &ImageReference) -> &str {
    image.name.rsplit('/').next().unwrap_or(&image.name)
}

/// The Go version a `golang` tag names (`1.22` of `1.22.3-bookworm`).
pub(super) fn tag_version(tag: &str) -> Option<GoVersion> {
    let version = tag.split('-').next()?;
    GoVersion::parse(version).ok()
}

/// The stages that run the go command: built `FROM golang`, or running `go build`.
pub(super) fn builder_stages<'a>(dockerfile: &'a Dockerfile, builds: &[GoBuild]) -> Vec<&'a Stage> {
    dockerfile
        .stages
        .iter()
        .filter(|stage| {
            image_of(dockerfile, stage).is_some_and(|image| short_name(image) == "golang")
                || builds.iter().any(|build| {
                    build.location.line >= stage.from.location.line
                        && dockerfile
                            .stages
                            .get(stage.index + 1)
                            .is_none_or(|next| build.location.line < next.from.location.line)
                })
        })
        .collect()
}

pub(super) fn go_version(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let facts = input.facts;
    let required = facts.go.as_deref().and_then(|go| GoVersion::parse(go).ok());
    let toolchain = facts
        .toolchain
        .as_deref()
        .and_then(|toolchain| GoVersion::parse_pinned(toolchain).ok());
    let mut found = Vec::new();
    for stage in &dockerfile.stages {
        let Base::Image(image) = &stage.from.base else {
            continue;
        };
        if short_name(image) != "golang" {
            continue;
        }
        let from = &stage.from;
        let Some(version) = image.tag.as_deref().and_then(tag_version) else {
            if image.digest.is_none() {
                found.push((
                    finding(
                        Rule::GoUnpinned,
                        &from.location.file,
                        from.location.line,
                        format!(
                            "`{}` names no Go version: the builder changes when the image does",
                            from.image.text
                        ),
                        format!("go.mod says go {}", facts.go.as_deref().unwrap_or("(none)")),
                        format!(
                            "name the Go release: `FROM golang:{}`",
                            facts
                                .toolchain
                                .as_deref()
                                .map(|t| t.trim_start_matches("go"))
                                .or(facts.go.as_deref())
                                .unwrap_or("1.N")
                        ),
                    ),
                    from.ignores.clone(),
                ));
            }
            continue;
        };
        let older = |needed: &GoVersion| older(&version, needed);
        // With GOTOOLCHAIN switching on, an older builder downloads what
        // go.mod asks for rather than stopping: go-toolchain says so.
        if super::gotoolchain::switches_toolchain(stage) {
            continue;
        }
        if let Some(needed) = required.as_ref().filter(|needed| older(needed)) {
            found.push((
                finding(
                    Rule::GoVersion,
                    &from.location.file,
                    from.location.line,
                    format!(
                        "the builder `{}` is Go {version}, older than go.mod's `go {needed}`: the build stops with `go.mod requires go >= {needed} (running go {version}; GOTOOLCHAIN=local)`",
                        from.image.text
                    ),
                    format!("go.mod: go {needed}"),
                    format!("use `FROM golang:{needed}` (or newer)"),
                ),
                from.ignores.clone(),
            ));
        } else if let Some(wanted) = toolchain.as_ref().filter(|wanted| older(wanted)) {
            let mut late = finding(
                Rule::GoVersion,
                &from.location.file,
                from.location.line,
                format!(
                    "the builder `{}` is Go {version}, older than go.mod's `toolchain go{wanted}`: the golang image's GOTOOLCHAIN=local builds with the older Go",
                    from.image.text
                ),
                format!("go.mod: toolchain go{wanted}"),
                format!("use `FROM golang:{wanted}`"),
            );
            late.severity = super::Severity::Warning;
            found.push((late, from.ignores.clone()));
        }
    }
    found
}

/// Whether Go `have` is older than `need`: a minor line (`1.23`) stands
/// for its newest patch.
pub(super) fn older(have: &GoVersion, need: &GoVersion) -> bool {
    (have.major(), have.minor()) < (need.major(), need.minor())
        || ((have.major(), have.minor()) == (need.major(), need.minor())
            && matches!((have.patch(), need.patch()), (Some(have), Some(need)) if have < need))
}

/// The Debian release an image tag names (`bookworm` of `1.22-bookworm`,
/// `12` of `static-debian12`), as data/debian.toml spells them.
pub(super) fn debian_release(image: &ImageReference) -> Option<u8> {
    let tag = image.tag.as_deref().unwrap_or("");
    crate::knowledge::debian::Table::embedded()
        .release_of(&format!("{}:{tag}", image.name))
        .map(|release| release.number)
}

/// Why a runtime base cannot run a binary linked against glibc, if it cannot.
fn without_glibc(dockerfile: &Dockerfile, stage: &Stage) -> Option<String> {
    if is_scratch(dockerfile, stage) {
        return Some("scratch has no C library".to_string());
    }
    let image = image_of(dockerfile, stage)?;
    let text = format!("{}:{}", image.name, image.tag.as_deref().unwrap_or(""));
    if image.name.contains("distroless/static") {
        return Some(format!("{text} has no C library"));
    }
    if short_name(image) == "alpine" || text.contains("alpine") {
        return Some(format!("{text} has musl, not glibc"));
    }
    None
}

pub(super) fn cgo(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let facts = input.facts;
    let mut found = Vec::new();
    if facts.cgo_mains.is_empty() {
        return found;
    }
    let evidence = format!(
        "godock's scan: {} need cgo ({})",
        facts.cgo_mains.join(", "),
        facts.cgo_packages.join(", ")
    );
    let builds = dockerfile.go_builds();
    for build in &builds {
        if build.cgo_enabled() == Some(false) {
            found.push((
                finding(
                    Rule::CgoDisabled,
                    &build.location.file,
                    build.location.line,
                    "CGO_ENABLED=0, but the program needs cgo: the build fails (or a pure-Go fallback changes what it does)".to_string(),
                    evidence.clone(),
                    "build with CGO_ENABLED=1 and run on a base with the same C library (distroless/base or cc, or debian-slim of the builder's release)".to_string(),
                ),
                ignores_at(dockerfile, build.location.line),
            ));
        }
    }
    let cgo_on = builds
        .iter()
        .any(|build| build.cgo_enabled() != Some(false));
    let Some(last) = dockerfile.final_stage() else {
        return found;
    };
    let builders = builder_stages(dockerfile, &builds);
    if cgo_on && !builders.iter().any(|stage| stage.index == last.index) {
        let builder_alpine = builders.iter().any(|stage| {
            image_of(dockerfile, stage).is_some_and(|image| {
                image
                    .tag
                    .as_deref()
                    .is_some_and(|tag| tag.contains("alpine"))
            })
        });
        if let Some(reason) = without_glibc(dockerfile, last) {
            let musl_both = reason.contains("musl") && builder_alpine;
            if !musl_both {
                found.push((
                    finding(
                        Rule::CgoRuntime,
                        &last.from.location.file,
                        last.from.location.line,
                        format!("the binary is linked with cgo, but {reason}: it stops with `exec ...: no such file or directory`"),
                        evidence.clone(),
                        "run on gcr.io/distroless/base (or cc for C++) of the builder's Debian release, or debian:<release>-slim".to_string(),
                    ),
                    last.from.ignores.clone(),
                ));
            }
        }
        let runtime = image_of(dockerfile, last).and_then(debian_release);
        for builder in &builders {
            let built = image_of(dockerfile, builder).and_then(debian_release);
            if let (Some(built), Some(runtime)) = (built, runtime) {
                if built != runtime {
                    found.push((
                        finding(
                            Rule::CgoGlibc,
                            &last.from.location.file,
                            last.from.location.line,
                            format!("the cgo binary is built on Debian {built} (line {}) and runs on Debian {runtime}: a newer glibc at build time fails at run time with `GLIBC_2.x not found`", builder.from.location.line),
                            evidence.clone(),
                            format!("build and run on the same Debian release (both {runtime}, or both {built})"),
                        ),
                        last.from.ignores.clone(),
                    ));
                }
            }
        }
    }
    found
}

/// The `# godock:ignore` rules of the instruction holding `line`.
pub(super) fn ignores_at(dockerfile: &Dockerfile, line: u32) -> Vec<String> {
    for stage in &dockerfile.stages {
        if stage.from.location.line == line {
            return stage.from.ignores.clone();
        }
        for instruction in &stage.instructions {
            if (instruction.location.line..=instruction.end_line).contains(&line) {
                return instruction.ignores.clone();
            }
        }
    }
    Vec::new()
}

/// Whether a COPY/ADD sends the whole context (`COPY . .`, `COPY ./ /src`).
fn copies_everything(sources: &[String]) -> bool {
    sources
        .iter()
        .any(|source| matches!(source.as_str(), "." | "./" | "*" | "./*"))
}

pub(super) fn cache_order(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let mut found = Vec::new();
    for stage in &dockerfile.stages {
        let mut copied_all: Option<u32> = None;
        for instruction in &stage.instructions {
            match &instruction.kind {
                Kind::Copy(copy) | Kind::Add(copy)
                    if copy.from.is_none() && copies_everything(&copy.sources) =>
                {
                    copied_all.get_or_insert(instruction.location.line);
                }
                Kind::Run(run) => {
                    let cached = run
                        .mounts
                        .iter()
                        .any(|mount| mount.kind == MountKind::Cache);
                    let downloads = run.commands.iter().any(|command| {
                        let words = &command.command.words;
                        command.command.program() == Some("go")
                            && words.get(1).map(String::as_str) == Some("mod")
                            && words.get(2).map(String::as_str) == Some("download")
                    });
                    if let (true, Some(copy_line), false) = (downloads, copied_all, cached) {
                        found.push((
                            finding(
                                Rule::CacheOrder,
                                &instruction.location.file,
                                instruction.location.line,
                                format!("`go mod download` runs after line {copy_line} copied the whole context: every source change downloads every module again"),
                                "go.mod and go.sum alone say which modules the build needs".to_string(),
                                "copy go.mod and go.sum first, run `go mod download`, then copy the rest (or use `RUN --mount=type=cache,target=/go/pkg/mod`)".to_string(),
                            ),
                            instruction.ignores.clone(),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// The package directory a `go build` argument names, relative to the build
/// root (`cmd/api` of `./cmd/api`), when it is a literal local path.
fn local_package(argument: &str) -> Option<String> {
    let path = argument.strip_prefix("./").unwrap_or(argument);
    if argument == "." {
        return Some(".".to_string());
    }
    (argument.starts_with("./") && !path.contains("..."))
        .then(|| path.trim_end_matches('/').to_string())
}

pub(super) fn binaries_missing(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let facts = input.facts;
    let builds = dockerfile.go_builds();
    let Some(first) = builds.first() else {
        return Vec::new();
    };
    let mut built: Vec<String> = Vec::new();
    for build in &builds {
        let packages: Vec<&str> = build
            .packages
            .iter()
            .filter_map(|value| value.as_literal())
            .collect();
        if packages.is_empty() {
            built.push(build.directory.clone().unwrap_or_default());
        }
        for package in packages {
            if package.ends_with("/...") || package.ends_with(".go") {
                // Every package below, or the file's directory: not told apart.
                return Vec::new();
            }
            match local_package(package) {
                Some(path) => built.push(path),
                None => built.push(package.to_string()),
            }
        }
    }
    let missing: Vec<&String> = facts
        .main_packages
        .iter()
        .filter(|main| {
            let main = main.trim_start_matches("./");
            let import = if main == "." {
                facts.module.clone()
            } else {
                format!("{}/{main}", facts.module)
            };
            !built.iter().any(|path| {
                path == main
                    || *path == import
                    || (main == "." && path.is_empty())
                    || path.ends_with(&format!("/{main}"))
            })
        })
        .collect();
    if missing.is_empty() || facts.main_packages.len() < 2 {
        return Vec::new();
    }
    vec![(
        finding(
            Rule::BinariesMissing,
            &first.location.file,
            first.location.line,
            format!(
                "the Dockerfile builds none of these main packages: {}",
                missing
                    .iter()
                    .map(|main| main.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!(
                "godock's scan: main packages {}",
                facts.main_packages.join(", ")
            ),
            "build each program the image should ship, or say which with `# godock:ignore binaries-missing`".to_string(),
        ),
        ignores_at(dockerfile, first.location.line),
    )]
}
