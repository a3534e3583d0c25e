//! Every generated Dockerfile passes hadolint at its default settings, where
//! every level (error, warning, info, style) counts: for each example and
//! each preset that applies to it, with the `# syntax=` line, and once per
//! example with `--no-syntax` for the default preset.
#![allow(clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

use crate::common::{applicable_presets, required_tool, Project, ALL_EXAMPLES};

#[test]
fn every_generated_dockerfile_passes_hadolint() {
    let Some(hadolint) = required_tool("hadolint", "hadolint") else {
        return;
    };
    // hadolint also reads a configuration from the home directory; an empty
    // one keeps a developer's own settings out, so the defaults apply.
    let home = tempfile::tempdir().expect("a temporary directory");
    let mut failures = Vec::new();
    let mut linted = 0;
    for example in ALL_EXAMPLES.iter() {
        let mut cases: Vec<(String, Vec<&str>)> = applicable_presets(example)
            .iter()
            .map(|preset| (preset.to_string(), vec!["--preset", preset]))
            .collect();
        cases.push((
            "default preset, --no-syntax".to_string(),
            vec!["--no-syntax"],
        ));
        for (label, flags) in cases {
            linted += 1;
            if let Err(failure) = lint(&hadolint, home.path(), example.name, &flags) {
                failures.push(format!("=== {} ({label})\n{failure}", example.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {linted} generated Dockerfiles fail hadolint:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Generates the example's Dockerfile with `flags` and lints it.
fn lint(hadolint: &Path, home: &Path, example: &str, flags: &[&str]) -> Result<(), String> {
    let project = Project::example(example);
    let mut arguments = vec!["init", "--yes"];
    arguments.extend_from_slice(flags);
    let run = project.godock(&arguments);
    if run.code != 0 {
        return Err(format!(
            "`godock {}` exited {}\nstdout:\n{}\nstderr:\n{}",
            arguments.join(" "),
            run.code,
            run.stdout,
            run.stderr
        ));
    }
    let dockerfile = project.read("Dockerfile");
    // Proves hadolint saw the line it must accept (or its absence).
    let with_syntax = !flags.contains(&"--no-syntax");
    if dockerfile.starts_with("# syntax=") != with_syntax {
        return Err(format!(
            "the Dockerfile should {}start with a `# syntax=` line\n--- Dockerfile\n{dockerfile}",
            if with_syntax { "" } else { "not " }
        ));
    }
    passes_hadolint(hadolint, home, &project)
}

/// Lints the project's Dockerfile with hadolint's defaults: no configuration
/// from the project, `home` (an empty directory) or HADOLINT_* variables.
pub fn passes_hadolint(hadolint: &Path, home: &Path, project: &Project) -> Result<(), String> {
    let dockerfile = project.read("Dockerfile");
    if project.exists(".hadolint.yaml") || project.exists(".hadolint.yml") {
        return Err("the project carries a hadolint configuration; the defaults must apply".into());
    }
    let mut command = Command::new(hadolint);
    command
        .args(["--no-color", "Dockerfile"])
        .current_dir(project.path())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home);
    // HADOLINT_* variables (ignored rules, failure threshold) override defaults.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("HADOLINT_") {
            command.env_remove(name);
        }
    }
    let output = command.output().expect("hadolint runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.success() && stdout.is_empty() {
        return Ok(());
    }
    Err(format!(
        "hadolint exited {}\n--- hadolint stdout\n{stdout}--- hadolint stderr\n{}--- Dockerfile\n{dockerfile}",
        output.status.code().map_or("by a signal".into(), |code| code.to_string()),
        String::from_utf8_lossy(&output.stderr)
    ))
}
