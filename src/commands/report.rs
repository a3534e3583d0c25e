//! What commands say: the plan in a few lines, warnings, and what writing
//! did, will do or would do, with diffs. Everything goes through the
//! [`Printer`]; nothing here decides anything.
use std::path::Path;

use crate::error::Result;
use crate::plan::files::Placement;
use crate::plan::go_version::Warning as GoWarning;
use crate::plan::Plan;
use crate::printer::Printer;
use crate::settings::Setting;
use crate::write::{self, Action, Prepared};

/// Warnings: the scan's, then the plan's (the run's own last among them).
pub(super) fn print_warnings<'a>(
    printer: &Printer,
    warnings: impl IntoIterator<Item = &'a String>,
) {
    for warning in warnings {
        printer.warning(warning);
    }
}

/// The scan's warnings, then the Go version policy's (each with what to
/// do about it), then the rest of the plan's.
pub(super) fn print_plan_warnings(printer: &Printer, facts_warnings: &[String], plan: &Plan) {
    print_warnings(printer, facts_warnings);
    print_go_warnings(printer, &plan.go.builder.warnings);
    print_warnings(printer, &plan.warnings);
}

/// The Go version policy's warnings, each followed by its hint.
pub(super) fn print_go_warnings(printer: &Printer, warnings: &[GoWarning]) {
    for warning in warnings {
        printer.warning(&warning.to_string());
        if let Some(hint) = warning.hint() {
            printer.hint(&hint);
        }
    }
}

/// What the plan decided, in a few lines.
pub(super) fn summary(plan: &Plan) -> Vec<String> {
    let mut lines = vec![
        format!(
            "godock: module {}, Go {} ({})",
            plan.module, plan.go.builder.version, plan.go.why
        ),
        format!(
            "godock: preset {} ({})",
            plan.preset.name, plan.preset.reason
        ),
    ];
    let names: Vec<&str> = plan.binaries.iter().map(|b| b.name.as_str()).collect();
    lines.push(format!(
        "godock: {} {} (primary: {})",
        if names.len() == 1 {
            "binary"
        } else {
            "binaries"
        },
        names.join(", "),
        plan.primary
    ));
    if !plan.unselected.is_empty() {
        lines.push(format!(
            "godock: not built: {} (to build one, pass --binary with its path)",
            plan.unselected.join(", ")
        ));
    }
    if plan.context != "." || plan.module_dir != "." {
        lines.push(format!(
            "godock: build context {} (the module is in {}{}); the files are written there",
            plan.context,
            plan.module_dir,
            if plan.workspace {
                ", in a go.work workspace"
            } else {
                ""
            }
        ));
    }
    if !plan.keep_in_context.is_empty() {
        lines.push(format!(
            "godock: kept in the build context for the build: {}",
            plan.keep_in_context.join(", ")
        ));
    }
    lines
}

/// Where godock's files went beside the user's own, which Make targets it
/// renamed or left to theirs, and how to wire its Makefile in.
pub(super) fn beside(plan: &Plan) -> Vec<String> {
    let files = &plan.files;
    let mut lines = Vec::new();
    for beside in &files.beside {
        lines.push(format!(
            "godock: {} is yours: godock writes {} beside it and leaves yours as it is",
            beside.theirs, beside.ours
        ));
    }
    match files.dockerignore.placement {
        Placement::Block => lines.push(format!(
            "godock: {} is yours: godock keeps its block (`# godock: begin` … `# godock: end`) at its end{}",
            files.dockerignore.path,
            if files.dockerignore.reincludes.is_empty() {
                String::new()
            } else {
                format!(
                    ", which sends again {}",
                    files
                        .dockerignore
                        .reincludes
                        .iter()
                        .map(|reinclude| format!("{} (excluded by {})", reinclude.pattern, reinclude.line))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        )),
        Placement::LeftAlone => lines.push(format!(
            "godock: {} is yours: the build uses it as it is (--dockerignore-block adds godock's block to it)",
            files.dockerignore.path
        )),
        Placement::Own => {}
    }
    for (usual, ours) in &files.targets.renamed {
        lines.push(format!(
            "godock: your Makefile has a `{usual}` target: godock's is `{ours}`"
        ));
    }
    if !files.targets.left_out.is_empty() {
        lines.push(format!(
            "godock: your Makefile's {} targets are used; godock writes none of that name",
            files.targets.left_out.join(", ")
        ));
    }
    if let Some(theirs) = &files.included_by {
        if files.include_block {
            lines.push(format!(
                "godock: {theirs} gets godock's block with `include {}` at its end",
                files.makefile
            ));
        } else if !files.included_already {
            lines.push(format!(
                "godock: to run godock's targets with `make`, add this line to {theirs} (or pass --makefile-include): include {}",
                files.makefile
            ));
        }
    }
    lines
}

/// Why each decision was taken, from the plan: said with `--verbose`.
pub(super) fn print_reasons(printer: &Printer, plan: &Plan) {
    for line in reasons(plan) {
        printer.detail(&line);
    }
}

/// The plan's reasons, one decision a line.
fn reasons(plan: &Plan) -> Vec<String> {
    let origin = |setting: Setting| plan.sources[&setting].label();
    let names: Vec<&str> = plan.binaries.iter().map(|b| b.name.as_str()).collect();
    let mut lines = vec![
        format!("Go {}: {}", plan.go.builder.version, plan.go.why),
        format!(
            "preset {}: {} ({})",
            plan.preset.reference,
            plan.preset.reason,
            origin(Setting::Preset)
        ),
        match &plan.cgo_reason {
            Some(reason) => format!("cgo on: {reason}"),
            None => "cgo off: no binary built needs it, so the binaries are static".to_string(),
        },
        format!(
            "binaries {} ({}): {}",
            names.join(", "),
            origin(Setting::Binaries),
            if plan.given(Setting::Binaries) {
                "as chosen"
            } else {
                "the root package and every main package under cmd/, else every main package"
            }
        ),
        format!(
            "primary {} ({}): a plain `docker build .` builds it, so its stage comes last",
            plan.primary,
            origin(Setting::Primary)
        ),
    ];
    if let Some(reason) = &plan.tags_reason {
        lines.push(format!("tags {}: {reason}", plan.tags.join(",")));
    }
    lines.push(match (plan.port, &plan.port_source) {
        (Some(port), Some(source)) => format!("port {port}: {source}"),
        (None, Some(source)) if plan.no_port => {
            format!("no port ({source}): no EXPOSE, whatever the scan finds")
        }
        _ => "no port: the scan found none the primary binary listens on, so no EXPOSE".to_string(),
    });
    lines.push(format!(
        "image {} ({}){}",
        plan.image,
        origin(Setting::Image),
        if plan.registry.is_empty() {
            ", no registry".to_string()
        } else {
            format!(
                ", registry {} ({})",
                plan.registry,
                origin(Setting::Registry)
            )
        }
    ));
    if !plan.keep_in_context.is_empty() {
        lines.push(format!(
            "kept in the build context: {}: the build reads them",
            plan.keep_in_context.join(", ")
        ));
    }
    lines
}

/// How to build the image with what godock wrote.
pub(super) fn build_hint(plan: &Plan, output: &Path) -> String {
    let file = if plan.files.dockerfile_named {
        format!(
            " -f {}",
            Path::new(output).join(&plan.files.dockerfile).display()
        )
    } else {
        String::new()
    };
    format!(
        "build the image with `docker build{file} -t {} {}`, or `{} {}`",
        plan.image,
        output.display(),
        plan.files.make,
        plan.files.targets.docker_build
    )
}

/// When the changes a report describes happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    /// Written just now.
    Done,
    /// About to be written, once the user agrees.
    Proposed,
    /// A dry run: never written.
    DryRun,
}

/// Reports what writing did, will do, or would do.
pub(super) fn print_changes(printer: &Printer, prepared: &Prepared, tense: Tense) {
    for warning in &prepared.warnings {
        printer.warning(warning);
    }
    for change in &prepared.changes {
        let (verb, past, detail) = match &change.action {
            Action::Create => ("create", "created", String::new()),
            Action::Update => ("update", "updated", String::new()),
            Action::Merge => ("update", "updated", " (your edits kept)".to_string()),
            Action::Unchanged => ("", "unchanged", String::new()),
            Action::Overwrite { backup, taken } if taken.is_empty() => (
                "overwrite",
                "overwrote",
                format!(" (old one kept as {backup})"),
            ),
            Action::Overwrite { backup, taken } => (
                "update",
                "updated",
                format!(
                    " (your edits kept, but godock's lines taken where they conflicted: {}; your file kept as {backup})",
                    taken.join(", ")
                ),
            ),
            Action::Conflict { .. } => (
                "stop at",
                "stopped at",
                " (your edits conflict with godock's)".to_string(),
            ),
            Action::Remove => (
                "remove",
                "removed",
                " (no longer generated)".to_string(),
            ),
            Action::Block => (
                "write godock's block in",
                "wrote godock's block in",
                " (your lines kept as they are)".to_string(),
            ),
            Action::Disown => (
                "keep",
                "kept",
                " (no longer generated, but edited since godock wrote it: it is yours now, godock.lock forgets it; delete it if you do not need it)"
                    .to_string(),
            ),
        };
        let what = match tense {
            _ if change.action == Action::Unchanged => past.to_string(),
            Tense::Done => past.to_string(),
            Tense::Proposed => format!("will {verb}"),
            Tense::DryRun => format!("would {verb}"),
        };
        if change.action == Action::Disown {
            printer.warning(&format!("{what}: {}{detail}", change.path));
        } else {
            printer.outcome(&what, &format!("{}{detail}", change.path));
        }
    }
    // The lock is bookkeeping: worth a line only when it is all that changes.
    let only_the_lock = prepared
        .changes
        .iter()
        .all(|change| change.action == Action::Unchanged);
    if prepared.lock_changes() && only_the_lock {
        let what = match tense {
            Tense::Done => "updated",
            Tense::Proposed => "will update",
            Tense::DryRun => "would update",
        };
        printer.outcome(what, write::LOCK_FILE);
    }
    if tense == Tense::DryRun {
        printer.message("godock: dry run: nothing written");
    }
}

/// Prints, on stdout, a unified diff of every file that would change, and
/// of the facts godock.lock records when they changed.
pub(super) fn print_diff(printer: &Printer, prepared: &Prepared) {
    for diff in prepared.changes.iter().filter_map(|change| change.diff()) {
        printer.data(&diff);
    }
    if let Some(diff) = prepared.facts_diff() {
        printer.data(&diff);
    }
}

/// `--dry-run` and `--diff`: says what would be written (with the diff when
/// asked), and writes nothing.
pub(super) fn preview(printer: &Printer, prepared: &Prepared, diff: bool) {
    if diff {
        print_diff(printer, prepared);
    }
    print_changes(printer, prepared, Tense::DryRun);
}

/// Carries out prepared changes in `output` and reports them.
pub(super) fn write_files(printer: &Printer, output: &Path, prepared: &Prepared) -> Result<()> {
    write::apply(output, prepared)?;
    print_changes(printer, prepared, Tense::Done);
    Ok(())
}

/// What finishing a write an earlier run left half-done did, or, for a
/// command that does not write, that one was left.
pub(super) fn print_interrupted(printer: &Printer, loaded: &super::pipeline::Loaded) {
    if let Some(recovered) = &loaded.recovered {
        for warning in &recovered.warnings {
            printer.warning(warning);
        }
        printer.message("godock: finished a write an earlier run left half-done");
        for line in &recovered.done {
            printer.message(&format!("godock:   {line}"));
        }
    }
    if let Some(journal) = &loaded.interrupted {
        printer.warning(&format!(
            "{}: an earlier run was interrupted while writing; `godock regen` finishes it",
            journal.display()
        ));
    }
}
