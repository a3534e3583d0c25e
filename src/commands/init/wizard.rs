//! The wizard `godock init` runs in a terminal: it shows what the scan found,
//! then asks only what matters and nothing a flag, godock.toml or a
//! `GODOCK_*` variable already answered. Every default is what `--yes`
//! would take, and an answer equal to it changes nothing, so pressing Enter
//! through the wizard writes the same files as `--yes`.
//!
//! The wizard asks about the plan's decision areas (the preset, the
//! binaries, the port, the image) before the one plan is made: a preset is
//! offered when it [serves](crate::preset::Preset::serves) the binaries
//! chosen, not after a trial plan.
use super::super::pipeline::Loaded;
use super::super::report::print_warnings;
use crate::error::Result;
use crate::plan::binaries::Selection;
use crate::plan::{cgo, go_version, publish, GoVersionSource};
use crate::preset::Preset;
use crate::printer::Printer;
use crate::prompt::{Prompter, Question};
use crate::scan::Facts;
use crate::settings::{validate, Output, PresetSetting, Setting, Settings, Source};

/// What godock made of the scan before any question: the decisions the
/// questions start from.
pub(in crate::commands) struct Detected<'a> {
    loaded: &'a Loaded,
    selection: Selection,
    cgo: cgo::CgoPlan,
    go_version: String,
    go_version_source: GoVersionSource,
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
    let (go_version, go_version_source) = go_version::choose(facts, settings, &mut warnings);
    warnings.extend(cgo.library_warnings.iter().cloned());
    Ok(Detected {
        loaded,
        selection,
        cgo,
        go_version,
        go_version_source,
        warnings,
    })
}

impl Detected<'_> {
    /// What the scan found and what godock made of it, before any question.
    pub(in crate::commands) fn show(&self, printer: &Printer) {
        let (facts, settings) = (&self.loaded.facts, &self.loaded.settings);
        let (selection, version, source) =
            (&self.selection, &self.go_version, self.go_version_source);
        print_warnings(
            printer,
            facts
                .warnings
                .iter()
                .chain(&self.warnings)
                .chain(&self.loaded.warnings),
        );
        let source = if source.is_directive() {
            format!("from {}'s {source}", go_version::file(facts))
        } else {
            format!("from {source}")
        };
        let mut binaries = selection
            .binaries(facts, None)
            .iter()
            .map(|binary| format!("{} ({})", binary.name, binary.package))
            .collect::<Vec<_>>()
            .join(", ");
        let unselected = selection.unselected(facts);
        if !unselected.is_empty() {
            binaries.push_str(&format!("; not built: {}", unselected.join(", ")));
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
        let port = match publish::port(facts, settings, &selection.primary).port {
            Some(port) => format!(
                "{port} ({})",
                settings
                    .sources
                    .get(&Setting::Port)
                    .map_or("detected", |source| source.label())
            ),
            None => "none known (EXPOSE needs one)".to_string(),
        };
        printer.message("godock found:");
        for (what, value) in [
            ("module", facts.module.clone()),
            ("Go", format!("{version}, {source}")),
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
        let chosen = already_chosen(facts, settings, selection);
        if !chosen.is_empty() {
            printer.message(&format!("  {:<9} {}", "chosen", chosen.join(", ")));
        }
    }
}

/// The settings a flag, godock.toml or a `GODOCK_*` variable gave, with
/// where each came from: the wizard does not ask them.
fn already_chosen(facts: &Facts, settings: &Settings, selection: &Selection) -> Vec<String> {
    settings
        .sources
        .iter()
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
                Setting::Syntax => settings.syntax.to_string(),
                Setting::Image => publish::image(facts, settings),
                Setting::Registry => settings.registry.clone().unwrap_or_default(),
                Setting::Platforms => settings.platforms.join(","),
                Setting::Tags => settings.tags.join(","),
                Setting::Ldflags => settings.ldflags.clone().unwrap_or_default(),
                Setting::Outputs => settings
                    .outputs
                    .iter()
                    .map(|output| output.name())
                    .collect::<Vec<_>>()
                    .join(","),
            };
            format!("{} {value} ({})", setting.key(), source.label())
        })
        .collect()
}

/// Asks what nothing has answered yet, and returns the settings with the
/// answers that differ from the defaults (recorded as [`Source::Prompt`]).
pub(in crate::commands) fn ask(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    mut settings: Settings,
) -> Result<Settings> {
    let mut selection = Selection::choose(facts, &settings)?;

    if !settings.given(Setting::Preset) {
        let needs = cgo::needs(facts, &selection.selected);
        let (detected, reason) = cgo::default_preset(&needs);
        let mut choices = vec![(detected, format!("{detected} - {reason}"))];
        // Only the presets that can serve the binaries are offered.
        for preset in Preset::built_in() {
            if preset.name != detected && preset.serves(&needs).is_ok() {
                choices.push((
                    &preset.name,
                    format!("{} - {}", preset.name, preset.summary),
                ));
            }
        }
        let labels: Vec<String> = choices.iter().map(|(_, label)| label.clone()).collect();
        let question = Question {
            text: "Preset",
            flag: "--preset NAME",
        };
        let index = prompter.select(&question, &labels, 0)?;
        if index != 0 {
            settings.preset = Some(PresetSetting::built_in(choices[index].0)?);
            settings.sources.insert(Setting::Preset, Source::Prompt);
        }
    }

    if !settings.given(Setting::Binaries) && facts.main_packages.len() > 1 {
        let packages = &facts.main_packages;
        let selected: Vec<bool> = packages
            .iter()
            .map(|package| selection.selected.contains(package))
            .collect();
        let labels: Vec<String> = packages
            .iter()
            .map(|package| {
                if selection.selected.contains(package) {
                    format!("{} ({package})", selection.names[package])
                } else {
                    package.clone()
                }
            })
            .collect();
        let check = |chosen: &[usize]| {
            if chosen.is_empty() {
                return Err("Choose at least one binary.".to_string());
            }
            let trial = with_binaries(&settings, packages, chosen);
            let selection = Selection::choose(facts, &trial).map_err(|error| error.to_string())?;
            match &trial.preset {
                Some(chosen) => chosen
                    .preset
                    .serves(&cgo::needs(facts, &selection.selected))
                    .map(|_| ())
                    .map_err(|reason| {
                        format!(
                            "preset `{}` cannot serve these binaries: {reason}",
                            chosen.preset.name
                        )
                    }),
                None => Ok(()),
            }
        };
        let question = Question {
            text: "Binaries to build",
            flag: "--binary NAME (once per binary)",
        };
        let chosen = prompter.multi_select(&question, &labels, &selected, &check)?;
        let chosen_marks: Vec<bool> = (0..packages.len())
            .map(|index| chosen.contains(&index))
            .collect();
        if chosen_marks != selected {
            settings = with_binaries(&settings, packages, &chosen);
            selection = Selection::choose(facts, &settings)?;
        }
    }

    if !settings.given(Setting::Primary) && selection.selected.len() > 1 {
        let names: Vec<String> = selection
            .binaries(facts, None)
            .into_iter()
            .map(|binary| binary.name)
            .collect();
        let default = names
            .iter()
            .position(|name| name == selection.primary_name())
            .unwrap_or(0);
        let question = Question {
            text: "Primary binary (what a plain `docker build .` builds)",
            flag: "--primary NAME",
        };
        let index = prompter.select(&question, &names, default)?;
        if index != default {
            settings.primary = Some(names[index].clone());
            settings.sources.insert(Setting::Primary, Source::Prompt);
            selection = Selection::choose(facts, &settings)?;
        }
    }

    if !settings.given(Setting::Port) {
        let detected = publish::port(facts, &settings, &selection.primary).port;
        let default = detected.map(|port| port.to_string()).unwrap_or_default();
        let text = format!(
            "Port {} listens on (EXPOSE){}",
            selection.primary_name(),
            detected.map_or("", publish::low_port_note)
        );
        let question = Question {
            text: &text,
            flag: "--port N",
        };
        let answer = prompter.input(&question, &default, &|answer: &str| {
            optional_port(answer).map(|_| ())
        })?;
        let port = optional_port(&answer).unwrap_or(detected);
        if port != detected {
            settings.port = port;
            settings.sources.insert(Setting::Port, Source::Prompt);
        }
    }

    if !settings.given(Setting::Image) {
        let default = publish::image(facts, &settings);
        let question = Question {
            text: "Image name",
            flag: "--image NAME",
        };
        let answer =
            prompter.input(&question, &default, &|answer: &str| validate::image(answer))?;
        if answer != default {
            settings.image = Some(answer);
            settings.sources.insert(Setting::Image, Source::Prompt);
        }
    }

    if !settings.given(Setting::Outputs) {
        let labels: Vec<String> = Output::ALL
            .iter()
            .map(|output| format!("{} - {}", output.name(), output.describe()))
            .collect();
        let defaults: Vec<bool> = Output::ALL
            .iter()
            .map(|output| settings.outputs.contains(output))
            .collect();
        let question = Question {
            text: "Extra files to write",
            flag: "--output NAME",
        };
        let chosen = prompter.multi_select(&question, &labels, &defaults, &|_| Ok(()))?;
        let outputs: Vec<Output> = chosen.iter().map(|index| Output::ALL[*index]).collect();
        if outputs != settings.outputs {
            settings.outputs = outputs;
            settings.sources.insert(Setting::Outputs, Source::Prompt);
        }
    }

    Ok(settings)
}

fn with_binaries(settings: &Settings, packages: &[String], chosen: &[usize]) -> Settings {
    let mut settings = settings.clone();
    settings.binaries = chosen
        .iter()
        .map(|index| packages[*index].clone())
        .collect();
    settings.sources.insert(Setting::Binaries, Source::Prompt);
    settings
}

/// A port, through the port setting's rule, or none for an empty answer.
fn optional_port(answer: &str) -> std::result::Result<Option<u16>, String> {
    if answer.is_empty() {
        return Ok(None);
    }
    validate::port(answer).map(Some).map_err(|message| {
        format!("{message}: enter a number from 1 to 65535, or nothing for none.")
    })
}
