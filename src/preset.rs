//! Presets: the opinions about images, as data. The built-in ones live in
//! `presets/*.toml` and are embedded in the binary (parsed once); a user's
//! own preset file has the same shape and goes through the same validation.
//! A preset, once loaded, answers whether it can serve a project
//! ([`Preset::serves`]).
//!
//! Responsible for reading and checking presets; it must not decide which
//! preset a project gets (the plan does) or read the project.
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{toml_message, Error, Result};
use crate::scan::CgoNeeds;

const BUILT_IN: [(&str, &str); 5] = [
    ("distroless", include_str!("../presets/distroless.toml")),
    (
        "distroless-cgo",
        include_str!("../presets/distroless-cgo.toml"),
    ),
    ("scratch", include_str!("../presets/scratch.toml")),
    ("alpine", include_str!("../presets/alpine.toml")),
    ("debug", include_str!("../presets/debug.toml")),
];

/// The preset chosen when the user names none: by whether the program uses cgo.
pub const DEFAULT: &str = "distroless";
pub const DEFAULT_CGO: &str = "distroless-cgo";

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub name: String,
    pub summary: String,
    pub cgo: CgoPolicy,
    /// Build tags every build gets (scratch: `timetzdata`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Why the preset adds its tags, for the Dockerfile's comment.
    pub tags_reason: Option<String>,
    pub builder: Builder,
    pub runtime: Runtime,
}

/// Whether a preset builds with cgo.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CgoPolicy {
    /// Static binaries only: a program that needs cgo is refused.
    Never,
    /// With cgo when the program needs it.
    Auto,
    /// Always with cgo.
    Always,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    #[default]
    Apt,
    Apk,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Builder {
    /// The build image; `${GO_VERSION}` is the Dockerfile's Go version ARG,
    /// `${DEBIAN_CODENAME}` and `${DEBIAN_RELEASE}` the Debian release the
    /// plan chooses (data/debian.toml).
    pub image: String,
    #[serde(default)]
    pub package_manager: PackageManager,
    /// Packages the builder installs before a cgo build.
    #[serde(default)]
    pub cgo_packages: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Runtime {
    /// The image for static binaries; `${DEBIAN_RELEASE}` and
    /// `${DEBIAN_CODENAME}` as in the builder's.
    pub image: String,
    /// The image for cgo binaries (glibc); defaults to `image`.
    pub cgo_image: Option<String>,
    /// The image for binaries linking C++ (libstdc++); defaults to `cgo_image`.
    pub cxx_image: Option<String>,
    /// Numeric `UID:GID`, never 0.
    pub user: String,
    #[serde(default)]
    pub package_manager: PackageManager,
    /// Packages installed in the runtime image.
    #[serde(default)]
    pub packages: Vec<String>,
    /// Create the user in the runtime image (for images without one).
    #[serde(default)]
    pub create_user: bool,
    /// Copy the builder's CA bundle (for images without one).
    #[serde(default)]
    pub copy_ca_certificates: bool,
    /// Copy an /etc/passwd and /etc/group naming the user.
    #[serde(default)]
    pub create_passwd: bool,
    /// Whether the image has a shell.
    #[serde(default)]
    pub shell: bool,
    /// How the runtime gets the C libraries a cgo binary links beyond the C
    /// library: `copy` them from the builder (images without a package
    /// manager), or `install` their packages (data/cgo.toml names them).
    #[serde(default)]
    pub libraries: LibrarySource,
    /// What the runtime carries only when the scan finds that a binary needs
    /// it, or cannot tell (it imports packages godock cannot read).
    #[serde(default)]
    pub only_when_needed: Vec<Provision>,
}

/// Something a runtime image carries for the program's sake.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Provision {
    /// `copy_ca_certificates`: needed for TLS (crypto/tls, crypto/x509,
    /// net/http, net/smtp). Time zones are not offered: a `TZ` variable makes
    /// any program load them, whatever its code says.
    CaCertificates,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LibrarySource {
    /// Copy the shared objects the binaries link from the build stage.
    #[default]
    Copy,
    /// Install the distribution's runtime packages with the package manager.
    Install,
}

/// How a preset builds the programs it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// As their authors build them.
    AsIs,
    /// Without cgo, from the pure-Go fallback (`//go:build !cgo`) of every
    /// cgo package they reach.
    PureGoFallback,
}

/// Whether `value` can name a preset: a built-in name, or a file.
pub fn check_reference(value: &str) -> std::result::Result<(), String> {
    if Preset::is_file_reference(value) || BUILT_IN.iter().any(|(name, _)| *name == value) {
        Ok(())
    } else {
        Err(format!(
            "unknown preset `{}`; the built-in presets are {}, or a path to a preset file ending in .toml",
            value,
            Preset::built_in_names().join(", ")
        ))
    }
}

impl Preset {
    pub fn built_in_names() -> Vec<&'static str> {
        BUILT_IN.iter().map(|(name, _)| *name).collect()
    }

    /// Every built-in preset, parsed once (a test proves they parse).
    pub fn built_in() -> &'static [Preset] {
        static PARSED: OnceLock<Vec<Preset>> = OnceLock::new();
        PARSED.get_or_init(|| {
            BUILT_IN
                .iter()
                .map(|(name, text)| {
                    Preset::parse(text, Path::new(&format!("presets/{name}.toml")))
                        .expect("the built-in presets are valid (tested)")
                })
                .collect()
        })
    }

    /// Whether this preset can build programs with these cgo needs, and
    /// how; when not, why (a static-only preset and a program that needs
    /// cgo with no pure-Go fallback).
    pub fn serves(&self, needs: &CgoNeeds) -> std::result::Result<Service, String> {
        if self.cgo != CgoPolicy::Never || needs.mains.is_empty() {
            return Ok(Service::AsIs);
        }
        if needs.fallback_only() {
            return Ok(Service::PureGoFallback);
        }
        Err(format!(
            "it builds static binaries only (CGO_ENABLED=0), but {} {} cgo",
            needs.mains_list(),
            if needs.mains.len() == 1 {
                "uses"
            } else {
                "use"
            },
        ))
    }

    /// Whether a `--preset` value names a file rather than a built-in preset.
    pub fn is_file_reference(value: &str) -> bool {
        value.ends_with(".toml") || value.contains('/') || value.contains(std::path::MAIN_SEPARATOR)
    }

    /// A built-in preset by name, or a preset file by path (anything ending
    /// in `.toml` or containing a path separator).
    pub fn load(name_or_path: &str) -> Result<Preset> {
        if Preset::is_file_reference(name_or_path) {
            let path = PathBuf::from(name_or_path);
            let text = crate::scan::regular_text(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            return Preset::parse(&text, &path);
        }
        match Preset::built_in()
            .iter()
            .find(|preset| preset.name == name_or_path)
        {
            Some(preset) => Ok(preset.clone()),
            None => Err(Error::PresetUnknown {
                name: name_or_path.to_string(),
                available: Preset::built_in_names()
                    .iter()
                    .map(|name| name.to_string())
                    .collect(),
            }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Preset> {
        let invalid = |message: String| Error::PresetInvalid {
            path: path.to_path_buf(),
            message,
        };
        let preset: Preset =
            toml::from_str(text).map_err(|error| invalid(toml_message(&error, text)))?;
        validate_user(&preset.runtime.user).map_err(invalid)?;
        if !preset.builder.image.contains("${GO_VERSION}") {
            return Err(invalid(format!(
                "builder.image `{}` does not use ${{GO_VERSION}}, so the Go version from go.mod would be ignored",
                preset.builder.image
            )));
        }
        if !preset.tags.is_empty() && preset.tags_reason.is_none() {
            return Err(invalid(
                "tags_reason is missing: say why the preset adds its build tags, for the Dockerfile's comment".to_string(),
            ));
        }
        for tag in &preset.tags {
            crate::settings::validate::tag(tag)
                .map_err(|message| invalid(format!("tags: {message}")))?;
        }
        validate_strings(&preset).map_err(invalid)?;
        Ok(preset)
    }

    /// The runtime image for a binary built with or without cgo, linking C++ or not.
    pub fn runtime_image(&self, cgo: bool, cxx: bool) -> &str {
        let cgo_image = self
            .runtime
            .cgo_image
            .as_deref()
            .unwrap_or(&self.runtime.image);
        match (cgo, cxx) {
            (false, _) => &self.runtime.image,
            (true, false) => cgo_image,
            (true, true) => self.runtime.cxx_image.as_deref().unwrap_or(cgo_image),
        }
    }
}

/// A preset file is repository content: every string it holds that reaches
/// a generated file must be what its field says (an image reference, a
/// package name, one line of prose), so that none can add an instruction.
fn validate_strings(preset: &Preset) -> std::result::Result<(), String> {
    let one_line = |field: &str, value: &str| match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "{field} holds the control character {c:?}: it must be one line"
        )),
        None => Ok(()),
    };
    one_line("name", &preset.name)?;
    one_line("summary", &preset.summary)?;
    if let Some(reason) = &preset.tags_reason {
        one_line("tags_reason", reason)?;
    }
    let debian = crate::knowledge::debian::Table::embedded().default_release();
    let image = |field: &str, value: &str| {
        let expanded = debian.fill(&value.replace("${GO_VERSION}", "1.0"));
        crate::registry::Reference::parse(&expanded)
            .map(|_| ())
            .map_err(|error| format!("{field}: {error}"))
    };
    image("builder.image", &preset.builder.image)?;
    image("runtime.image", &preset.runtime.image)?;
    for (field, value) in [
        ("runtime.cgo_image", &preset.runtime.cgo_image),
        ("runtime.cxx_image", &preset.runtime.cxx_image),
    ] {
        if let Some(value) = value {
            image(field, value)?;
        }
    }
    let packages = [
        ("builder.cgo_packages", &preset.builder.cgo_packages),
        ("runtime.packages", &preset.runtime.packages),
    ];
    for (field, names) in packages {
        for name in names {
            if !is_package_name(name) {
                return Err(format!(
                    "{field}: `{}` is not a package name (lowercase letters, digits, `+`, `-` and `.`, starting with a letter or digit)",
                    name.escape_default()
                ));
            }
        }
    }
    Ok(())
}

/// A Debian or Alpine package name, as both allow it.
fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c))
}

/// `UID:GID` or `UID`, numeric, not root: Kubernetes' `runAsNonRoot` can only
/// verify a numeric user, and hadolint (DL3002) rejects root.
fn validate_user(user: &str) -> std::result::Result<(), String> {
    let numeric = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    let mut parts = user.split(':');
    let uid = parts.next().unwrap_or_default();
    let gid = parts.next();
    let valid = numeric(uid) && gid.is_none_or(numeric) && parts.next().is_none();
    if !valid {
        return Err(format!(
            "runtime.user `{user}` must be numeric, as UID:GID (for example 65532:65532)"
        ));
    }
    if uid.trim_start_matches('0').is_empty() {
        return Err(
            "runtime.user must not be root (0); use a non-root UID such as 65532".to_string(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_preset_loads() {
        for name in Preset::built_in_names() {
            let preset = Preset::load(name).unwrap();
            assert_eq!(preset.name, name);
        }
        assert_eq!(Preset::built_in().len(), BUILT_IN.len());
    }

    #[test]
    fn unknown_preset_lists_the_built_in_ones() {
        let error = Preset::load("ubuntu").unwrap_err().to_string();
        assert!(
            error.contains("distroless, distroless-cgo, scratch, alpine, debug"),
            "{error}"
        );
    }

    #[test]
    fn users_must_be_numeric_and_not_root() {
        for (user, ok) in [
            ("65532:65532", true),
            ("1000", true),
            ("nonroot:nonroot", false),
            ("0:0", false),
            ("000", false),
            ("65532:", false),
            ("1:2:3", false),
        ] {
            assert_eq!(validate_user(user).is_ok(), ok, "{user}");
        }
    }

    #[test]
    fn a_preset_file_error_names_the_line() {
        let text = "name = \"x\"\nsummary = \"y\"\ncgo = \"sometimes\"\n";
        let error = Preset::parse(text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("my.toml: line 3:"), "{error}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let mut text = BUILT_IN[0].1.to_string();
        text.push_str("\n[extra]\nkey = 1\n");
        let error = Preset::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown field `extra`"), "{error}");
    }

    #[test]
    fn runtime_libraries_are_copied_unless_the_preset_installs_them() {
        assert_eq!(
            Preset::load("distroless-cgo").unwrap().runtime.libraries,
            LibrarySource::Copy
        );
        assert_eq!(
            Preset::load("alpine").unwrap().runtime.libraries,
            LibrarySource::Install
        );
        let text = BUILT_IN[0]
            .1
            .replace("[runtime]", "[runtime]\nlibraries = \"download\"");
        let error = Preset::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown variant `download`"), "{error}");
    }

    #[test]
    fn runtime_image_follows_cgo_and_cxx() {
        let preset = Preset::load("distroless-cgo").unwrap();
        assert_eq!(
            preset.runtime_image(true, false),
            "gcr.io/distroless/base-debian${DEBIAN_RELEASE}:nonroot"
        );
        assert_eq!(
            preset.runtime_image(true, true),
            "gcr.io/distroless/cc-debian${DEBIAN_RELEASE}:nonroot"
        );
    }

    /// A preset file is repository content: its strings are checked for
    /// what they stand for before any reaches a Dockerfile.
    #[test]
    fn hostile_strings_in_a_preset_file_are_refused() {
        let base = BUILT_IN[0].1;
        let runtime = Preset::load("distroless").unwrap().runtime.image;
        for (from, to, field) in [
            (
                "summary = \"",
                "summary = \"x\\nUSER 0 AS runtime\\n# ",
                "summary",
            ),
            (runtime.as_str(), "debian AS x\\nUSER 0", "runtime.image"),
            (runtime.as_str(), "a b", "runtime.image"),
            (runtime.as_str(), "$(touch P)", "runtime.image"),
            (
                "${GO_VERSION}",
                "${GO_VERSION}-x\\nRUN touch P",
                "builder.image",
            ),
        ] {
            assert!(base.contains(from), "{from}");
            let text = base.replacen(from, to, 1);
            let error = Preset::parse(&text, Path::new("p.toml"))
                .unwrap_err()
                .to_string();
            assert!(error.contains(field), "{to}: {error}");
        }
        let text = base.replace("[runtime]", "[runtime]\npackages = [\"curl; touch P\"]");
        let error = Preset::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a package name"), "{error}");
    }
}
