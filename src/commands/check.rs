//! `godock check`: whether `regen` would change anything, for pre-commit
//! hooks and CI; with `--remote`, also whether a pinned base's tag moved.
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
    let moved = if arguments.remote {
        moved_bases(&plan, printer)?
    } else {
        false
    };
    let prepared = pipeline::render_and_prepare(&loaded.output, &plan, false)?;
    if prepared.is_up_to_date() && loaded.interrupted.is_none() {
        printer.message("godock: every generated file is up to date");
        if moved {
            printer.hint("run `godock pin --update` to move the pins");
            return Ok(ExitStatus::Failure);
        }
        return Ok(ExitStatus::Success);
    }
    print_diff(printer, &prepared);
    if let Some(stale) = old_debian(&plan, &prepared) {
        printer.message(&stale);
    }
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
    if moved {
        printer.hint("run `godock pin --update` to move the pins");
    }
    Ok(ExitStatus::Failure)
}

/// What check says when the Dockerfile on disk is on a Debian release that
/// no longer receives updates and the plan moves it to one that does.
fn old_debian(plan: &crate::plan::Plan, prepared: &crate::write::Prepared) -> Option<String> {
    let current = plan.debian.as_ref().filter(|debian| debian.updated)?;
    let change = prepared.changes.iter().find(|change| {
        change.path == plan.files.dockerfile && change.action != Action::Unchanged
    })?;
    let dockerfile = crate::evidence::dockerfile::parse(
        change.original_text()?,
        std::path::Path::new(&change.path),
    );
    let table = crate::knowledge::debian::Table::embedded();
    let old = dockerfile
        .stages
        .iter()
        .filter_map(|stage| table.release_of(&stage.from.image.text))
        .find(|release| !release.updated)?;
    Some(format!(
        "godock: stale: {}: its images are on {}, which no longer receives updates ({}); regen moves them to {}",
        change.path,
        old.describe(),
        old.note.as_deref().unwrap_or("no updates"),
        table.release(current.release)?.describe(),
    ))
}

/// Whether a pinned base's tag points to another digest now, asking each
/// registry (`--remote`); each one that moved is reported with both digests.
fn moved_bases(plan: &crate::plan::Plan, printer: &Printer) -> Result<bool> {
    let pinned: Vec<_> = plan
        .bases()
        .into_iter()
        .filter_map(|base| Some((base.digest.clone()?, base)))
        .collect();
    if pinned.is_empty() {
        printer.message(
            "godock: no base is pinned (`godock pin` pins them): nothing to ask the registries",
        );
        return Ok(false);
    }
    let client = super::pin::registry_client()?;
    let mut moved = false;
    for (recorded, base) in pinned {
        let now = super::pin::lookup(&client, &base.image)?;
        if now == recorded {
            printer.message(&format!("godock: {}: still {recorded}", base.image));
        } else {
            moved = true;
            printer.message(&format!(
                "godock: moved: {}: pinned to {recorded}, the tag now points to {now}",
                base.image
            ));
        }
    }
    Ok(moved)
}
