//! What the build's go.mod files require of other modules: the modules a
//! download fetches (for private modules), and the requirements one module
//! of a workspace has on another that no `replace` covers, which the go
//! command resolves by fetching that module's go.mod at the required
//! version from a proxy.
//!
//! Facts only: which requirements make a download step fail is the plan's
//! call.
use serde::Serialize;

use super::locate::Location;

/// A module in use requiring another module in use, with no `replace` of the
/// required one in go.work or in the requiring module's go.mod.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MemberRequire {
    /// The requiring module's path.
    pub module: String,
    /// The required module's path: a module of the workspace.
    pub requires: String,
    /// The version required, as written.
    pub version: String,
}

/// The modules the build's go.mod files require (each located module's,
/// `// indirect` lines too), sorted, without duplicates: neither the
/// located modules themselves (modules in use and local replace targets)
/// nor modules replaced by a directory.
pub fn required_modules(location: &Location) -> Vec<String> {
    let own = |path: &str| {
        location
            .modules
            .iter()
            .any(|module| module.go_mod.module == path)
            || location
                .local_replaces
                .iter()
                .any(|replace| replace.old == path)
    };
    let mut required: Vec<String> = location
        .modules
        .iter()
        .flat_map(|module| &module.go_mod.requires)
        .map(|require| require.path.clone())
        .filter(|path| !own(path))
        .collect();
    required.sort();
    required.dedup();
    required
}

/// Each requirement of a module in use on another module in use that
/// neither go.work nor the requiring go.mod replaces (at any version).
pub fn member_requires(location: &Location) -> Vec<MemberRequire> {
    let in_use: Vec<_> = location
        .modules
        .iter()
        .filter(|module| module.in_use)
        .collect();
    if in_use.len() < 2 {
        return Vec::new();
    }
    let work_replaces: &[crate::go::Replace] = location
        .workspace
        .as_ref()
        .map_or(&[], |workspace| &workspace.work.replaces);
    let mut found = Vec::new();
    for module in &in_use {
        for require in &module.go_mod.requires {
            let member = in_use
                .iter()
                .any(|other| other.go_mod.module == require.path);
            let replaced = work_replaces
                .iter()
                .chain(&module.go_mod.replaces)
                .any(|replace| replace.old == require.path);
            if member && !replaced {
                found.push(MemberRequire {
                    module: module.go_mod.module.clone(),
                    requires: require.path.clone(),
                    version: require.version.clone(),
                });
            }
        }
    }
    found
}
