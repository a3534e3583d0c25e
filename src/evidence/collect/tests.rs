use std::fs;
use std::path::Path;
use std::process::Command;

use super::*;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("parent")).expect("directory");
    fs::write(path, text).expect("write");
}

fn messages(evidence: &Evidence) -> Vec<String> {
    evidence
        .all_warnings()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A repository with one of every source, laid out as real projects do.
fn repository() -> tempfile::TempDir {
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = directory.path();
    write(root, "Dockerfile", "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n");
    write(
        root,
        "build/Dockerfile.release",
        "FROM gcr.io/distroless/static\nCOPY app /app\n",
    );
    write(root, "cmd/worker/Dockerfile", "FROM scratch\n");
    write(root, "vendor/github.com/x/y/Dockerfile", "FROM scratch\n");
    write(root, ".dockerignore", "*.md\n!README.md\n");
    write(root, "build/Dockerfile.release.dockerignore", "*\n!app\n");
    write(root, "Makefile", "include make/version.mk\nbuild:\n\tgo build -ldflags \"-X main.version=$(VERSION)\" -o bin/app ./cmd/app\n");
    write(
        root,
        "make/version.mk",
        "include make/more.mk\nVERSION ?= $(shell git describe --tags)\n",
    );
    write(root, "make/more.mk", "docker-build:\n\tdocker build .\n");
    write(root, ".goreleaser.yaml", "version: 2\nbuilds:\n  - id: app\n    main: ./cmd/app\ndockers:\n  - ids: [app]\n    dockerfile: build/Dockerfile.release\n");
    write(root, "goreleaser.yml", "builds: []\n");
    write(root, ".promu.yml", "repository:\n  path: github.com/x/app\nbuild:\n  binaries:\n    - name: app\n      path: ./cmd/app\n");
    write(root, "VERSION", "1.4.2\n");
    write(root, "Procfile", "web: bin/app serve\n");
    write(
        root,
        "justfile",
        "build:\n    go build -o bin/app ./cmd/app\n",
    );
    write(
        root,
        "Taskfile.yml",
        "version: '3'\ntasks:\n  build:\n    cmds: [go build ./cmd/app]\n",
    );
    write(
        root,
        "scripts/build.sh",
        "#!/bin/sh\ngo build -trimpath ./cmd/app\n",
    );
    write(root, "scripts/lint.sh", "#!/bin/sh\ngolangci-lint run\n");
    write(root, "script/build", "#!/bin/sh\ngo install ./cmd/app\n");
    directory
}

#[test]
fn every_source_is_found_with_paths_relative_to_the_root() {
    let directory = repository();
    let evidence = collect(directory.path());
    let dockerfiles: Vec<_> = evidence
        .dockerfiles
        .iter()
        .map(|file| file.file.clone())
        .collect();
    assert_eq!(
        dockerfiles,
        [
            PathBuf::from("Dockerfile"),
            PathBuf::from("build/Dockerfile.release"),
            PathBuf::from("cmd/worker/Dockerfile")
        ]
    );
    let ignores: Vec<_> = evidence
        .dockerignores
        .iter()
        .map(|file| file.file.clone())
        .collect();
    assert_eq!(
        ignores,
        [
            PathBuf::from(".dockerignore"),
            PathBuf::from("build/Dockerfile.release.dockerignore")
        ]
    );
    let makefile = evidence.makefile.as_ref().expect("Makefile");
    assert_eq!(
        makefile.files,
        [
            PathBuf::from("Makefile"),
            PathBuf::from("make/version.mk"),
            PathBuf::from("make/more.mk")
        ]
    );
    assert!(makefile.targets().contains("docker-build"));
    assert_eq!(
        evidence.goreleaser.as_ref().map(|c| c.file.clone()),
        Some(PathBuf::from(".goreleaser.yaml"))
    );
    let promu = evidence.promu.as_ref().expect("promu");
    assert_eq!(
        promu.version_file.as_ref().map(|v| v.version.as_str()),
        Some("1.4.2")
    );
    assert!(
        evidence.procfile.is_some() && evidence.justfile.is_some() && evidence.taskfile.is_some()
    );
    let scripts: Vec<_> = evidence
        .scripts
        .iter()
        .map(|script| script.file.clone())
        .collect();
    assert_eq!(
        scripts,
        [
            PathBuf::from("script/build"),
            PathBuf::from("scripts/build.sh")
        ]
    );
    assert_eq!(
        messages(&evidence),
        ["goreleaser.yml: goreleaser reads .goreleaser.yaml and ignores this file"]
    );
    let sources: Vec<_> = evidence
        .go_builds()
        .iter()
        .map(|(source, build)| (*source, build.location.to_string()))
        .collect();
    // The plan will show this provenance in `plan --json`.
    let json = serde_json::to_value(&evidence).expect("serialisable");
    assert_eq!(
        json["dockerfiles"][0]["stages"][0]["instructions"][0]["kind"]["instruction"],
        "run"
    );
    assert_eq!(json["makefile"]["go_builds"][0]["location"]["line"], 3);
    assert_eq!(
        sources,
        [
            (Source::Dockerfile, "Dockerfile:2".to_string()),
            (Source::Makefile, "Makefile:3".to_string()),
            (Source::GoReleaser, ".goreleaser.yaml:3".to_string()),
            (Source::Promu, ".promu.yml:5".to_string()),
            (Source::Justfile, "justfile:2".to_string()),
            (Source::Taskfile, "Taskfile.yml:4".to_string()),
            (Source::Script, "script/build:2".to_string()),
            (Source::Script, "scripts/build.sh:2".to_string()),
        ]
    );
}

#[test]
fn an_empty_directory_has_no_evidence() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let evidence = collect(directory.path());
    assert!(evidence.dockerfiles.is_empty() && evidence.makefile.is_none());
    assert!(evidence.all_warnings().is_empty());
    assert!(collect(&directory.path().join("missing"))
        .all_warnings()
        .is_empty());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_root_fifos_and_huge_files_are_refused_with_a_warning() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("outside");
    write(outside.path(), "secret", "FROM scratch\n");
    write(outside.path(), "scripts/build.sh", "go build ./stolen\n");
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = directory.path();
    symlink(outside.path().join("secret"), root.join("Dockerfile")).expect("symlink");
    symlink(outside.path().join("scripts"), root.join("scripts")).expect("symlink");
    write(root, "real.mk", "all:\n\tgo build .\n");
    symlink("real.mk", root.join("Makefile")).expect("symlink inside");
    let status = Command::new("mkfifo")
        .arg(root.join("Procfile"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    fs::write(
        root.join("justfile"),
        vec![b'#'; (MAX_FILE_SIZE + 1) as usize],
    )
    .expect("big file");
    write(root, "Taskfile.yml", "tasks: [\n");
    fs::write(root.join("Dockerfile.latin1"), b"FROM scratch\n# caf\xe9\n").expect("latin-1");
    let evidence = collect(root);
    let mut warnings = messages(&evidence);
    warnings.sort();
    assert_eq!(
        warnings,
        [
            "Dockerfile.latin1: not valid UTF-8; read with replacement characters",
            "Dockerfile: a symbolic link to a file outside the repository; not read",
            "Procfile: not a regular file (a FIFO, socket or device); not read",
            "Taskfile.yml:2: not valid YAML: while parsing a node, did not find expected node content",
            "justfile: 4194305 bytes, more than the 4 MiB godock reads; not read",
            "scripts/build.sh: reached through a symbolic link that leaves the repository; not read",
        ]
    );
    assert_eq!(
        evidence.dockerfiles.len(),
        1,
        "the Latin-1 file is still read"
    );
    assert_eq!(
        evidence.makefile.map(|m| m.go_builds.len()),
        Some(1),
        "a link inside the root is followed"
    );
    assert!(evidence.scripts.is_empty());
}
