//! A goreleaser config (`.goreleaser.yaml` and every other name goreleaser
//! accepts; `version: 2` and v1): its builds (id, main, dir, binary,
//! ldflags, flags, tags, env, goos/goarch, overrides, skip, builder), the
//! `before.hooks` that generate code, and which builds ship in images
//! (`dockers`, `dockers_v2`, `kos`). Each build is also read as the
//! `go build` goreleaser runs for it, with goreleaser's default ldflags when
//! the config sets none.
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::go_build::{self, EnvAssignment, GoBuild};
use super::value::{Dialect, Value};
use super::yaml::{self, Node};
use super::{Location, Warning};

/// The names goreleaser looks for, in its order.
pub const FILE_NAMES: [&str; 6] = [
    ".config/goreleaser.yml",
    ".config/goreleaser.yaml",
    ".goreleaser.yml",
    ".goreleaser.yaml",
    "goreleaser.yml",
    "goreleaser.yaml",
];

/// The ldflags goreleaser uses when a build sets none.
pub const DEFAULT_LDFLAGS: &str =
    "-s -w -X main.version={{.Version}} -X main.commit={{.Commit}} -X main.date={{.Date}} -X main.builtBy=goreleaser";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoReleaser {
    pub file: PathBuf,
    /// `version: 2`; `None` for a v1 config.
    pub version: Option<u32>,
    pub project_name: Option<String>,
    /// Whether the config has `builds`; without it goreleaser builds `.`
    /// into one binary named after the project.
    pub builds_declared: bool,
    pub builds: Vec<ReleaseBuild>,
    /// `before.hooks`: commands run before any build (often generation).
    pub before_hooks: Vec<Hook>,
    pub images: Vec<ReleaseImage>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseBuild {
    pub location: Location,
    pub id: Option<String>,
    /// `go` unless it says otherwise (`rust`, `zig`, `bun`, `prebuilt`, …).
    pub builder: Option<String>,
    pub main: Option<String>,
    pub dir: Option<String>,
    pub binary: Option<String>,
    /// As written; each entry a template.
    pub ldflags: Vec<String>,
    pub flags: Vec<String>,
    pub tags: Vec<String>,
    /// `NAME=value` entries.
    pub env: Vec<String>,
    pub goos: Vec<String>,
    pub goarch: Vec<String>,
    pub skip: Skip,
    pub overrides: Vec<Override>,
    /// The `go build` goreleaser runs for it (for the Go builder).
    pub go_build: Option<GoBuild>,
    /// Whether `go_build` uses [`DEFAULT_LDFLAGS`].
    pub default_ldflags: bool,
}

impl ReleaseBuild {
    pub fn is_go(&self) -> bool {
        self.builder
            .as_deref()
            .is_none_or(|builder| builder == "go")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    No,
    Yes,
    /// A template decides (`{{ .IsSnapshot }}`).
    Template(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    pub location: Location,
    pub goos: Option<String>,
    pub goarch: Option<String>,
    pub ldflags: Vec<String>,
    pub flags: Vec<String>,
    pub tags: Vec<String>,
    pub env: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hook {
    pub location: Location,
    pub command: String,
    pub dir: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageKind {
    /// `dockers`.
    Docker,
    /// `dockers_v2`.
    DockerV2,
    /// `kos`: ko builds the image itself, no Dockerfile.
    Ko,
}

/// An image goreleaser publishes, and what goes in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseImage {
    pub location: Location,
    pub kind: ImageKind,
    /// The build ids whose binaries it holds (`ids`, or ko's `build`);
    /// empty means every build.
    pub ids: Vec<String>,
    pub dockerfile: Option<String>,
    /// Image names or templates (`image_templates`, `images`, `repositories`).
    pub images: Vec<String>,
    /// ko's `main`.
    pub main: Option<String>,
    /// ko's `base_image`.
    pub base_image: Option<String>,
}

/// Reads the config at `file`; a file that is not YAML is a warning with
/// its line, and an empty result.
pub fn parse(text: &str, file: &Path) -> GoReleaser {
    let mut config = GoReleaser {
        file: file.to_path_buf(),
        version: None,
        project_name: None,
        builds_declared: false,
        builds: Vec::new(),
        before_hooks: Vec::new(),
        images: Vec::new(),
        warnings: Vec::new(),
    };
    let root = match yaml::load(text) {
        Ok(root) => root,
        Err(error) => {
            config.warnings.push(Warning::at(
                file,
                error.line,
                format!("not valid YAML: {}", error.message),
            ));
            return config;
        }
    };
    let location = |node: &Node| Location::new(file, node.line);
    config.version = root
        .string("version")
        .and_then(|version| version.parse().ok());
    config.project_name = root.string("project_name");
    let global_env = root.strings_at("env");
    if let Some(builds) = root.get("builds") {
        config.builds_declared = true;
        for build in builds.items() {
            config.builds.push(release_build(build, file, &global_env));
        }
    }
    if let Some(hooks) = root.get("before").and_then(|before| before.get("hooks")) {
        config.before_hooks = hooks
            .items()
            .iter()
            .filter_map(|hook| {
                let (command, dir) = match hook.as_str() {
                    Some(command) => (command.to_string(), None),
                    None => (hook.string("cmd")?, hook.string("dir")),
                };
                Some(Hook {
                    location: location(hook),
                    command,
                    dir,
                })
            })
            .collect();
    }
    for (key, kind) in [
        ("dockers", ImageKind::Docker),
        ("dockers_v2", ImageKind::DockerV2),
        ("kos", ImageKind::Ko),
    ] {
        for image in root.get(key).map(Node::items).unwrap_or_default() {
            let mut ids = image.strings_at("ids");
            ids.extend(image.string("build"));
            let mut images = image.strings_at("image_templates");
            images.extend(image.strings_at("images"));
            images.extend(image.strings_at("repositories"));
            images.extend(image.string("repository"));
            config.images.push(ReleaseImage {
                location: location(image),
                kind,
                ids,
                dockerfile: image.string("dockerfile"),
                images,
                main: image.string("main"),
                base_image: image.string("base_image"),
            });
        }
    }
    config
}

fn release_build(build: &Node, file: &Path, global_env: &[String]) -> ReleaseBuild {
    let ldflags = build.strings_at("ldflags");
    let skip = match build.get("skip") {
        None => Skip::No,
        Some(node) => match node.as_bool() {
            Some(true) => Skip::Yes,
            Some(false) => Skip::No,
            None => Skip::Template(node.as_str().unwrap_or_default().to_string()),
        },
    };
    let mut release = ReleaseBuild {
        location: Location::new(file, build.line),
        id: build.string("id"),
        builder: build.string("builder"),
        main: build.string("main"),
        dir: build.string("dir"),
        binary: build.string("binary"),
        default_ldflags: ldflags.is_empty(),
        ldflags,
        flags: build.strings_at("flags"),
        tags: build.strings_at("tags"),
        env: build.strings_at("env"),
        goos: build.strings_at("goos"),
        goarch: build.strings_at("goarch"),
        skip,
        overrides: build
            .get("overrides")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .map(|node| Override {
                location: Location::new(file, node.line),
                goos: node.string("goos"),
                goarch: node.string("goarch"),
                ldflags: node.strings_at("ldflags"),
                flags: node.strings_at("flags"),
                tags: node.strings_at("tags"),
                env: node.strings_at("env"),
            })
            .collect(),
        go_build: None,
    };
    if release.is_go() {
        release.go_build = go_build_of(&release, global_env);
    }
    release
}

/// The `go build` goreleaser runs for a build.
fn go_build_of(build: &ReleaseBuild, global_env: &[String]) -> Option<GoBuild> {
    let mut arguments = vec!["build".to_string()];
    arguments.extend(build.flags.iter().cloned());
    if !build.tags.is_empty() {
        arguments.push(format!("-tags={}", build.tags.join(",")));
    }
    let ldflags = if build.ldflags.is_empty() {
        DEFAULT_LDFLAGS.to_string()
    } else {
        build.ldflags.join(" ")
    };
    arguments.push("-ldflags".to_string());
    arguments.push(ldflags);
    arguments.push("-o".to_string());
    arguments.push(
        build
            .binary
            .clone()
            .unwrap_or_else(|| "{{ .ProjectName }}".to_string()),
    );
    arguments.push(build.main.clone().unwrap_or_else(|| ".".to_string()));
    let mut go_build =
        go_build::from_arguments(&arguments, Dialect::Template, build.location.clone())?;
    go_build.within = build.id.clone();
    go_build.directory = build.dir.clone();
    go_build.env = global_env
        .iter()
        .chain(&build.env)
        .filter_map(|entry| {
            let (name, value) = entry.split_once('=')?;
            Some(EnvAssignment {
                name: name.to_string(),
                value: Value::parse(value, Dialect::Template),
            })
        })
        .collect();
    Some(go_build)
}

#[cfg(test)]
mod tests;
