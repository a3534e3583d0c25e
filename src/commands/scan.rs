//! `godock scan`: the facts, as JSON or one line per fact. A library (no
//! `package main`) is a project like any other here.
use std::fmt::Write as _;

use crate::cli::ScanArgs;
use crate::error::Result;
use crate::printer::Printer;
use crate::scan::Facts;

use super::ExitStatus;

pub fn scan(arguments: ScanArgs, printer: &Printer) -> Result<ExitStatus> {
    let path = super::pipeline::project_path(&arguments.path, printer)?;
    let config = crate::settings::Config::load(&path)?;
    let module = crate::settings::module_choice(
        arguments.module,
        config.and_then(|loaded| loaded.config.module),
    );
    let facts = crate::scan::scan_path(&path, module.as_ref())?;
    if arguments.json {
        let json = serde_json::to_string_pretty(&facts).map_err(|error| {
            crate::error::Error::Serialize {
                what: "the facts",
                message: error.to_string(),
            }
        })?;
        printer.data(&json);
    } else {
        printer.data(&summary(&facts));
    }
    Ok(ExitStatus::Success)
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// The human form of the facts: one line per fact, aligned.
fn summary(facts: &Facts) -> String {
    let mut out = String::new();
    let mut line = |key: &str, value: String| {
        let _ = writeln!(out, "{key:<16}{value}");
    };
    line("module", facts.module.clone());
    line("module root", facts.module_root.clone());
    if let Some(workspace) = &facts.workspace {
        let file = if workspace.dir == "." {
            "go.work".to_string()
        } else {
            format!("{}/go.work", workspace.dir)
        };
        line("workspace", file);
    }
    if facts.build_root != "." {
        line(
            "build root",
            format!("{} (package paths are relative to it)", facts.build_root),
        );
    }
    if facts.modules.len() > 1 {
        let modules: Vec<String> = facts
            .modules
            .iter()
            .map(|module| format!("{} ({})", module.module, module.dir))
            .collect();
        line("modules", modules.join(", "));
    }
    line(
        "go",
        facts
            .go
            .clone()
            .unwrap_or_else(|| "(no go directive)".into()),
    );
    line(
        "toolchain",
        facts.toolchain.clone().unwrap_or_else(|| "none".into()),
    );
    line("main packages", or_none(&facts.main_packages));
    line("cgo packages", or_none(&facts.cgo_packages));
    line("cgo mains", or_none(&facts.cgo_mains));
    for (package, patterns) in &facts.embed {
        line("embed", format!("{package}: {}", patterns.join(" ")));
    }
    for (package, stamps) in &facts.version_stamps {
        let described: Vec<String> = stamps
            .iter()
            .map(|stamp| {
                let symbol = format!("{}.{}", stamp.package, stamp.name);
                match (stamp.settable.why_not(), &stamp.file, stamp.line) {
                    (None, _, _) => symbol,
                    (Some(why), Some(file), Some(line)) => {
                        format!("{symbol} (-X cannot set it: {why}, {file}:{line})")
                    }
                    (Some(why), _, _) => format!("{symbol} (-X cannot set it: {why})"),
                }
            })
            .collect();
        line(
            "version vars",
            format!("{package}: {}", described.join(", ")),
        );
    }
    line("vendor", yes_no(facts.vendor).into());
    line("go.sum", yes_no(facts.go_sum).into());
    line("go.work", yes_no(facts.go_work).into());
    let replaces: Vec<String> = facts
        .local_replaces
        .iter()
        .map(|replace| format!("{} => {}", replace.old, replace.new))
        .collect();
    line("local replaces", or_none(&replaces));
    if !facts.nested_modules.is_empty() {
        line("nested modules", facts.nested_modules.join(", "));
    }
    for warning in &facts.warnings {
        line("warning", warning.clone());
    }
    out
}
