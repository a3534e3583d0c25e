//! godock: scan a Go repository, plan an image, render a Dockerfile.
//!
//! Data flows once, one way: [`scan::locate`](fn@scan::locate) (the module, the go.work, the
//! build context) → [`settings`] (flags > godock.toml > `GODOCK_*`, one rule
//! per setting) → [`scan::scan`](fn@scan::scan) (facts, no opinions; the parsers of Go's
//! formats are in [`go`], what godock knows beyond the project in
//! [`knowledge`]) → [`plan`] (opinions, pure, serialisable; a [`preset`] is
//! data) → [`render`] (templates) → [`write`](mod@write) (files, edits kept).
//! [`commands`] tell each command's story with that pipeline; only they,
//! the wizard's [`prompt`] and the [`printer`] touch the terminal, and only
//! [`run`] decides the exit code. README.md's Layout section maps it.
pub mod cli;
pub mod commands;
pub mod error;
pub mod evidence;
#[cfg(test)]
mod fixtures;
pub mod go;
pub mod knowledge;
pub mod plan;
pub mod preset;
pub mod printer;
pub mod prompt;
pub mod registry;
pub mod render;
pub mod scan;
pub mod settings;
mod stage;
pub mod write;

use std::ffi::OsString;

use clap::Parser;

use crate::cli::Cli;
use crate::commands::ExitStatus;
use crate::error::Error;
use crate::printer::{Printer, Verbosity};

/// Runs godock with `arguments` (program name first) and returns its exit status.
pub fn run(arguments: impl IntoIterator<Item = OsString>) -> ExitStatus {
    let cli = match Cli::try_parse_from(arguments) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    let printer = Printer::new(Verbosity::from_flags(cli.quiet, cli.verbose));
    let mut prompter = prompt::for_this_process(printer.colour());
    match commands::run(cli.command, &printer, prompter.as_mut()) {
        Ok(status) => status,
        Err(error) => {
            printer.error(&error);
            match error {
                Error::Cancelled { interrupted: true } => ExitStatus::Interrupted,
                _ => ExitStatus::Error,
            }
        }
    }
}
