//! One function per command, each a short story told with `pipeline.rs`
//! (locate → settings → walk → plan, once) and `report.rs`: what it
//! prints goes through the [`Printer`], and it returns its exit status.
//!
//! Only commands, the wizard and the printer touch the terminal; only
//! [`crate::run`] turns a status or an error into an exit code. A command
//! decides nothing the plan decides and writes nothing but through
//! [`crate::write`].
mod audit;
mod check;
mod completions;
mod init;
mod pin;
mod pipeline;
mod plan;
mod regen;
mod report;
mod scan;

pub use audit::audit;
pub use check::check;
pub use completions::{completions, man};
pub use init::init;
pub use pin::pin;
pub use plan::plan;
pub use regen::regen;
pub use scan::scan;

use crate::cli::Command;
use crate::error::Result;
use crate::printer::Printer;
use crate::prompt::Prompter;

/// Runs `command`; `prompter` asks the wizard's questions (for `init`).
pub fn run(command: Command, printer: &Printer, prompter: &mut dyn Prompter) -> Result<ExitStatus> {
    match command {
        Command::Init(arguments) => init(arguments, printer, prompter),
        Command::Regen(arguments) => regen(arguments, printer),
        Command::Check(arguments) => check(arguments, printer),
        Command::Pin(arguments) => pin(arguments, printer),
        Command::Scan(arguments) => scan(arguments, printer),
        Command::Plan(arguments) => plan(arguments, printer),
        Command::Audit(arguments) => audit(arguments, printer),
        Command::Completions(arguments) => completions(arguments, printer),
        Command::Man(arguments) => man(arguments, printer),
    }
}

/// What a command exits with: 0 done, 1 a problem found (for `check`), 2 an
/// error (or the wizard left with Ctrl-D or Esc), 130 the wizard left with
/// Ctrl-C (128 + SIGINT, as a shell reports a program Ctrl-C stopped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
    Interrupted,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        })
    }
}
