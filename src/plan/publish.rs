//! How the image is named, exposed and pushed: the image name, the
//! registry, the platforms, the port the primary binary listens on, and the
//! source URL its labels carry.
use crate::scan::{module_name, Facts};
use crate::settings::{PortChoice, Setting, Settings};

use super::binaries::docker_name;

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

/// The port to EXPOSE on the primary binary's image, and where it came
/// from: the user's (`--port`, godock.toml, `GODOCK_PORT` or the wizard),
/// which may be none at all; else the first port the primary binary listens
/// on, and the file that says so. Ports of other binaries stay unexposed:
/// the Dockerfile exposes the primary's only.
pub fn port(facts: &Facts, settings: &Settings, primary: &str) -> (Option<u16>, Option<String>) {
    if let Some(choice) = settings.port {
        let source = settings
            .sources
            .get(&Setting::Port)
            .map_or("the settings", |source| source.label());
        return (choice.port(), Some(source.to_string()));
    }
    match facts.ports.get(primary).and_then(|ports| ports.first()) {
        Some(port) => (
            Some(*port),
            Some(match facts.port_files.get(primary) {
                Some(file) => format!("{file} listens on it"),
                None => format!("main package {primary} listens on it"),
            }),
        ),
        None => (None, None),
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
