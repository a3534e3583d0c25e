//! `godock init`: scan, resolve the settings, ask what is left in a
//! terminal (the wizard), confirm and write.
mod found;
mod wizard;

use super::pipeline::{self, prepare_changes, Interrupted};
use super::report::{self, preview, print_changes, print_plan_warnings, write_files, Tense};
use super::ExitStatus;
use crate::cli::InitArgs;
use crate::error::Result;
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::render;

pub fn init(
    arguments: InitArgs,
    printer: &Printer,
    prompter: &mut dyn Prompter,
) -> Result<ExitStatus> {
    let path = pipeline::project_path(&arguments.path, printer)?;
    // godock.toml in PATH, or in the build context above it (a module whose
    // build needs more of the repository): a second init keeps its choices.
    let previewing = arguments.write.dry_run || arguments.write.diff;
    let interrupted = if previewing || arguments.stdout {
        Interrupted::Report
    } else {
        Interrupted::Finish
    };
    let mut loaded = pipeline::load(&path, arguments.plan, "init", interrupted)?;
    report::print_interrupted(printer, &loaded);
    let force = arguments.write.force;
    let asking = !(arguments.yes || previewing || arguments.stdout);
    loaded.settings.force = force;
    if asking {
        // Refuse before saying or asking anything: a question whose answer
        // cannot be carried out wastes the user's time.
        let mut paths =
            crate::plan::files::destinations(&loaded.facts.context_files, &loaded.settings);
        paths.push(crate::settings::CONFIG_FILE.to_string());
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        crate::write::refuse_foreign(&loaded.output, &paths, force)?;
        let detected = found::detect(&loaded)?;
        // Without a terminal the first open question fails, naming its flag:
        // what was detected would only bury that error.
        if prompter.can_ask() {
            detected.show(printer);
        }
        loaded.settings = wizard::ask(prompter, &loaded.facts, loaded.settings.clone())?;
    }
    let mut plan = loaded.plan()?;
    if arguments.pin {
        let pins = super::pin::resolve(&plan, false, printer)?;
        plan.pin(&pins);
    }
    if arguments.stdout {
        printer.data(&render::render_dockerfile(&plan)?.content);
        return Ok(ExitStatus::Success);
    }
    let changes = prepare_changes(&loaded.output, &plan, force)?;
    if !asking {
        print_plan_warnings(printer, &loaded.facts.warnings, &plan);
        for line in report::summary(&plan) {
            printer.message(&line);
        }
    }
    report::print_reasons(printer, &plan);
    for line in report::beside(&plan) {
        printer.message(&line);
    }
    if let Some(line) =
        super::audit::summary(&loaded.facts, &loaded.context, &loaded.output, loaded.today)
    {
        printer.message(&line);
    }
    if previewing {
        preview(printer, &changes, arguments.write.diff);
        return Ok(ExitStatus::Success);
    }
    if !arguments.yes {
        print_changes(printer, &changes, Tense::Proposed);
        if !prompter.confirm("Write these files?", true)? {
            printer.message("godock: nothing written");
            return Ok(ExitStatus::Success);
        }
    }
    write_files(printer, &loaded.output, &changes)?;
    printer.hint(&report::build_hint(&plan, &loaded.output));
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::cli::{PlanArgs, WriteArgs};

    use crate::fixtures::{example, files};
    use crate::prompt::scripted::{Answer, MustNotAsk, Scripted};

    fn hello() -> tempfile::TempDir {
        example("hello")
    }

    /// Runs `init` as a script does: any question is a test failure.
    fn init_without_asking(arguments: InitArgs) -> ExitStatus {
        init(arguments, &Printer::quiet(), &mut MustNotAsk).unwrap()
    }

    /// Runs `init` with the wizard answering from `prompter`'s script.
    fn init_asking(arguments: InitArgs, prompter: &mut Scripted) -> ExitStatus {
        init(arguments, &Printer::quiet(), prompter).unwrap()
    }

    fn arguments(path: &Path, yes: bool) -> InitArgs {
        with_flags(path, yes, PlanArgs::default())
    }

    fn with_flags(path: &Path, yes: bool, plan: PlanArgs) -> InitArgs {
        InitArgs {
            path: path.to_path_buf(),
            plan,
            write: WriteArgs {
                force: false,
                dry_run: false,
                diff: false,
            },
            yes,
            stdout: false,
            pin: false,
        }
    }

    /// Enter through the wizard for a project with one binary.
    const ENTER_THROUGH: [Answer; 6] = [
        Answer::Enter, // preset
        Answer::Enter, // port
        Answer::Enter, // image
        Answer::Enter, // registry
        Answer::Enter, // outputs
        Answer::Enter, // write these files?
    ];

    const REGISTRY: &str = "Registry `make docker-push` pushes to (empty for none)";

    #[test]
    fn yes_never_asks() {
        let directory = hello();
        let status = init_without_asking(arguments(directory.path(), true));
        assert_eq!(status, ExitStatus::Success);
        assert!(directory.path().join("Dockerfile").is_file());
    }

    #[test]
    fn the_wizard_asks_what_matters_in_order() {
        let directory = hello();
        let mut prompter = Scripted::new(&ENTER_THROUGH);
        init_asking(arguments(directory.path(), false), &mut prompter);
        assert_eq!(
            prompter.asked,
            [
                "Preset",
                "Port hello listens on (EXPOSE)",
                "Image name",
                REGISTRY,
                "Extra files to write",
                "Write these files?"
            ]
        );
        assert_eq!(
            prompter.defaults,
            [
                "distroless - no cgo: a static binary needs no libc",
                "8080 - main.go:40: an environment variable's default (PORT)",
                "hello",
                "",
                "",
                "yes"
            ]
        );
    }

    #[test]
    fn enter_through_the_wizard_writes_what_yes_writes() {
        for name in ["hello", "multi", "cgo", "embedded"] {
            let by_yes = example(name);
            init_without_asking(arguments(by_yes.path(), true));
            let by_wizard = example(name);
            let mut prompter = Scripted::new(&[Answer::Enter; 9]);
            init_asking(arguments(by_wizard.path(), false), &mut prompter);
            assert!(
                prompter.answers.len() < 9,
                "{name}: the wizard asked nothing"
            );
            assert_eq!(files(by_wizard.path()), files(by_yes.path()), "{name}");
        }
    }

    #[test]
    fn answers_write_what_the_equivalent_flags_write() {
        let by_wizard = hello();
        let mut prompter = Scripted::new(&[
            Answer::Say("scratch"),
            Answer::Say("other"),
            Answer::Say("abc"),
            Answer::Say("9090"),
            Answer::Say("Web"),
            Answer::Say("web"),
            Answer::Say("ghcr.io/Acme"),
            Answer::Say("ghcr.io/acme"),
            Answer::Pick(&["compose", "github-actions"]),
            Answer::Enter,
        ]);
        init_asking(arguments(by_wizard.path(), false), &mut prompter);
        assert!(prompter.answers.is_empty());
        assert_eq!(prompter.refused.len(), 3, "{:?}", prompter.refused);
        assert!(prompter.refused[0].contains("`abc` is not a port"));
        assert!(prompter.refused[1].contains("`Web` is not an image name"));
        assert!(prompter.refused[2].contains("`ghcr.io/Acme` is not a registry"));

        let by_flags = hello();
        let flags = PlanArgs {
            preset: Some("scratch".into()),
            port: Some("9090".into()),
            image: Some("web".into()),
            registry: Some("ghcr.io/acme".into()),
            outputs: vec!["compose".into(), "github-actions".into()],
            ..PlanArgs::default()
        };
        init_without_asking(with_flags(by_flags.path(), true, flags));
        let written = files(by_wizard.path());
        assert_eq!(written, files(by_flags.path()));
        let config = &written
            .iter()
            .find(|(path, _)| path == "godock.toml")
            .unwrap()
            .1;
        assert!(config.contains("preset = \"scratch\"\n"), "{config}");
        assert!(config.contains("port = 9090\n"), "{config}");
        assert!(by_wizard.path().join("compose.yaml").is_file());
        assert!(by_wizard
            .path()
            .join(".github/workflows/docker.yml")
            .is_file());
    }

    #[test]
    fn no_port_is_a_choice_and_writes_what_no_port_writes() {
        let by_wizard = hello();
        let mut answers = ENTER_THROUGH.to_vec();
        answers[1] = Answer::Say("none");
        let mut prompter = Scripted::new(&answers);
        init_asking(arguments(by_wizard.path(), false), &mut prompter);
        let by_flags = hello();
        let flags = PlanArgs {
            no_port: true,
            ..PlanArgs::default()
        };
        init_without_asking(with_flags(by_flags.path(), true, flags));
        assert_eq!(files(by_wizard.path()), files(by_flags.path()));
        let dockerfile = std::fs::read_to_string(by_wizard.path().join("Dockerfile")).unwrap();
        assert!(!dockerfile.contains("EXPOSE"), "{dockerfile}");
        let config = std::fs::read_to_string(by_wizard.path().join("godock.toml")).unwrap();
        assert!(config.contains("\nport = \"none\"\n"), "{config}");
    }

    #[test]
    fn flags_are_not_asked_and_godock_toml_gives_the_defaults_of_a_second_run() {
        let directory = hello();
        let flags = PlanArgs {
            preset: Some("debug".into()),
            port: Some("9090".into()),
            image: Some("hi".into()),
            registry: Some("ghcr.io/acme".into()),
            outputs: vec!["compose".into()],
            ..PlanArgs::default()
        };
        let mut prompter = Scripted::new(&[Answer::Enter]);
        init_asking(with_flags(directory.path(), false, flags), &mut prompter);
        assert_eq!(prompter.asked, ["Write these files?"]);
        // godock.toml now holds every answer: a second init asks again, with
        // them as the defaults, and Enter through changes nothing.
        let before = files(directory.path());
        let mut prompter = Scripted::new(&ENTER_THROUGH);
        init_asking(arguments(directory.path(), false), &mut prompter);
        let from_config = " (default from godock.toml)";
        assert_eq!(
            prompter.asked,
            [
                format!("Preset{from_config}"),
                format!("Port hello listens on (EXPOSE){from_config}"),
                format!("Image name{from_config}"),
                format!("{REGISTRY}{from_config}"),
                format!("Extra files to write{from_config}"),
                "Write these files?".to_string(),
            ]
        );
        assert_eq!(
            prompter.defaults[..5],
            [
                "debug - from godock.toml: distroless :debug-nonroot with a busybox shell, for troubleshooting",
                "9090 - from godock.toml",
                "hi",
                "ghcr.io/acme",
                "compose - compose.yaml: runs every service with `docker compose up --build`",
            ]
        );
        assert_eq!(files(directory.path()), before);
    }

    #[test]
    fn several_binaries_ask_which_and_the_primary_in_one_order() {
        let directory = example("multi");
        let mut prompter = Scripted::new(&[
            Answer::Enter,
            Answer::Pick(&[]),
            Answer::Pick(&["api", "gen"]),
            Answer::Say("gen"),
            Answer::Enter,
            Answer::Enter,
            Answer::Enter,
            Answer::Enter,
            Answer::Enter,
        ]);
        init_asking(arguments(directory.path(), false), &mut prompter);
        assert_eq!(prompter.refused, ["Choose at least one binary."]);
        assert_eq!(
            prompter.asked[..4],
            [
                "Preset",
                "Binaries to build",
                "Binaries to build",
                "Primary binary (what a plain `docker build .` builds)"
            ]
        );
        // The plan's order, the primary last, in the checkboxes as in the
        // files; the tool is offered with why it is not built by default.
        assert_eq!(
            prompter.defaults[1],
            "api (./cmd/api), worker (./cmd/worker), multi (./cmd/multi)"
        );
        let config = std::fs::read_to_string(directory.path().join("godock.toml")).unwrap();
        assert!(
            config.contains("binaries = [\"api\", \"gen\"]\n"),
            "{config}"
        );
        assert!(config.contains("primary = \"gen\"\n"), "{config}");
    }

    #[test]
    fn a_cgo_program_is_offered_only_presets_that_serve_it() {
        let directory = example("cgo");
        let mut prompter = Scripted::new(&[Answer::Say("scratch")]);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            init(
                arguments(directory.path(), false),
                &Printer::quiet(),
                &mut prompter,
            )
        }));
        let message = *result.unwrap_err().downcast::<String>().unwrap();
        assert!(message.contains("`scratch` is not among"), "{message}");
        assert!(message.contains("distroless-cgo - cgo:"), "{message}");
    }

    #[test]
    fn answering_no_writes_nothing_and_yes_writes() {
        let directory = hello();
        let mut answers = ENTER_THROUGH.to_vec();
        answers[5] = Answer::No;
        let mut prompter = Scripted::new(&answers);
        init_asking(arguments(directory.path(), false), &mut prompter);
        assert!(!directory.path().join("Dockerfile").exists());
        let mut prompter = Scripted::new(&ENTER_THROUGH);
        init_asking(arguments(directory.path(), false), &mut prompter);
        assert!(directory.path().join("Dockerfile").is_file());
    }

    #[test]
    fn without_a_terminal_the_first_open_question_names_its_flag() {
        let directory = hello();
        let error = init(
            arguments(directory.path(), false),
            &Printer::quiet(),
            &mut crate::prompt::NoTerminal,
        )
        .unwrap_err();
        assert!(error.report().contains("pass --preset NAME"), "{error}");
        let flags = PlanArgs {
            preset: Some("debug".into()),
            port: Some("8080".into()),
            image: Some("hi".into()),
            registry: Some("ghcr.io/acme".into()),
            outputs: vec!["compose".into()],
            ..PlanArgs::default()
        };
        let error = init(
            with_flags(directory.path(), false, flags),
            &Printer::quiet(),
            &mut crate::prompt::NoTerminal,
        )
        .unwrap_err();
        assert!(error.report().contains("pass --yes"), "{error}");
        assert!(files(directory.path())
            .iter()
            .all(|(path, _)| !path.contains("Dockerfile")));
    }

    #[test]
    fn a_refusal_comes_before_the_question() {
        // A Dockerfile of the user's has godock write beside it, unless that
        // name is the user's too.
        let directory = hello();
        std::fs::write(directory.path().join("Dockerfile"), "FROM scratch\n").unwrap();
        std::fs::write(directory.path().join("Dockerfile.godock"), "FROM scratch\n").unwrap();
        let error = init(
            arguments(directory.path(), false),
            &Printer::quiet(),
            &mut MustNotAsk,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("not written by godock"),
            "{error}"
        );
    }

    #[test]
    fn what_cannot_be_built_is_refused_before_the_first_question() {
        let directory = example("cgo");
        let flags = PlanArgs {
            preset: Some("scratch".into()),
            ..PlanArgs::default()
        };
        let error = init(
            with_flags(directory.path(), false, flags),
            &Printer::quiet(),
            &mut crate::prompt::NoTerminal,
        )
        .unwrap_err();
        assert!(
            error
                .report()
                .contains("preset `scratch` cannot serve this project"),
            "{}",
            error.report()
        );
    }

    /// hello with a Makefile and a .dockerignore of the user's.
    fn hello_with_theirs() -> tempfile::TempDir {
        let directory = hello();
        std::fs::write(
            directory.path().join("Makefile"),
            "build:\n\tgo build ./...\n",
        )
        .unwrap();
        std::fs::write(directory.path().join(".dockerignore"), ".git\n").unwrap();
        directory
    }

    #[test]
    fn the_wizard_asks_about_blocks_in_the_users_files_and_defaults_to_none() {
        const MAKEFILE: &str = "Your Makefile: add `include docker.mk` to it?";
        const IGNORE: &str = "Your .dockerignore: add godock's block to it?";
        let by_yes = hello_with_theirs();
        init_without_asking(arguments(by_yes.path(), true));
        let by_wizard = hello_with_theirs();
        let mut prompter = Scripted::new(&[Answer::Enter; 8]);
        init_asking(arguments(by_wizard.path(), false), &mut prompter);
        assert_eq!(
            prompter.asked[5..],
            [MAKEFILE, IGNORE, "Write these files?"]
        );
        let no = "(the default: godock changes no file of yours unless asked)";
        assert!(
            prompter.defaults[5].starts_with("no - Makefile stays as it is")
                && prompter.defaults[5].ends_with(no),
            "{:?}",
            prompter.defaults
        );
        assert!(
            prompter.defaults[6].starts_with("no - .dockerignore stays as it is"),
            "{:?}",
            prompter.defaults
        );
        assert_eq!(files(by_wizard.path()), files(by_yes.path()));

        // Yes to both writes what the two flags write, and godock.toml
        // keeps the answers as the next run's defaults.
        let by_flags = hello_with_theirs();
        let flags = PlanArgs {
            makefile_include: true,
            dockerignore_block: true,
            ..PlanArgs::default()
        };
        init_without_asking(with_flags(by_flags.path(), true, flags));
        let by_wizard = hello_with_theirs();
        let mut answers = vec![Answer::Enter; 5];
        answers.extend([Answer::Say("yes"), Answer::Say("yes"), Answer::Enter]);
        let mut prompter = Scripted::new(&answers);
        init_asking(arguments(by_wizard.path(), false), &mut prompter);
        assert_eq!(files(by_wizard.path()), files(by_flags.path()));
        let makefile = std::fs::read_to_string(by_wizard.path().join("Makefile")).unwrap();
        assert!(makefile.contains("\ninclude docker.mk\n"), "{makefile}");
        // Asked again, both default to godock.toml's yes, and Enter through
        // keeps both blocks.
        let mut prompter = Scripted::new(&[Answer::Enter; 8]);
        init_asking(arguments(by_wizard.path(), false), &mut prompter);
        let from_config = " (default from godock.toml)";
        assert_eq!(
            prompter.asked[5..7],
            [
                format!("{MAKEFILE}{from_config}"),
                format!("{IGNORE}{from_config}")
            ]
        );
        assert!(
            prompter.defaults[5..7]
                .iter()
                .all(|default| default.starts_with("yes - ")
                    && default.ends_with("(from godock.toml)")),
            "{:?}",
            prompter.defaults
        );
        assert_eq!(files(by_wizard.path()), files(by_flags.path()));
    }
}
