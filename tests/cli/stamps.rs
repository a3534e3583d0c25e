//! Version stamps end to end: the examples whose version lives outside
//! package main (`versionpkg`'s own `internal/version`, `promversion`'s
//! `github.com/prometheus/common/version`) print the version given as a
//! build argument, and without one the default their source declares: no
//! placeholder replaces it. Docker tier (skipped without an engine, a
//! failure under GODOCK_E2E=1), plus what `plan --json` says about them.
use serde_json::Value;

use crate::common::Project;
use crate::docker::{build, docker, docker_usable, run_id, Images};

/// Each example, the symbols its plan stamps, and what `--version` prints
/// when no version is given.
const EXAMPLES: [(&str, &[&str], &str); 2] = [
    (
        "versionpkg",
        &[
            "github.com/example/versionpkg/internal/version.Version",
            "github.com/example/versionpkg/internal/version.Commit",
        ],
        "0.9.0-src\n",
    ),
    (
        "promversion",
        &[
            "github.com/prometheus/common/version.Version",
            "github.com/prometheus/common/version.Revision",
            "github.com/prometheus/common/version.BuildDate",
        ],
        "(unset)\n",
    ),
];

#[test]
fn the_plan_stamps_version_packages_and_known_libraries_by_import_path() {
    for (name, symbols, _) in EXAMPLES {
        let project = Project::example(name);
        let run = project.godock(&["plan", "--json"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let plan: Value = serde_json::from_str(&run.stdout).expect("plan --json is JSON");
        let stamped: Vec<String> = plan["binaries"][0]["version_variables"]
            .as_array()
            .expect("version_variables")
            .iter()
            .map(|variable| {
                format!(
                    "{}.{}",
                    variable["package"].as_str().unwrap(),
                    variable["name"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(stamped, symbols, "{name}");
    }
    // prometheus/common/version's Branch and BuildUser: no build argument
    // says them, so they are listed rather than guessed.
    let run = Project::example("promversion").godock(&["plan", "--json"]);
    let plan: Value = serde_json::from_str(&run.stdout).expect("plan --json is JSON");
    let unstamped: Vec<&str> = plan["binaries"][0]["unstamped"]
        .as_array()
        .expect("unstamped")
        .iter()
        .map(|entry| entry["symbol"].as_str().unwrap())
        .collect();
    assert_eq!(
        unstamped,
        [
            "github.com/prometheus/common/version.Branch",
            "github.com/prometheus/common/version.BuildUser"
        ]
    );
}

#[test]
fn a_given_version_is_stamped_and_a_plain_build_keeps_the_sources_default() {
    if !docker_usable() {
        return;
    }
    let images = Images::default();
    for (name, _, default) in EXAMPLES {
        let project = Project::example(name);
        project.godock(&["init", "--yes", "--no-syntax"]).success();
        let plain = format!("godock-test-stamps-{name}-plain-{}", run_id());
        let stamped = format!("godock-test-stamps-{name}-stamped-{}", run_id());
        images.add(&plain);
        images.add(&stamped);
        build(&["-t", &plain], project.path())
            .unwrap_or_else(|log| panic!("{name}: plain build failed\n{log}"));
        build(
            &["--build-arg", "VERSION=1.2.3", "-t", &stamped],
            project.path(),
        )
        .unwrap_or_else(|log| panic!("{name}: build with VERSION failed\n{log}"));
        for (image, expected) in [(&stamped, "1.2.3\n"), (&plain, default)] {
            let (status, stdout, stderr) = docker(
                &[
                    "run",
                    "--rm",
                    "--read-only",
                    "--network=none",
                    image,
                    "--version",
                ],
                std::path::Path::new("."),
            );
            assert!(status.success(), "{name}: {image} --version: {stderr}");
            assert_eq!(stdout, expected, "{name}: `docker run {image} --version`");
        }
    }
}
