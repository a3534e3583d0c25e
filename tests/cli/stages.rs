//! The Docker tier for one build stage per binary: a plain `docker build .`
//! compiles the primary only, `--target NAME` compiles NAME only, a secondary
//! main that does not compile breaks neither, and the all-binaries build
//! (`--build-arg BINARIES=all`, as `make docker-build` passes it) fails
//! naming the binary that does not compile.
use std::collections::BTreeSet;
use std::path::Path;

use crate::common::Project;
use crate::docker::{docker, docker_usable, exit, run_id, run_image, Images};

/// `docker build --network=host --progress=plain ARGUMENTS .`: whether it
/// succeeded, its log, and the stages whose steps ran or came from the cache
/// (`compile-api`, …) as BuildKit's step headers name them.
fn build(arguments: &[&str], directory: &Path) -> (bool, String, BTreeSet<String>) {
    let mut all = vec!["build", "--network=host", "--progress=plain"];
    all.extend_from_slice(arguments);
    all.push(".");
    let (status, stdout, stderr) = docker(&all, directory);
    let log = format!("{stdout}{stderr}");
    let stages = log
        .lines()
        .filter(|line| line.starts_with('#'))
        .filter_map(|line| {
            let (_, rest) = line.split_once(" [")?;
            let (stage, _) = rest.split_once(' ')?;
            stage.starts_with("compile-").then(|| stage.to_string())
        })
        .collect();
    (status.success(), format!("{}\n{log}", exit(status)), stages)
}

#[test]
fn each_image_compiles_its_own_binary_and_a_broken_secondary_main_breaks_no_other() {
    if !docker_usable() {
        return;
    }
    // examples/multi has api, worker and multi (the primary) under cmd/;
    // broken joins them and does not compile.
    let project = Project::example("multi").file(
        "cmd/broken/main.go",
        "// Command broken does not compile.\npackage main\n\nfunc main() { undefinedThing() }\n",
    );
    project.godock(&["init", "--yes", "--no-syntax"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("FROM build AS compile-broken"),
        "{dockerfile}"
    );
    let images = Images::default();
    let image = format!("godock-test-stages-{}", run_id());

    images.add(&image);
    let (ok, log, stages) = build(&["-t", &image], project.path());
    assert!(
        ok,
        "a plain build failed although only broken does not compile:\n{log}"
    );
    assert_eq!(
        stages,
        BTreeSet::from(["compile-multi".to_string()]),
        "a plain build compiles the primary only:\n{log}"
    );
    let (status, stdout, stderr) = run_image(&image, "selftest");
    assert!(
        status.success() && stdout == "multi ok\n",
        "{image} selftest: {}, {stdout:?} {stderr}",
        exit(status)
    );

    let api = format!("{image}-api");
    images.add(&api);
    let (ok, log, stages) = build(&["--target", "api", "-t", &api], project.path());
    assert!(ok, "--target api failed:\n{log}");
    assert_eq!(
        stages,
        BTreeSet::from(["compile-api".to_string()]),
        "--target api compiles api only:\n{log}"
    );
    let (status, stdout, stderr) = run_image(&api, "selftest");
    assert!(
        status.success() && stdout == "api ok\n",
        "{api} selftest: {}, {stdout:?} {stderr}",
        exit(status)
    );

    let (ok, log, stages) = build(
        &["--target", "broken", "-t", &format!("{image}-broken")],
        project.path(),
    );
    assert!(!ok, "--target broken built:\n{log}");
    assert_eq!(
        stages,
        BTreeSet::from(["compile-broken".to_string()]),
        "{log}"
    );
    assert!(log.contains("undefined: undefinedThing"), "{log}");

    let (ok, log, stages) = build(
        &[
            "--build-arg",
            "BINARIES=all",
            "--target",
            "api",
            "-t",
            &format!("{image}-all"),
        ],
        project.path(),
    );
    assert!(
        !ok,
        "the all-binaries build succeeded with broken in it:\n{log}"
    );
    assert_eq!(stages, BTreeSet::from(["compile-all".to_string()]), "{log}");
    assert!(
        log.contains("godock: these binaries do not compile: broken\n"),
        "the all-binaries build does not name the binary that failed:\n{log}"
    );

    // Without the broken main, the all-binaries step builds every image.
    std::fs::remove_dir_all(project.path().join("cmd/broken")).unwrap();
    project.godock(&["regen"]).success();
    let worker = format!("{image}-worker-all");
    images.add(&worker);
    let (ok, log, stages) = build(
        &[
            "--build-arg",
            "BINARIES=all",
            "--target",
            "worker",
            "-t",
            &worker,
        ],
        project.path(),
    );
    assert!(ok, "the all-binaries build failed:\n{log}");
    assert_eq!(stages, BTreeSet::from(["compile-all".to_string()]), "{log}");
    let (status, stdout, stderr) = run_image(&worker, "selftest");
    assert!(
        status.success() && stdout == "worker ok\n",
        "{worker} selftest: {}, {stdout:?} {stderr}",
        exit(status)
    );
}
