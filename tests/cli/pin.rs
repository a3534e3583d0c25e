//! Pinning against the real registry on loopback (`offline-docker.sh
//! registry`, 127.0.0.1:5000, holding every stand-in under its own name):
//! `godock pin` resolves each base's tag, records it in godock.lock and
//! writes `FROM image:tag@sha256:…`; a tag moved by a push is what `check
//! --remote` reports and `pin --update` moves; the pinned Dockerfile builds.
//! The stand-ins keep their registries' names (`golang`,
//! `gcr.io/distroless/…`), so godock reaches them through
//! `GODOCK_REGISTRY_MIRROR`, as a user reaches a pull-through mirror.
//!
//! Skipped, saying why, without the registry or docker (GODOCK_E2E=1 makes
//! that a failure). What this tier pushes is under `godock-issue13/` with a
//! tag unique to the run. An unreachable registry needs no tier.

use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::{required_tool, skip, Project};
use crate::docker::{build, docker, docker_usable, run_id};

const REGISTRY: &str = "127.0.0.1:5000";
const MIRROR: (&str, &str) = ("GODOCK_REGISTRY_MIRROR", REGISTRY);

fn tier() -> bool {
    let address: SocketAddr = REGISTRY.parse().unwrap();
    if TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_err() {
        skip(&format!(
            "the pinning tier: no registry on {REGISTRY} (start one with offline-docker.sh registry)"
        ));
        return false;
    }
    required_tool("docker", "pinning").is_some() && docker_usable()
}

fn unique_tag() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}-{nanos}", run_id())
}

fn docker_ok(arguments: &[&str]) -> String {
    let (status, stdout, stderr) = docker(arguments, Path::new("."));
    assert!(status.success(), "docker {}: {stderr}", arguments.join(" "));
    stdout
}

/// The digest the registry gives `image` (`127.0.0.1:5000/…`), as buildx reads it.
fn registry_digest(image: &str) -> String {
    let json = docker_ok(&[
        "buildx",
        "imagetools",
        "inspect",
        image,
        "--format",
        "{{json .Manifest}}",
    ]);
    let manifest: serde_json::Value = serde_json::from_str(&json).unwrap();
    manifest["digest"].as_str().unwrap().to_string()
}

/// The Go version the Dockerfile builds with (its `ARG GO_VERSION=`).
fn go_version(dockerfile: &str) -> String {
    dockerfile
        .lines()
        .find_map(|line| line.strip_prefix("ARG GO_VERSION="))
        .unwrap()
        .to_string()
}

#[test]
fn pin_records_each_base_digest_and_writes_it_after_the_tag() {
    if !tier() {
        return;
    }
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let before = project.read("Dockerfile");
    // Without --remote, check never asks a registry: no mirror is set here.
    project
        .godock(&["check", "--remote"])
        .success()
        .says("no base is pinned");
    project.godock_with(&[MIRROR], &["pin"]).success();
    let dockerfile = project.read("Dockerfile");
    let go = go_version(&dockerfile);
    let builder = format!("golang:{go}-trixie");
    let runtime = "gcr.io/distroless/static-debian13:nonroot";
    let builder_digest = registry_digest(&format!("{REGISTRY}/{builder}"));
    let runtime_digest = registry_digest(&format!("{REGISTRY}/{runtime}"));
    assert!(
        dockerfile.contains(&format!(
            "FROM --platform=$BUILDPLATFORM golang:${{GO_VERSION}}-trixie@{builder_digest} AS build"
        )),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains(&format!("FROM {runtime}@{runtime_digest} AS runtime")),
        "{dockerfile}"
    );
    assert!(dockerfile.contains(&format!("org.opencontainers.image.base.name=\"{runtime}\"")));
    assert!(dockerfile.contains(&format!(
        "org.opencontainers.image.base.digest=\"{runtime_digest}\""
    )));
    let lock = project.read("godock.lock");
    assert!(
        lock.contains(&format!("\"{builder}\" = \"{builder_digest}\""))
            && lock.contains(&format!("\"{runtime}\" = \"{runtime_digest}\"")),
        "{lock}"
    );
    // Only the FROM lines, their comments and the labels changed.
    let changed: Vec<&str> = dockerfile
        .lines()
        .filter(|line| !before.lines().any(|old| old == *line))
        .collect();
    assert_eq!(changed.len(), 5, "{changed:#?}");
    eprintln!("pinned {builder}@{builder_digest}, {runtime}@{runtime_digest}");

    // Pinned, the files are what regen writes, and the tags have not moved.
    project.godock(&["check"]).success();
    project.godock(&["regen"]).success();
    assert_eq!(project.read("Dockerfile"), dockerfile);
    project
        .godock_with(&[MIRROR], &["check", "--remote"])
        .success()
        .says(&format!("godock: {builder}: still {builder_digest}"));
    // Pinning again asks nothing and writes nothing.
    project.godock_writes_nothing(&["pin"]);
}

#[test]
fn a_moved_tag_fails_check_remote_until_pin_update_moves_it_and_the_pinned_dockerfile_builds() {
    if !tier() {
        return;
    }
    let tag = unique_tag();
    let runtime = format!("{REGISTRY}/godock-issue13/moving:{tag}");
    docker_ok(&["tag", "gcr.io/distroless/static-debian12:nonroot", &runtime]);
    docker_ok(&["push", "-q", &runtime]);
    let first = registry_digest(&runtime);
    let preset = format!(
        "name = \"moving\"\nsummary = \"a base whose tag moves\"\ncgo = \"never\"\n\n\
         [builder]\nimage = \"{REGISTRY}/golang:${{GO_VERSION}}-${{DEBIAN_CODENAME}}\"\n\n\
         [runtime]\nimage = \"{runtime}\"\nuser = \"65532:65532\"\n"
    );
    let project = Project::example("hello").file("moving.toml", &preset);
    project
        .godock(&[
            "init",
            "--yes",
            "--pin",
            "--no-syntax",
            "--preset",
            "moving.toml",
        ])
        .success();
    assert!(project
        .read("Dockerfile")
        .contains(&format!("FROM {runtime}@{first} AS runtime")));

    docker_ok(&["tag", "gcr.io/distroless/static-debian13:nonroot", &runtime]);
    docker_ok(&["push", "-q", &runtime]);
    let second = registry_digest(&runtime);
    assert_ne!(first, second);
    // Offline, check sees nothing wrong; asked, the registry says the tag moved.
    project.godock(&["check"]).success();
    project
        .godock_writes_nothing(&["check", "--remote"])
        .code(1)
        .says(&format!(
            "godock: moved: {runtime}: pinned to {first}, the tag now points to {second}"
        ))
        .says("godock pin --update");
    project
        .godock(&["pin", "--update"])
        .success()
        .says(&format!("moved from {first} to {second}"));
    let dockerfile = project.read("Dockerfile");
    assert!(dockerfile.contains(&format!("FROM {runtime}@{second} AS runtime")));
    project.godock(&["check", "--remote"]).success();

    let image = format!("godock-issue13-pinned-{tag}");
    let built = build(&["-t", &image], project.path());
    let labels = built.as_ref().map(|()| {
        docker_ok(&[
            "image",
            "inspect",
            "--format",
            "{{index .Config.Labels \"org.opencontainers.image.base.digest\"}}",
            &image,
        ])
    });
    let (_, _, _) = docker(&["rmi", "-f", &image, &runtime], Path::new("."));
    let labels = labels.unwrap_or_else(|failure| panic!("the pinned Dockerfile builds: {failure}"));
    assert_eq!(labels.trim(), second);
    eprintln!("{runtime}: {first} → {second}; the pinned image built");
}

#[test]
fn an_unreachable_registry_is_an_error_naming_it_and_nothing_is_written() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let before = project.listing();
    let run = project.godock_with(&[("GODOCK_REGISTRY_MIRROR", "127.0.0.1:1")], &["pin"]);
    let run = run.code(2);
    run.says("error: cannot pin golang:")
        .says("cannot reach registry 127.0.0.1:1 for 127.0.0.1:1/golang:")
        .says("nothing was written");
    assert_eq!(project.listing(), before);
    let run = project.godock_with(&[("GODOCK_REGISTRY_MIRROR", "https://mirror")], &["pin"]);
    run.code(2)
        .says("GODOCK_REGISTRY_MIRROR: `https://mirror` is not a registry host");
    assert_eq!(project.listing(), before);
}

#[test]
fn a_pin_in_godock_lock_that_is_no_digest_is_refused() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let lock = project.read("godock.lock").replacen(
        "[facts]\n",
        "[facts.bases]\n\"golang:1.26-trixie\" = \"sha256:$(touch P)\"\n\n[facts]\n",
        1,
    );
    project.write("godock.lock", &lock);
    project
        .godock_writes_nothing(&["regen"])
        .code(2)
        .says("godock.lock: bases: `sha256:$(touch P)` for golang:1.26-trixie");
}
