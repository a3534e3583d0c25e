//! The front-end stages: for each front end the scan found (a package.json
//! whose `build` script writes what an embed needs), which Node release
//! builds it, with which package manager and commands, and where its output
//! goes in the Go build. On by default when the scan found one; the
//! `frontend` setting turns it off (or on, where nothing was found, to no
//! effect but a warning).
//!
//! Pure: decides from the facts, the settings and the day; lays nothing out
//! (the Dockerfile template writes the stage from these values).
use serde::Serialize;

use crate::evidence::node::{plain_version, Manager, NodeVersionFile};
use crate::knowledge::date::Date;
use crate::knowledge::node_releases::{self, NodeRelease};
use crate::scan::paths::{join, relative_between};
use crate::scan::{Frontend, NodeAsk};
use crate::settings::Settings;

/// Whether the Dockerfile builds front ends, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FrontendPlan {
    pub enabled: bool,
    /// Whether the user chose (a flag, godock.toml, the environment, the
    /// wizard), so that godock.toml records it.
    pub pinned: bool,
    pub reason: String,
    /// The stages, when enabled.
    pub stages: Vec<FrontendStage>,
}

/// One Node stage, in the build context's frame.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FrontendStage {
    /// Its Dockerfile stage: `frontend`, `frontend-2`, ….
    pub stage: String,
    pub image: String,
    pub node: u32,
    /// Why this Node release, in words.
    pub node_reason: String,
    /// The package.json's directory, copied whole (but what the .dockerignore
    /// keeps out) for the build.
    pub directory: String,
    /// The files the install reads, copied before it so that editing a
    /// source file does not install again.
    pub manifests: Vec<Manifest>,
    pub manager: Manager,
    /// The package manager installed with npm first (`pnpm@9.12.0`): Node 25
    /// and later ship no corepack, and npm works on every release.
    pub tool: Option<String>,
    /// Where `tool`'s version came from.
    pub tool_reason: Option<String>,
    /// The install command's words.
    pub install: Vec<String>,
    /// The package store the install keeps in a cache mount.
    pub cache: String,
    /// The build command's words.
    pub build: Vec<String>,
    /// The directory the build writes, relative to the context.
    pub output: String,
    /// Where it is in the stage, and where the Go build mounts it: where
    /// the embed expects it.
    pub mount: String,
    pub output_source: String,
    /// The embeds it serves (`file:line: //go:embed pattern`).
    pub embeds: Vec<String>,
    /// What the .dockerignore keeps out: its dependencies and its output.
    pub ignored: Vec<String>,
}

/// A file the install reads: where it is in the context, and where it
/// goes, relative to the stage's working directory.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Manifest {
    pub source: String,
    pub target: String,
}

/// The front-end decision. `module_dir` is the build root relative to the
/// context (the facts' paths are relative to the build root).
pub fn plan(
    frontends: &[Frontend],
    settings: &Settings,
    build_root: &str,
    today: Date,
    warnings: &mut Vec<String>,
) -> FrontendPlan {
    let embeds = || {
        frontends
            .iter()
            .flat_map(|frontend| frontend.embeds.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let pinned = settings.frontend.is_some();
    match (settings.frontend, frontends.is_empty()) {
        (_, true) => {
            if settings.frontend == Some(true) {
                warnings.push(
                    "the front-end stage is on, but no embed needs what a package.json build produces: nothing to build".to_string(),
                );
            }
            FrontendPlan {
                enabled: settings.frontend.unwrap_or(true),
                pinned,
                reason: "no //go:embed pattern needs a front-end build".to_string(),
                stages: Vec::new(),
            }
        }
        (Some(false), false) => {
            warnings.push(format!(
                "the front-end stage is off, so `go build` fails in the image on what the repository does not hold: {}",
                embeds()
            ));
            FrontendPlan {
                enabled: false,
                pinned,
                reason: "turned off (`frontend = false`)".to_string(),
                stages: Vec::new(),
            }
        }
        (_, false) => FrontendPlan {
            enabled: true,
            pinned,
            reason: format!("{}: a package.json build writes what they embed", embeds()),
            stages: frontends
                .iter()
                .enumerate()
                .map(|(index, frontend)| stage(frontend, index, build_root, today, warnings))
                .collect(),
        },
    }
}

fn stage(
    frontend: &Frontend,
    index: usize,
    build_root: &str,
    today: Date,
    warnings: &mut Vec<String>,
) -> FrontendStage {
    let in_context = |path: &str| join(build_root, path);
    let (node, node_reason) = node_release(frontend, today, warnings);
    let (tool, tool_reason) = tool(frontend);
    let manifest = |file: &str| Manifest {
        source: in_context(file),
        target: relative_between(&frontend.directory, file),
    };
    let mut manifests = vec![manifest(&join(&frontend.directory, "package.json"))];
    manifests.extend(frontend.lockfile.iter().map(|file| manifest(file)));
    if frontend.manager == Manager::YarnBerry {
        manifests.extend(frontend.yarn_files.iter().map(|file| manifest(file)));
    }
    if frontend.lockfile.is_none() {
        warnings.push(format!(
            "{}: no lockfile, so the front end's dependencies are whatever the registry serves on the day of the build",
            in_context(&join(&frontend.directory, "package.json"))
        ));
    }
    let runner = match frontend.manager {
        Manager::Npm => "npm",
        Manager::Pnpm => "pnpm",
        Manager::YarnClassic | Manager::YarnBerry => "yarn",
    };
    let locked = frontend.lockfile.is_some();
    let install: &[&str] = match (frontend.manager, locked) {
        (Manager::Npm, true) => &["npm", "ci"],
        (Manager::Npm, false) => &["npm", "install"],
        (Manager::Pnpm, true) => &["pnpm", "install", "--frozen-lockfile"],
        (Manager::Pnpm, false) => &["pnpm", "install"],
        (Manager::YarnClassic, true) => &["yarn", "install", "--frozen-lockfile"],
        (Manager::YarnBerry, true) => &["yarn", "install", "--immutable"],
        (Manager::YarnClassic | Manager::YarnBerry, false) => &["yarn", "install"],
    };
    let cache = match frontend.manager {
        Manager::Npm => "/root/.npm",
        Manager::Pnpm => "/root/.local/share/pnpm/store",
        Manager::YarnClassic => "/usr/local/share/.cache/yarn",
        Manager::YarnBerry => "/root/.yarn/berry/cache",
    };
    FrontendStage {
        stage: if index == 0 {
            "frontend".to_string()
        } else {
            format!("frontend-{}", index + 1)
        },
        image: format!("node:{node}-slim"),
        node,
        node_reason,
        directory: in_context(&frontend.directory),
        manifests,
        manager: frontend.manager,
        tool,
        tool_reason,
        install: install.iter().map(|word| word.to_string()).collect(),
        cache: cache.to_string(),
        build: vec![runner.to_string(), "run".to_string(), "build".to_string()],
        output: in_context(&frontend.output),
        mount: format!("/src/{}", in_context(&frontend.output)),
        output_source: frontend.output_source.clone(),
        embeds: frontend.embeds.clone(),
        ignored: vec![
            in_context(&join(&frontend.directory, "node_modules")),
            in_context(&frontend.output),
        ],
    }
}

/// The package manager npm installs (none for npm itself), and why that
/// version.
fn tool(frontend: &Frontend) -> (Option<String>, Option<String>) {
    let defaults = node_releases::managers();
    let (package, default) = match frontend.manager {
        Manager::Npm => return (None, None),
        Manager::Pnpm => ("pnpm", defaults.pnpm.clone()),
        Manager::YarnClassic => ("yarn", defaults.yarn_classic.clone()),
        Manager::YarnBerry => ("@yarnpkg/cli-dist", defaults.yarn_berry.clone()),
    };
    let (version, reason) = match (&frontend.manager_version, frontend.pnpm_lockfile_major) {
        (Some(version), _) if plain_version(version) => (
            version.clone(),
            format!(
                "{}'s packageManager",
                join(&frontend.directory, "package.json")
            ),
        ),
        (_, Some(major)) => (
            major.to_string(),
            format!(
                "{}'s lockfileVersion",
                frontend.lockfile.as_deref().unwrap_or_default()
            ),
        ),
        _ => (
            default,
            "nothing in the project names one: godock's default".to_string(),
        ),
    };
    (Some(format!("{package}@{version}")), Some(reason))
}

/// The Node release: what a `.nvmrc`/`.node-version` names, else the
/// newest line `engines.node` allows (the current LTS when it does), else
/// the current LTS.
fn node_release(frontend: &Frontend, today: Date, warnings: &mut Vec<String>) -> (u32, String) {
    let lts = node_releases::current_lts(today);
    let (major, reason) = match &frontend.node {
        None => (
            lts.major,
            "the current LTS line (no engines, .nvmrc or .node-version says otherwise)".to_string(),
        ),
        Some(NodeAsk::File { file, ask }) => match ask {
            NodeVersionFile::Major(major) => (*major, format!("{file} asks for it")),
            NodeVersionFile::Lts => (lts.major, format!("the current LTS line, as {file} asks")),
            NodeVersionFile::Latest => {
                let newest = node_releases::releases()
                    .iter()
                    .rev()
                    .find(|release| release.lts.is_none_or(|start| start <= today))
                    .map_or(lts.major, |release| release.major);
                (newest, format!("the newest line, as {file} asks"))
            }
        },
        Some(NodeAsk::Engines { file, range }) => match allowed(range, lts, today) {
            Some(major) if major == lts.major => (
                major,
                format!("the current LTS line, which {file}'s engines.node ({range}) allows"),
            ),
            Some(major) => (
                major,
                format!("the newest line {file}'s engines.node ({range}) allows"),
            ),
            None => {
                warnings.push(format!(
                    "{file}: engines.node `{range}` allows no Node release godock knows: the stage builds with the current LTS line, Node {}",
                    lts.major
                ));
                (
                    lts.major,
                    format!("the current LTS line ({file}'s engines.node is not understood)"),
                )
            }
        },
    };
    if let Some(release) = node_releases::release(major) {
        if release.end_of_life <= today {
            warnings.push(format!(
                "the front end builds with Node {major} ({reason}), which reached end of life on {}",
                release.end_of_life
            ));
        }
    }
    (major, reason)
}

/// The newest release line `range` allows: the current LTS when it does.
fn allowed(range: &str, lts: &NodeRelease, today: Date) -> Option<u32> {
    let range = nodejs_semver::Range::parse(range).ok()?;
    let fits = |major: u32| {
        [(99, 0), (0, 0)].iter().any(|(minor, patch)| {
            nodejs_semver::Version::parse(format!("{major}.{minor}.{patch}"))
                .is_ok_and(|version| range.satisfies(&version))
        })
    };
    if fits(lts.major) {
        return Some(lts.major);
    }
    node_releases::releases()
        .iter()
        .rev()
        .filter(|release| {
            release.lts.is_none_or(|start| start <= today) || release.major < lts.major
        })
        .map(|release| release.major)
        .find(|major| fits(*major))
}

#[cfg(test)]
mod tests;
