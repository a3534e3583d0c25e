//! Snapshots of what godock finds and writes for every example project: the
//! scan's facts, the plan, and every generated file under every preset that
//! can serve the project. A change to any template shows up here as a diff
//! to review (`INSTA_UPDATE=always cargo test`, then read `git diff`).
//!
//! There is one test per directory under examples/, made by build.rs from a
//! listing: a new example is tested without editing a list, and each
//! example's test reports every snapshot that differs, not just the first.
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::common::{applicable_presets, example, Project};

/// One `#[test]` per example: `example_test!(hello, "hello")`.
macro_rules! example_test {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            snapshots_of($name);
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The facts, the plan, and the files of every preset that applies.
fn snapshots_of(name: &str) {
    let mut differ = Vec::new();
    let mut check = |what: String, snapshot: &dyn Fn()| {
        if catch_unwind(AssertUnwindSafe(snapshot)).is_err() {
            differ.push(what);
        }
    };
    // `go list` runs with an empty module cache (see EMPTY_MODULE_CACHE), so
    // what it answers depends on no download; a go.mod asking for a newer Go
    // than this machine's still names this machine's release.
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"running go \d+\.\d+(\.\d+)?", "running go [version]");
    let _settings = settings.bind_to_scope();
    let project = Project::example(name);
    let facts = project.godock(&["scan", "--json"]).success().stdout;
    check(format!("{name}__facts"), &|| {
        insta::assert_snapshot!(format!("{name}__facts"), facts)
    });
    let plan = project.godock(&["plan", "--json"]).success().stdout;
    let mut plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    plan["godock_version"] = "[version]".into();
    check(format!("{name}__plan"), &|| {
        insta::assert_json_snapshot!(format!("{name}__plan"), plan)
    });
    for preset in applicable_presets(example(name)) {
        let project = Project::example(name);
        project
            .godock(&["init", "--yes", "--preset", preset])
            .success();
        let mut all = String::new();
        for file in ["Dockerfile", ".dockerignore", "Makefile", "godock.toml"] {
            all.push_str(&format!("=== {file}\n{}", project.read(file)));
        }
        check(format!("{name}__{preset}"), &|| {
            insta::assert_snapshot!(format!("{name}__{preset}"), all)
        });
    }
    assert!(
        differ.is_empty(),
        "{name}: these snapshots differ (diffs above): {}",
        differ.join(", ")
    );
}

/// Issue 9: `plan`'s summary is what it was asked for, so it is data on
/// stdout, as `scan`'s facts are (it used to go to stderr).
#[test]
fn plan_summary() {
    let project = Project::example("embedded");
    let run = project.godock(&["plan", "--port", "8080"]).success();
    // Only messages on stderr (embedded's go line is no longer supported).
    assert!(
        run.stderr
            .lines()
            .all(|line| line.starts_with("warning: ") || line.starts_with("hint: ")),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!(run.transcript());
}
