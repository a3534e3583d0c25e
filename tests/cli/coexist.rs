//! godock in repositories that already have a Makefile, a .dockerignore or
//! a Dockerfile of their own, modelled on real layouts: `init --yes` writes
//! beside them, leaves them byte for byte (unless asked to keep a block in
//! them), and what it writes works with them (`make -n` through the user's
//! Makefile; `godock audit` on their Dockerfile).
use crate::common::Project;

/// A Makefile like a real service's: thirty targets, an `include` of shared
/// rules, and its own `docker-build`, `build`, `test` and `help`.
fn busy_makefile() -> String {
    let mut text = String::from(
        "include scripts/common.mk\n\nGO ?= go\nIMAGE := mine\n\n.PHONY: all\nall: build\n\nhelp:\n\t@echo mine\n\nbuild:\n\t$(GO) build ./...\n\ntest:\n\t$(GO) test ./...\n\ndocker-build:\n\tdocker build -t $(IMAGE) .\n\n",
    );
    for index in 0..25 {
        text.push_str(&format!(
            ".PHONY: task{index}\ntask{index}:\n\t@echo {index}\n\n"
        ));
    }
    text
}

const COMMON_MK: &str = "scan:\n\t@echo their scan\n\nrelease:\n\t@echo release\n";
const THEIR_DOCKERFILE: &str =
    "FROM golang:1.20\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\nCMD [\"/app\"]\n";

/// A copy of `example` with the user's own files.
fn repository(example: &str, files: &[(&str, &str)]) -> Project {
    let mut project = Project::example(example);
    for (path, content) in files {
        project = project.file(path, content);
    }
    project
}

/// Runs `make ARGUMENTS` in the project, which must succeed.
fn make(project: &Project, make: &std::path::Path, arguments: &[&str]) -> String {
    let output = std::process::Command::new(make)
        .args(arguments)
        .env("DOCKER", "docker")
        // docker-push refuses to run without a registry to push to.
        .env("REGISTRY", "example.test/acme")
        .current_dir(project.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "make {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_users_file_is_left_byte_for_byte_and_init_succeeds() {
    let makefile = busy_makefile();
    let theirs = [
        ("Makefile", makefile.as_str()),
        ("scripts/common.mk", COMMON_MK),
        ("Dockerfile", THEIR_DOCKERFILE),
        (".dockerignore", ".git\n*.md\nbin\n"),
        ("compose.yaml", "services: {}\n"),
    ];
    let project = repository("embedded", &theirs);
    let run = project
        .godock(&["init", "--yes", "--output", "compose"])
        .success();
    for (path, content) in theirs {
        assert_eq!(project.read(path), content, "{path}");
    }
    for written in [
        "Dockerfile.godock",
        "Dockerfile.godock.dockerignore",
        "docker.mk",
        "compose.godock.yaml",
        "godock.toml",
    ] {
        assert!(project.exists(written), "{written}");
    }
    run.says("godock: Dockerfile is yours: godock writes Dockerfile.godock beside it")
        .says("your Makefile has a `docker-build` target: godock's is `godock-docker-build`")
        .says("your Makefile has a `scan` target: godock's is `godock-scan`")
        .says("your Makefile's help, build, test targets are used")
        .says("add this line to Makefile (or pass --makefile-include): include docker.mk");
    // What audit finds in their Dockerfile, counted as audit counts it, and
    // the command that shows it.
    let audit = project.godock(&["audit"]).code(1).stdout;
    let counts = audit.trim_end().lines().last().unwrap();
    assert_eq!(counts, "3 errors, 3 warnings, 2 infos", "{audit}");
    run.says(&format!(
        "godock: your Dockerfile: `godock audit` finds {counts}; run it to see each with its line and fix"
    ));
    // godock's own Dockerfile, named with -f, is reviewed with its own ignore
    // file (not theirs, which hides README.md) and its GOFLAGS=-trimpath.
    let ours = project.godock(&["audit", "-f", "Dockerfile.godock"]).stdout;
    assert!(
        !ours.contains("[context-hidden]") && !ours.contains("[trimpath]"),
        "{ours}"
    );
    let compose = project.read("compose.godock.yaml");
    assert!(
        compose.contains("dockerfile: Dockerfile.godock"),
        "{compose}"
    );
    let config = project.read("godock.toml");
    assert!(
        config.contains("dockerfile = \"Dockerfile.godock\"\n"),
        "{config}"
    );
    assert!(config.contains("makefile = \"docker.mk\"\n"), "{config}");
    // regen and check reproduce the same choices.
    project.godock(&["check"]).success();
    project
        .godock(&["regen"])
        .success()
        .says("every file is up to date");
}

#[test]
fn the_include_and_the_dockerignore_block_are_added_only_when_asked() {
    let makefile = busy_makefile();
    let project = repository(
        "embedded",
        &[
            ("Makefile", makefile.as_str()),
            ("scripts/common.mk", COMMON_MK),
            (".dockerignore", ".git\n*.md\nbin\n.env\n"),
        ],
    );
    project.godock(&["init", "--yes"]).success();
    assert_eq!(project.read("Makefile"), makefile);
    assert_eq!(project.read(".dockerignore"), ".git\n*.md\nbin\n.env\n");
    project
        .godock(&[
            "init",
            "--yes",
            "--makefile-include",
            "--dockerignore-block",
        ])
        .success();
    let with_block = project.read("Makefile");
    assert!(with_block.starts_with(&makefile), "{with_block}");
    assert!(
        with_block.ends_with("# godock: begin (written by godock: its Docker targets; `godock regen` keeps these lines)\ninclude docker.mk\n# godock: end\n"),
        "{with_block}"
    );
    let ignore = project.read(".dockerignore");
    assert!(
        ignore.starts_with(".git\n*.md\nbin\n.env\n\n# godock: begin"),
        "{ignore}"
    );
    // The embedded README.md and bin/motd.txt come back, secrets go last.
    let block = &ignore[ignore.find("# godock: begin").unwrap()..];
    let readme = block.find("!README.md").unwrap();
    let motd = block.find("!bin/motd.txt").unwrap();
    let env = block.find("**/.env\n").unwrap();
    assert!(readme < env && motd < env, "{block}");
    // regen keeps both blocks as they are, and check agrees.
    project
        .godock(&["regen"])
        .success()
        .says("every file is up to date");
    project.godock(&["check"]).success();
    // An edit of the user's beside the block survives a regen.
    project.write("Makefile", &format!("# mine\n{with_block}"));
    project.godock(&["check"]).success();
}

#[test]
fn every_godock_target_runs_under_make_through_the_users_makefile() {
    let Some(make_program) = crate::common::required_tool("make", "Makefile") else {
        return;
    };
    let makefile = busy_makefile();
    let project = repository(
        "multi",
        &[
            ("Makefile", makefile.as_str()),
            ("scripts/common.mk", COMMON_MK),
            ("Dockerfile", THEIR_DOCKERFILE),
        ],
    );
    project
        .godock(&["init", "--yes", "--makefile-include"])
        .success();
    // Their default goal stays theirs, and so do their targets.
    assert_eq!(make(&project, &make_program, &["-n"]), "echo their scan\n");
    assert_eq!(
        make(&project, &make_program, &["-n", "docker-build"]),
        "docker build -t mine .\n"
    );
    assert_eq!(
        make(&project, &make_program, &["-n", "scan"]),
        "echo their scan\n"
    );
    // Every target docker.mk defines.
    let docker_mk = project.read("docker.mk");
    let targets: Vec<&str> = docker_mk
        .lines()
        .filter_map(|line| line.strip_prefix(".PHONY: "))
        .collect();
    for expected in [
        "godock-docker-build",
        "docker-run",
        "docker-push",
        "docker-buildx",
        "godock-scan",
    ] {
        assert!(targets.contains(&expected), "{expected}: {targets:?}");
    }
    for target in targets {
        let commands = make(&project, &make_program, &["-n", target]);
        if target.starts_with("docker-build") || target == "godock-docker-build" {
            assert!(
                commands.contains("docker build -f Dockerfile.godock")
                    || commands.contains("docker buildx build -f Dockerfile.godock"),
                "{target}: {commands}"
            );
        }
    }
    // Their IMAGE (`:=`) wins over godock's `?=`.
    let build = make(&project, &make_program, &["-n", "docker-build-api"]);
    assert!(build.contains(" -t example.test/acme/mine"), "{build}");
    // Without the include, the same targets run with `make -f docker.mk`.
    let alone = repository(
        "multi",
        &[
            ("Makefile", makefile.as_str()),
            ("scripts/common.mk", COMMON_MK),
        ],
    );
    alone.godock(&["init", "--yes"]).success();
    assert_eq!(alone.read("Makefile"), makefile);
    for target in [
        "godock-docker-build",
        "docker-run",
        "docker-push",
        "docker-buildx",
    ] {
        make(&alone, &make_program, &["-n", "-f", "docker.mk", target]);
    }
}

#[test]
fn an_allow_list_dockerignore_is_warned_about_and_the_block_sends_what_is_needed() {
    let project = repository(
        "embedded",
        &[(".dockerignore", "*\n!go.mod\n!go.sum\n!*.go\n!web\n")],
    );
    let run = project.godock(&["init", "--yes"]).success();
    run.says(".dockerignore:1 (`*`) keeps README.md out of the build context");
    assert_eq!(
        project.read(".dockerignore"),
        "*\n!go.mod\n!go.sum\n!*.go\n!web\n"
    );
    project
        .godock(&["init", "--yes", "--dockerignore-block"])
        .success();
    let ignore = project.read(".dockerignore");
    for needed in ["!README.md", "!docs", "!bin/motd.txt", "!static/*"] {
        assert!(
            ignore.contains(&format!("{needed}\n")),
            "{needed}: {ignore}"
        );
    }
}

#[test]
fn force_still_replaces_the_users_file_and_keeps_it() {
    let project = repository("hello", &[("Dockerfile", THEIR_DOCKERFILE)]);
    project.godock(&["init", "--yes", "--force"]).success();
    assert_eq!(project.read("Dockerfile.orig"), THEIR_DOCKERFILE);
    assert!(project.read("Dockerfile").contains("Written by godock"));
    assert!(!project.exists("Dockerfile.godock"));
}

#[test]
fn a_broken_block_is_refused_with_its_line_and_nothing_is_written() {
    let project = repository(
        "hello",
        &[(".dockerignore", ".git\n# godock: begin\n.env\n")],
    );
    let run = project
        .godock_writes_nothing(&["init", "--yes", "--dockerignore-block"])
        .code(2);
    run.says(".dockerignore, line 2: `# godock: begin` without a `# godock: end` after it");
}

/// The Docker tier for a repository that keeps its own files: godock's
/// Dockerfile.godock, built by `make docker-build` through the user's
/// Makefile (which includes docker.mk), reads its own ignore file (the
/// user's hides the embedded README.md), and the image passes its selftest.
#[test]
fn dockerfile_godock_builds_through_the_users_makefile_and_runs() {
    use crate::docker::{docker_usable, exit, run_id, run_image, Images};
    let Some(make_program) = crate::common::required_tool("make", "Makefile") else {
        return;
    };
    if !docker_usable() {
        return;
    }
    // Their Makefile has no docker-build of its own, so godock's keeps its name.
    let makefile = "GO ?= go\nIMAGE := theirs\n\n.PHONY: build\nbuild:\n\t$(GO) build ./...\n";
    let ignore = ".git\n*.md\nbin\n";
    let theirs = [
        ("Makefile", makefile),
        ("Dockerfile", THEIR_DOCKERFILE),
        (".dockerignore", ignore),
    ];
    let project = repository("embedded", &theirs);
    project
        .godock(&["init", "--yes", "--no-syntax", "--makefile-include"])
        .success();
    assert_eq!(project.read("Dockerfile"), THEIR_DOCKERFILE);
    assert_eq!(project.read(".dockerignore"), ignore);
    let included = project.read("Makefile");
    assert!(included.starts_with(makefile), "{included}");
    assert!(included.contains("\ninclude docker.mk\n"), "{included}");

    let images = Images::default();
    let image = format!("godock-test-coexist-{}", run_id());
    images.add(&format!("{image}:test"));
    let output = std::process::Command::new(&make_program)
        .args([
            "docker-build",
            &format!("IMAGE={image}"),
            "REGISTRY=",
            "TAG=test",
            &format!("DOCKER={}", crate::docker::program().display()),
            "DOCKER_BUILD_FLAGS=--network=host --progress=plain",
        ])
        .current_dir(project.path())
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "make docker-build: {}\n{log}",
        exit(output.status)
    );
    assert!(
        log.contains("build -f Dockerfile.godock "),
        "make docker-build builds Dockerfile.godock:\n{log}"
    );
    let (status, stdout, stderr) = run_image(&format!("{image}:test"), "selftest");
    assert!(
        status.success(),
        "{image}:test selftest: {}, {stdout:?} {stderr}",
        exit(status)
    );
    // Building changed none of the user's files.
    for (path, content) in theirs {
        if path != "Makefile" {
            assert_eq!(project.read(path), content, "{path}");
        }
    }
    assert_eq!(project.read("Makefile"), included);
}
