//! One function per command. Each runs scan → plan → render → write as far as
//! it needs, prints through the [`Printer`] and returns its exit status.
mod init;
mod plan;
mod regen;
mod scan;

use std::path::Path;

pub use init::init;
pub use plan::plan;
pub use regen::regen;
pub use scan::scan;

use crate::cli::PlanArgs;
use crate::error::Result;
use crate::plan::Plan;
use crate::printer::Printer;
use crate::render::GeneratedFile;
use crate::scan::Facts;
use crate::settings::{Config, Flags, LoadedConfig, Settings};
use crate::write::{self, Action, Change};

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
    let config = config
        .map(|loaded| loaded.config.clone())
        .unwrap_or_default();
    let settings = Settings::resolve(flags(arguments), config, path);
    let facts = crate::scan::scan_module(path, settings.module.as_ref())?;
    let plan = Plan::new(&facts, &settings).map_err(|error| error.located_in(path))?;
    Ok((facts, plan))
}

/// Renders the plan and decides what writing it into its build context
/// (`path`, or the directory above it the plan chose) would do, refusing
/// (with nothing written) when a file would be lost.
fn prepare_changes(
    path: &Path,
    plan: &Plan,
    config: Option<&LoadedConfig>,
    force: bool,
) -> Result<Vec<Change>> {
    let mut files = crate::render::render(plan)?;
    if let Some(existing) = config.filter(|_| plan.context == ".") {
        keep_unchanged_config(existing, &mut files);
    }
    write::prepare(&output_directory(path, plan), &files, force)
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
        module: arguments.module,
    }
}

/// godock.toml is rewritten only when the choices in it change, so that the
/// user's comments and layout survive a run that changes nothing.
fn keep_unchanged_config(existing: &LoadedConfig, files: &mut [GeneratedFile]) {
    for file in files.iter_mut() {
        if file.path == crate::settings::CONFIG_FILE
            && toml::from_str::<Config>(&file.content).is_ok_and(|new| new == existing.config)
        {
            file.content = existing.text.clone();
        }
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
fn print_changes(printer: &Printer, changes: &[Change], tense: Tense) {
    for change in changes {
        let (verb, past, detail) = match &change.action {
            Action::Create => ("create", "created", String::new()),
            Action::Update => ("update", "updated", String::new()),
            Action::Unchanged => ("", "unchanged", String::new()),
            Action::Overwrite { backup } => (
                "overwrite",
                "overwrote",
                format!(" (old one kept as {backup})"),
            ),
        };
        let what = match tense {
            _ if change.action == Action::Unchanged => past.to_string(),
            Tense::Done => past.to_string(),
            Tense::Proposed => format!("will {verb}"),
            Tense::DryRun => format!("would {verb}"),
        };
        printer.message(&format!("godock: {what}: {}{detail}", change.path));
    }
    if tense == Tense::DryRun {
        printer.message("godock: dry run: nothing written");
    }
}

/// Carries out prepared changes (unless `dry_run`) and reports them.
fn write_files(printer: &Printer, path: &Path, changes: &[Change], dry_run: bool) -> Result<()> {
    if dry_run {
        print_changes(printer, changes, Tense::DryRun);
    } else {
        write::apply(path, changes)?;
        print_changes(printer, changes, Tense::Done);
    }
    Ok(())
}
