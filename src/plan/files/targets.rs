//! godock's Make targets, named around the user's own: a target of theirs
//! that does the same job is used instead of godock's, any other clash gets
//! `godock-` in front. A part of [`super`]'s placement decision.
use std::collections::BTreeMap;

use serde::Serialize;

/// godock's Make targets, by what they do; `None` when the user's Makefile
/// has a target of that name doing the same job (theirs is used).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Targets {
    pub help: Option<String>,
    pub build: Option<String>,
    pub test: Option<String>,
    pub docker_build: String,
    pub docker_run: String,
    pub docker_push: String,
    pub docker_buildx: String,
    pub scan: String,
    pub test_image: String,
    pub clean: String,
    /// Each binary's image target, by binary name.
    pub binaries: BTreeMap<String, String>,
    /// godock's names the user's Makefile has, and what godock calls them.
    pub renamed: Vec<(String, String)>,
    /// godock's targets left out because the user's do the same job.
    pub left_out: Vec<String>,
}

/// The targets whose job the user's own of the same name does.
const SAME_JOB: [&str; 3] = ["help", "build", "test"];
/// What godock's targets get in front of a name the user's Makefile has.
const PREFIX: &str = "godock-";

/// godock's targets named around `theirs`: one of theirs that does the same
/// job (`help`, `build`, `test`) is used instead of godock's; any other name
/// of theirs gets `godock-` in front of godock's (as often as it takes).
pub(super) fn targets(theirs: &[String], binaries: &[String]) -> Targets {
    let mut renamed = Vec::new();
    let mut left_out = Vec::new();
    let taken = |name: &str| theirs.iter().any(|target| target == name);
    let mut pick = |usual: &str| -> Option<String> {
        if !taken(usual) {
            return Some(usual.to_string());
        }
        if SAME_JOB.contains(&usual) {
            left_out.push(usual.to_string());
            return None;
        }
        let mut name = format!("{PREFIX}{usual}");
        while taken(&name) {
            name = format!("{PREFIX}{name}");
        }
        renamed.push((usual.to_string(), name.clone()));
        Some(name)
    };
    let help = pick("help");
    let build = pick("build");
    let test = pick("test");
    // The others are never a job of the same name: they get a free name.
    let mut required = |usual: &str| pick(usual).unwrap_or_else(|| usual.to_string());
    let docker_build = required("docker-build");
    let docker_run = required("docker-run");
    let docker_push = required("docker-push");
    let docker_buildx = required("docker-buildx");
    let scan = required("scan");
    let test_image = required("test-image");
    // Removing the images godock's targets built is not the job of the
    // user's `clean`: a free name beside theirs.
    let clean = required("clean");
    let binaries = binaries
        .iter()
        .map(|binary| (binary.clone(), required(&format!("docker-build-{binary}"))))
        .collect();
    Targets {
        help,
        build,
        test,
        docker_build,
        docker_run,
        docker_push,
        docker_buildx,
        scan,
        test_image,
        clean,
        binaries,
        renamed,
        left_out,
    }
}
