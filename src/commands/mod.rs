//! One function per command. Each runs scan → plan → render → write as far as
//! it needs, prints through the [`Printer`] and returns its exit status.
mod check;
mod init;
mod plan;
mod regen;
mod scan;

use std::path::{Path, PathBuf};

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
use crate::scan::paths::cleaned;
use crate::scan::{BuildContext, Facts};
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

/// What a command works from: godock.toml (wherever it lives), the
/// settings resolved over it, the facts and the plan.
struct Loaded {
    /// Where the files go, and godock.toml lives: the build context.
    output: PathBuf,
    /// Whether a godock.toml was found there (or in `path`).
    has_config: bool,
    settings: Settings,
    context: BuildContext,
    facts: Facts,
    plan: Plan,
}

/// Runs the pipeline once: locates the project at `path` (and from go.mod
/// and go.work alone, its build context), reads godock.toml, resolves the
/// settings, walks the modules and plans. godock.toml lives where the files
/// go, in the build context: `path` itself, or, for a module whose build
/// needs more of the repository (a go.work above it, a `../` replace), the
/// directory above it. A godock.toml in `path` is read even then (left by a
/// godock that wrote in the module); one found in the context above must be
/// for `path`'s module, or the error says which `godock COMMAND` works on it.
fn load_and_plan(path: &Path, arguments: PlanArgs, command: &str) -> Result<Loaded> {
    let flags = flags(arguments);
    let here = Config::load(path)?;
    let choice = crate::settings::module_choice(
        flags.module.clone(),
        here.as_ref()
            .and_then(|loaded| loaded.config.module.clone()),
    );
    let location = crate::scan::locate(path, choice.as_ref())?;
    let context = location.build_context()?;
    let output = context.directory(path);
    let mut warnings = Vec::new();
    let (config, project, above) = match here {
        Some(here) => {
            if !context.is_path() {
                // Left by a godock that wrote in the module: it is read, but
                // the files, godock.toml among them, now go to the context.
                warnings.push(format!(
                    "{} is read, but this module's files (godock.toml too) are written in {}, its build context; keep your choices there and delete this one",
                    path.join(CONFIG_FILE).display(),
                    output.display()
                ));
            }
            (Some(here), path.to_path_buf(), false)
        }
        None if context.is_path() => (None, path.to_path_buf(), false),
        // A preset file's path is relative to the context, where godock.toml
        // lives, even before there is one.
        None => (Config::load(&output)?, output.clone(), true),
    };
    let settings = resolve_settings(&project, flags, config.as_ref())?;
    let facts = crate::scan::scan(&location)?;
    if let (true, Some(loaded)) = (above, &config) {
        check_module(
            &output,
            loaded,
            path,
            &context.relative(&facts.module_root),
            command,
        )?;
    }
    let mut plan = Plan::new(&facts, &settings, &context)?;
    plan.warnings.extend(warnings);
    Ok(Loaded {
        output,
        has_config: config.is_some(),
        settings,
        context,
        facts,
        plan,
    })
}

/// The godock.toml of the build context above `path` must be for `path`'s
/// module (its `module` key, `.` when absent), not another module the
/// context also holds.
fn check_module(
    context: &Path,
    loaded: &LoadedConfig,
    path: &Path,
    module_dir: &str,
    command: &str,
) -> Result<()> {
    let configured = loaded.config.module.as_deref().unwrap_or(".");
    if cleaned(Path::new(configured)) == cleaned(Path::new(module_dir)) {
        return Ok(());
    }
    Err(Error::ConfigInvalid {
        path: context.join(CONFIG_FILE),
        message: format!(
            "it is for the module in {configured}{}, but {} is the module in {} (relative to {}); run `godock {command} {}` for the module it names, or move one of them",
            if loaded.config.module.is_none() {
                " (it has no `module` key)"
            } else {
                ""
            },
            path.display(),
            module_dir,
            context.display(),
            context.display(),
        ),
    })
}

/// The flags over godock.toml over the `GODOCK_*` environment, which is read
/// here so that [`Settings::resolve`] stays pure. `project` is where
/// godock.toml lives (a preset file's path is relative to it).
fn resolve_settings(
    project: &Path,
    flags: Flags,
    config: Option<&LoadedConfig>,
) -> Result<Settings> {
    let config = config
        .map(|loaded| loaded.config.clone())
        .unwrap_or_default();
    Settings::resolve(flags, config, &Environment::from_process(), project)
}

/// Renders the plan and decides what writing it into its build context
/// (`path`, or the directory above it the plan chose: see
/// [`output_directory`]) would do, refusing (with nothing written) when a
/// file would be lost: one godock did not write, or one whose edits conflict
/// with the new render. The user's godock.toml text is kept whenever its
/// choices are unchanged ([`write::prepare`] reads it there).
fn prepare_changes(output: &Path, plan: &Plan, force: bool) -> Result<Prepared> {
    let prepared = render_and_prepare(output, plan, force)?;
    prepared.refuse_conflicts(output)?;
    Ok(prepared)
}

/// Renders the plan and decides what writing it into `output` (its build
/// context) would do; conflicts are left in the result, for `check` to report.
fn render_and_prepare(output: &Path, plan: &Plan, force: bool) -> Result<Prepared> {
    let files = crate::render::render(plan)?;
    write::prepare(output, &files, LockFacts::from_plan(plan), force)
}

/// What `regen` and `check` work from: godock.toml, in `path` or in the
/// build context above it ([`load_and_plan`] looked in both), and the plan,
/// whose warnings are printed.
fn load_config_and_plan(path: &Path, command: &str, printer: &Printer) -> Result<Loaded> {
    let loaded = load_and_plan(path, PlanArgs::default(), command)?;
    if !loaded.has_config {
        return Err(no_config(path, &loaded.output));
    }
    print_warnings(printer, &loaded.facts, &loaded.plan);
    Ok(loaded)
}

fn no_config(path: &Path, context: &Path) -> Error {
    let also = if context == path {
        String::new()
    } else {
        format!(
            " or in {}, the build context of this module",
            context.display()
        )
    };
    Error::Other(format!(
        "no {CONFIG_FILE} in {}{also}: run `godock init{}` first",
        path.display(),
        if path == Path::new(".") {
            String::new()
        } else {
            format!(" {}", path.display())
        }
    ))
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

/// The scan's warnings, then the plan's.
fn print_warnings(printer: &Printer, facts: &Facts, plan: &Plan) {
    for warning in facts.warnings.iter().chain(&plan.warnings) {
        printer.warning(warning);
    }
}

/// Prints the plan's warnings and what it decided, in a few lines.
fn print_summary(printer: &Printer, facts: &Facts, plan: &Plan) {
    print_warnings(printer, facts, plan);
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

/// Carries out prepared changes in `output` and reports them.
fn write_files(printer: &Printer, output: &Path, prepared: &Prepared) -> Result<()> {
    write::apply(output, prepared)?;
    print_changes(printer, prepared, Tense::Done);
    Ok(())
}
