//! One function per command. Each runs scan → plan → render → write as far as
//! it needs, prints through the [`Printer`] and returns its exit status.
mod check;
mod init;
mod plan;
mod regen;
mod scan;

use std::path::Path;

pub use check::check;
pub use init::init;
pub use plan::plan;
pub use regen::regen;
pub use scan::scan;

use crate::cli::PlanArgs;
use crate::error::Error;
use crate::error::Result;
use crate::plan::Plan;
use crate::printer::Printer;
use crate::scan::Facts;
use crate::settings::{Config, Environment, Flags, LoadedConfig, Settings, CONFIG_FILE};
use crate::write::{self, Action, LockFacts, Prepared};

/// What a command exits with: 0 done, 1 a problem found (for `check`), 2 an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

/// Scans `path` and plans from the flags over its godock.toml (`config`,
/// read once by the caller).
fn scan_and_plan(
    path: &Path,
    arguments: PlanArgs,
    config: Option<&LoadedConfig>,
) -> Result<(Facts, Plan)> {
    let settings = resolve_settings(path, arguments, config)?;
    let facts = crate::scan::scan_module(path, settings.module.as_ref())?;
    let plan = Plan::new(&facts, &settings).map_err(|error| error.located_in(path))?;
    Ok((facts, plan))
}

/// The flags over godock.toml over the `GODOCK_*` environment, which is read
/// here so that [`Settings::resolve`] stays pure.
fn resolve_settings(
    path: &Path,
    arguments: PlanArgs,
    config: Option<&LoadedConfig>,
) -> Result<Settings> {
    let config = config
        .map(|loaded| loaded.config.clone())
        .unwrap_or_default();
    Settings::resolve(flags(arguments), config, &Environment::from_process(), path)
}

/// Renders the plan and decides what writing it into its build context
/// (`path`, or the directory above it the plan chose: see
/// [`output_directory`]) would do, refusing (with nothing written) when a
/// file would be lost: one godock did not write, or one whose edits conflict
/// with the new render. The user's godock.toml text is kept whenever its
/// choices are unchanged; the caller's copy (`_config`) is the same file,
/// which [`write::prepare`] reads.
fn prepare_changes(
    path: &Path,
    plan: &Plan,
    _config: Option<&LoadedConfig>,
    force: bool,
) -> Result<Prepared> {
    let prepared = render_and_prepare(path, plan, force)?;
    prepared.refuse_conflicts(&output_directory(path, plan))?;
    Ok(prepared)
}

/// Renders the plan and decides what writing it into its build context
/// would do; conflicts are left in the result, for `check` to report.
fn render_and_prepare(path: &Path, plan: &Plan, force: bool) -> Result<Prepared> {
    let files = crate::render::render(plan)?;
    write::prepare(
        &output_directory(path, plan),
        &files,
        LockFacts::from_plan(plan),
        force,
    )
}

/// godock.toml, which `regen` and `check` work from. A module whose build
/// context lies above it keeps godock.toml there, and the error says so.
fn required_config(path: &Path) -> Result<LoadedConfig> {
    if let Some(config) = Config::load(path)? {
        return Ok(config);
    }
    if let Ok((_, plan)) = scan_and_plan(path, PlanArgs::default(), None) {
        let context = output_directory(path, &plan);
        if plan.context != "." && context.join(CONFIG_FILE).is_file() {
            return Err(Error::Other(format!(
                "no {CONFIG_FILE} in {}: it is in {}, the build context of this module; run `godock regen {}`",
                path.display(),
                context.display(),
                context.display()
            )));
        }
    }
    Err(Error::Other(format!(
        "no {CONFIG_FILE} in {}: run `godock init` first",
        path.display()
    )))
}

/// Where the generated files go: the plan's build context.
fn output_directory(path: &Path, plan: &Plan) -> std::path::PathBuf {
    if plan.context == "." {
        return path.to_path_buf();
    }
    // `services/api/../..` reads better as `.`.
    let cleaned = crate::scan::layout::clean(&path.join(&plan.context));
    if cleaned.as_os_str().is_empty() {
        std::path::PathBuf::from(".")
    } else {
        cleaned
    }
}

fn flags(arguments: PlanArgs) -> Flags {
    Flags {
        preset: arguments.preset,
        binaries: arguments.binaries,
        primary: arguments.primary,
        port: arguments.port,
        go_version: arguments.go_version,
        no_syntax: arguments.no_syntax,
        image: arguments.image,
        registry: arguments.registry,
        platforms: arguments.platforms,
        tags: arguments.tags,
        no_tags: arguments.no_tags,
        ldflags: arguments.ldflags,
        outputs: arguments.outputs,
        no_outputs: arguments.no_outputs,
        module: arguments.module,
    }
}

/// Prints the plan's warnings and what it decided, in a few lines.
fn print_summary(printer: &Printer, facts: &Facts, plan: &Plan) {
    for warning in facts.warnings.iter().chain(&plan.warnings) {
        printer.warning(warning);
    }
    printer.message(&format!(
        "godock: module {}, Go {} ({})",
        plan.module, plan.go_version, plan.go_version_source
    ));
    printer.message(&format!(
        "godock: preset {} ({})",
        plan.preset.name, plan.preset.reason
    ));
    let names: Vec<&str> = plan.binaries.iter().map(|b| b.name.as_str()).collect();
    printer.message(&format!(
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
        printer.message(&format!(
            "godock: not built: {} (to build one, pass --binary with its path)",
            plan.unselected.join(", ")
        ));
    }
    if plan.context != "." || plan.module_dir != "." {
        printer.message(&format!(
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
        printer.message(&format!(
            "godock: kept in the build context for the build: {}",
            plan.keep_in_context.join(", ")
        ));
    }
}

/// When the changes a report describes happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    /// Written just now.
    Done,
    /// About to be written, once the user agrees.
    Proposed,
    /// A dry run: never written.
    DryRun,
}

/// Reports what writing did, will do, or would do.
fn print_changes(printer: &Printer, prepared: &Prepared, tense: Tense) {
    for change in &prepared.changes {
        let (verb, past, detail) = match &change.action {
            Action::Create => ("create", "created", String::new()),
            Action::Update => ("update", "updated", String::new()),
            Action::Merge => ("update", "updated", " (your edits kept)".to_string()),
            Action::Unchanged => ("", "unchanged", String::new()),
            Action::Overwrite { backup } => (
                "overwrite",
                "overwrote",
                format!(" (old one kept as {backup})"),
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
            printer.message(&format!("godock: {what}: {}{detail}", change.path));
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
        printer.message(&format!("godock: {what}: {}", write::LOCK_FILE));
    }
    if tense == Tense::DryRun {
        printer.message("godock: dry run: nothing written");
    }
}

/// Prints, on stdout, a unified diff of every file that would change, and
/// of the facts godock.lock records when they changed.
fn print_diff(printer: &Printer, prepared: &Prepared) {
    for diff in prepared.changes.iter().filter_map(|change| change.diff()) {
        printer.data(&diff);
    }
    if let Some(diff) = prepared.facts_diff() {
        printer.data(&diff);
    }
}

/// `--dry-run` and `--diff`: says what would be written (with the diff when
/// asked), and writes nothing.
fn preview(printer: &Printer, prepared: &Prepared, diff: bool) {
    if diff {
        print_diff(printer, prepared);
    }
    print_changes(printer, prepared, Tense::DryRun);
}

/// Carries out prepared changes (unless `dry_run`) and reports them.
fn write_files(printer: &Printer, path: &Path, prepared: &Prepared, dry_run: bool) -> Result<()> {
    if dry_run {
        print_changes(printer, prepared, Tense::DryRun);
    } else {
        write::apply(path, prepared)?;
        print_changes(printer, prepared, Tense::Done);
    }
    Ok(())
}
