use crate::cli::{PlanArgs, RegenArgs};
use crate::error::{Error, Result};
use crate::printer::Printer;
use crate::render;
use crate::settings::{Config, CONFIG_FILE};
use crate::write::Action;

use super::{keep_unchanged_config, scan_and_plan, write_files, ExitStatus};

/// Re-renders from godock.toml. A generated file edited by hand is refused
/// (godock.lock tells) unless `--force`.
pub fn regen(arguments: RegenArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = arguments.path;
    if Config::load(&path)?.is_none() {
        return Err(Error::Other(format!(
            "no {CONFIG_FILE} in {}: run `godock init` first",
            path.display()
        )));
    }
    let (facts, plan) = scan_and_plan(&path, PlanArgs::default())?;
    for warning in facts.warnings.iter().chain(&plan.warnings) {
        printer.warning(warning);
    }
    let mut files = render::render(&plan)?;
    keep_unchanged_config(&path, &mut files)?;
    let changes = crate::write::prepare(&path, &files, arguments.write.force)?;
    write_files(printer, &path, &changes, arguments.write.dry_run)?;
    if changes
        .iter()
        .all(|change| change.action == Action::Unchanged)
    {
        printer.message("godock: every file is up to date; nothing written");
    }
    Ok(ExitStatus::Success)
}
