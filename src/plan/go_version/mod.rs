//! Which Go release the builder runs, and why: the go.mod (or go.work and
//! its members') `go` and `toolchain` lines and the user's pinned version,
//! read into the inputs of the [`policy`], which decides with the releases
//! table and the date it is given.
//!
//! Pure, like the rest of the plan: "today" comes from the caller (the
//! command reads the clock, or `SOURCE_DATE_EPOCH`), so that the same
//! project and date always give the same builder.
pub mod policy;

pub use policy::{
    choose as choose_builder, pinned_by, requirement, satisfies, Directive, GoBuilder, GoFile,
    Inputs, Pin, PolicyError, Project, Reason, Requirement, Warning,
};

use crate::error::{Error, Result};
use crate::go::version::GoVersion;
use crate::knowledge::date::Date;
use crate::knowledge::go_releases::Releases;
use crate::scan::paths::file_in;
use crate::scan::{BuildContext, Facts};
use crate::settings::{Setting, Settings};

/// The builder's Go release for this project, on `today`; the files it
/// names are relative to the build `context`, where the Dockerfile is.
pub fn choose(
    facts: &Facts,
    settings: &Settings,
    context: &BuildContext,
    today: Date,
) -> Result<GoBuilder> {
    let pin = pin(settings)?;
    let files = ProjectFiles::of(facts, context)?;
    let inputs = Inputs {
        project: files.project(),
        pin: pin.as_ref(),
        releases: Releases::embedded(),
        today,
    };
    policy::choose(&inputs).map_err(|error| Error::GoVersionTooOld {
        problem: error.to_string(),
        hint: error.hint(),
    })
}

/// The version the user pinned, and where.
fn pin(settings: &Settings) -> Result<Option<Pin>> {
    let (Some(text), Some(by)) = (
        &settings.go_version,
        settings.sources.get(&Setting::GoVersion),
    ) else {
        return Ok(None);
    };
    // The setting's rule accepted it already, wherever it came from.
    let version = GoVersion::parse_pinned(text).map_err(|error| Error::GoVersionInvalid {
        file: pinned_by(*by),
        message: error.to_string(),
    })?;
    Ok(Some(Pin { version, by: *by }))
}

/// The files whose lines the policy reads, as the user finds them.
enum ProjectFiles {
    Module(GoFile),
    Workspace {
        go_work: GoFile,
        members: Vec<GoFile>,
    },
}

impl ProjectFiles {
    fn of(facts: &Facts, context: &BuildContext) -> Result<ProjectFiles> {
        let go_file = |directory: &str, name, go, toolchain| {
            go_file(&context.relative(directory), name, go, toolchain)
        };
        let module = || {
            go_file(
                &facts.module_root,
                "go.mod",
                facts.go.as_deref(),
                facts.toolchain.as_deref(),
            )
        };
        let Some(workspace) = &facts.workspace else {
            return Ok(ProjectFiles::Module(module()?));
        };
        let go_work = go_file(
            &workspace.dir,
            "go.work",
            workspace.go.as_deref(),
            workspace.toolchain.as_deref(),
        )?;
        let members = facts
            .modules
            .iter()
            .map(|member| go_file(&member.dir, "go.mod", member.go.as_deref(), None))
            .collect::<Result<Vec<_>>>()?;
        Ok(ProjectFiles::Workspace { go_work, members })
    }

    fn project(&self) -> Project<'_> {
        match self {
            ProjectFiles::Module(go_mod) => Project::Module(go_mod),
            ProjectFiles::Workspace { go_work, members } => Project::Workspace { go_work, members },
        }
    }
}

/// A go.mod or go.work in `directory` (relative to the build context) with
/// its lines, which the scan read and checked.
fn go_file(
    directory: &str,
    name: &str,
    go: Option<&str>,
    toolchain: Option<&str>,
) -> Result<GoFile> {
    let path = file_in(directory, name);
    let invalid = |error: crate::go::version::VersionError| Error::GoVersionInvalid {
        file: path.clone(),
        message: error.to_string(),
    };
    Ok(GoFile {
        go: go.map(GoVersion::parse).transpose().map_err(invalid)?,
        toolchain: toolchain
            .map(GoVersion::parse_toolchain)
            .transpose()
            .map_err(invalid)?,
        path,
    })
}
