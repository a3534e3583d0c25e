//! Rendering: a [`Plan`] laid out through the Tera templates embedded in
//! the binary (templates/*.tera), compiled once per process.
//!
//! Responsible for layout only: every decision is in the plan, and a
//! template never compares words to decide. Besides the plan, templates see
//! `marker` and the catalogues whose single source is the code (the preset
//! names, godock's own `-ldflags`, the extra outputs, what .dockerignore
//! excludes, glibc's libraries, the pinned GitHub Actions). An undefined variable
//! is an error, never an empty string. Nothing here reads or writes a file.
//!
//! Values reach a file only through the escaping of its format
//! ([`escape`]): each template is rendered with Tera's autoescape on, so a
//! plain `{{ value }}` is written only when it is made of characters that
//! mean themselves anywhere in that file, and the render fails otherwise;
//! a value that can hold more (a path, a sentence) says where it goes with
//! a filter (`| sh`, `| word`, `| bind_mount(target=…)`, `| comment`,
//! `| toml`, `| yaml`, `| ignore_pattern`, `| hcl`), which quotes it for that place.
//! `| safe` is for godock's own constants only. A new template line is safe
//! by default: written without a filter, a hostile value fails the render
//! instead of reaching the file.
mod escape;

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::plan::files::Placement;
use crate::plan::Plan;
use crate::settings::Output;
pub use escape::{
    comment, docker_word, ignore_pattern, make_recipe, mount_flag, shell_double_quoted, shell_word,
    toml_string, yaml_scalar, Format,
};

/// The first line of every generated file (after a Dockerfile's `# syntax=`
/// directive, which must come first). [`is_generated`] looks for it.
pub const MARKER: &str =
    "# Written by godock: edit godock.toml and run `godock regen` rather than this file.";
/// The marker of a Go file godock writes (its health probe).
const GO_MARKER: &str =
    "// Written by godock: edit godock.toml and run `godock regen` rather than this file.";
const CONFIG_MARKER: &str =
    "# Written by godock: the choices for this project. Edit them, then run `godock regen`.";

/// A file godock writes, relative to the build context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedFile {
    pub path: String,
    pub content: String,
    /// `content` is godock's marked block inside a file of the user's
    /// (`# godock: begin` … `# godock: end`), not the whole file.
    pub block: bool,
}

/// Where a template's file goes, and whether it is a block of the user's.
struct Placed {
    template: Template,
    path: String,
    block: bool,
}

/// A template and the file it renders.
#[derive(Clone)]
struct Template {
    /// The file, relative to the build context.
    path: &'static str,
    name: &'static str,
    format: Format,
    text: &'static str,
}

/// The files every plan writes, in the order godock writes and reports them.
const FILES: [Template; 4] = [
    Template {
        path: "Dockerfile",
        name: "Dockerfile",
        format: Format::Dockerfile,
        text: include_str!("../../templates/Dockerfile.tera"),
    },
    Template {
        path: ".dockerignore",
        name: "dockerignore",
        format: Format::DockerIgnore,
        text: include_str!("../../templates/dockerignore.tera"),
    },
    Template {
        path: "Makefile",
        name: "Makefile",
        format: Format::Makefile,
        text: include_str!("../../templates/Makefile.tera"),
    },
    Template {
        path: "godock.toml",
        name: "godock.toml",
        format: Format::Toml,
        text: include_str!("../../templates/godock.toml.tera"),
    },
];

/// godock's health probe, written when a health check runs it
/// (`plan.deploy.probe`); its path is plan::deploy::PROBE_SOURCE.
const PROBE: Template = Template {
    path: crate::plan::deploy::PROBE_SOURCE,
    name: "healthcheck.go",
    format: Format::Go,
    text: include_str!("../../templates/healthcheck.go.tera"),
};

/// A path holding this is rendered once per service of the plan
/// (`plan.deploy.services`), with `service` in the context.
const PER_SERVICE: &str = "{service}";

/// The files an extra output writes.
fn output_files(output: Output) -> Vec<Template> {
    match output {
        Output::Compose => vec![Template {
            path: "compose.yaml",
            name: "compose.yaml",
            format: Format::Yaml,
            text: include_str!("../../templates/compose.yaml.tera"),
        }],
        Output::GithubActions => vec![Template {
            path: ".github/workflows/docker.yml",
            name: "github-actions.yml",
            format: Format::Yaml,
            text: include_str!("../../templates/github-actions.yml.tera"),
        }],
        Output::Bake => vec![Template {
            path: "docker-bake.hcl",
            name: "docker-bake.hcl",
            format: Format::Hcl,
            text: include_str!("../../templates/docker-bake.hcl.tera"),
        }],
        // The manifests' directory is plan::deploy::KUBERNETES_DIRECTORY.
        Output::Kubernetes => vec![
            Template {
                path: "deploy/kubernetes/kustomization.yaml",
                name: "kubernetes/kustomization.yaml",
                format: Format::Yaml,
                text: include_str!("../../templates/kubernetes/kustomization.yaml.tera"),
            },
            Template {
                path: "deploy/kubernetes/{service}.yaml",
                name: "kubernetes/service.yaml",
                format: Format::Yaml,
                text: include_str!("../../templates/kubernetes/service.yaml.tera"),
            },
        ],
    }
}

/// The templates of the plan's files, in order: every plan's, godock's
/// health probe (written only when a health check runs it), then its extra
/// outputs'.
fn templates(outputs: &[Output]) -> impl Iterator<Item = Template> + '_ {
    FILES.into_iter().chain(std::iter::once(PROBE)).chain(
        Output::ALL
            .into_iter()
            .filter(|output| outputs.contains(output))
            .flat_map(output_files),
    )
}

/// Every extra output godock can write, with its file (or directory), for
/// godock.toml's comment.
fn extra_outputs() -> Vec<ExtraOutput> {
    Output::ALL
        .into_iter()
        .map(|output| {
            let first = output_files(output)[0].path;
            ExtraOutput {
                name: output.name(),
                path: match first.rsplit_once('/') {
                    Some((directory, _)) if output_files(output).len() > 1 => {
                        format!("{directory}/")
                    }
                    _ => first.to_string(),
                },
            }
        })
        .collect()
}

#[derive(Serialize)]
struct ExtraOutput {
    name: &'static str,
    path: String,
}

/// The blocks godock keeps in files of the user's.
const BLOCKS: [Template; 2] = [
    Template {
        path: ".dockerignore",
        name: "dockerignore-block",
        format: Format::DockerIgnore,
        text: include_str!("../../templates/dockerignore-block.tera"),
    },
    Template {
        path: "Makefile",
        name: "makefile-include",
        format: Format::Makefile,
        text: include_str!("../../templates/makefile-include.tera"),
    },
];

/// The plan's files where the plan puts them (beside the user's own, in a
/// block of theirs, or left out), in the order godock writes them.
fn placed(plan: &Plan) -> Vec<Placed> {
    let files = &plan.files;
    let mut placed = Vec::new();
    for template in templates(&plan.outputs) {
        let path = match template.name {
            "Dockerfile" => files.dockerfile.clone(),
            "dockerignore" => match files.dockerignore.placement {
                Placement::Own => files.dockerignore.path.clone(),
                Placement::Block => {
                    placed.push(Placed {
                        template: BLOCKS[0].clone(),
                        path: files.dockerignore.path.clone(),
                        block: true,
                    });
                    continue;
                }
                Placement::LeftAlone => continue,
            },
            "Makefile" => files.makefile.clone(),
            "compose.yaml" => files.compose.clone(),
            "healthcheck.go" => match &plan.deploy.probe {
                Some(probe) => probe.source.to_string(),
                None => continue,
            },
            "github-actions.yml" => files.workflow.clone(),
            _ => template.path.to_string(),
        };
        let makefile = template.name == "Makefile";
        placed.push(Placed {
            template,
            path,
            block: false,
        });
        if let (true, true, Some(theirs)) = (makefile, files.include_block, &files.included_by) {
            placed.push(Placed {
                template: BLOCKS[1].clone(),
                path: theirs.clone(),
                block: true,
            });
        }
    }
    placed
}

/// Whether some plan could make godock write `path`: a fixed path of any
/// output, the name it takes beside a user's own file
/// ([`crate::knowledge::files`]), or a per-service path whose service name
/// is a Kubernetes name (lowercase letters, digits and `-`), so that a
/// godock.lock entry may speak for it.
pub fn may_generate(path: &str) -> bool {
    use crate::knowledge::files;
    let beside_ignore = format!("{}{}", files::DOCKERFILE_BESIDE, files::IGNORE_SUFFIX);
    let beside = [
        files::DOCKERFILE_BESIDE,
        beside_ignore.as_str(),
        files::MAKEFILE_BESIDE,
        files::COMPOSE_BESIDE,
        files::WORKFLOW_BESIDE,
    ];
    beside.contains(&path)
        || templates(&Output::ALL).any(|template| match template.path.split_once(PER_SERVICE) {
            None => template.path == path,
            Some((before, after)) => path
                .strip_prefix(before)
                .and_then(|rest| rest.strip_suffix(after))
                .is_some_and(|name| {
                    !name.is_empty()
                        && !name.starts_with('-')
                        && name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                }),
        })
}

/// Every template, compiled once: one Tera per format, each with its
/// format's escaping and filters.
fn engine(format: Format) -> Result<&'static Tera> {
    type Engines = std::result::Result<Vec<(Format, Tera)>, String>;
    static ENGINES: OnceLock<Engines> = OnceLock::new();
    let engines = ENGINES
        .get_or_init(|| {
            Format::ALL
                .into_iter()
                .map(|format| {
                    let mut tera = Tera::default();
                    format.configure(&mut tera);
                    let all = templates(&Output::ALL)
                        .chain(BLOCKS)
                        .filter(|template| template.format == format)
                        .map(|template| (template.name, template.text));
                    tera.add_raw_templates(all)
                        .map_err(|error| render_error("templates", &error).to_string())?;
                    Ok((format, tera))
                })
                .collect()
        })
        .as_ref()
        .map_err(|message| Error::Render {
            template: "templates".to_string(),
            message: message.clone(),
        })?;
    Ok(engines
        .iter()
        .find(|(candidate, _)| *candidate == format)
        .map(|(_, tera)| tera)
        .expect("every format has an engine"))
}

pub fn render(plan: &Plan) -> Result<Vec<GeneratedFile>> {
    let mut context =
        Context::from_serialize(plan).map_err(|error| render_error("context", &error))?;
    context.insert("own_ldflags", crate::plan::OWN_LDFLAGS);
    context.insert("built_in_presets", &crate::preset::Preset::built_in_names());
    context.insert("extra_outputs", &extra_outputs());
    context.insert("actions", crate::knowledge::actions::table());
    context.insert("ignored", &crate::knowledge::ignored::SECTIONS);
    context.insert(
        "glibc_libraries",
        &crate::knowledge::cgo::table().glibc.libraries,
    );
    context.insert("block_begin", crate::evidence::marker::BLOCK_BEGIN);
    context.insert("block_end", crate::evidence::marker::BLOCK_END);
    let mut files = Vec::new();
    for Placed {
        template,
        path,
        block,
    } in placed(plan)
    {
        let marker = if template.path == "godock.toml" {
            CONFIG_MARKER
        } else if template.format == Format::Go {
            GO_MARKER
        } else {
            MARKER
        };
        context.insert("marker", marker);
        let render_to = |path: String, context: &Context| -> Result<GeneratedFile> {
            let content = engine(template.format)?
                .render(template.name, context)
                .map_err(|error| render_error(template.name, &error))?;
            if let Some(value) = escape::refused_value(&content) {
                return Err(Error::Render {
                    template: template.name.to_string(),
                    message: format!(
                        "`{}` is not plain in a {}, and the template writes it without a filter that quotes it for its place",
                        value.escape_default(),
                        template.format.name()
                    ),
                });
            }
            Ok(GeneratedFile {
                path,
                content: tidy(&content),
                block,
            })
        };
        if template.path.contains(PER_SERVICE) {
            for service in &plan.deploy.services {
                let mut context = context.clone();
                context.insert("service", service);
                files.push(render_to(
                    template.path.replace(PER_SERVICE, &service.kubernetes_name),
                    &context,
                )?);
            }
        } else {
            files.push(render_to(path, &context)?);
        }
    }
    Ok(files)
}

/// The Dockerfile alone, for `--stdout`.
pub fn render_dockerfile(plan: &Plan) -> Result<GeneratedFile> {
    let mut files = render(plan)?;
    Ok(files.swap_remove(0))
}

pub use crate::evidence::marker::is_generated;

/// Templates may leave runs of blank lines where optional sections were
/// left out; the files keep at most one, and end with exactly one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn render_error(template: &str, error: &tera::Error) -> Error {
    // Tera nests the cause (an undefined variable, a bad filter argument).
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Render {
        template: template.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised_on_the_first_two_lines_only() {
        assert!(is_generated(&format!("{MARKER}\nFROM x\n")));
        assert!(is_generated(&format!(
            "# syntax=docker/dockerfile:1\n{MARKER}\n"
        )));
        assert!(is_generated(&format!("{CONFIG_MARKER}\n")));
        assert!(!is_generated("FROM golang\n# Written by godock\n# x\n"));
        assert!(!is_generated("a\nb\n# Written by godock\n"));
        assert!(!is_generated(""));
    }

    #[test]
    fn undefined_variables_are_errors() {
        let mut tera = Tera::default();
        tera.add_raw_template("t", "{{ missing }}").unwrap();
        let error = tera.render("t", &Context::new()).unwrap_err();
        let error = render_error("t", &error).to_string();
        assert!(error.contains("missing"), "{error}");
    }

    #[test]
    fn every_template_compiles_and_the_paths_follow_the_outputs() {
        for format in Format::ALL {
            assert!(engine(format).is_ok());
        }
        let paths = |outputs: &[Output]| -> Vec<&str> {
            templates(outputs).map(|template| template.path).collect()
        };
        assert_eq!(
            paths(&[]),
            [
                "Dockerfile",
                ".dockerignore",
                "Makefile",
                "godock.toml",
                ".godock/healthcheck/main.go"
            ]
        );
        assert_eq!(
            paths(&[Output::GithubActions, Output::Compose])[5..],
            ["compose.yaml", ".github/workflows/docker.yml"]
        );
    }

    #[test]
    fn a_lock_entry_may_name_a_per_service_manifest_only_by_a_kubernetes_name() {
        assert!(may_generate("Dockerfile"));
        assert!(may_generate("docker-bake.hcl"));
        assert!(may_generate("deploy/kubernetes/kustomization.yaml"));
        assert!(may_generate("deploy/kubernetes/api-2.yaml"));
        for path in [
            "deploy/kubernetes/.yaml",
            "deploy/kubernetes/../x.yaml",
            "deploy/kubernetes/a/b.yaml",
            "deploy/kubernetes/API.yaml",
            "deploy/kubernetes/-x.yaml",
            "deploy/kubernetes/{service}.yaml",
            "go.mod",
        ] {
            assert!(!may_generate(path), "{path}");
        }
    }

    /// Tera writes a `~` concatenation without escaping it: every `{{ … }}`
    /// that concatenates must end with a filter that quotes.
    #[test]
    fn no_template_writes_a_concatenation_unquoted() {
        let quoting = [
            "sh",
            "dq",
            "word",
            "bind_mount",
            "comment",
            "toml",
            "yaml",
            "ignore_pattern",
            "hcl",
        ];
        for template in templates(&Output::ALL).chain(BLOCKS) {
            for (index, block) in template.text.split("{{").skip(1).enumerate() {
                let expression = block.split("}}").next().unwrap_or_default();
                let outside_arguments = expression.split('(').next().unwrap_or_default();
                if !outside_arguments.contains('~') {
                    continue;
                }
                let last = expression.rsplit('|').next().unwrap_or_default().trim();
                let filter = last.split('(').next().unwrap_or_default();
                assert!(
                    quoting.contains(&filter),
                    "{}: expression {} writes a `~` concatenation through `{filter}`: {expression}",
                    template.name,
                    index + 1
                );
            }
        }
    }

    #[test]
    fn a_value_written_without_its_filter_fails_the_render() {
        let mut tera = Tera::default();
        Format::Dockerfile.configure(&mut tera);
        tera.add_raw_template("t", "WORKDIR /src/{{ v }}\nRUN cd {{ v | sh }}")
            .unwrap();
        let mut context = Context::new();
        context.insert("v", "app");
        let plain = tera.render("t", &context).unwrap();
        assert_eq!(plain, "WORKDIR /src/app\nRUN cd app");
        assert_eq!(escape::refused_value(&plain), None);
        context.insert("v", "x$(touch P)");
        let hostile = tera.render("t", &context).unwrap();
        assert_eq!(escape::refused_value(&hostile), Some("x$(touch P)"));
        assert!(hostile.ends_with("RUN cd 'x$(touch P)'"), "{hostile}");
    }

    #[test]
    fn tidy_folds_blank_runs() {
        assert_eq!(tidy("a  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
