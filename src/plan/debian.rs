//! The Debian release of the images: the `debian` setting, else
//! data/debian.toml's default, filled into the preset's image names; a
//! release that no longer receives updates is a warning, and a cgo build
//! whose builder and runtime are on different releases is refused (the
//! binary needs the glibc it was linked against: one built on trixie fails
//! on bookworm with `GLIBC_2.38 not found`).
//!
//! Pure: it reads the preset and the setting, never an image.
use serde::Serialize;

use super::cgo::CgoPlan;
use crate::error::{Error, Result};
use crate::knowledge::debian::{follows_setting, Release, Table};
use crate::settings::{Setting, Settings};

/// The images the plan builds and runs on, their names complete.
pub(super) struct Images {
    /// With the Dockerfile's `${GO_VERSION}` left in.
    pub builder: String,
    pub runtime: String,
    /// Whether the runtime (else the builder) is on a Debian release.
    pub debian: Option<DebianPlan>,
}

/// The Debian release the images are on (`plan --json`'s `debian`; `null`
/// when none is: alpine, scratch with a non-Debian builder).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DebianPlan {
    pub release: u8,
    pub codename: String,
    /// Whether its images still receive security updates.
    pub updated: bool,
    /// Why this release, in words.
    pub reason: String,
    /// Whether the user chose it (godock.toml keeps it then).
    pub pinned: bool,
}

/// The preset's images for the build `cgo` describes, on the release the
/// `debian` setting names (else the default).
pub(super) fn images(
    cgo: &CgoPlan,
    settings: &Settings,
    warnings: &mut Vec<String>,
) -> Result<Images> {
    let table = Table::embedded();
    let (chosen, reason, pinned) = match settings.debian.and_then(|number| table.release(number)) {
        Some(release) => (
            release,
            format!(
                "the debian setting ({})",
                settings
                    .sources
                    .get(&Setting::Debian)
                    .map_or("chosen", |source| source.describe())
            ),
            true,
        ),
        None => (
            table.default_release(),
            "godock's default: the newest Debian release the images come in".to_string(),
            false,
        ),
    };
    let preset = &cgo.preset;
    let runtime_template = preset.runtime_image(cgo.cgo, cgo.cxx);
    let follows = follows_setting(&preset.builder.image) || follows_setting(runtime_template);
    if settings.debian.is_some() && !follows {
        warnings.push(format!(
            "the debian setting has no effect: preset {}'s images name no Debian release of their own choosing",
            preset.name
        ));
    }
    let builder = chosen.fill(&preset.builder.image);
    let runtime = chosen.fill(runtime_template);
    let built_on = table.release_of(&builder);
    let runs_on = table.release_of(&runtime);
    if let (true, Some(built), Some(runs)) = (cgo.cgo, built_on, runs_on)
        && built.number != runs.number
    {
        return Err(Error::DebianMismatch {
            preset: preset.name.clone(),
            builder,
            runtime,
            built: built.describe(),
            runs: runs.describe(),
        });
    }
    let debian = runs_on.or(built_on).map(|release| {
        if follows && release.number == chosen.number {
            plan_of(release, reason.clone(), pinned)
        } else {
            plan_of(release, format!("preset {} names it", preset.name), false)
        }
    });
    if let Some(debian) = &debian
        && !debian.updated
    {
        warnings.push(stale_warning(
            table
                .release(debian.release)
                .expect("a release of the table"),
            table.default_release(),
        ));
    }
    Ok(Images {
        builder,
        runtime,
        debian,
    })
}

fn plan_of(release: &Release, reason: String, pinned: bool) -> DebianPlan {
    DebianPlan {
        release: release.number,
        codename: release.codename.clone(),
        updated: release.updated,
        reason,
        pinned,
    }
}

/// What a build on a release that no longer receives updates is told.
fn stale_warning(release: &Release, current: &Release) -> String {
    format!(
        "the images are on {}, which no longer receives updates ({}); `debian = {}` in godock.toml (or removing `debian`) moves them to {}",
        release.describe(),
        release.note.as_deref().unwrap_or("no updates"),
        current.number,
        current.describe(),
    )
}
