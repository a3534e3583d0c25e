//! The preset and cgo: the preset chosen (or the default that fits the
//! program), whether it can serve the binaries chosen, whether cgo is on and
//! why, and which distribution packages carry the C libraries cgo links.
use super::binaries::Selection;
use crate::error::{Error, Result};
use crate::knowledge::cgo as known;
use crate::preset::{CgoPolicy, PackageManager, Preset, Service, DEFAULT, DEFAULT_CGO};
use crate::scan::{CgoKind, CgoNeeds, CgoRequirement, Facts};
use crate::settings::{Setting, Settings};

/// What the preset and cgo decisions come to.
pub struct CgoPlan {
    pub preset: Preset,
    /// How godock.toml refers to the preset.
    pub reference: String,
    /// Why this preset.
    pub reason: String,
    pub cgo: bool,
    pub cgo_reason: Option<String>,
    /// Whether a cgo build links C++ (libstdc++ at run time).
    pub cxx: bool,
    /// Packages for the C libraries: the builder's, the runtime's, and the
    /// libraries' names beyond the C library.
    pub builder_packages: Vec<String>,
    pub runtime_packages: Vec<String>,
    pub libraries: Vec<String>,
    /// C libraries data/cgo.toml does not know, each naming its file.
    pub library_warnings: Vec<String>,
}

/// The preset for the binaries `selection` builds: the user's, else
/// distroless, or distroless-cgo when one of them needs cgo. A preset that
/// cannot serve them is refused, with the reason; one that serves them with
/// their pure-Go fallback is a warning.
pub fn plan(
    facts: &Facts,
    settings: &Settings,
    selection: &Selection,
    warnings: &mut Vec<String>,
) -> Result<CgoPlan> {
    let needs = needs(facts, &selection.selected);
    for requirement in unsure(facts, &selection.selected) {
        warnings.push(format!(
            "cgo: go.mod requires {}, which {}; godock cannot read the dependencies that may import it{}, so it builds {} without cgo (a build that needs it then fails, loudly); if the programs need it, use --preset {DEFAULT_CGO}",
            requirement.module.as_deref().unwrap_or(&requirement.package),
            known_why(requirement),
            reader_note(facts),
            requirement.mains.join(", "),
        ));
    }
    let (preset, reference, reason) =
        match (&settings.preset, settings.sources.get(&Setting::Preset)) {
            (Some(chosen), source) => (
                chosen.preset.clone(),
                chosen.reference.clone(),
                source
                    .map_or("chosen", |source| source.describe())
                    .to_string(),
            ),
            (None, _) => {
                let (name, reason) = default_preset(&needs);
                (Preset::load(name)?, name.to_string(), reason)
            }
        };
    match preset.serves(&needs) {
        Ok(Service::AsIs) => {}
        Ok(Service::PureGoFallback) => warnings.push(format!(
            "preset {} builds without cgo, so {} {} the pure-Go fallback of {} instead of the cgo code",
            preset.name,
            needs.mains_list(),
            if needs.mains.len() == 1 { "gets" } else { "get" },
            needs
                .requirements
                .iter()
                .map(|requirement| requirement.package.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(reason) => {
            return Err(Error::PresetRefused {
                preset: preset.name.clone(),
                reason,
                instead: DEFAULT_CGO,
            })
        }
    }
    let cgo = match preset.cgo {
        CgoPolicy::Never => false,
        CgoPolicy::Auto => !needs.mains.is_empty(),
        CgoPolicy::Always => true,
    };
    let cgo_reason = if cgo && !needs.requirements.is_empty() {
        Some(cgo_reason(&needs.requirements))
    } else if cgo && !needs.mains.is_empty() {
        // Facts that name cgo mains but no requirements (built by hand).
        Some(format!(
            "cgo is on because {} {} \"C\"",
            facts.cgo_packages.join(", "),
            if facts.cgo_packages.len() == 1 {
                "imports"
            } else {
                "import"
            }
        ))
    } else if cgo {
        Some(format!(
            "cgo is on because preset {} always builds with it",
            preset.name
        ))
    } else {
        None
    };
    let mut library_warnings = Vec::new();
    let (builder_packages, runtime_packages, libraries) = if cgo {
        c_libraries(facts, &needs.requirements, &preset, &mut library_warnings)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(CgoPlan {
        cxx: cgo && !facts.cxx_packages.is_empty(),
        preset,
        reference,
        reason,
        cgo,
        cgo_reason,
        builder_packages,
        runtime_packages,
        libraries,
        library_warnings,
    })
}

/// What building `mains` needs of cgo, as the plan acts on it: what the
/// scan found, without the guesses (a known cgo module go.mod requires that
/// a dependency godock cannot read may import) for modules that fail the
/// build loudly without cgo. A module that stubs itself without cgo and
/// fails at run time (go-sqlite3) keeps cgo on even as a guess.
pub fn needs<'a>(facts: &'a Facts, mains: &'a [String]) -> CgoNeeds<'a> {
    let scanned = facts.cgo_needs(mains);
    let kept: Vec<&CgoRequirement> = scanned
        .requirements
        .iter()
        .copied()
        .filter(|requirement| acted_on(requirement))
        .collect();
    let mains = scanned
        .mains
        .into_iter()
        .filter(|main| {
            let named = |requirement: &&CgoRequirement| requirement.mains.contains(main);
            // Facts built by hand may name cgo mains without requirements.
            !scanned.requirements.iter().any(named) || kept.iter().any(named)
        })
        .collect();
    CgoNeeds {
        mains,
        requirements: kept,
    }
}

/// The guesses [`needs`] leaves out: godock builds without cgo and warns.
pub fn unsure<'a>(facts: &'a Facts, mains: &'a [String]) -> Vec<&'a CgoRequirement> {
    facts
        .cgo_needs(mains)
        .requirements
        .into_iter()
        .filter(|requirement| !acted_on(requirement))
        .collect()
}

fn acted_on(requirement: &CgoRequirement) -> bool {
    requirement.certain
        || known::table().stubs_without_cgo(
            requirement
                .module
                .as_deref()
                .unwrap_or(&requirement.package),
        )
}

/// What data/cgo.toml says of the module a guess is about.
fn known_why(requirement: &CgoRequirement) -> &str {
    requirement
        .why
        .rsplit_once("; it ")
        .map_or(requirement.why.as_str(), |(_, why)| why)
}

/// Why godock could not ask the go command, for a warning.
fn reader_note(facts: &Facts) -> String {
    match facts.cgo_reader.reader {
        crate::scan::CgoReaderKind::Godock => {
            format!(" (`go list` did not answer: {})", facts.cgo_reader.detail)
        }
        crate::scan::CgoReaderKind::GoList => String::new(),
    }
}

/// The preset godock takes when the user names none, and why.
pub fn default_preset(needs: &CgoNeeds) -> (&'static str, String) {
    if needs.mains.is_empty() {
        (DEFAULT, "no cgo: a static binary needs no libc".to_string())
    } else {
        (
            DEFAULT_CGO,
            format!("cgo: {} needs glibc at run time", needs.mains_list()),
        )
    }
}

/// Why cgo is on, in words: the own packages importing "C", then vendored
/// packages and known modules.
fn cgo_reason(requirements: &[&CgoRequirement]) -> String {
    let mut own: Vec<&str> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for requirement in requirements {
        match requirement.kind {
            CgoKind::OwnFile => {
                if !own.contains(&requirement.package.as_str()) {
                    own.push(&requirement.package);
                }
            }
            CgoKind::VendoredPackage => {
                let text = format!("vendored {} imports \"C\"", requirement.package);
                if !others.contains(&text) {
                    others.push(text);
                }
            }
            CgoKind::KnownModule | CgoKind::DependencyPackage => {
                let text = format!("{} {}", requirement.package, requirement.why);
                if !others.contains(&text) {
                    others.push(text);
                }
            }
        }
    }
    let mut reasons = Vec::new();
    if !own.is_empty() {
        let verb = if own.len() == 1 { "imports" } else { "import" };
        reasons.push(format!("{} {verb} \"C\"", own.join(", ")));
    }
    reasons.extend(others);
    format!("cgo is on because {}", reasons.join("; "))
}

/// The builder's and the runtime's packages for the C libraries the cgo
/// code of the selected binaries links, from data/cgo.toml, and the names of
/// the libraries beyond the C library. A library the table does not know is
/// a warning naming the file and the flag.
fn c_libraries(
    facts: &Facts,
    requirements: &[&CgoRequirement],
    preset: &Preset,
    warnings: &mut Vec<String>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let table = known::table();
    let sources: Vec<&str> = requirements
        .iter()
        .flat_map(|requirement| {
            [
                requirement.file.as_deref(),
                Some(requirement.package.as_str()),
            ]
        })
        .flatten()
        .collect();
    let pick = |library: &known::Library, manager: PackageManager, builder: bool| {
        let distribution = match manager {
            PackageManager::Apt => library.debian.as_ref(),
            PackageManager::Apk => library.alpine.as_ref(),
        };
        distribution
            .map(|d| {
                if builder {
                    d.builder.clone()
                } else {
                    d.runtime.clone()
                }
            })
            .unwrap_or_default()
    };
    let (mut builder, mut runtime, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for library in &facts.cgo_libraries {
        if !sources.contains(&library.source.as_str()) {
            continue;
        }
        if library.flag.starts_with("#cgo pkg-config:") {
            let tool = match preset.builder.package_manager {
                PackageManager::Apt => &table.pkg_config.debian,
                PackageManager::Apk => &table.pkg_config.alpine,
            };
            push_unique(&mut builder, tool.clone());
        }
        match table.library(&library.name) {
            Some(known) if known.libc => {}
            Some(known) => {
                push_unique(
                    &mut builder,
                    pick(known, preset.builder.package_manager, true),
                );
                push_unique(
                    &mut runtime,
                    pick(known, preset.runtime.package_manager, false),
                );
                push_unique(&mut names, vec![library.name.clone()]);
            }
            None => {
                warnings.push(format!(
                    "{}: {}: godock does not know which packages provide this library; add its development package to builder.cgo_packages in a preset file (--preset my.toml)",
                    library.source, library.flag
                ));
                push_unique(&mut names, vec![library.name.clone()]);
            }
        }
    }
    (builder, runtime, names)
}

pub(super) fn push_unique(list: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}
