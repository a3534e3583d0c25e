//! A `.promu.yml` (the Prometheus family's build tool): the Go version, cgo,
//! the repository path, the binaries and their package paths, build flags,
//! tags and the ldflags template (`{{.Version}}`, `{{.Revision}}`,
//! `{{.Branch}}`, `{{user}}`, `{{host}}`, `{{date "…"}}`, `{{repoPath}}`),
//! read as the `go build` promu runs for each binary: `CGO_ENABLED` from
//! `go.cgo`, the Linux tags, and `-extldflags '-static'` when `static` is
//! on (its default). promu's `{{.Version}}` is the repository's `VERSION`
//! file, which the collector attaches.
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::go_build::{self, EnvAssignment, GoBuild};
use super::value::{Dialect, Value};
use super::yaml::{self, Node};
use super::{Location, Warning};

pub const FILE_NAME: &str = ".promu.yml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promu {
    pub file: PathBuf,
    pub go_version: Option<String>,
    pub cgo: bool,
    /// `repository.path`, the module's import path.
    pub repository_path: Option<String>,
    pub binaries: Vec<PromuBinary>,
    pub flags: Option<String>,
    /// The template as written.
    pub ldflags: Option<String>,
    /// The tags promu uses for Linux (`build.tags.linux`, else `.all`).
    pub tags: Vec<String>,
    pub static_build: bool,
    /// The `VERSION` file, which `{{.Version}}` stands for.
    pub version_file: Option<VersionFile>,
    /// One per binary, as promu runs it for Linux.
    pub go_builds: Vec<GoBuild>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PromuBinary {
    pub location: Location,
    pub name: String,
    /// As written, `./cmd/prometheus`, relative to the repository path.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionFile {
    pub location: Location,
    pub version: String,
}

impl VersionFile {
    /// The first non-empty line of a `VERSION` file.
    pub fn parse(text: &str, file: &Path) -> Option<VersionFile> {
        super::without_bom(text)
            .lines()
            .enumerate()
            .find(|(_, line)| !line.trim().is_empty())
            .map(|(index, line)| VersionFile {
                location: Location::new(file, u32::try_from(index + 1).unwrap_or(u32::MAX)),
                version: line.trim().to_string(),
            })
    }
}

pub fn parse(text: &str, file: &Path) -> Promu {
    let mut promu = Promu {
        file: file.to_path_buf(),
        go_version: None,
        cgo: false,
        repository_path: None,
        binaries: Vec::new(),
        flags: None,
        ldflags: None,
        tags: Vec::new(),
        static_build: true,
        version_file: None,
        go_builds: Vec::new(),
        warnings: Vec::new(),
    };
    let root = match yaml::load(text) {
        Ok(root) => root,
        Err(error) => {
            promu.warnings.push(Warning::at(
                file,
                error.line,
                format!("not valid YAML: {}", error.message),
            ));
            return promu;
        }
    };
    let go = root.get("go");
    promu.go_version = go.and_then(|go| go.string("version"));
    promu.cgo = go.and_then(|go| go.get("cgo")).and_then(Node::as_bool) == Some(true);
    promu.repository_path = root
        .get("repository")
        .and_then(|repository| repository.string("path"));
    let Some(build) = root.get("build") else {
        return promu;
    };
    promu.binaries = build
        .get("binaries")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|binary| {
            Some(PromuBinary {
                location: Location::new(file, binary.line),
                name: binary.string("name")?,
                path: binary.string("path").unwrap_or_else(|| ".".to_string()),
            })
        })
        .collect();
    promu.flags = build.string("flags");
    promu.ldflags = build.string("ldflags");
    promu.tags = match build.get("tags") {
        Some(tags) if tags.get("linux").is_some() => tags.strings_at("linux"),
        Some(tags) if tags.get("all").is_some() => tags.strings_at("all"),
        Some(tags) => tags.strings(),
        None => Vec::new(),
    };
    promu.static_build = build.get("static").and_then(Node::as_bool) != Some(false);
    let extldflags = build.strings_at("extldflags");
    promu.go_builds = promu
        .binaries
        .iter()
        .filter_map(|binary| go_build_of(&promu, binary, &extldflags))
        .collect();
    promu
}

/// The `go build` promu runs for `binary` on Linux.
fn go_build_of(promu: &Promu, binary: &PromuBinary, extldflags: &[String]) -> Option<GoBuild> {
    let mut ldflags: Vec<String> = match &promu.ldflags {
        Some(template) if !template.trim().is_empty() => {
            let repository = promu.repository_path.as_deref().unwrap_or("{{repoPath}}");
            template
                .replace("{{repoPath}}", repository)
                .replace("{{ repoPath }}", repository)
                .lines()
                .map(str::to_string)
                .collect()
        }
        _ => vec!["-X main.Version={{.Version}}".to_string()],
    };
    let mut external = extldflags.to_vec();
    if promu.static_build && !external.iter().any(|flag| flag == "-static") {
        external.push("-static".to_string());
    }
    if !external.is_empty() {
        ldflags.push(format!("-extldflags '{}'", external.join(" ")));
    }
    let mut arguments = vec![
        "build".to_string(),
        "-o".to_string(),
        binary.name.clone(),
        "-ldflags".to_string(),
        ldflags.join(" "),
    ];
    arguments.extend(split_parameters(promu.flags.as_deref().unwrap_or("")));
    if !promu.tags.is_empty() {
        arguments.push("-tags".to_string());
        arguments.push(promu.tags.join(","));
    }
    arguments.push(binary.path.clone());
    let mut build =
        go_build::from_arguments(&arguments, Dialect::Template, binary.location.clone())?;
    build.within = Some(binary.name.clone());
    build.env = vec![EnvAssignment {
        name: "CGO_ENABLED".to_string(),
        value: Value::literal(if promu.cgo { "1" } else { "0" }),
    }];
    Some(build)
}

/// promu's `sh.SplitParameters`: words split at spaces, `'…'` quoting one.
fn split_parameters(text: &str) -> Vec<String> {
    go_build::quoted_fields(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::value::BuildInput;

    /// Prometheus' own shape.
    const PROMETHEUS: &str = r#"go:
    # Whenever the Go version is updated here,
    # .github/workflows should also be updated.
    version: 1.20
    cgo: false
repository:
    path: github.com/prometheus/prometheus
build:
    binaries:
        - name: prometheus
          path: ./cmd/prometheus
        - name: promtool
          path: ./cmd/promtool
    flags: -a
    ldflags: |
        -X github.com/prometheus/common/version.Version={{.Version}}
        -X github.com/prometheus/common/version.Revision={{.Revision}}
        -X github.com/prometheus/common/version.Branch={{.Branch}}
        -X github.com/prometheus/common/version.BuildUser={{user}}@{{host}}
        -X github.com/prometheus/common/version.BuildDate={{date "20060102-15:04:05"}}
    tags:
        all:
            - netgo
            - builtinassets
        windows:
            - builtinassets
tarball:
    files:
        - LICENSE
"#;

    #[test]
    fn prometheus_builds_each_binary_with_common_version_stamps() {
        let promu = parse(PROMETHEUS, Path::new(".promu.yml"));
        assert_eq!(promu.warnings, []);
        assert_eq!(promu.go_version.as_deref(), Some("1.20"));
        assert_eq!(
            promu.repository_path.as_deref(),
            Some("github.com/prometheus/prometheus")
        );
        let binaries: Vec<_> = promu
            .binaries
            .iter()
            .map(|binary| {
                (
                    binary.name.as_str(),
                    binary.path.as_str(),
                    binary.location.line,
                )
            })
            .collect();
        assert_eq!(
            binaries,
            [
                ("prometheus", "./cmd/prometheus", 10),
                ("promtool", "./cmd/promtool", 12)
            ]
        );
        assert_eq!(promu.tags, ["netgo", "builtinassets"]);
        assert_eq!(promu.go_builds.len(), 2);
        let build = &promu.go_builds[0];
        assert_eq!(build.within.as_deref(), Some("prometheus"));
        assert_eq!(build.cgo_enabled(), Some(false));
        assert!(build.rebuild_all);
        assert_eq!(build.tags, ["netgo", "builtinassets"]);
        assert_eq!(build.packages[0].as_literal(), Some("./cmd/prometheus"));
        let ldflags = build.ldflags.as_ref().expect("ldflags");
        assert_eq!(ldflags.extldflags.as_deref(), Some("-static"));
        let stamps: Vec<_> = ldflags
            .assignments
            .iter()
            .map(|stamp| (stamp.package(), stamp.variable(), stamp.value.inputs()))
            .collect();
        let common = "github.com/prometheus/common/version";
        assert_eq!(
            stamps,
            [
                (common, "Version", vec![BuildInput::Version]),
                (common, "Revision", vec![BuildInput::Commit]),
                (common, "Branch", vec![BuildInput::Branch]),
                (
                    common,
                    "BuildUser",
                    vec![BuildInput::BuildUser, BuildInput::BuildHost]
                ),
                (common, "BuildDate", vec![BuildInput::BuildDate]),
            ]
        );
    }

    #[test]
    fn repo_path_templates_defaults_and_the_version_file() {
        let text = "repository:\n  path: github.com/x/exporter\nbuild:\n  binaries:\n    - name: exporter\n  flags: -a -tags 'netgo static_build'\n  static: false\n  ldflags: |\n    -s\n    -X {{repoPath}}/version.Version={{.Version}}\ngo:\n  cgo: true\n";
        let promu = parse(text, Path::new(".promu.yml"));
        let build = &promu.go_builds[0];
        assert_eq!(build.tags, ["netgo", "static_build"]);
        assert_eq!(build.cgo_enabled(), Some(true));
        let ldflags = build.ldflags.as_ref().expect("ldflags");
        assert!(ldflags.strip_symbols);
        assert_eq!(ldflags.extldflags, None);
        assert_eq!(
            ldflags.assignments[0].symbol,
            "github.com/x/exporter/version.Version"
        );
        assert_eq!(build.packages[0].as_literal(), Some("."));
        let bare = parse(
            "build:\n  binaries:\n    - name: x\n      path: ./cmd/x\n",
            Path::new(".promu.yml"),
        );
        let ldflags = bare.go_builds[0].ldflags.as_ref().expect("ldflags");
        assert_eq!(ldflags.assignments[0].symbol, "main.Version");
        let version = VersionFile::parse("\n2.53.1\n", Path::new("VERSION")).expect("version");
        assert_eq!(
            (version.version.as_str(), version.location.line),
            ("2.53.1", 2)
        );
        assert!(parse(": [", Path::new(".promu.yml")).warnings.len() == 1);
    }
}
