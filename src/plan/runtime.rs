//! The images: the builder (what it installs for cgo) and the runtime the
//! binaries run on (user, packages, CA certificates, C libraries), and the
//! build tags.
use super::cgo::{push_unique, CgoPlan};
use super::debian::Images;
use super::{BuilderPlan, RuntimePlan};
use crate::preset::{LibrarySource, Preset, Provision};
use crate::scan::Facts;
use crate::settings::Settings;

/// The builder image and what it installs before a cgo build.
pub(super) fn builder(cgo: &CgoPlan, images: &Images) -> BuilderPlan {
    let preset = &cgo.preset;
    BuilderPlan {
        image: images.builder.clone(),
        digest: None,
        package_manager: preset.builder.package_manager,
        packages: if cgo.cgo {
            let mut packages = preset.builder.cgo_packages.clone();
            push_unique(&mut packages, cgo.builder_packages.clone());
            packages
        } else {
            Vec::new()
        },
    }
}

/// The runtime image the binaries `selected` run on.
pub(super) fn runtime(
    facts: &Facts,
    cgo: &CgoPlan,
    images: &Images,
    selected: &[String],
) -> RuntimePlan {
    let preset = &cgo.preset;
    let user = preset.runtime.user.clone();
    let (uid, gid) = match user.split_once(':') {
        Some((uid, gid)) => (uid.to_string(), gid.to_string()),
        None => (user.clone(), user.clone()),
    };
    let copy_libraries =
        preset.runtime.libraries == LibrarySource::Copy && !cgo.libraries.is_empty();
    let mut packages = preset.runtime.packages.clone();
    if preset.runtime.libraries == LibrarySource::Install {
        push_unique(&mut packages, cgo.runtime_packages.clone());
    }
    let ca_certificates_unneeded = preset.runtime.copy_ca_certificates
        && preset
            .runtime
            .only_when_needed
            .contains(&Provision::CaCertificates)
        && !selected
            .iter()
            .any(|main| facts.runtime_needs.may_need_ca_certificates(main));
    RuntimePlan {
        image: images.runtime.clone(),
        digest: None,
        base_name: (images.runtime != "scratch").then(|| images.runtime.clone()),
        user,
        shell: preset.runtime.shell,
        package_manager: preset.runtime.package_manager,
        packages,
        create_user: preset.runtime.create_user,
        copy_ca_certificates: preset.runtime.copy_ca_certificates && !ca_certificates_unneeded,
        create_passwd: preset.runtime.create_passwd,
        uid,
        gid,
        libraries: cgo.libraries.clone(),
        copy_libraries,
        ca_certificates_unneeded,
    }
}

/// The preset's build tags, then the user's.
pub(super) fn tags(preset: &Preset, settings: &Settings) -> Vec<String> {
    let mut tags = preset.tags.clone();
    for tag in &settings.tags {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// Why the build has its tags, for the Dockerfile's comment.
pub(super) fn tags_reason(preset: &Preset, settings: &Settings) -> Option<String> {
    // Not where the tags came from: init writes them into godock.toml, and
    // the files must not change when regen reads them back from there.
    let extra = (!settings.tags.is_empty())
        .then(|| format!("{} from godock.toml", settings.tags.join(",")));
    match (preset.tags_reason.clone(), extra) {
        (Some(reason), Some(extra)) => Some(format!("{reason}; {extra}")),
        (reason, extra) => reason.or(extra),
    }
}
