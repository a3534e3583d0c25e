use super::{load_and_plan, print_summary, ExitStatus, Loaded};
use crate::cli::PlanCommandArgs;
use crate::error::{Error, Result};
use crate::printer::Printer;

pub fn plan(arguments: PlanCommandArgs, printer: &Printer) -> Result<ExitStatus> {
    // godock.toml in PATH, or in the build context above it.
    let Loaded { facts, plan, .. } = load_and_plan(&arguments.path, arguments.plan, "plan")?;
    if arguments.json {
        let json = serde_json::to_string_pretty(&plan)
            .map_err(|error| Error::Other(format!("cannot serialise the plan: {error}")))?;
        printer.data(&json);
    } else {
        print_summary(printer, &facts, &plan);
    }
    Ok(ExitStatus::Success)
}
