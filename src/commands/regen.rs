use crate::cli::RegenArgs;
use crate::error::Result;
use crate::printer::Printer;

use super::{
    load_config_and_plan, prepare_changes, preview, print_changes, write_files, ExitStatus, Loaded,
    Tense,
};

/// Re-renders from godock.toml and merges the result into the files: edits
/// that do not conflict with godock's changes survive; a conflict stops the
/// run with nothing written, unless `--force` (godock.lock tells edits apart).
pub fn regen(arguments: RegenArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = arguments.path;
    let Loaded { output, plan, .. } = load_config_and_plan(&path, "regen", printer)?;
    let prepared = prepare_changes(&output, &plan, arguments.write.force)?;
    if prepared.is_up_to_date() {
        print_changes(printer, &prepared, Tense::Done);
        printer.message("godock: every file is up to date; nothing written");
        return Ok(ExitStatus::Success);
    }
    if arguments.write.dry_run || arguments.write.diff {
        preview(printer, &prepared, arguments.write.diff);
        return Ok(ExitStatus::Success);
    }
    write_files(printer, &output, &prepared)?;
    Ok(ExitStatus::Success)
}
