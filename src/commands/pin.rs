//! `godock pin`: each base image's tag resolved to its digest over the
//! Registry HTTP API v2, recorded in godock.lock and written as
//! `FROM image:tag@sha256:…`; `--update` moves pins to where the tags point
//! now. Also what `init --pin`, `regen --pin` and `check --remote` resolve
//! with. The only commands that touch the network; a failure writes nothing.
use super::report::{preview, print_changes, print_plan_warnings, write_files, Tense};
use super::{pipeline, ExitStatus};
use crate::cli::PinArgs;
use crate::error::{Error, Result};
use crate::plan::pins::Pins;
use crate::plan::Plan;
use crate::printer::Printer;
use crate::registry::{Client, Mirror, Options, Reference};

/// Pins the bases godock.lock does not pin yet (every base with
/// `--update`), then writes the files as `regen` would.
pub fn pin(arguments: PinArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = pipeline::project_path(&arguments.path, printer)?;
    let interrupted = if arguments.dry_run || arguments.diff {
        pipeline::Interrupted::Report
    } else {
        pipeline::Interrupted::Finish
    };
    let loaded =
        pipeline::load(&path, Default::default(), "pin", interrupted)?.require_config(&path)?;
    super::report::print_interrupted(printer, &loaded);
    let mut plan = loaded.plan()?;
    let pins = resolve(&plan, arguments.update, printer)?;
    plan.pin(&pins);
    print_plan_warnings(printer, &loaded.facts.warnings, &plan);
    let prepared = pipeline::prepare_changes(&loaded.output, &plan, false)?;
    if prepared.is_up_to_date() {
        print_changes(printer, &prepared, Tense::Done);
        printer
            .message("godock: every base is pinned and every file is up to date; nothing written");
        return Ok(ExitStatus::Success);
    }
    if arguments.dry_run || arguments.diff {
        preview(printer, &prepared, arguments.diff);
        return Ok(ExitStatus::Success);
    }
    write_files(printer, &loaded.output, &prepared)?;
    Ok(ExitStatus::Success)
}

/// The digest of every base: the one godock.lock records, unless `update`
/// (or the lock has none for its tag), else the registry's answer now.
pub(super) fn resolve(plan: &Plan, update: bool, printer: &Printer) -> Result<Pins> {
    let mut client = None;
    let mut pins = Pins::new();
    for base in plan.bases() {
        let digest = match (base.digest, update) {
            (Some(digest), false) => digest,
            (recorded, _) => {
                let client = match &mut client {
                    Some(client) => client,
                    None => client.insert(registry_client()?),
                };
                let digest = lookup(client, &base.image)?;
                match recorded {
                    Some(old) if old != digest => printer.message(&format!(
                        "godock: {}: moved from {old} to {digest}",
                        base.image
                    )),
                    Some(_) => {}
                    None => printer.message(&format!("godock: {}: pinned to {digest}", base.image)),
                }
                digest
            }
        };
        pins.insert(base.image, digest);
    }
    Ok(pins)
}

/// A client for this process's proxies and mirror.
pub(super) fn registry_client() -> Result<Client> {
    let mirror = Mirror::from_process().map_err(|message| Error::RegistryMirror { message })?;
    Ok(Client::new(Options {
        mirror,
        ..Options::default()
    }))
}

/// The digest `image`'s tag points to now.
pub(super) fn lookup(client: &Client, image: &str) -> Result<String> {
    let reference = Reference::parse(image).map_err(|error| Error::Registry {
        image: image.to_string(),
        message: error.to_string(),
        hint: None,
    })?;
    client
        .resolve(&reference)
        .map(|resolved| resolved.digest.to_string())
        .map_err(|error| Error::Registry {
            image: image.to_string(),
            message: error.to_string(),
            hint: error.hint(),
        })
}
