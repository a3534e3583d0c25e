//! Where a Dockerfile stage sets `GOTOOLCHAIN`, read for the rules that
//! care (go-version, go-toolchain); no rule of its own.
use crate::evidence::dockerfile::{Kind, Stage};

/// A `GOTOOLCHAIN` the stage sets: its value and the line, with the
/// instruction's `# godock:ignore` rules.
pub(super) struct Setting {
    pub value: String,
    pub line: u32,
    pub ignores: Vec<String>,
}

/// Every `GOTOOLCHAIN` the stage sets: `ENV`, an `ARG` default, or a
/// `GOTOOLCHAIN=… go …` command in a `RUN`.
pub(super) fn settings(stage: &Stage) -> Vec<Setting> {
    let mut found = Vec::new();
    for instruction in &stage.instructions {
        let at = |value: &str, line: u32| Setting {
            value: value.to_string(),
            line,
            ignores: instruction.ignores.clone(),
        };
        match &instruction.kind {
            Kind::Env { variables } => found.extend(
                variables
                    .iter()
                    .filter(|variable| variable.key == "GOTOOLCHAIN")
                    .map(|variable| at(&variable.value, instruction.location.line)),
            ),
            Kind::Arg { arguments } => found.extend(
                arguments
                    .iter()
                    .filter(|argument| argument.name == "GOTOOLCHAIN")
                    .filter_map(|argument| argument.default.as_deref())
                    .map(|value| at(value, instruction.location.line)),
            ),
            Kind::Run(run) => {
                for command in &run.commands {
                    found.extend(
                        command
                            .command
                            .assignments
                            .iter()
                            .filter(|(name, _)| name == "GOTOOLCHAIN")
                            .map(|(_, value)| at(value, command.line)),
                    );
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether the stage lets the go command switch toolchains
/// (`GOTOOLCHAIN=auto`, `go1.X+auto`), so that an older builder downloads
/// a newer Go instead of stopping.
pub(super) fn switches_toolchain(stage: &Stage) -> bool {
    settings(stage)
        .iter()
        .any(|setting| setting.value == "auto" || setting.value.ends_with("+auto"))
}
