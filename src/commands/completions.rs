//! `godock completions SHELL` and `godock man [COMMAND]`: the command line
//! described for shells and for man(1), from the same clap definitions as
//! `--help`, on stdout.
use clap::CommandFactory;

use super::ExitStatus;
use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{Error, Result};
use crate::printer::Printer;

/// A completion script for `arguments.shell`.
pub fn completions(arguments: CompletionsArgs, printer: &Printer) -> Result<ExitStatus> {
    let mut script = Vec::new();
    clap_complete::generate(arguments.shell, &mut Cli::command(), "godock", &mut script);
    printer.data(&String::from_utf8_lossy(&script));
    Ok(ExitStatus::Success)
}

/// A man page in roff: godock(1), or godock-COMMAND(1) for one command,
/// with its options.
pub fn man(arguments: ManArgs, printer: &Printer) -> Result<ExitStatus> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let page = match &arguments.command {
        None => command,
        Some(name) => {
            command
                .find_subcommand(name)
                .cloned()
                .ok_or_else(|| Error::UnknownCommand {
                    name: name.clone(),
                    available: command
                        .get_subcommands()
                        .map(|subcommand| subcommand.get_name().to_string())
                        .collect(),
                })?
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("godock {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)
        .map_err(|error| Error::Serialize {
            what: "the man page",
            message: error.to_string(),
        })?;
    printer.data(&String::from_utf8_lossy(&roff));
    Ok(ExitStatus::Success)
}
