//! How modules reach the build: which private modules the download step
//! fetches with the `.netrc` build secret, and how it downloads in a
//! workspace whose modules require each other at versions no proxy serves.
use serde::Serialize;

use crate::go::module_pattern;
use crate::preset::PackageManager;
use crate::scan::Facts;
use crate::settings::{Setting, Settings, Source};

/// Private modules: GOPRIVATE in the builder, and the `.netrc` secret mounted
/// for the download.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Private {
    /// The user's patterns that match a module the build requires, in the
    /// order given: the builder's GOPRIVATE (before the caller's own).
    pub patterns: Vec<String>,
    /// The required modules they match, sorted.
    pub modules: Vec<String>,
}

/// The download of a workspace in which a module requires another at a
/// version no replace covers and no proxy serves: `go mod download` would
/// fetch that version's go.mod and fail, so the step downloads the modules
/// the go.mod files name instead, leaving out the workspace's own.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NamedModules {
    /// The go.mod files whose requirements (and replacements by another
    /// module version) are downloaded, relative to the context.
    pub go_mods: Vec<String>,
    /// The modules left out: the workspace's own, by path.
    pub skip: Vec<String>,
    /// The requirements that made the choice, as `A requires B VERSION`.
    pub because: Vec<String>,
}

/// The versions a module of a workspace uses to require another that is
/// published nowhere: `v0.0.0`, and the zero pseudo-version `go mod tidy`
/// writes beside a replace.
const UNPUBLISHED: [&str; 2] = ["v0.0.0", "v0.0.0-00010101000000-000000000000"];

/// The private modules among those the build requires, by the user's
/// patterns; `None` when no required module matches one.
pub(super) fn private(facts: &Facts, settings: &Settings) -> Option<Private> {
    let matching = |module: &String| {
        module_pattern::matches_any(settings.private.iter().map(String::as_str), module)
    };
    let modules: Vec<String> = facts
        .required_modules
        .iter()
        .filter(|module| matching(module))
        .cloned()
        .collect();
    if modules.is_empty() {
        return None;
    }
    let patterns = settings
        .private
        .iter()
        .filter(|pattern| {
            modules
                .iter()
                .any(|module| module_pattern::matches(pattern, module))
        })
        .cloned()
        .collect();
    Some(Private { patterns, modules })
}

/// What godock.toml records as `private`: the user's patterns when a flag or
/// godock.toml gave them; from the environment (GOPRIVATE is often set for
/// every project a developer has), only those that match a required module.
pub(super) fn recorded_private(settings: &Settings, private: Option<&Private>) -> Vec<String> {
    match settings.sources.get(&Setting::Private) {
        Some(Source::Environment) => private.map(|p| p.patterns.clone()).unwrap_or_default(),
        Some(_) => settings.private.clone(),
        None => Vec::new(),
    }
}

/// The named-modules download, when a module of the workspace requires
/// another at an unpublished version that no replace covers. `go_mods`: the
/// go.mod files of the modules in use, relative to the context.
pub(super) fn named_download(facts: &Facts, go_mods: Vec<String>) -> Option<NamedModules> {
    let because: Vec<String> = facts
        .member_requires
        .iter()
        .filter(|require| UNPUBLISHED.contains(&require.version.as_str()))
        .map(|require| {
            format!(
                "{} requires {} {}",
                require.module, require.requires, require.version
            )
        })
        .collect();
    if because.is_empty() {
        return None;
    }
    let mut skip: Vec<String> = facts
        .modules
        .iter()
        .map(|module| module.module.clone())
        .collect();
    skip.sort();
    Some(NamedModules {
        go_mods,
        skip,
        because,
    })
}

/// Direct VCS fetches of private modules need git; Alpine's golang images
/// have none (Debian's do).
pub(super) fn builder_packages(
    manager: PackageManager,
    packages: &mut Vec<String>,
    private: Option<&Private>,
) {
    if private.is_some() && manager == PackageManager::Apk && !packages.iter().any(|p| p == "git") {
        packages.push("git".to_string());
    }
}
