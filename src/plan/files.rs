//! Where godock's files go in the build context, given whose files are
//! there already, and the names inside them that must not clash with the
//! user's: godock writes beside a Dockerfile, Makefile, compose file or
//! workflow of the user's rather than over it (`Dockerfile.godock`, whose
//! own ignore file BuildKit reads; `docker.mk`, which their Makefile
//! includes), keeps its ignore rules in a file of its own, in a marked
//! block of their .dockerignore (when asked) or nowhere, and names its Make
//! targets around theirs.
//!
//! A choice in godock.toml (or a flag) wins; what the scan found decides
//! the rest, and godock.toml records what it decided so that `regen` and
//! `check` reproduce it. `--force` keeps its meaning: a file of the user's
//! is replaced (and kept under a backup name), so nothing goes beside it.
use serde::Serialize;

use crate::knowledge::files as names;
use crate::scan::{BuildContext, ContextFiles, Facts};
use crate::settings::{Output, Setting, Settings};

mod ignore;
mod targets;
use ignore::dockerignore;
pub use ignore::{Dockerignore, Reinclude};
use targets::targets;
pub use targets::Targets;

/// Where each of godock's files goes, relative to the build context.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Files {
    pub dockerfile: String,
    /// Not `Dockerfile`: `docker build` needs `-f` to find it.
    pub dockerfile_named: bool,
    /// godock.toml writes `dockerfile` (chosen, or beside the user's).
    pub record_dockerfile: bool,
    pub dockerignore: Dockerignore,
    pub makefile: String,
    /// The file make reads by itself, so `make TARGET` needs no `-f` and
    /// the file may set the default goal.
    pub makefile_standalone: bool,
    pub record_makefile: bool,
    /// The user's Makefile, when godock's targets sit beside it.
    pub included_by: Option<String>,
    /// godock keeps `include <makefile>` in a marked block of that file.
    pub include_block: bool,
    /// The user's Makefile includes godock's already, outside any block.
    pub included_already: bool,
    /// The `makefile_include` choice, and whether godock.toml writes it.
    pub makefile_include: bool,
    pub record_makefile_include: bool,
    pub compose: String,
    pub workflow: String,
    /// How to run godock's targets: `make`, or `make -f docker.mk` while
    /// the user's Makefile does not include godock's.
    pub make: String,
    pub targets: Targets,
    /// godock's files written beside a file of the user's, for the report.
    pub beside: Vec<Beside>,
    /// godock's own files beside the usual names, which its ignore file
    /// keeps out of the build context like the usual ones.
    pub own_files: Vec<String>,
}

/// A file of the user's and godock's file beside it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Beside {
    pub theirs: String,
    pub ours: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// A whole file of godock's.
    Own,
    /// A marked block in a file of the user's.
    Block,
    /// The user's file, untouched.
    LeftAlone,
}

/// Decides where the files go; warnings about the user's files go to
/// `warnings`.
pub(super) fn choose(
    facts: &Facts,
    settings: &Settings,
    context: &BuildContext,
    binaries: &[String],
    warnings: &mut Vec<String>,
) -> Files {
    let existing = &facts.context_files;
    let mut beside = Vec::new();

    let dockerfile = dockerfile_path(existing, settings);
    if dockerfile != names::DOCKERFILE && existing.is_theirs(names::DOCKERFILE) {
        beside.push(Beside {
            theirs: names::DOCKERFILE.to_string(),
            ours: dockerfile.clone(),
        });
    }

    let make_reads = existing.makefile();
    let makefile = makefile_path(existing, settings);
    let makefile_standalone = names::MAKEFILES.contains(&makefile.as_str())
        && make_reads.is_none_or(|(name, _)| name == makefile);
    let included_by = (!makefile_standalone)
        .then(|| make_reads.map(|(name, _)| name.to_string()))
        .flatten()
        .filter(|name| existing.is_theirs(name));
    if let Some(theirs) = &included_by {
        beside.push(Beside {
            theirs: theirs.clone(),
            ours: makefile.clone(),
        });
    }
    // An include in godock's block is godock's to keep only when asked to:
    // otherwise the block is the user's to keep or delete.
    let included_already = included_by
        .as_deref()
        .is_some_and(|theirs| includes(existing, theirs, &makefile, settings.makefile_include));
    if settings.makefile_include && included_by.is_none() && !makefile_standalone {
        warnings.push(format!(
            "makefile_include: there is no Makefile of yours to include {makefile} in; run its targets with `make -f {makefile} TARGET`"
        ));
    }
    let include_block = settings.makefile_include && included_by.is_some() && !included_already;
    let make = if makefile_standalone || include_block || included_already {
        "make".to_string()
    } else {
        format!("make -f {makefile}")
    };

    let dockerignore = dockerignore(facts, settings, context, &dockerfile, warnings);
    let (compose, workflow) = (
        beside_if_theirs(settings, existing, names::COMPOSE, names::COMPOSE_BESIDE),
        beside_if_theirs(settings, existing, names::WORKFLOW, names::WORKFLOW_BESIDE),
    );
    for (output, ours, usual) in [
        (Output::Compose, &compose, names::COMPOSE),
        (Output::GithubActions, &workflow, names::WORKFLOW),
    ] {
        if settings.outputs.contains(&output) && ours != usual {
            beside.push(Beside {
                theirs: usual.to_string(),
                ours: ours.clone(),
            });
        }
    }

    let their_targets = match &included_by {
        Some(_) => existing
            .evidence
            .as_ref()
            .and_then(|evidence| evidence.makefile.as_ref())
            .map(|read| {
                // godock's own file, once included, is not theirs.
                read.targets_outside(std::path::Path::new(&makefile))
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut own_files: Vec<String> = Vec::new();
    if dockerfile != names::DOCKERFILE {
        own_files.push(dockerfile.clone());
    }
    if dockerignore.path != names::DOCKERIGNORE && dockerignore.placement == Placement::Own {
        own_files.push(dockerignore.path.clone());
    }
    if makefile != names::MAKEFILE {
        own_files.push(makefile.clone());
    }
    if settings.outputs.contains(&Output::Compose) && compose != names::COMPOSE {
        own_files.push(compose.clone());
    }
    Files {
        dockerfile_named: dockerfile != names::DOCKERFILE,
        record_dockerfile: settings.given(Setting::Dockerfile) || dockerfile != names::DOCKERFILE,
        dockerfile,
        dockerignore,
        record_makefile: settings.given(Setting::Makefile) || makefile != names::MAKEFILE,
        makefile_standalone,
        makefile,
        included_by,
        include_block,
        included_already,
        makefile_include: settings.makefile_include,
        record_makefile_include: settings.given(Setting::MakefileInclude)
            || settings.makefile_include,
        compose,
        workflow,
        make,
        targets: targets(&their_targets, binaries),
        beside,
        own_files,
    }
}

/// godock's Dockerfile: the setting, else `Dockerfile`, or
/// `Dockerfile.godock` beside the user's.
fn dockerfile_path(existing: &ContextFiles, settings: &Settings) -> String {
    match &settings.dockerfile {
        Some(path) => path.clone(),
        None => beside_if_theirs(
            settings,
            existing,
            names::DOCKERFILE,
            names::DOCKERFILE_BESIDE,
        ),
    }
}

/// godock's Makefile: the setting, else `Makefile`, or `docker.mk` when
/// make reads a Makefile of the user's.
fn makefile_path(existing: &ContextFiles, settings: &Settings) -> String {
    let theirs = existing
        .makefile()
        .is_some_and(|(_, owner)| owner == crate::scan::Owner::Theirs && !settings.force);
    match &settings.makefile {
        Some(path) => path.clone(),
        None if theirs => names::MAKEFILE_BESIDE.to_string(),
        None => names::MAKEFILE.to_string(),
    }
}

/// The files godock writes whole with these settings, known before the
/// plan (the wizard may add outputs): what `init` refuses to replace before
/// it asks anything.
pub fn destinations(existing: &ContextFiles, settings: &Settings) -> Vec<String> {
    let dockerfile = dockerfile_path(existing, settings);
    let mut paths = vec![dockerfile.clone()];
    if dockerfile != names::DOCKERFILE {
        paths.push(format!("{dockerfile}{}", names::IGNORE_SUFFIX));
    } else if !existing.is_theirs(names::DOCKERIGNORE) || settings.force {
        paths.push(names::DOCKERIGNORE.to_string());
    }
    paths.push(makefile_path(existing, settings));
    if settings.outputs.contains(&Output::Compose) {
        paths.push(beside_if_theirs(
            settings,
            existing,
            names::COMPOSE,
            names::COMPOSE_BESIDE,
        ));
    }
    if settings.outputs.contains(&Output::GithubActions) {
        paths.push(beside_if_theirs(
            settings,
            existing,
            names::WORKFLOW,
            names::WORKFLOW_BESIDE,
        ));
    }
    paths
}

/// The user's files godock would keep a marked block in, if asked, with
/// these settings: known before the plan, for the wizard to ask about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockOffers {
    /// Their Makefile and godock's (`Makefile`, `docker.mk`), when make
    /// reads theirs and it does not include godock's already.
    pub makefile: Option<(String, String)>,
    /// Their .dockerignore, when godock's Dockerfile is `Dockerfile` and so
    /// builds with it (beside it, `Dockerfile.godock` has an ignore file of
    /// its own).
    pub dockerignore: Option<String>,
}

pub fn block_offers(existing: &ContextFiles, settings: &Settings) -> BlockOffers {
    let makefile = makefile_path(existing, settings);
    let makefile = existing
        .makefile()
        .map(|(name, _)| name.to_string())
        .filter(|theirs| {
            *theirs != makefile
                && existing.is_theirs(theirs)
                && !includes(existing, theirs, &makefile, true)
        })
        .map(|theirs| (theirs, makefile));
    let dockerignore = (dockerfile_path(existing, settings) == names::DOCKERFILE
        && existing.is_theirs(names::DOCKERIGNORE)
        && !settings.force)
        .then(|| names::DOCKERIGNORE.to_string());
    BlockOffers {
        makefile,
        dockerignore,
    }
}

/// `usual`, or `beside` when a file of the user's has the usual name.
fn beside_if_theirs(
    settings: &Settings,
    existing: &ContextFiles,
    usual: &str,
    beside: &str,
) -> String {
    if existing.is_theirs(usual) && !settings.force {
        beside.to_string()
    } else {
        usual.to_string()
    }
}

/// Whether the user's Makefile `theirs` (or a file it includes) includes
/// `makefile`: outside godock's block only, or anywhere.
fn includes(existing: &ContextFiles, theirs: &str, makefile: &str, outside_block: bool) -> bool {
    let Some(evidence) = existing
        .evidence
        .as_ref()
        .and_then(|evidence| evidence.makefile.as_ref())
    else {
        return false;
    };
    let block = existing.blocks.get(theirs);
    evidence.includes.iter().any(|include| {
        let names_ours = include
            .path
            .as_deref()
            .is_some_and(|path| path == std::path::Path::new(makefile));
        let in_block = include.location.file == std::path::Path::new(theirs)
            && block.is_some_and(|(first, last)| (*first..=*last).contains(&include.location.line));
        names_ours && !(outside_block && in_block)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn targets_keep_their_names_when_free() {
        let targets = targets(&[], &strings(&["api"]));
        assert_eq!(targets.help.as_deref(), Some("help"));
        assert_eq!(targets.docker_build, "docker-build");
        assert_eq!(targets.binaries["api"], "docker-build-api");
        assert!(targets.renamed.is_empty() && targets.left_out.is_empty());
    }

    #[test]
    fn the_users_targets_win_and_godocks_are_renamed_or_left_out() {
        let theirs = strings(&[
            "help",
            "build",
            "test",
            "docker-build",
            "scan",
            "godock-scan",
        ]);
        let targets = targets(&theirs, &strings(&["api"]));
        assert_eq!(targets.help, None);
        assert_eq!(targets.build, None);
        assert_eq!(targets.docker_build, "godock-docker-build");
        assert_eq!(targets.docker_run, "docker-run");
        assert_eq!(targets.scan, "godock-godock-scan");
        assert_eq!(targets.left_out, ["help", "build", "test"]);
        assert_eq!(
            targets.renamed,
            [
                (
                    "docker-build".to_string(),
                    "godock-docker-build".to_string()
                ),
                ("scan".to_string(), "godock-godock-scan".to_string())
            ]
        );
    }
}
