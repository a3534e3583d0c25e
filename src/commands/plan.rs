use crate::cli::PlanCommandArgs;
use crate::error::{Error, Result};
use crate::printer::Printer;

use super::{print_summary, scan_and_plan, ExitStatus};

pub fn plan(arguments: PlanCommandArgs, printer: &Printer) -> Result<ExitStatus> {
    let (facts, plan) = scan_and_plan(&arguments.path, arguments.plan)?;
    if arguments.json {
        let json = serde_json::to_string_pretty(&plan)
            .map_err(|error| Error::Other(format!("cannot serialise the plan: {error}")))?;
        printer.data(&json);
    } else {
        print_summary(printer, &facts, &plan);
    }
    Ok(ExitStatus::Success)
}
