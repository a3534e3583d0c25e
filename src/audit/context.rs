//! The audit's rules about the build context: .dockerignore lines that
//! hide what the build reads, and secret files they let in.
use crate::evidence::dockerignore::DockerIgnore;
use crate::knowledge::secrets;
use crate::scan::context_needs::hidden;

use super::rules::{finding, Found};
use super::{Input, Rule};

pub(super) fn context(input: &Input) -> Vec<Found> {
    let Some(ignore) = input.dockerignore else {
        // Without an ignore file, every secret file goes to the daemon.
        return secrets_let_in(input, None);
    };
    let mut found: Vec<Found> = hidden(ignore, input.needs)
        .into_iter()
        .map(|hidden| {
            (
                finding(
                    Rule::ContextHidden,
                    &hidden.rule.location.file,
                    hidden.rule.location.line,
                    format!(
                        "`{}` keeps {} out of the build context: the build fails",
                        hidden.rule.text, hidden.path
                    ),
                    format!("the build needs {}", hidden.need.what),
                    format!(
                        "add `!{}` after it, or narrow the pattern",
                        hidden.need.reinclude
                    ),
                ),
                Vec::new(),
            )
        })
        .collect();
    found.extend(secrets_let_in(input, Some(ignore)));
    found
}

fn secrets_let_in(input: &Input, ignore: Option<&DockerIgnore>) -> Vec<Found> {
    let file = ignore.map_or_else(
        || input.dockerfile.file.with_file_name(".dockerignore"),
        |ignore| ignore.file.clone(),
    );
    input
        .context_files
        .secrets
        .iter()
        .filter(|secret| ignore.is_none_or(|ignore| !ignore.excludes(&secret.path)))
        .map(|secret| {
            (
                finding(
                    Rule::ContextSecret,
                    &file,
                    0,
                    format!(
                        "{} goes into the build context: anything `COPY . .` copies ends up in an image layer",
                        secret.path
                    ),
                    format!("it holds {}", secrets::holds(&secret.pattern)),
                    format!("add `{}` to {}", secret.pattern, file.display()),
                ),
                Vec::new(),
            )
        })
        .collect()
}
