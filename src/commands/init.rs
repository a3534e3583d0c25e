use crate::cli::InitArgs;
use crate::error::Result;
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::render;

use super::{keep_unchanged_config, print_summary, scan_and_plan, write_files, ExitStatus};

pub fn init(
    arguments: InitArgs,
    printer: &Printer,
    prompter: &mut dyn Prompter,
) -> Result<ExitStatus> {
    let path = arguments.path;
    let (facts, plan) = scan_and_plan(&path, arguments.plan)?;
    if arguments.stdout {
        printer.data(&render::render_one(&plan, "Dockerfile")?.content);
        return Ok(ExitStatus::Success);
    }
    let mut files = render::render(&plan)?;
    keep_unchanged_config(&path, &mut files);
    let force = arguments.write.force;
    // Refuse before saying or asking anything: a question whose answer cannot
    // be carried out wastes the user's time.
    crate::write::prepare(&path, &files, force)?;
    print_summary(printer, &facts, &plan);
    if arguments.write.dry_run {
        write_files(printer, &path, &files, force, true)?;
        return Ok(ExitStatus::Success);
    }
    if !arguments.yes && !prompter.confirm("Write these files?", true)? {
        printer.message("godock: nothing written");
        return Ok(ExitStatus::Success);
    }
    write_files(printer, &path, &files, force, false)?;
    printer.hint(&format!(
        "build the image with `docker build -t {} {}`, or `make docker-build`",
        plan.image,
        path.display()
    ));
    Ok(ExitStatus::Success)
}
