//! The one pass every command that plans makes, in one direction: locate
//! the project (and from go.mod and go.work alone, its build context) → read
//! godock.toml once, from where the files go → resolve the settings once →
//! walk once → plan once → render and decide what writing would do. No
//! stage runs twice; the tests below count them.
use std::path::{Path, PathBuf};

use crate::cli::PlanArgs;
use crate::error::{Error, Result};
use crate::knowledge::date::Date;
use crate::plan::pins::Pins;
use crate::plan::Plan;
use crate::printer::Printer;
use crate::scan::paths::{clean, cleaned, normalize};
use crate::scan::{BuildContext, Facts};
use crate::settings::{Config, Environment, Flags, LoadedConfig, Settings, CONFIG_FILE};
use crate::write::{self, LockFacts, Prepared};

/// What a command works from, everything up to the plan: the wizard asks
/// its questions between the walk and the plan.
pub(super) struct Loaded {
    /// Where the files go, and godock.toml lives: the build context.
    pub output: PathBuf,
    /// Whether a godock.toml was found there (or in the path).
    pub has_config: bool,
    pub settings: Settings,
    pub context: BuildContext,
    pub facts: Facts,
    /// Warnings about the run itself (a godock.toml left in the module).
    pub warnings: Vec<String>,
    /// The day the plan is made for: which Go releases still receive
    /// security fixes depends on it.
    pub today: Date,
    /// The base images godock.lock pins (`godock pin`), checked.
    pub pins: Pins,
    /// What finishing a write an earlier run left half-done did
    /// ([`Interrupted::Finish`]).
    pub recovered: Option<write::Recovered>,
    /// A write an earlier run left half-done, not finished by this one
    /// ([`Interrupted::Report`]): its journal.
    pub interrupted: Option<PathBuf>,
}

/// What a command does with a write an earlier run left half-done (a
/// journal in the build context): a command that writes finishes it
/// before reading anything else there; one that only reads reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Interrupted {
    Finish,
    Report,
}

/// PATH as godock works on it, as `go` does: a directory (a missing one or
/// a file is an error); inside a module (`cmd/api`), the module's directory
/// (the nearest above with go.mod or go.work, up to the repository's root),
/// and godock says which module it uses.
pub(super) fn project_path(path: &Path, printer: &Printer) -> Result<PathBuf> {
    crate::scan::check_directory(path)?;
    let Some(above) = crate::scan::enclosing_module(path) else {
        return Ok(path.to_path_buf());
    };
    let module = if path.is_absolute() {
        clean(&path.join(&above))
    } else {
        PathBuf::from(normalize(&format!("{}/{above}", path.display())))
    };
    let what = match std::fs::read_to_string(module.join("go.mod")) {
        Ok(text) => match crate::go::go_mod::parse(&text) {
            Ok(go_mod) if !go_mod.module.is_empty() => format!("the module {}", go_mod.module),
            _ => "the module".to_string(),
        },
        Err(_) => "the go.work workspace".to_string(),
    };
    printer.message(&format!(
        "godock: {} is inside {what}: working on {} (the nearest directory above with {})",
        path.display(),
        module.display(),
        if module.join("go.mod").is_file() {
            "go.mod"
        } else {
            "go.work"
        }
    ));
    Ok(module)
}

/// Locates the project at `path`, reads godock.toml, resolves the settings
/// and walks the modules, each once. godock.toml lives where the files go,
/// in the build context: `path` itself, or, for a module whose build needs
/// more of the repository (a go.work above it, a `../` replace), the
/// directory above it. A godock.toml in `path` is read even then (left by a
/// godock that wrote in the module); one found in the context above must be
/// for `path`'s module, or the error says which `godock COMMAND` works on it.
pub(super) fn load(
    path: &Path,
    arguments: PlanArgs,
    command: &'static str,
    interrupted: Interrupted,
) -> Result<Loaded> {
    let flags = flags(arguments);
    let mut here = Config::load(path)?;
    let choice = crate::settings::module_choice(
        flags.module.clone(),
        here.as_ref()
            .and_then(|loaded| loaded.config.module.clone()),
    );
    let location = crate::scan::locate(path, choice.as_ref())?;
    let context = location.build_context()?;
    let output = context.directory(path);
    let journal = write::journal_path(&output);
    let (recovered, interrupted) = match interrupted {
        Interrupted::Finish => (write::recover(&output)?, None),
        Interrupted::Report => (
            None,
            std::fs::symlink_metadata(&journal)
                .is_ok()
                .then_some(journal),
        ),
    };
    if recovered.is_some() && context.is_path() {
        // godock.toml may be one of the files the interrupted run wrote.
        here = Config::load(path)?;
    }
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
    let settings = Settings::resolve(
        flags,
        config
            .as_ref()
            .map(|loaded| loaded.config.clone())
            .unwrap_or_default(),
        &Environment::from_process(),
        &project,
    )?;
    let today = today()?;
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
    let pins = recorded_pins(&output)?;
    Ok(Loaded {
        pins,
        output,
        has_config: config.is_some(),
        settings,
        context,
        facts,
        warnings,
        today,
        recovered,
        interrupted,
    })
}

/// The pins godock.lock in `output` records. The lock is repository
/// content: each image must be a reference and each digest a digest, or the
/// error names the lock and the entry.
fn recorded_pins(output: &Path) -> Result<Pins> {
    let bases = write::Lock::load(output)?
        .facts
        .map(|facts| facts.bases)
        .unwrap_or_default();
    for (image, digest) in &bases {
        let problem = match (
            crate::registry::Reference::parse(image),
            crate::registry::Digest::parse(digest),
        ) {
            (Err(error), _) => error.to_string(),
            (_, Err(problem)) => format!("`{}` for {image}: {problem}", digest.escape_default()),
            (Ok(reference), _) if reference.digest().is_some() => {
                format!("`{image}` names a digest; a pin is an image with its tag")
            }
            _ => continue,
        };
        return Err(Error::ConfigInvalid {
            path: output.join(write::LOCK_FILE),
            message: format!("bases: {problem}; run `godock pin --update` to pin again"),
        });
    }
    Ok(bases)
}

/// Today, from `SOURCE_DATE_EPOCH` when it is set (the convention of
/// reproducible builds: the same project and date always give the same
/// files), else from the clock.
pub(super) fn today() -> Result<Date> {
    const VARIABLE: &str = "SOURCE_DATE_EPOCH";
    match std::env::var(VARIABLE) {
        Ok(value) if !value.is_empty() => value
            .parse::<i64>()
            .ok()
            .and_then(|seconds| Date::from_days_since_epoch(seconds.div_euclid(86_400)))
            .ok_or_else(|| Error::EnvironmentInvalid {
                variable: VARIABLE.to_string(),
                message: format!("`{value}` is not a number of seconds since 1970-01-01"),
            }),
        _ => Ok(Date::today()),
    }
}

impl Loaded {
    /// The plan, made once from what was loaded; the run's own warnings
    /// come after the plan's.
    pub fn plan(&self) -> Result<Plan> {
        let mut plan = Plan::new(&self.facts, &self.settings, &self.context, self.today)?;
        plan.pin(&self.pins);
        plan.warnings.extend(self.warnings.iter().cloned());
        Ok(plan)
    }

    /// What `regen` and `check` work from: godock.toml must exist, in the
    /// path or in the build context above it.
    pub fn require_config(self, path: &Path) -> Result<Loaded> {
        if self.has_config {
            return Ok(self);
        }
        Err(Error::NoConfig {
            path: path.to_path_buf(),
            context: (self.output != path).then(|| self.output.clone()),
        })
    }
}

/// The godock.toml of the build context above `path` must be for `path`'s
/// module (its `module` key, `.` when absent), not another module the
/// context also holds.
fn check_module(
    context: &Path,
    loaded: &LoadedConfig,
    path: &Path,
    module_dir: &str,
    command: &'static str,
) -> Result<()> {
    let configured = loaded.config.module.as_deref().unwrap_or(".");
    if cleaned(Path::new(configured)) == cleaned(Path::new(module_dir)) {
        return Ok(());
    }
    Err(Error::ConfigForAnotherModule {
        context: context.to_path_buf(),
        configured: loaded.config.module.clone(),
        path: path.to_path_buf(),
        module_dir: module_dir.to_string(),
        command,
    })
}

/// Renders the plan and decides what writing it into `output` (its build
/// context) would do, refusing (with nothing written) when a file would be
/// lost: one godock did not write, or one whose edits conflict with the new
/// render. The user's godock.toml text is kept whenever its choices are
/// unchanged ([`write::prepare`] reads it there).
pub(super) fn prepare_changes(output: &Path, plan: &Plan, force: bool) -> Result<Prepared> {
    let prepared = render_and_prepare(output, plan, force)?;
    prepared.refuse_conflicts(output)?;
    Ok(prepared)
}

/// Renders the plan and decides what writing it into `output` would do;
/// conflicts are left in the result, for `check` to report.
pub(super) fn render_and_prepare(output: &Path, plan: &Plan, force: bool) -> Result<Prepared> {
    let files = crate::render::render(plan)?;
    write::prepare(output, &files, LockFacts::from_plan(plan), force)
}

/// The flags as settings read them.
fn flags(arguments: PlanArgs) -> Flags {
    Flags {
        preset: arguments.preset,
        binaries: arguments.binaries,
        primary: arguments.primary,
        port: arguments.port,
        no_port: arguments.no_port,
        go_version: arguments.go_version,
        debian: arguments.debian,
        no_syntax: arguments.no_syntax,
        image: arguments.image,
        registry: arguments.registry,
        platforms: arguments.platforms,
        tags: arguments.tags,
        no_tags: arguments.no_tags,
        ldflags: arguments.ldflags,
        private: arguments.private,
        outputs: arguments.outputs,
        no_outputs: arguments.no_outputs,
        module: arguments.module,
        dockerfile: arguments.dockerfile,
        makefile: arguments.makefile,
        makefile_include: arguments.makefile_include,
        dockerignore_block: arguments.dockerignore_block,
        frontend: match (arguments.frontend, arguments.no_frontend) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    //! Every command locates, resolves its settings, walks and plans at most
    //! once: counted by the marks each stage leaves (`crate::stage`),
    //! running the commands in-process as `godock` would.
    use clap::Parser;

    use super::super::{run, ExitStatus};
    use crate::cli::Cli;
    use crate::fixtures::{example, write};
    use crate::printer::Printer;
    use crate::prompt::scripted::{Answer, MustNotAsk, Scripted};
    use crate::prompt::Prompter;
    use crate::stage::{counts, Stage};

    const ONCE: [Stage; 4] = [Stage::Locate, Stage::Resolve, Stage::Walk, Stage::Plan];

    /// The stages `godock ARGUMENTS` entered, in order.
    fn stages(arguments: &[String], prompter: &mut dyn Prompter) -> Vec<Stage> {
        let command_line = std::iter::once("godock").chain(arguments.iter().map(String::as_str));
        let cli = Cli::try_parse_from(command_line).unwrap();
        counts::take();
        let status = run(cli.command, &Printer::quiet(), prompter)
            .unwrap_or_else(|error| panic!("{arguments:?}: {}", error.report()));
        assert_eq!(status, ExitStatus::Success, "{arguments:?}");
        counts::take()
    }

    /// `command` with `arguments` and `path` as its PATH.
    fn command(command: &str, path: &std::path::Path, arguments: &[&str]) -> Vec<String> {
        let mut all = vec![command.to_string()];
        all.extend(arguments.iter().map(|argument| argument.to_string()));
        all.push(path.display().to_string());
        all
    }

    /// Every command, in a project whose files init writes at `at` below
    /// `root` (the build context may lie above it).
    fn every_command_runs_each_stage_once(root: &std::path::Path, at: &str) {
        let path = root.join(at);
        for arguments in [&["--yes", "--dry-run"][..], &["--stdout"], &["--yes"]] {
            let stages = stages(&command("init", &path, arguments), &mut MustNotAsk);
            assert_eq!(stages, ONCE, "init {arguments:?}");
        }
        for name in ["regen", "check"] {
            assert_eq!(
                stages(&command(name, &path, &[]), &mut MustNotAsk),
                ONCE,
                "{name}"
            );
        }
        for arguments in [&["--json"][..], &[]] {
            let stages = stages(&command("plan", &path, arguments), &mut MustNotAsk);
            assert_eq!(stages, ONCE, "plan {arguments:?}");
        }
        // Facts need no settings and no plan.
        let stages = stages(&command("scan", &path, &["--json"]), &mut MustNotAsk);
        assert_eq!(stages, [Stage::Locate, Stage::Walk]);
    }

    #[test]
    fn a_module_whose_context_is_its_directory() {
        let project = example("multi");
        every_command_runs_each_stage_once(project.path(), ".");
    }

    #[test]
    fn a_module_whose_context_lies_above_it_through_a_replace() {
        // The build context is two directories up: godock.toml lives there,
        // and is read once, after the module was located.
        let project = example("monorepo");
        write(project.path(), ".git/HEAD", "ref: refs/heads/main\n");
        every_command_runs_each_stage_once(project.path(), "services/api");
    }

    #[test]
    fn a_module_whose_context_lies_above_it_through_a_go_work() {
        let project = example("workspace");
        write(project.path(), ".git/HEAD", "ref: refs/heads/main\n");
        every_command_runs_each_stage_once(project.path(), "api");
    }

    #[test]
    fn the_wizard_plans_once_whatever_it_is_answered() {
        for (name, at, answers) in [
            ("hello", ".", vec![Answer::Enter; 6]),
            (
                "hello",
                ".",
                vec![
                    Answer::Say("scratch"),
                    Answer::Say("other"),
                    Answer::Say("9090"),
                    Answer::Say("web"),
                    Answer::Say("ghcr.io/acme"),
                    Answer::Pick(&["compose"]),
                    Answer::Enter,
                ],
            ),
            (
                "multi",
                ".",
                vec![
                    Answer::Say("debug"),
                    Answer::Pick(&["api", "gen"]),
                    Answer::Say("gen"),
                    Answer::Enter,
                    Answer::Enter,
                    Answer::Enter,
                    Answer::Enter,
                    Answer::Enter,
                ],
            ),
            ("monorepo", "services/api", vec![Answer::Enter; 6]),
        ] {
            let project = example(name);
            write(project.path(), ".git/HEAD", "ref: refs/heads/main\n");
            let mut prompter = Scripted::new(&answers);
            let path = project.path().join(at);
            let stages = stages(&command("init", &path, &[]), &mut prompter);
            assert_eq!(stages, ONCE, "{name}: {:?}", prompter.asked);
            assert!(prompter.answers.is_empty(), "{name}: {:?}", prompter.asked);
        }
    }
}
