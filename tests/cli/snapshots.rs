//! Snapshots of what godock finds and writes for every example project: the
//! scan's facts, the plan, and every generated file under every preset that
//! can serve the project. A change to any template shows up here as a diff
//! to review (`INSTA_UPDATE=always cargo test`, then read `git diff`).
use crate::common::{applicable_presets, Project, EXAMPLES};

#[test]
fn facts_and_plan_of_every_example() {
    for example in &EXAMPLES {
        let project = Project::example(example.name);
        let facts = project.godock(&["scan", "--json"]).success().stdout;
        insta::assert_snapshot!(format!("{}__facts", example.name), facts);
        let plan = project.godock(&["plan", "--json"]).success().stdout;
        let mut plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
        plan["godock_version"] = "[version]".into();
        insta::assert_json_snapshot!(format!("{}__plan", example.name), plan);
    }
}

#[test]
fn generated_files_of_every_example_and_preset() {
    for example in &EXAMPLES {
        for preset in applicable_presets(example) {
            let project = Project::example(example.name);
            project
                .godock(&["init", "--yes", "--preset", preset])
                .success();
            let mut all = String::new();
            for file in ["Dockerfile", ".dockerignore", "Makefile", "godock.toml"] {
                all.push_str(&format!("=== {file}\n{}", project.read(file)));
            }
            insta::assert_snapshot!(format!("{}__{preset}", example.name), all);
        }
    }
}

/// Issue 9: `plan`'s summary is what it was asked for, so it is data on
/// stdout, as `scan`'s facts are (it used to go to stderr).
#[test]
fn plan_summary() {
    let project = Project::example("embedded");
    let run = project.godock(&["plan", "--port", "8080"]).success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    insta::assert_snapshot!(run.transcript());
}
