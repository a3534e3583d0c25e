//! Which main packages become binaries, what each is called (its image
//! stage's name too), the names of the stages that compile it, and which is
//! the primary one a plain `docker build .` produces.
use std::collections::BTreeMap;

use super::defaults::{self, primary_module_root, Ground};
use super::Binary;
use crate::error::{Error, Result};
use crate::scan::paths::prefix_package;
use crate::scan::{module_name, Facts};
use crate::settings::Settings;

/// Stage names the Dockerfile uses itself; binaries never take them.
const RESERVED_STAGES: [&str; 4] = ["build", "runtime", "scratch", ALL_KEY_STAGE];

/// The key of the stage that compiles every binary in one step: the
/// Dockerfile's `compile-all`, which `--build-arg BINARIES=all` selects.
pub const ALL_KEY: &str = "all";
const ALL_KEY_STAGE: &str = "compile-all";

/// The prefixes of the stages around each binary's image stage: the one
/// that compiles it alone, and the one its image copies it from.
const KEYED_STAGES: [&str; 2] = ["compile-", "binary-"];

/// The binaries to build: every main package's name, the packages chosen,
/// and the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Main package → binary name, for every main package.
    pub names: BTreeMap<String, String>,
    /// The main packages to build, sorted.
    pub selected: Vec<String>,
    /// The primary one's main package.
    pub primary: String,
    /// Why each main package (and each `package main` stub) is built or
    /// not.
    pub reasons: BTreeMap<String, String>,
    /// Why these binaries and this primary, when the user did not choose
    /// them: what decided (evidence or convention) and the reason.
    pub binaries_default: Option<(Ground, String)>,
    pub primary_default: Option<(Ground, String)>,
    /// The primary is the first binary: nothing said which one.
    pub primary_guessed: bool,
}

impl Selection {
    /// The binaries `settings` asks for (by name or path), else the
    /// conventional ones; the primary one asked for, else the conventional
    /// one. A project without a main package has nothing to build.
    pub fn choose(facts: &Facts, settings: &Settings) -> Result<Selection> {
        if facts.main_packages.is_empty() {
            return Err(Error::NoMainPackage {
                module: facts.module.clone(),
                root: crate::scan::paths::within(&facts.path, &facts.build_root),
                skipped: facts.unbuildable_mains.clone(),
                without_main: facts.main_stubs.clone(),
            });
        }
        let names = names(facts);
        let mut reasons = BTreeMap::new();
        let (selected, binaries_default) = if settings.binaries.is_empty() {
            let found = defaults::binaries(facts);
            reasons = found.reasons;
            (found.selected, Some((found.ground, found.reason)))
        } else {
            let selected = select_binaries(&names, &settings.binaries)?;
            for package in &facts.main_packages {
                let built = if selected.contains(package) {
                    "built"
                } else {
                    "not built"
                };
                reasons.insert(package.clone(), format!("{built}: as chosen (binaries)"));
            }
            (selected, None)
        };
        let (primary, primary_default, primary_guessed) = match settings.primary.as_deref() {
            Some(want) => (choose_primary(&names, &selected, want)?, None, false),
            None => {
                let (primary, ground, reason, guessed) = defaults::primary(facts, &selected);
                (primary, Some((ground, reason)), guessed)
            }
        };
        Ok(Selection {
            names,
            selected,
            primary,
            reasons,
            binaries_default,
            primary_default,
            primary_guessed,
        })
    }

    /// The binaries in build order: the primary one last. `extra_ldflags`:
    /// the user's, after godock's own.
    pub fn binaries(&self, facts: &Facts, extra_ldflags: Option<&str>) -> Vec<Binary> {
        let extra_ldflags = extra_ldflags
            .map(str::trim)
            .filter(|extra| !extra.is_empty());
        let mut binaries: Vec<Binary> = self
            .selected
            .iter()
            .map(|package| {
                let mut binary = binary(facts, &self.names, package, *package == self.primary);
                binary.extra_ldflags = extra_ldflags.map(str::to_string);
                binary
            })
            .collect();
        binaries.sort_by_key(|binary| binary.primary);
        assign_stage_keys(&mut binaries);
        binaries
    }

    /// The primary binary's name.
    pub fn primary_name(&self) -> &str {
        &self.names[&self.primary]
    }

    /// Main packages the scan found that are not built.
    pub fn unselected(&self, facts: &Facts) -> Vec<String> {
        facts
            .main_packages
            .iter()
            .filter(|package| !self.selected.contains(package))
            .cloned()
            .collect()
    }
}

/// Names for every main package, unique: the directory's name (the module's
/// name for the root package). On a clash the root package, then the one
/// under cmd/, keeps the plain name and the others are named by their path.
pub fn names(facts: &Facts) -> BTreeMap<String, String> {
    let roots: Vec<(String, String)> = if facts.modules.is_empty() {
        vec![(".".to_string(), facts.module.clone())]
    } else {
        facts
            .modules
            .iter()
            .map(|module| (module.package.clone(), module.module.clone()))
            .collect()
    };
    let plain = |package: &str| -> String {
        match roots.iter().find(|(root, _)| root == package) {
            Some((_, module)) => docker_name(module_name(module)),
            None => docker_name(package.rsplit('/').next().unwrap_or(package)),
        }
    };
    let rank = |package: &str| -> u8 {
        let under_cmd = |root: &str| {
            package
                .strip_prefix(&format!("{}/", prefix_package(root, "cmd")))
                .is_some_and(|name| !name.contains('/'))
        };
        if roots.iter().any(|(root, _)| root == package) {
            0
        } else if roots.iter().any(|(root, _)| under_cmd(root)) {
            1
        } else {
            2
        }
    };
    // The scanned module's packages take the plain names before the others'.
    let primary_root = primary_module_root(facts);
    let in_primary = |package: &str| {
        package == primary_root
            || primary_root == "."
            || package.starts_with(&format!("{primary_root}/"))
    };
    let mut packages: Vec<&String> = facts.main_packages.iter().collect();
    packages.sort_by_key(|package| (rank(package), !in_primary(package), package.as_str()));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: Vec<String> = RESERVED_STAGES.iter().map(|s| s.to_string()).collect();
    for package in packages {
        let mut name = plain(package);
        if taken.contains(&name) {
            name = docker_name(&package.trim_start_matches("./").replace('/', "-"));
        }
        let base = name.clone();
        let mut counter = 2;
        while taken.contains(&name) {
            name = format!("{base}-{counter}");
            counter += 1;
        }
        taken.push(name.clone());
        names.insert(package.clone(), name);
    }
    names
}

/// Gives each binary the key of its stages (`compile-KEY`, `binary-KEY`):
/// its name, unless that would name a stage another binary's image stage
/// has, or the all-binaries stage; then its name and a number.
fn assign_stage_keys(binaries: &mut [Binary]) {
    let names: Vec<String> = binaries.iter().map(|binary| binary.name.clone()).collect();
    let mut taken: Vec<String> = Vec::new();
    for binary in binaries.iter_mut() {
        let free = |key: &str| {
            key != ALL_KEY
                && !taken.iter().any(|other| other == key)
                && KEYED_STAGES
                    .iter()
                    .all(|prefix| !names.contains(&format!("{prefix}{key}")))
        };
        let mut key = binary.name.clone();
        let mut counter = 2;
        while !free(&key) {
            key = format!("{}-{counter}", binary.name);
            counter += 1;
        }
        taken.push(key.clone());
        binary.stage_key = key;
    }
}

/// A valid image name and Dockerfile stage name: lowercase letters, digits,
/// `-`, `_`, `.`, starting with a letter.
pub fn docker_name(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.insert_str(0, "app-");
    }
    name
}

/// The binaries asked for, by name or by package path.
fn select_binaries(names: &BTreeMap<String, String>, wanted: &[String]) -> Result<Vec<String>> {
    let mut selected = Vec::new();
    for want in wanted {
        let package = find_package(names, want)?;
        if !selected.contains(&package) {
            selected.push(package);
        }
    }
    selected.sort();
    Ok(selected)
}

fn find_package(names: &BTreeMap<String, String>, want: &str) -> Result<String> {
    let as_path = if want == "." || want.starts_with("./") {
        want.trim_end_matches('/').to_string()
    } else {
        format!("./{}", want.trim_end_matches('/'))
    };
    names
        .iter()
        .find(|(package, name)| *name == want || **package == as_path)
        .map(|(package, _)| package.clone())
        .ok_or_else(|| Error::BinaryUnknown {
            name: want.to_string(),
            available: names
                .iter()
                .map(|(package, name)| format!("{name} ({package})"))
                .collect(),
        })
}

/// The primary binary the user asked for, which must be built.
fn choose_primary(
    names: &BTreeMap<String, String>,
    selected: &[String],
    want: &str,
) -> Result<String> {
    let package = find_package(names, want)?;
    if !selected.contains(&package) {
        return Err(Error::PrimaryNotBuilt {
            primary: want.to_string(),
        });
    }
    Ok(package)
}

fn binary(facts: &Facts, names: &BTreeMap<String, String>, package: &str, primary: bool) -> Binary {
    let name = names[package].clone();
    let stamps = super::stamps::detected(facts, package);
    Binary {
        path: format!("/usr/local/bin/{name}"),
        name,
        package: package.to_string(),
        primary,
        version_variables: stamps.stamped,
        unstamped: stamps.unstamped,
        extra_ldflags: None,
        stage_key: String::new(),
    }
}
