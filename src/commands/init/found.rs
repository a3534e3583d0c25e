//! What the wizard shows before its first question: what the scan found,
//! what godock made of it, what was already chosen (and is not asked), and
//! what godock.toml holds (and is offered as the defaults).
use super::super::pipeline::Loaded;
use super::super::report::{print_go_warnings, print_warnings};
use crate::error::Result;
use crate::plan::binaries::Selection;
use crate::plan::{cgo, go_version, publish, GoPlan};
use crate::printer::Printer;
use crate::scan::Facts;
use crate::settings::{Setting, Settings, Source};

/// What godock made of the scan before any question: the decisions the
/// questions start from.
pub(in crate::commands) struct Detected<'a> {
    loaded: &'a Loaded,
    selection: Selection,
    cgo: cgo::CgoPlan,
    go: GoPlan,
    /// The warnings of those decisions (the plan gives the same).
    warnings: Vec<String>,
}

/// Decides what the plan would from what was given, so that what cannot be
/// built (a static preset for a cgo program, a binary that does not exist)
/// is refused before anything is asked.
pub(in crate::commands) fn detect(loaded: &Loaded) -> Result<Detected<'_>> {
    let (facts, settings) = (&loaded.facts, &loaded.settings);
    let selection = Selection::choose(facts, settings)?;
    let mut warnings = Vec::new();
    let cgo = cgo::plan(facts, settings, &selection, &mut warnings)?;
    let go = GoPlan::new(go_version::choose(
        facts,
        settings,
        &loaded.context,
        loaded.today,
    )?);
    warnings.extend(cgo.library_warnings.iter().cloned());
    Ok(Detected {
        loaded,
        selection,
        cgo,
        go,
        warnings,
    })
}

impl Detected<'_> {
    /// What the scan found and what godock made of it, before any question.
    pub(in crate::commands) fn show(&self, printer: &Printer) {
        let (facts, settings) = (&self.loaded.facts, &self.loaded.settings);
        let selection = &self.selection;
        print_warnings(printer, &facts.warnings);
        print_go_warnings(printer, &self.go.builder.warnings);
        print_warnings(printer, self.warnings.iter().chain(&self.loaded.warnings));
        // The plan's order, the primary last: the order of every list.
        let mut binaries = selection
            .binaries(facts, None)
            .iter()
            .map(|binary| format!("{} ({})", binary.name, binary.package))
            .collect::<Vec<_>>()
            .join(", ");
        binaries.push_str(&format!("; primary {}", selection.primary_name()));
        let unselected = selection.unselected(facts);
        if !unselected.is_empty() {
            binaries.push_str(&format!(
                "; not built: {} ({})",
                unselected.join(", "),
                not_built_reason(settings)
            ));
        }
        let cgo = match &self.cgo.cgo_reason {
            Some(reason) => format!("on: {reason}"),
            None if facts.cgo_packages.is_empty() => "off: no package imports \"C\"".to_string(),
            None => format!(
                "off: no binary built reaches {}, which import \"C\"",
                facts.cgo_packages.join(", ")
            ),
        };
        let embedded: Vec<String> = facts
            .embed
            .iter()
            .flat_map(|(package, patterns)| {
                patterns
                    .iter()
                    .map(move |pattern| format!("{pattern} (in {package})"))
            })
            .collect();
        let decided = publish::port(facts, settings, &selection.primary);
        let port = match (decided.port, decided.source) {
            (Some(port), Some(source)) => format!("{port} ({source})"),
            (_, Some(source)) if publish::no_port(settings) => format!("none ({source})"),
            _ => "none found (EXPOSE needs one)".to_string(),
        };
        printer.message("godock found:");
        for (what, value) in [
            ("module", facts.module.clone()),
            (
                "Go",
                format!("{}: {}", self.go.builder.version, self.go.why),
            ),
            ("binaries", binaries),
            ("cgo", cgo),
            (
                "embedded",
                if embedded.is_empty() {
                    "nothing".to_string()
                } else {
                    embedded.join(", ")
                },
            ),
            ("port", port),
        ] {
            printer.message(&format!("  {what:<9} {value}"));
        }
        let given = chosen(facts, settings, selection, |source| {
            matches!(source, Source::Flag | Source::Environment)
        });
        if !given.is_empty() {
            printer.message(&format!("  {:<9} {}", "chosen", given.join(", ")));
        }
        let kept = chosen(facts, settings, selection, |source| {
            source == Source::Config
        });
        if !kept.is_empty() {
            printer.message(&format!(
                "godock.toml holds {}: they are the defaults below (Enter keeps them)",
                kept.join(", ")
            ));
        }
    }
}

/// Why the main packages not selected are not built.
pub(super) fn not_built_reason(settings: &Settings) -> &'static str {
    match settings.sources.get(&Setting::Binaries) {
        Some(Source::Config) => "not in godock.toml's binaries",
        Some(_) => "not chosen",
        None => "not under cmd/: tools are not built by default",
    }
}

/// The settings whose source passes `which`, with their values, and where
/// each came from when that is not godock.toml.
fn chosen(
    facts: &Facts,
    settings: &Settings,
    selection: &Selection,
    which: impl Fn(Source) -> bool,
) -> Vec<String> {
    settings
        .sources
        .iter()
        .filter(|(_, source)| which(**source))
        .map(|(setting, source)| {
            let value = match setting {
                Setting::Preset => settings
                    .preset
                    .as_ref()
                    .map(|preset| preset.reference.clone())
                    .unwrap_or_default(),
                Setting::Binaries => selection
                    .binaries(facts, None)
                    .iter()
                    .map(|binary| binary.name.clone())
                    .collect::<Vec<_>>()
                    .join(","),
                Setting::Primary => selection.primary_name().to_string(),
                Setting::Port => settings
                    .port
                    .map(|port| port.to_string())
                    .unwrap_or_default(),
                Setting::GoVersion => settings.go_version.clone().unwrap_or_default(),
                Setting::Debian => settings
                    .debian
                    .map(|release| release.to_string())
                    .unwrap_or_default(),
                Setting::Syntax => settings.syntax.to_string(),
                Setting::Image => publish::image(facts, settings),
                Setting::Registry => settings.registry.clone().unwrap_or_default(),
                Setting::Platforms => settings.platforms.join(","),
                Setting::Tags => settings.tags.join(","),
                Setting::Ldflags => settings.ldflags.clone().unwrap_or_default(),
                Setting::Private => settings.private.join(","),
                Setting::Outputs => settings
                    .outputs
                    .iter()
                    .map(|output| output.name())
                    .collect::<Vec<_>>()
                    .join(","),
                Setting::Dockerfile => settings.dockerfile.clone().unwrap_or_default(),
                Setting::Makefile => settings.makefile.clone().unwrap_or_default(),
                Setting::MakefileInclude => settings.makefile_include.to_string(),
                Setting::DockerignoreBlock => settings.dockerignore_block.to_string(),
                Setting::Frontend => settings.frontend.unwrap_or(true).to_string(),
            };
            if *source == Source::Config {
                format!("{} {value}", setting.key())
            } else {
                format!("{} {value} ({})", setting.key(), source.label())
            }
        })
        .collect()
}
