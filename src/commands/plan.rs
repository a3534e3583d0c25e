use crate::cli::PlanCommandArgs;
use crate::error::{Error, Result};
use crate::printer::Printer;
use crate::settings::Config;

use super::{print_summary, scan_and_plan, ExitStatus};

pub fn plan(arguments: PlanCommandArgs, printer: &Printer) -> Result<ExitStatus> {
    let config = Config::load(&arguments.path)?;
    let (facts, plan) = scan_and_plan(&arguments.path, arguments.plan, config.as_ref())?;
    if arguments.json {
        let json = serde_json::to_string_pretty(&plan)
            .map_err(|error| Error::Other(format!("cannot serialise the plan: {error}")))?;
        printer.data(&json);
    } else {
        print_summary(printer, &facts, &plan);
    }
    Ok(ExitStatus::Success)
}
