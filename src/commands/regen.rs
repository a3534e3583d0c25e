//! `godock regen`: the files written again from godock.toml, the user's
//! edits merged in.
use super::pipeline::{self, Interrupted};
use super::report::{preview, print_changes, print_plan_warnings, write_files, Tense};
use super::ExitStatus;
use crate::cli::RegenArgs;
use crate::error::Result;
use crate::printer::Printer;

/// Re-renders from godock.toml and merges the result into the files: edits
/// that do not conflict with godock's changes survive; a conflict stops the
/// run with nothing written, unless `--force` (godock.lock tells edits apart).
pub fn regen(arguments: RegenArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = pipeline::project_path(&arguments.path, printer)?;
    let previewing = arguments.write.dry_run || arguments.write.diff;
    let interrupted = if previewing {
        Interrupted::Report
    } else {
        Interrupted::Finish
    };
    let mut loaded =
        pipeline::load(&path, Default::default(), "regen", interrupted)?.require_config(&path)?;
    super::report::print_interrupted(printer, &loaded);
    loaded.settings.force = arguments.write.force;
    let mut plan = loaded.plan()?;
    if arguments.pin {
        let pins = super::pin::resolve(&plan, false, printer)?;
        plan.pin(&pins);
    }
    print_plan_warnings(printer, &loaded.facts.warnings, &plan);
    super::report::print_reasons(printer, &plan);
    let prepared = pipeline::prepare_changes(&loaded.output, &plan, arguments.write.force)?;
    if prepared.is_up_to_date() {
        print_changes(printer, &prepared, Tense::Done);
        printer.message("godock: every file is up to date; nothing written");
        return Ok(ExitStatus::Success);
    }
    if previewing {
        preview(printer, &prepared, arguments.write.diff);
        return Ok(ExitStatus::Success);
    }
    write_files(printer, &loaded.output, &prepared)?;
    Ok(ExitStatus::Success)
}
