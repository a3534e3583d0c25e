//! `godock plan`: every decision the generated files will carry, as JSON
//! or in a few lines.
use super::{pipeline, report, ExitStatus};
use crate::cli::PlanCommandArgs;
use crate::error::{Error, Result};
use crate::printer::Printer;

pub fn plan(arguments: PlanCommandArgs, printer: &Printer) -> Result<ExitStatus> {
    // godock.toml in PATH, or in the build context above it.
    let plan = pipeline::load(&arguments.path, arguments.plan, "plan")?.plan()?;
    if arguments.json {
        let json = serde_json::to_string_pretty(&plan).map_err(|error| Error::Serialize {
            what: "the plan",
            message: error.to_string(),
        })?;
        printer.data(&json);
    } else {
        report::print_warnings(printer, &plan.warnings);
        for line in report::summary(&plan) {
            printer.message(&line);
        }
    }
    Ok(ExitStatus::Success)
}
