//! `godock plan`: every decision the generated files will carry, as JSON
//! or in a few lines.
use super::{pipeline, report, ExitStatus};
use crate::cli::PlanCommandArgs;
use crate::error::{Error, Result};
use crate::printer::Printer;

pub fn plan(arguments: PlanCommandArgs, printer: &Printer) -> Result<ExitStatus> {
    // godock.toml in PATH, or in the build context above it.
    let path = pipeline::project_path(&arguments.path, printer)?;
    let loaded = pipeline::load(&path, arguments.plan, "plan", pipeline::Interrupted::Report)?;
    let plan = loaded.plan()?;
    if arguments.json {
        let json = serde_json::to_string_pretty(&plan).map_err(|error| Error::Serialize {
            what: "the plan",
            message: error.to_string(),
        })?;
        printer.data(&json);
    } else {
        // The summary is what `plan` was asked for: data, as `scan`'s facts
        // are; warnings stay messages.
        report::print_plan_warnings(printer, &loaded.facts.warnings, &plan);
        printer.data(&report::summary(&plan).join("\n"));
    }
    report::print_reasons(printer, &plan);
    Ok(ExitStatus::Success)
}
