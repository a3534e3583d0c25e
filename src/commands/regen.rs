use crate::cli::{PlanArgs, RegenArgs};
use crate::error::{Error, Result};
use crate::printer::Printer;
use crate::settings::{Config, CONFIG_FILE};
use crate::write::Action;

use super::{output_directory, prepare_changes, scan_and_plan, write_files, ExitStatus};

/// Re-renders from godock.toml. A generated file edited by hand is refused
/// (godock.lock tells) unless `--force`.
pub fn regen(arguments: RegenArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = arguments.path;
    let Some(config) = Config::load(&path)? else {
        // A module whose build context lies above it keeps godock.toml there.
        if let Ok((_, plan)) = scan_and_plan(&path, PlanArgs::default(), None) {
            let context = output_directory(&path, &plan);
            if plan.context != "." && context.join(CONFIG_FILE).is_file() {
                return Err(Error::Other(format!(
                    "no {CONFIG_FILE} in {}: it is in {}, the build context of this module; run `godock regen {}`",
                    path.display(),
                    context.display(),
                    context.display()
                )));
            }
        }
        return Err(Error::Other(format!(
            "no {CONFIG_FILE} in {}: run `godock init` first",
            path.display()
        )));
    };
    let (facts, plan) = scan_and_plan(&path, PlanArgs::default(), Some(&config))?;
    for warning in facts.warnings.iter().chain(&plan.warnings) {
        printer.warning(warning);
    }
    let changes = prepare_changes(&path, &plan, Some(&config), arguments.write.force)?;
    write_files(
        printer,
        &output_directory(&path, &plan),
        &changes,
        arguments.write.dry_run,
    )?;
    if changes
        .iter()
        .all(|change| change.action == Action::Unchanged)
    {
        printer.message("godock: every file is up to date; nothing written");
    }
    Ok(ExitStatus::Success)
}
