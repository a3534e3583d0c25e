//! Front ends that produce what an embed needs: for a `//go:embed` pattern
//! that matches nothing, the nearest package.json (in the pattern's
//! directory or one above it, within the build root) whose `build` script
//! writes the directory the pattern names. Reads package.json, the
//! lockfile, `.nvmrc`/`.node-version` and the bundler config the build
//! names (bounded, regular files only), parsed by [`crate::evidence::node`].
//!
//! Reports what it found, and a warning naming the `file:line`, the pattern
//! and what would produce it when the evidence is not clear; never decides
//! whether a Node stage is built (the plan does, with the settings).
use std::path::Path;

use super::facts::{Frontend, MissingEmbed, NodeAsk};
use super::paths::{escapes, join, normalize};
use super::read::regular_text;
use crate::evidence::node::{self, Manager, PackageJson, LOCKFILES};
use crate::knowledge::node_releases;

/// The front ends that build what the `missing` embeds name, and a warning
/// for each pattern a package.json's build may produce that godock cannot
/// tie to it; with, per embed, whether it was either (so that the scan's
/// own warning about it is not said twice). `build_root` is absolute.
pub(super) fn find(
    missing: &[MissingEmbed],
    build_root: &Path,
    warnings: &mut Vec<String>,
) -> (Vec<Frontend>, Vec<bool>) {
    let mut frontends: Vec<Frontend> = Vec::new();
    let mut handled = vec![false; missing.len()];
    for (index, embed) in missing.iter().enumerate() {
        let package_dir = embed
            .file
            .rsplit_once('/')
            .map_or(".", |(directory, _)| directory);
        let written = embed.pattern.strip_prefix("all:").unwrap_or(&embed.pattern);
        let head: Vec<&str> = written
            .split('/')
            .take_while(|part| !part.contains(['*', '?', '[', '\\']))
            .collect();
        let wanted = join(package_dir, &head.join("/"));
        let start = join(package_dir, &head[..head.len().saturating_sub(1)].join("/"));
        let Some((directory, package)) = nearest_package(build_root, &start) else {
            continue;
        };
        handled[index] = true;
        let named = format!(
            "{}:{}: //go:embed {}",
            embed.file, embed.line, embed.pattern
        );
        let read = |name: &str| -> Option<String> {
            let path = join(&directory, name);
            (!escapes(&path)).then(|| regular_text(&build_root.join(&path)).ok())?
        };
        let outputs = node::build_outputs(&package, &read);
        let covering = outputs.iter().find(|output| {
            let output = join(&directory, &output.directory);
            wanted == output
                || wanted.starts_with(&format!("{output}/"))
                || output.starts_with(&format!("{wanted}/"))
        });
        let package_file = join(&directory, "package.json");
        let Some(output) = covering else {
            let written: Vec<String> = outputs
                .iter()
                .map(|output| {
                    format!(
                        "{} ({})",
                        join(&directory, &output.directory),
                        output.source
                    )
                })
                .collect();
            warnings.push(if written.is_empty() {
                format!(
                    "{named} matches nothing; {package_file}'s build script (`{}`) may produce it, but godock cannot tell where that build writes: commit the files, or build them in the Dockerfile before `go build`",
                    package.build.as_deref().unwrap_or_default()
                )
            } else {
                format!(
                    "{named} matches nothing; {package_file}'s build writes {}, not {wanted}: commit the files, or build them in the Dockerfile before `go build`",
                    written.join(", ")
                )
            });
            continue;
        };
        let output_path = join(&directory, &output.directory);
        if escapes(&output_path) {
            continue;
        }
        if let Some(known) = frontends
            .iter_mut()
            .find(|known| known.directory == directory)
        {
            if !known.embeds.contains(&named) {
                known.embeds.push(named);
            }
            continue;
        }
        let (manager, lockfile) = manager(build_root, &directory, &package);
        frontends.push(Frontend {
            directory: directory.clone(),
            build: package.build.clone().unwrap_or_default(),
            output: output_path,
            output_source: output.source.clone(),
            embeds: vec![named],
            manager,
            lockfile,
            manager_version: package
                .package_manager
                .as_ref()
                .filter(|pin| pin.name == manager_name(manager))
                .map(|pin| pin.version.clone()),
            pnpm_lockfile_major: (manager == Manager::Pnpm)
                .then(|| {
                    read("pnpm-lock.yaml")
                        .as_deref()
                        .and_then(node::pnpm_lockfile_major)
                })
                .flatten(),
            node: node_ask(build_root, &directory, &package),
            yarn_files: [".yarnrc.yml", ".yarn/releases"]
                .into_iter()
                .filter(|name| build_root.join(join(&directory, name)).exists())
                .map(|name| join(&directory, name))
                .collect(),
        });
    }
    (frontends, handled)
}

/// The name `packageManager` gives a manager.
fn manager_name(manager: Manager) -> &'static str {
    match manager {
        Manager::Npm => "npm",
        Manager::Pnpm => "pnpm",
        Manager::YarnClassic | Manager::YarnBerry => "yarn",
    }
}

/// The nearest package.json with a `build` script in `start` or above it,
/// within the build root: its directory and contents.
fn nearest_package(build_root: &Path, start: &str) -> Option<(String, PackageJson)> {
    let mut directory = normalize(start);
    loop {
        if escapes(&directory) {
            return None;
        }
        if let Ok(text) = regular_text(&build_root.join(&directory).join("package.json")) {
            if let Ok(package) = PackageJson::parse(&text) {
                if package.build.is_some() {
                    return Some((directory, package));
                }
            }
        }
        if directory == "." {
            return None;
        }
        directory = join(&directory, "..");
    }
}

/// The package manager: the lockfile's (the one `packageManager` names
/// when there are several), else `packageManager`'s, else npm.
fn manager(build_root: &Path, directory: &str, package: &PackageJson) -> (Manager, Option<String>) {
    let pinned = package
        .package_manager
        .as_ref()
        .map(|pin| pin.name.as_str());
    let mut found = Vec::new();
    for name in LOCKFILES {
        let path = join(directory, name);
        if let Ok(text) = regular_text(&build_root.join(&path)) {
            if let Some(manager) = node::lockfile_manager(name, &text) {
                found.push((manager, path));
            }
        }
    }
    let chosen = found
        .iter()
        .find(|(manager, _)| Some(manager_name(*manager)) == pinned)
        .or(found.first())
        .cloned();
    match (chosen, pinned) {
        (Some((manager, path)), _) => (manager, Some(path)),
        (None, Some("pnpm")) => (Manager::Pnpm, None),
        (None, Some("yarn")) => {
            let berry = package
                .package_manager
                .as_ref()
                .is_some_and(|pin| !pin.version.starts_with("1."));
            (
                if berry {
                    Manager::YarnBerry
                } else {
                    Manager::YarnClassic
                },
                None,
            )
        }
        (None, _) => (Manager::Npm, None),
    }
}

/// The Node release the project asks for: a `.nvmrc` or `.node-version` in
/// the package's directory or above it (within the build root), else
/// `engines.node`.
fn node_ask(build_root: &Path, directory: &str, package: &PackageJson) -> Option<NodeAsk> {
    let mut current = directory.to_string();
    loop {
        for name in [".nvmrc", ".node-version"] {
            let path = join(&current, name);
            if let Ok(text) = regular_text(&build_root.join(&path)) {
                if let Some(ask) = node::node_version_file(&text, node_releases::by_codename) {
                    return Some(NodeAsk::File { file: path, ask });
                }
            }
        }
        if current == "." || escapes(&current) {
            break;
        }
        current = join(&current, "..");
    }
    package.engines_node.as_ref().map(|range| NodeAsk::Engines {
        file: join(directory, "package.json"),
        range: range.clone(),
    })
}
