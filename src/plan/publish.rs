//! How the image is named, exposed and pushed: the image name, the
//! registry, the platforms, the port the primary binary listens on, and the
//! source URL its labels carry.
use serde::Serialize;

use crate::scan::{module_name, Confidence, Facts};
use crate::settings::{PortChoice, Setting, Settings};

use super::binaries::docker_name;
use super::defaults::Ground;

const DEFAULT_PLATFORMS: [&str; 2] = ["linux/amd64", "linux/arm64"];

/// The image name: the user's, else the module's name.
pub fn image(facts: &Facts, settings: &Settings) -> String {
    settings
        .image
        .clone()
        .unwrap_or_else(|| default_image(facts))
}

/// The image name godock picks: the module's name, as Docker spells names.
pub fn default_image(facts: &Facts) -> String {
    docker_name(module_name(&facts.module))
}

/// The image as pushed, without a tag: `REGISTRY/IMAGE`, or the image
/// alone without a registry (as the Makefile's `IMAGE_REF`).
pub(super) fn image_ref(registry: &str, image: &str) -> String {
    if registry.is_empty() {
        image.to_string()
    } else {
        format!("{registry}/{image}")
    }
}

/// The platforms `make docker-buildx` builds for.
pub(super) fn platforms(settings: &Settings) -> Vec<String> {
    if settings.platforms.is_empty() {
        DEFAULT_PLATFORMS.iter().map(|p| p.to_string()).collect()
    } else {
        settings.platforms.clone()
    }
}

/// The port to EXPOSE on the primary binary's image, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortDecision {
    /// None: no EXPOSE (the user chose none, or no confident candidate).
    pub port: Option<u16>,
    /// Where it came from, in words: the setting, or the evidence
    /// (`file:line: what names it`).
    pub source: Option<String>,
    /// What decided, when godock did: the repository's Dockerfile, or the code.
    pub ground: Option<Ground>,
    /// Every port the primary binary may listen on, best first.
    pub candidates: Vec<PortOption>,
}

/// A port the primary binary may listen on, and the evidence.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PortOption {
    pub port: u16,
    /// `file:line`, relative to the build root (a Dockerfile's to the context).
    pub location: String,
    /// What names it: `EXPOSE in an existing Dockerfile`, `a listen flag's default (addr)`.
    pub found: String,
    pub confidence: Confidence,
    /// Why it is not confident, when it is not.
    pub note: Option<String>,
}

/// The port to EXPOSE on the primary binary's image: the user's (`--port`,
/// godock.toml, `GODOCK_PORT` or the wizard), which may be none at all
/// (`--no-port`); else an EXPOSE of the repository's own Dockerfile for that
/// binary; else the most confident port its code names, when that is a
/// confident one (a listen call, a server's `Addr`, a flag's, variable's or
/// config's default). Ports named like metrics or debug endpoints, and those
/// behind a debug condition, are listed and never exposed. Ports of other
/// binaries stay unexposed: the Dockerfile exposes the primary's only.
pub fn port(facts: &Facts, settings: &Settings, primary: &str) -> PortDecision {
    let mut candidates: Vec<PortOption> = facts
        .build_evidence
        .ports
        .iter()
        .filter(|found| found.runs.is_empty() || found.runs.iter().any(|runs| runs == primary))
        .map(|found| PortOption {
            port: found.port,
            location: found.location.clone(),
            found: "EXPOSE in an existing Dockerfile".to_string(),
            confidence: Confidence::High,
            note: None,
        })
        .collect();
    for candidate in facts.port_candidates.get(primary).into_iter().flatten() {
        if candidates.iter().any(|known| known.port == candidate.port) {
            continue;
        }
        candidates.push(PortOption {
            port: candidate.port,
            location: format!("{}:{}", candidate.file, candidate.line),
            found: match &candidate.name {
                Some(name) => format!("{} ({name})", candidate.pattern.describe()),
                None => candidate.pattern.describe().to_string(),
            },
            confidence: candidate.confidence,
            note: candidate.note.clone(),
        });
    }
    if let Some(choice) = settings.port {
        let source = settings
            .sources
            .get(&Setting::Port)
            .map_or("the settings", |source| source.label());
        return PortDecision {
            port: choice.port(),
            source: Some(source.to_string()),
            ground: None,
            candidates,
        };
    }
    let chosen = candidates
        .iter()
        .find(|candidate| candidate.confidence >= Confidence::Medium);
    match chosen {
        Some(chosen) => PortDecision {
            port: Some(chosen.port),
            source: Some(format!(
                "{}: {}{}",
                chosen.location,
                chosen.found,
                low_port_note(chosen.port)
            )),
            ground: Some(if chosen.found.starts_with("EXPOSE") {
                Ground::Evidence
            } else {
                Ground::Convention
            }),
            candidates,
        },
        None => PortDecision {
            port: None,
            source: None,
            ground: None,
            candidates,
        },
    }
}

/// What a port below 1024 means beyond Docker.
pub fn low_port_note(port: u16) -> &'static str {
    if port < 1024 {
        " (below 1024: fine in Docker, whose containers may bind any port as non-root; in Kubernetes set the sysctl net.ipv4.ip_unprivileged_port_start=0 or listen on 1024 or more and map the port in the Service)"
    } else {
        ""
    }
}

/// Whether the user chose no port: no EXPOSE, whatever the scan finds.
pub fn no_port(settings: &Settings) -> bool {
    settings.port == Some(PortChoice::NoPort)
}

/// `https://github.com/owner/repo` for modules on a forge that serves the
/// repository at the module path's first three elements.
pub(super) fn source_url(module: &str) -> Option<String> {
    const FORGES: [&str; 5] = [
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "codeberg.org",
        "git.sr.ht",
    ];
    let mut parts = module.split('/');
    let host = parts.next()?;
    let owner = parts.next()?;
    let repository = parts.next()?;
    FORGES
        .contains(&host)
        .then(|| format!("https://{host}/{owner}/{repository}"))
}
