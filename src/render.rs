//! Rendering: a [`Plan`] laid out through Tera templates embedded in the
//! binary. The templates decide layout only; every decision is in the plan.
//! An undefined variable is an error, never an empty string.
use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::plan::Plan;

/// The first line of every generated file (after a Dockerfile's `# syntax=`
/// directive, which must come first). [`is_generated`] looks for it.
pub const MARKER: &str =
    "# Written by godock: edit godock.toml and run `godock regen` rather than this file.";
const CONFIG_MARKER: &str =
    "# Written by godock: the choices for this project. Edit them, then run `godock regen`.";
const MARKER_PREFIX: &str = "# Written by godock";

/// A file godock writes, relative to the build context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedFile {
    pub path: String,
    pub content: String,
}

/// The generated files, in the order godock writes and reports them.
pub const FILES: [(&str, &str, &str); 4] = [
    (
        "Dockerfile",
        "Dockerfile",
        include_str!("../templates/Dockerfile.tera"),
    ),
    (
        ".dockerignore",
        "dockerignore",
        include_str!("../templates/dockerignore.tera"),
    ),
    (
        "Makefile",
        "Makefile",
        include_str!("../templates/Makefile.tera"),
    ),
    (
        "godock.toml",
        "godock.toml",
        include_str!("../templates/godock.toml.tera"),
    ),
];

/// Files written only when the plan's `outputs` names them: (output, path,
/// template, text). The names are [`crate::settings::OUTPUTS`]'.
pub const OUTPUT_FILES: [(&str, &str, &str, &str); 2] = [
    (
        "compose",
        "compose.yaml",
        "compose.yaml",
        include_str!("../templates/compose.yaml.tera"),
    ),
    (
        "github-actions",
        ".github/workflows/docker.yml",
        "github-actions.yml",
        include_str!("../templates/github-actions.yml.tera"),
    ),
];

pub fn render(plan: &Plan) -> Result<Vec<GeneratedFile>> {
    let mut tera = Tera::default();
    tera.add_raw_templates(
        FILES
            .iter()
            .map(|(_, template, text)| (*template, *text))
            .chain(
                OUTPUT_FILES
                    .iter()
                    .map(|(_, _, template, text)| (*template, *text)),
            ),
    )
    .map_err(|error| render_error("templates", &error))?;
    tera.autoescape_on(Vec::new());
    let mut context =
        Context::from_serialize(plan).map_err(|error| render_error("context", &error))?;
    let outputs = OUTPUT_FILES
        .iter()
        .filter(|(output, ..)| plan.outputs.iter().any(|chosen| chosen == output))
        .map(|(_, path, template, _)| (path, template));
    FILES
        .iter()
        .map(|(path, template, _)| (path, template))
        .chain(outputs)
        .map(|(path, template)| {
            let marker = if *path == "godock.toml" {
                CONFIG_MARKER
            } else {
                MARKER
            };
            context.insert("marker", marker);
            let content = tera
                .render(template, &context)
                .map_err(|error| render_error(template, &error))?;
            Ok(GeneratedFile {
                path: path.to_string(),
                content: tidy(&content),
            })
        })
        .collect()
}

/// One file by path (`Dockerfile`), for `--stdout`.
pub fn render_one(plan: &Plan, path: &str) -> Result<GeneratedFile> {
    render(plan)?
        .into_iter()
        .find(|file| file.path == path)
        .ok_or_else(|| Error::Other(format!("no template for {path}")))
}

/// Whether a file's text says godock wrote it: the marker on its first line,
/// or on its second behind a Dockerfile's `# syntax=` parser directive.
pub fn is_generated(content: &str) -> bool {
    let mut lines = content.lines();
    match lines.next() {
        Some(first) if first.starts_with("# syntax=") => lines
            .next()
            .is_some_and(|second| second.starts_with(MARKER_PREFIX)),
        Some(first) => first.starts_with(MARKER_PREFIX),
        None => false,
    }
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
    fn every_output_has_a_template() {
        let names: Vec<&str> = OUTPUT_FILES.iter().map(|(name, ..)| *name).collect();
        let outputs: Vec<&str> = crate::settings::OUTPUTS
            .iter()
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(names, outputs);
    }

    #[test]
    fn tidy_folds_blank_runs() {
        assert_eq!(tidy("a  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
