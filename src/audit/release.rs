//! The audit's rules about releases: `GOTOOLCHAIN` set so that the build
//! downloads another Go, and base images (golang's Go release, distroless
//! and Debian releases) that no longer receive security fixes on the day
//! of the review.
use crate::evidence::dockerfile::Base;
use crate::go::version::GoVersion;
use crate::knowledge::base_support;
use crate::knowledge::go_releases::{Releases, Support};

use super::gotoolchain::settings;
use super::rules::{debian_release, finding, image_of, older, short_name, tag_version, Found};
use super::{Input, Rule};

/// What a `GOTOOLCHAIN` value makes the go command run, given the Go
/// version go.mod needs: `None` for the local toolchain (`local`, `path`,
/// a variable), else the release it switches to when the builder is older.
fn selects(value: &str, needed: Option<&GoVersion>) -> Option<GoVersion> {
    let (name, switching) = match value.split_once('+') {
        Some((name, "auto")) => (name, true),
        Some((name, _)) => (name, false),
        None if value == "auto" => ("local", true),
        None => (value, false),
    };
    let named = name
        .strip_prefix("go")
        .and_then(|version| GoVersion::parse(version).ok());
    match (named, switching) {
        (Some(named), true) => match needed {
            Some(needed) if older(&named, needed) => Some(needed.clone()),
            _ => Some(named),
        },
        (Some(named), false) => Some(named),
        (None, true) => needed.cloned(),
        (None, false) => None,
    }
}

/// The newest Go go.mod asks for: its `toolchain` line, else its `go` line.
fn needed(input: &Input) -> Option<GoVersion> {
    let go = input
        .facts
        .go
        .as_deref()
        .and_then(|go| GoVersion::parse(go).ok());
    let toolchain = input
        .facts
        .toolchain
        .as_deref()
        .and_then(|toolchain| GoVersion::parse_pinned(toolchain).ok());
    match (go, toolchain) {
        (Some(go), Some(toolchain)) if older(&go, &toolchain) => Some(toolchain),
        (go, toolchain) => go.or(toolchain),
    }
}

pub(super) fn go_toolchain(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let needed = needed(input);
    let mut found = Vec::new();
    for stage in &dockerfile.stages {
        let Some(builder) = image_of(dockerfile, stage)
            .filter(|image| short_name(image) == "golang")
            .and_then(|image| image.tag.as_deref())
            .and_then(tag_version)
        else {
            continue;
        };
        for setting in settings(stage) {
            let Some(selected) = selects(&setting.value, needed.as_ref()) else {
                continue;
            };
            if !older(&builder, &selected) {
                continue;
            }
            found.push((
                finding(
                    Rule::GoToolchain,
                    &dockerfile.file,
                    setting.line,
                    format!(
                        "GOTOOLCHAIN={} on a Go {builder} builder: every build without a warm cache downloads Go {selected} from the module proxy, and fails where the proxy cannot be reached (GOPROXY=off, a network-less build)",
                        setting.value
                    ),
                    match &needed {
                        Some(needed) => format!("go.mod asks for Go {needed}"),
                        None => "go.mod names no Go version".to_string(),
                    },
                    format!(
                        "build on `FROM golang:{selected}` and leave GOTOOLCHAIN as the golang image sets it (local)"
                    ),
                ),
                setting.ignores,
            ));
        }
    }
    found
}

pub(super) fn base_eol(input: &Input) -> Vec<Found> {
    let dockerfile = input.dockerfile;
    let releases = Releases::embedded();
    let mut found = Vec::new();
    for stage in &dockerfile.stages {
        let Base::Image(image) = &stage.from.base else {
            continue;
        };
        let from = &stage.from;
        let mut ended: Vec<String> = Vec::new();
        if short_name(image) == "golang" {
            if let Some(version) = image.tag.as_deref().and_then(tag_version) {
                if let Support::Ended { since } = releases.support(&version, input.today) {
                    let supported: Vec<String> = releases
                        .supported_on(input.today)
                        .map(|release| release.version.to_string())
                        .collect();
                    ended.push(format!(
                        "Go {} has had no security fixes since {since} (supported now: {})",
                        version.minor_line(),
                        supported.join(", ")
                    ));
                }
            }
        }
        if let Some(debian) = debian_release(image) {
            let distroless = image.name.contains("distroless/");
            if let Some(why) = base_support::ended(distroless, &debian.to_string(), input.today) {
                ended.push(why.to_string());
            }
        }
        if ended.is_empty() {
            continue;
        }
        let newer = match releases.oldest_supported(input.today) {
            Some(release) if short_name(image) == "golang" => format!(
                "a supported Go release (`golang:{}-trixie` or newer)",
                release.version
            ),
            _ if short_name(image) == "golang" => "a supported Go release".to_string(),
            _ => "the same image of Debian 13 (`-debian13`, `trixie`)".to_string(),
        };
        found.push((
            finding(
                Rule::BaseEol,
                &from.location.file,
                from.location.line,
                format!(
                    "`{}` no longer receives security fixes: vulnerabilities found in it from now on stay in the image",
                    from.image.text
                ),
                ended.join("; "),
                format!("move to {newer}"),
            ),
            from.ignores.clone(),
        ));
    }
    found
}
