use crate::cli::InitArgs;
use crate::error::Result;
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::render;

use super::{
    output_directory, prepare_changes, print_changes, print_summary, scan_and_plan, write_files,
    ExitStatus, Tense,
};
use crate::settings::Config;

pub fn init(
    arguments: InitArgs,
    printer: &Printer,
    prompter: &mut dyn Prompter,
) -> Result<ExitStatus> {
    let path = arguments.path;
    let config = Config::load(&path)?;
    let (facts, plan) = scan_and_plan(&path, arguments.plan, config.as_ref())?;
    if arguments.stdout {
        printer.data(&render::render_one(&plan, "Dockerfile")?.content);
        return Ok(ExitStatus::Success);
    }
    // Refuse before saying or asking anything: a question whose answer cannot
    // be carried out wastes the user's time.
    let changes = prepare_changes(&path, &plan, config.as_ref(), arguments.write.force)?;
    print_summary(printer, &facts, &plan);
    let output = output_directory(&path, &plan);
    if arguments.write.dry_run {
        write_files(printer, &output, &changes, true)?;
        return Ok(ExitStatus::Success);
    }
    if !arguments.yes {
        print_changes(printer, &changes, Tense::Proposed);
        if !prompter.confirm("Write these files?", true)? {
            printer.message("godock: nothing written");
            return Ok(ExitStatus::Success);
        }
    }
    write_files(printer, &output, &changes, false)?;
    printer.hint(&format!(
        "build the image with `docker build -t {} {}`, or `make docker-build`",
        plan.image,
        output.display()
    ));
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::cli::{PlanArgs, WriteArgs};

    /// Answers from a script, and counts the questions.
    struct Scripted {
        answers: Vec<bool>,
        asked: usize,
    }

    impl Prompter for Scripted {
        fn confirm(&mut self, _question: &str, _default: bool) -> Result<bool> {
            self.asked += 1;
            Ok(self.answers.remove(0))
        }
    }

    /// For `--yes`: being asked anything is a bug.
    struct MustNotAsk;

    impl Prompter for MustNotAsk {
        fn confirm(&mut self, question: &str, _default: bool) -> Result<bool> {
            panic!("--yes must never prompt, but asked: {question}");
        }
    }

    fn hello() -> tempfile::TempDir {
        let directory = tempfile::tempdir().unwrap();
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hello");
        for file in ["go.mod", "main.go"] {
            std::fs::copy(example.join(file), directory.path().join(file)).unwrap();
        }
        directory
    }

    fn arguments(path: &Path, yes: bool) -> InitArgs {
        InitArgs {
            path: path.to_path_buf(),
            plan: PlanArgs::default(),
            write: WriteArgs {
                force: false,
                dry_run: false,
            },
            yes,
            stdout: false,
        }
    }

    #[test]
    fn yes_never_asks() {
        let directory = hello();
        let status = init(arguments(directory.path(), true), &Printer, &mut MustNotAsk).unwrap();
        assert_eq!(status, ExitStatus::Success);
        assert!(directory.path().join("Dockerfile").is_file());
    }

    #[test]
    fn answering_no_writes_nothing_and_yes_writes() {
        let directory = hello();
        let mut prompter = Scripted {
            answers: vec![false, true],
            asked: 0,
        };
        init(arguments(directory.path(), false), &Printer, &mut prompter).unwrap();
        assert!(!directory.path().join("Dockerfile").exists());
        init(arguments(directory.path(), false), &Printer, &mut prompter).unwrap();
        assert!(directory.path().join("Dockerfile").is_file());
        assert_eq!(prompter.asked, 2);
    }

    #[test]
    fn a_refusal_comes_before_the_question() {
        let directory = hello();
        std::fs::write(directory.path().join("Dockerfile"), "FROM scratch\n").unwrap();
        let error = init(
            arguments(directory.path(), false),
            &Printer,
            &mut MustNotAsk,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("not written by godock"),
            "{error}"
        );
    }
}
