//! Rendering: a [`Plan`] laid out through the Tera templates embedded in
//! the binary (templates/*.tera), compiled once per process.
//!
//! Responsible for layout only: every decision is in the plan, and a
//! template never compares words to decide. Besides the plan, templates see
//! `marker` and the catalogues whose single source is the code (the preset
//! names, godock's own `-ldflags`, the extra outputs, what .dockerignore
//! excludes, glibc's libraries). An undefined variable
//! is an error, never an empty string. Nothing here reads or writes a file.
//!
//! Values reach a file only through the escaping of its format
//! ([`escape`]): each template is rendered with Tera's autoescape on, so a
//! plain `{{ value }}` is written only when it is made of characters that
//! mean themselves anywhere in that file, and the render fails otherwise;
//! a value that can hold more (a path, a sentence) says where it goes with
//! a filter (`| sh`, `| word`, `| bind_mount(target=…)`, `| comment`,
//! `| toml`, `| yaml`, `| ignore_pattern`), which quotes it for that place.
//! `| safe` is for godock's own constants only. A new template line is safe
//! by default: written without a filter, a hostile value fails the render
//! instead of reaching the file.
mod escape;

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
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
const CONFIG_MARKER: &str =
    "# Written by godock: the choices for this project. Edit them, then run `godock regen`.";

/// A file godock writes, relative to the build context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedFile {
    pub path: String,
    pub content: String,
}

/// A template and the file it renders.
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

/// The file an extra output writes.
fn output_file(output: Output) -> Template {
    match output {
        Output::Compose => Template {
            path: "compose.yaml",
            name: "compose.yaml",
            format: Format::Yaml,
            text: include_str!("../../templates/compose.yaml.tera"),
        },
        Output::GithubActions => Template {
            path: ".github/workflows/docker.yml",
            name: "github-actions.yml",
            format: Format::Yaml,
            text: include_str!("../../templates/github-actions.yml.tera"),
        },
    }
}

/// The templates of the plan's files, in order: every plan's, then its
/// extra outputs'.
fn templates(outputs: &[Output]) -> impl Iterator<Item = Template> + '_ {
    FILES.into_iter().chain(
        Output::ALL
            .into_iter()
            .filter(|output| outputs.contains(output))
            .map(output_file),
    )
}

/// Every extra output godock can write, with its file, for godock.toml's
/// comment.
fn extra_outputs() -> Vec<ExtraOutput> {
    Output::ALL
        .into_iter()
        .map(|output| ExtraOutput {
            name: output.name(),
            path: output_file(output).path,
        })
        .collect()
}

#[derive(Serialize)]
struct ExtraOutput {
    name: &'static str,
    path: &'static str,
}

/// The files a plan with these extra outputs writes.
pub fn paths(outputs: &[Output]) -> Vec<&'static str> {
    templates(outputs).map(|template| template.path).collect()
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
    context.insert("ignored", &crate::knowledge::ignored::SECTIONS);
    context.insert(
        "glibc_libraries",
        &crate::knowledge::cgo::table().glibc.libraries,
    );
    templates(&plan.outputs)
        .map(|template| {
            let marker = if template.path == "godock.toml" {
                CONFIG_MARKER
            } else {
                MARKER
            };
            context.insert("marker", marker);
            let content = engine(template.format)?
                .render(template.name, &context)
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
                path: template.path.to_string(),
                content: tidy(&content),
            })
        })
        .collect()
}

/// The Dockerfile alone, for `--stdout`.
pub fn render_dockerfile(plan: &Plan) -> Result<GeneratedFile> {
    let mut files = render(plan)?;
    Ok(files.swap_remove(0))
}

/// Whether a file's text says godock wrote it: the marker on its first line,
/// or on its second behind a Dockerfile's `# syntax=` parser directive.
pub fn is_generated(content: &str) -> bool {
    crate::evidence::written_by_godock(content)
}

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
        assert_eq!(
            paths(&[]),
            ["Dockerfile", ".dockerignore", "Makefile", "godock.toml"]
        );
        assert_eq!(
            paths(&[Output::GithubActions, Output::Compose])[4..],
            ["compose.yaml", ".github/workflows/docker.yml"]
        );
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
        ];
        for template in templates(&Output::ALL) {
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
