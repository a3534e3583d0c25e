//! `godock check`: whether `regen` would change anything, for pre-commit
//! hooks and CI.
use super::pipeline::{self, Interrupted};
use super::report::{self, print_diff, print_plan_warnings};
use super::ExitStatus;
use crate::cli::CheckArgs;
use crate::error::Result;
use crate::printer::Printer;
use crate::write::Action;

/// Whether `godock regen` would write anything: 0 when every generated file
/// (hand edits merged in) and godock.lock are what it would produce, 1 with a
/// unified diff on stdout when one is stale. One scan, no network: fast
/// enough for a pre-commit hook.
pub fn check(arguments: CheckArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = arguments.path;
    let project = pipeline::project_path(&path, printer)?;
    let loaded = pipeline::load(&project, Default::default(), "check", Interrupted::Report)?
        .require_config(&project)?;
    let plan = loaded.plan()?;
    print_plan_warnings(printer, &loaded.facts.warnings, &plan);
    report::print_reasons(printer, &plan);
    let prepared = pipeline::render_and_prepare(&loaded.output, &plan, false)?;
    if prepared.is_up_to_date() && loaded.interrupted.is_none() {
        printer.message("godock: every generated file is up to date");
        return Ok(ExitStatus::Success);
    }
    print_diff(printer, &prepared);
    let mut conflicted = false;
    for change in &prepared.changes {
        let why = match &change.action {
            Action::Unchanged => continue,
            Action::Create => "missing".to_string(),
            Action::Update => "regen would update it".to_string(),
            Action::Overwrite { backup, .. } => {
                format!("regen would replace it and keep yours as {backup}")
            }
            Action::Merge => "regen would update it and keep your edits".to_string(),
            Action::Block => "regen would bring godock's block in it up to date".to_string(),
            Action::Remove => "no longer generated; regen would remove it".to_string(),
            Action::Disown => {
                "no longer generated, and edited by hand; regen would keep it and stop tracking it in godock.lock"
                    .to_string()
            }
            Action::Conflict { conflicts } => {
                conflicted = true;
                let places: Vec<String> = conflicts.iter().map(|c| c.ours_lines()).collect();
                if places.is_empty() {
                    "edited by hand, and godock.lock has no copy of what godock wrote to merge from"
                        .to_string()
                } else {
                    format!(
                        "your edits at {} conflict with what regen would write",
                        places.join(", ")
                    )
                }
            }
        };
        printer.message(&format!("godock: stale: {}: {why}", change.path));
    }
    if let Some(journal) = &loaded.interrupted {
        printer.message(&format!(
            "godock: stale: {}: an earlier run was interrupted while writing; regen would finish it",
            journal.display()
        ));
    }
    if prepared.lock_changes() {
        printer.message(&format!(
            "godock: stale: {}: regen would record {}",
            crate::write::LOCK_FILE,
            if prepared.facts_diff().is_some() {
                "new facts"
            } else {
                "what it renders now"
            }
        ));
    }
    // The same PATH as this check was given, so that the hint can be pasted.
    let regen = if path == std::path::Path::new(".") {
        "godock regen".to_string()
    } else {
        format!("godock regen {}", path.display())
    };
    if conflicted {
        printer.hint(&format!("resolve the conflicts by hand, then run `{regen}`; or `{regen} --force` takes godock's lines where they conflict, keeps your other edits and saves your file as FILE.orig"));
    } else {
        printer.hint(&format!("run `{regen}` to bring the files up to date"));
    }
    Ok(ExitStatus::Failure)
}
