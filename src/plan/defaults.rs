//! What godock builds when the user does not say: the binaries and the
//! primary one, each with the reason shown in `plan --json`.
//!
//! Evidence the repository holds ranks above guesses: what its release
//! images carry or run (goreleaser `dockers`/`kos`, an existing
//! Dockerfile's final stage, a Procfile), then what its release recipes
//! build (goreleaser, promu, a Dockerfile), then what its task runners
//! build (Makefile, justfile, Taskfile, scripts; development tools left
//! out). Without evidence: the main packages of the module at PATH and of
//! the workspace modules it requires, leaving out development tools
//! (data/binaries.toml); of those, the root package and those under cmd/.
use std::collections::BTreeMap;

use crate::knowledge::binaries::tools;
use crate::scan::paths::prefix_package;
use crate::scan::{module_name, BinaryEvidence, Facts, Recipe, Says};

/// Where a default came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    /// The repository's own build files said so.
    Evidence,
    /// godock's conventions on what the scan found.
    Convention,
}

/// The binaries godock builds by default: the packages, why, and why each
/// main package is built or not.
pub struct DefaultBinaries {
    pub selected: Vec<String>,
    pub ground: Ground,
    pub reason: String,
    pub reasons: BTreeMap<String, String>,
}

/// The binaries to build when the user names none.
pub fn binaries(facts: &Facts) -> DefaultBinaries {
    let mut reasons = BTreeMap::new();
    for stub in &facts.main_stubs {
        reasons.insert(
            stub.clone(),
            "not a binary: `package main` without `func main` (a generate stub)".to_string(),
        );
    }
    if let Some(found) = from_evidence(facts, &mut reasons) {
        return found;
    }
    let in_scope = workspace_scope(facts, &mut reasons);
    let mut candidates = Vec::new();
    for package in &in_scope {
        match tool_rule(facts, package) {
            Some(rule) => {
                reasons.insert(
                    package.clone(),
                    format!("not built: a development tool ({rule}, data/binaries.toml)"),
                );
            }
            None => candidates.push(package.clone()),
        }
    }
    let roots = module_roots(facts);
    let conventional: Vec<String> = candidates
        .iter()
        .filter(|package| {
            roots.iter().any(|root| {
                *package == root
                    || package.starts_with(&format!("{}/", prefix_package(root, "cmd")))
            })
        })
        .cloned()
        .collect();
    let (selected, reason) = if !conventional.is_empty() {
        for package in &candidates {
            if !conventional.contains(package) {
                reasons.insert(
                    package.clone(),
                    "not built: neither a module's root package nor under cmd/".to_string(),
                );
            }
        }
        (conventional, "the root package and those under cmd/")
    } else if !candidates.is_empty() {
        (
            candidates,
            "every main package that is not a development tool",
        )
    } else {
        (
            in_scope,
            "every main package (all look like development tools)",
        )
    };
    for package in &selected {
        reasons.insert(package.clone(), format!("built: {reason}"));
    }
    DefaultBinaries {
        selected,
        ground: Ground::Convention,
        reason: reason.to_string(),
        reasons,
    }
}

/// Which evidence a tier of [`from_evidence`] keeps.
type Keep = Box<dyn Fn(&BinaryEvidence) -> bool>;

/// The binaries the repository's build files name, strongest evidence
/// first: images, then release recipes, then task runners.
fn from_evidence(facts: &Facts, reasons: &mut BTreeMap<String, String>) -> Option<DefaultBinaries> {
    let evidence = &facts.build_evidence.binaries;
    let tiers: [(&str, Keep); 3] = [
        (
            "an image ships it",
            Box::new(|found| found.says >= Says::Shipped),
        ),
        (
            "a release recipe builds it",
            Box::new(|found| found.recipe.releases()),
        ),
        ("a build recipe builds it", Box::new(|_| true)),
    ];
    for (index, (what, keep)) in tiers.iter().enumerate() {
        let mut selected: Vec<String> = Vec::new();
        let mut found_reasons: BTreeMap<String, String> = BTreeMap::new();
        for found in evidence.iter().filter(|found| keep(found)) {
            if !facts.main_packages.contains(&found.package) || selected.contains(&found.package) {
                continue;
            }
            // Task runners build development tools too.
            let task_runner = index == 2;
            if task_runner {
                if let Some(rule) = tool_rule(facts, &found.package) {
                    found_reasons.insert(
                        found.package.clone(),
                        format!(
                            "not built: a development tool ({rule}, data/binaries.toml), though {} builds it",
                            found.location
                        ),
                    );
                    continue;
                }
            }
            found_reasons.insert(
                found.package.clone(),
                format!(
                    "built: {what} ({}, {})",
                    found.location,
                    recipe_name(found.recipe)
                ),
            );
            selected.push(found.package.clone());
        }
        if selected.is_empty() {
            continue;
        }
        for package in &facts.main_packages {
            if !selected.contains(package) && !found_reasons.contains_key(package) {
                found_reasons.insert(
                    package.clone(),
                    format!("not built: the repository's build files do not ship it ({what} for the others)"),
                );
            }
        }
        reasons.extend(found_reasons);
        selected.sort();
        let sources: Vec<&str> = evidence
            .iter()
            .filter(|found| keep(found) && selected.contains(&found.package))
            .map(|found| found.location.as_str())
            .collect();
        return Some(DefaultBinaries {
            reason: format!("{what}: {}", dedup(sources).join(", ")),
            selected,
            ground: Ground::Evidence,
            reasons: std::mem::take(reasons),
        });
    }
    None
}

/// The main packages in scope: in a workspace scanned from one of its
/// modules, those of that module and of the modules it requires (the rest
/// listed, not built); otherwise every one.
fn workspace_scope(facts: &Facts, reasons: &mut BTreeMap<String, String>) -> Vec<String> {
    // Planned at the go.work directory (no go.mod there): the workspace as a
    // whole is the project, whichever module go.work or godock.toml names.
    if facts.workspace.is_none() || facts.module_root != "." || facts.modules.len() < 2 {
        return facts.main_packages.clone();
    }
    // The module at PATH, and those it requires, transitively.
    let mut wanted: Vec<&str> = vec![facts.module.as_str()];
    let mut index = 0;
    while index < wanted.len() {
        let current = wanted[index];
        if let Some(module) = facts.modules.iter().find(|module| module.module == current) {
            for required in &module.requires {
                if facts.modules.iter().any(|m| m.module == *required)
                    && !wanted.contains(&required.as_str())
                {
                    wanted.push(required);
                }
            }
        }
        index += 1;
    }
    let mut in_scope = Vec::new();
    for module in &facts.modules {
        for package in &module.main_packages {
            if wanted.contains(&module.module.as_str()) {
                in_scope.push(package.clone());
            } else {
                reasons.insert(
                    package.clone(),
                    format!(
                        "not built: in workspace module {}, which {} does not require",
                        module.module, facts.module
                    ),
                );
            }
        }
    }
    in_scope.sort();
    if in_scope.is_empty() {
        facts.main_packages.clone()
    } else {
        in_scope
    }
}

/// Why a main package is a development tool, if it is: a directory of its
/// path from the build root matches data/binaries.toml, unless the package
/// is named after the module or the repository (the product itself).
pub fn tool_rule(facts: &Facts, package: &str) -> Option<String> {
    let name = package.rsplit('/').next().unwrap_or(package);
    if names_of_the_project(facts).contains(&name.to_string()) {
        return None;
    }
    tools().rule_for(package.trim_start_matches("./"))
}

/// Names a program of this project would carry: the module's last element
/// (without a `/vN` suffix), without a domain suffix (`tailscale.com` →
/// `tailscale`), and the repository directory's name.
pub fn names_of_the_project(facts: &Facts) -> Vec<String> {
    let mut names = Vec::new();
    let module = module_name(&facts.module);
    names.push(module.to_string());
    if let Some((head, _)) = module.split_once('.') {
        names.push(head.to_string());
    }
    names.extend(facts.repository_name.clone());
    names.retain(|name| !name.is_empty());
    names.dedup();
    names
}

/// The primary binary among `selected`, when the user names none, and why;
/// the last flag says godock could not tell and took the first.
pub fn primary(facts: &Facts, selected: &[String]) -> (String, Ground, String, bool) {
    if let [only] = selected {
        return (
            only.clone(),
            Ground::Convention,
            "the only binary".to_string(),
            false,
        );
    }
    // What an image or the web process runs.
    let mut runs: Vec<&BinaryEvidence> = facts
        .build_evidence
        .binaries
        .iter()
        .filter(|found| found.says == Says::Runs && selected.contains(&found.package))
        .collect();
    runs.sort_by_key(|found| found.recipe);
    if let Some(found) = runs.first() {
        return (
            found.package.clone(),
            Ground::Evidence,
            format!("{} runs it ({})", found.location, recipe_name(found.recipe)),
            false,
        );
    }
    let root = primary_module_root(facts);
    for name in names_of_the_project(facts) {
        let package = prefix_package(&root, &format!("cmd/{name}"));
        if selected.contains(&package) {
            return (
                package,
                Ground::Convention,
                format!(
                    "cmd/{name} is named after the {}",
                    named_after(facts, &name)
                ),
                false,
            );
        }
    }
    if selected.contains(&root) {
        return (
            root,
            Ground::Convention,
            "the module's root package".to_string(),
            false,
        );
    }
    let module = module_name(&facts.module);
    if let Some(package) = selected
        .iter()
        .find(|package| package.rsplit('/').next() == Some(module))
    {
        return (
            package.clone(),
            Ground::Convention,
            format!("named like the module ({module})"),
            false,
        );
    }
    (
        selected[0].clone(),
        Ground::Convention,
        "the first binary: nothing says which one the image should run".to_string(),
        true,
    )
}

fn named_after(facts: &Facts, name: &str) -> &'static str {
    let module = module_name(&facts.module);
    if module == name || module.split_once('.').is_some_and(|(head, _)| head == name) {
        "module"
    } else {
        "repository's directory"
    }
}

fn recipe_name(recipe: Recipe) -> &'static str {
    match recipe {
        Recipe::GoReleaser => "goreleaser",
        Recipe::Promu => "promu",
        Recipe::Dockerfile => "existing Dockerfile",
        Recipe::Procfile => "Procfile",
        Recipe::Makefile => "Makefile",
        Recipe::Justfile => "justfile",
        Recipe::Taskfile => "Taskfile",
        Recipe::Script => "build script",
    }
}

fn dedup(items: Vec<&str>) -> Vec<&str> {
    let mut unique = Vec::new();
    for item in items {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    unique
}

/// Each module's root as a package path from the build root.
pub fn module_roots(facts: &Facts) -> Vec<String> {
    if facts.modules.is_empty() {
        return vec![".".to_string()];
    }
    facts
        .modules
        .iter()
        .map(|module| module.package.clone())
        .collect()
}

/// The scanned module's root as a package path from the build root.
pub fn primary_module_root(facts: &Facts) -> String {
    facts
        .modules
        .iter()
        .find(|module| module.dir == facts.module_root)
        .map_or_else(|| ".".to_string(), |module| module.package.clone())
}
