use std::path::Path;

use super::*;
use crate::evidence::value::BuildInput;

/// Shaped like the configs of well-known Go CLIs and servers: several
/// builds sharing an anchor, ldflags as a list and as a string, overrides,
/// a skipped build, docker images per build id and a ko image.
const CONFIG: &str = r#"# yaml-language-server: $schema=https://goreleaser.com/static/schema.json
version: 2
project_name: widget

env:
  - GO111MODULE=on

before:
  hooks:
    - go mod tidy
    - cmd: go generate ./...
      dir: internal/ui

builds:
  - &server
    id: widget-server
    main: ./cmd/widget-server
    binary: widget-server
    env:
      - CGO_ENABLED=0
    flags:
      - -trimpath
      - -mod=readonly
    tags: [netgo, osusergo]
    ldflags:
      - -s -w
      - -X github.com/acme/widget/internal/version.Version={{.Version}}
      - -X github.com/acme/widget/internal/version.Commit={{ .ShortCommit }}
      - -X github.com/acme/widget/internal/version.Date={{.CommitDate}}
      - -X main.channel={{ .Env.CHANNEL }}
    goos: [linux, darwin]
    goarch: [amd64, arm64]
    overrides:
      - goos: darwin
        goarch: arm64
        env: [CGO_ENABLED=1]
  - <<: *server
    id: widgetctl
    main: ./cmd/widgetctl
    binary: widgetctl
    ldflags: -s -w -X main.version={{.Version}}
  - id: agent
    dir: agent
    skip: "{{ .IsSnapshot }}"
  - id: ui
    builder: bun
    main: ./ui/index.ts

dockers:
  - ids: [widget-server]
    dockerfile: build/Dockerfile.release
    image_templates:
      - "acme/widget:{{ .Tag }}"
dockers_v2:
  - ids: [widgetctl]
    dockerfile: Dockerfile.ctl
    images: [acme/widgetctl]
kos:
  - build: agent
    main: ./agent/cmd/agent
    base_image: cgr.dev/chainguard/static
    repositories: [acme/agent]
"#;

fn config() -> GoReleaser {
    parse(CONFIG, Path::new(".goreleaser.yaml"))
}

#[test]
fn every_build_with_its_settings_and_location() {
    let config = config();
    assert_eq!(config.warnings, []);
    assert_eq!(config.version, Some(2));
    assert_eq!(config.project_name.as_deref(), Some("widget"));
    let ids: Vec<_> = config
        .builds
        .iter()
        .map(|build| build.id.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["widget-server", "widgetctl", "agent", "ui"]);
    let server = &config.builds[0];
    assert_eq!(
        server.location.to_string(),
        ".goreleaser.yaml:15",
        "where the list item starts"
    );
    assert_eq!(server.main.as_deref(), Some("./cmd/widget-server"));
    assert_eq!(server.tags, ["netgo", "osusergo"]);
    assert_eq!(server.goarch, ["amd64", "arm64"]);
    assert_eq!(server.overrides[0].env, ["CGO_ENABLED=1"]);
    assert_eq!(server.overrides[0].location.line, 34);
    let ctl = &config.builds[1];
    assert_eq!(
        ctl.flags,
        ["-trimpath", "-mod=readonly"],
        "merged from the anchor"
    );
    assert_eq!(
        ctl.ldflags,
        ["-s -w -X main.version={{.Version}}"],
        "its own key wins"
    );
    assert_eq!(
        config.builds[2].skip,
        Skip::Template("{{ .IsSnapshot }}".into())
    );
    assert!(!config.builds[3].is_go());
    assert!(config.builds[3].go_build.is_none());
}

#[test]
fn builds_read_as_the_go_build_goreleaser_runs() {
    let config = config();
    let server = config.builds[0].go_build.as_ref().expect("go build");
    assert_eq!(server.within.as_deref(), Some("widget-server"));
    assert_eq!(server.cgo_enabled(), Some(false));
    assert!(
        server.env_value("GO111MODULE").is_some(),
        "the global env applies"
    );
    assert!(server.trimpath);
    assert_eq!(server.module_mode.as_deref(), Some("readonly"));
    assert_eq!(server.tags, ["netgo", "osusergo"]);
    assert_eq!(server.packages[0].as_literal(), Some("./cmd/widget-server"));
    let stamps: Vec<_> = server
        .ldflags
        .as_ref()
        .expect("ldflags")
        .assignments
        .iter()
        .map(|stamp| (stamp.variable(), stamp.value.inputs()))
        .collect();
    assert_eq!(
        stamps,
        [
            ("Version", vec![BuildInput::Version]),
            ("Commit", vec![BuildInput::ShortCommit]),
            ("Date", vec![BuildInput::CommitDate]),
            ("channel", vec![]),
        ]
    );
    let unknown: Vec<_> = server.ldflags.as_ref().expect("ldflags").assignments[3]
        .value
        .unknown_references()
        .map(|reference| reference.text.as_str())
        .collect();
    assert_eq!(unknown, ["{{ .Env.CHANNEL }}"]);
    let agent = &config.builds[2];
    assert!(agent.default_ldflags);
    let agent_build = agent.go_build.as_ref().expect("go build");
    assert_eq!(agent_build.directory.as_deref(), Some("agent"));
    assert_eq!(agent_build.packages[0].as_literal(), Some("."));
    assert_eq!(
        agent_build.ldflags.as_ref().map(|l| l.assignments.len()),
        Some(4)
    );
}

#[test]
fn hooks_and_images() {
    let config = config();
    let hooks: Vec<_> = config
        .before_hooks
        .iter()
        .map(|hook| {
            (
                hook.command.as_str(),
                hook.dir.as_deref(),
                hook.location.line,
            )
        })
        .collect();
    assert_eq!(
        hooks,
        [
            ("go mod tidy", None, 10),
            ("go generate ./...", Some("internal/ui"), 11)
        ]
    );
    let images: Vec<_> = config
        .images
        .iter()
        .map(|image| (image.kind, image.ids.clone(), image.dockerfile.as_deref()))
        .collect();
    assert_eq!(
        images,
        [
            (
                ImageKind::Docker,
                vec!["widget-server".to_string()],
                Some("build/Dockerfile.release")
            ),
            (
                ImageKind::DockerV2,
                vec!["widgetctl".to_string()],
                Some("Dockerfile.ctl")
            ),
            (ImageKind::Ko, vec!["agent".to_string()], None),
        ]
    );
    assert_eq!(config.images[2].main.as_deref(), Some("./agent/cmd/agent"));
    assert_eq!(config.images[0].images, ["acme/widget:{{ .Tag }}"]);
}

#[test]
fn a_v1_config_without_builds_and_a_broken_file() {
    let config = parse("project_name: tool\nbuilds:\n", Path::new("goreleaser.yml"));
    assert_eq!(config.version, None);
    assert!(config.builds_declared && config.builds.is_empty());
    let none = parse("project_name: tool\n", Path::new("goreleaser.yml"));
    assert!(!none.builds_declared);
    let broken = parse("builds:\n  - id: [unclosed\n", Path::new(".goreleaser.yml"));
    assert_eq!(broken.warnings.len(), 1);
    assert!(broken.warnings[0]
        .to_string()
        .starts_with(".goreleaser.yml:"));
}
