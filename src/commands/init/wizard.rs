//! The wizard `godock init` runs in a terminal: after what the scan found
//! (`found.rs`), it asks only what matters, and nothing a flag or a
//! `GODOCK_*` variable already answered. Every default is what `--yes`
//! would take (godock.toml's value when it holds one, and the question says
//! so), and an answer equal to it changes nothing, so pressing Enter through
//! the wizard writes the same files as `--yes`.
//!
//! The wizard asks about the plan's decision areas (the preset, the
//! binaries, the port, the image) before the one plan is made: a preset is
//! offered when it [serves](crate::preset::Preset::serves) the binaries
//! chosen, not after a trial plan. Binaries are listed in the plan's order,
//! the primary last, in every question.
use super::found::not_built_reason;
use crate::error::Result;
use crate::plan::binaries::Selection;
use crate::plan::{cgo, publish};
use crate::preset::Preset;
use crate::prompt::{Prompter, Question};
use crate::scan::Facts;
use crate::settings::{Output, PortChoice, PresetSetting, Setting, Settings, Source};

/// Asks what nothing has answered yet, and returns the settings with the
/// answers that differ from the defaults (recorded as [`Source::Prompt`]).
pub(in crate::commands) fn ask(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    mut settings: Settings,
) -> Result<Settings> {
    let mut selection = Selection::choose(facts, &settings)?;
    if !fixed(&settings, Setting::Preset) {
        ask_preset(prompter, facts, &mut settings, &selection)?;
    }
    if !fixed(&settings, Setting::Binaries) && facts.main_packages.len() > 1 {
        selection = ask_binaries(prompter, facts, &mut settings, selection)?;
    }
    if !fixed(&settings, Setting::Primary) && selection.selected.len() > 1 {
        selection = ask_primary(prompter, facts, &mut settings, selection)?;
    }
    if !fixed(&settings, Setting::Port) {
        ask_port(prompter, facts, &mut settings, &selection)?;
    }
    if !fixed(&settings, Setting::Image) {
        let default = publish::image(facts, &settings);
        let text = question_text("Image name", &settings, Setting::Image);
        let answer = prompter.input(&question(&text, Setting::Image), &default, &|answer| {
            Setting::Image.check(answer)
        })?;
        if answer != default {
            settings.image = Some(answer);
            settings.sources.insert(Setting::Image, Source::Prompt);
        }
    }
    if !fixed(&settings, Setting::Registry) {
        let default = settings.registry.clone().unwrap_or_default();
        let text = question_text(
            "Registry `make docker-push` pushes to (empty for none)",
            &settings,
            Setting::Registry,
        );
        let answer = prompter.input(&question(&text, Setting::Registry), &default, &|answer| {
            Setting::Registry.check(answer)
        })?;
        if answer != default {
            settings.registry = Some(answer);
            settings.sources.insert(Setting::Registry, Source::Prompt);
        }
    }
    if !fixed(&settings, Setting::Outputs) {
        ask_outputs(prompter, &mut settings)?;
    }
    Ok(settings)
}

/// Whether the user gave `setting` for this run (a flag or a `GODOCK_*`
/// variable), so that the wizard must not ask it. godock.toml's values are
/// asked again, as the defaults.
fn fixed(settings: &Settings, setting: Setting) -> bool {
    matches!(
        settings.sources.get(&setting),
        Some(Source::Flag | Source::Environment)
    )
}

fn from_config(settings: &Settings, setting: Setting) -> bool {
    settings.sources.get(&setting) == Some(&Source::Config)
}

/// The question, saying where its default comes from when godock.toml holds it.
fn question_text(text: &str, settings: &Settings, setting: Setting) -> String {
    if from_config(settings, setting) {
        format!("{text} (default from godock.toml)")
    } else {
        text.to_string()
    }
}

/// A question and the flag that answers it without asking.
fn question(text: &str, setting: Setting) -> Question<'_> {
    Question {
        text,
        flag: match setting {
            Setting::Preset => "--preset NAME",
            Setting::Binaries => "--binary NAME (once per binary)",
            Setting::Primary => "--primary NAME",
            Setting::Port => "--port N or --no-port",
            Setting::Image => "--image NAME",
            Setting::Registry => "--registry HOST",
            Setting::Outputs => "--output NAME or --no-outputs",
            other => other.flag(),
        },
    }
}

/// The preset: godock.toml's first when it holds one, then the one the scan
/// suggests with why, then every other that can serve the binaries.
fn ask_preset(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    settings: &mut Settings,
    selection: &Selection,
) -> Result<()> {
    let needs = cgo::needs(facts, &selection.selected);
    let (detected, reason) = cgo::default_preset(&needs);
    let mut choices: Vec<(String, String)> = Vec::new();
    if let (true, Some(current)) = (from_config(settings, Setting::Preset), &settings.preset) {
        choices.push((
            current.reference.clone(),
            format!(
                "{} - from godock.toml: {}",
                current.reference, current.preset.summary
            ),
        ));
    }
    if choices.iter().all(|(name, _)| name != detected) {
        choices.push((detected.to_string(), format!("{detected} - {reason}")));
    }
    for preset in Preset::built_in() {
        let offered = choices.iter().any(|(name, _)| *name == preset.name);
        if !offered && preset.serves(&needs).is_ok() {
            choices.push((
                preset.name.clone(),
                format!("{} - {}", preset.name, preset.summary),
            ));
        }
    }
    let labels: Vec<String> = choices.iter().map(|(_, label)| label.clone()).collect();
    let text = question_text("Preset", settings, Setting::Preset);
    let index = prompter.select(&question(&text, Setting::Preset), &labels, 0)?;
    if index != 0 {
        settings.preset = Some(PresetSetting::built_in(&choices[index].0)?);
        settings.sources.insert(Setting::Preset, Source::Prompt);
    }
    Ok(())
}

/// The main packages in the order every list shows them: the binaries to
/// build in the plan's order (the primary last), then the others.
fn packages_in_order(facts: &Facts, selection: &Selection) -> Vec<String> {
    let mut packages: Vec<String> = selection
        .binaries(facts, None)
        .into_iter()
        .map(|binary| binary.package)
        .collect();
    packages.extend(selection.unselected(facts));
    packages
}

fn ask_binaries(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    settings: &mut Settings,
    selection: Selection,
) -> Result<Selection> {
    let packages = packages_in_order(facts, &selection);
    let ticked: Vec<bool> = packages
        .iter()
        .map(|package| selection.selected.contains(package))
        .collect();
    let labels: Vec<String> = packages
        .iter()
        .map(|package| {
            let name = &selection.names[package];
            if selection.selected.contains(package) {
                format!("{name} ({package})")
            } else {
                format!("{name} ({package}) - {}", not_built_reason(settings))
            }
        })
        .collect();
    let check = |chosen: &[usize]| {
        if chosen.is_empty() {
            return Err("Choose at least one binary.".to_string());
        }
        let trial = with_binaries(settings, &packages, chosen);
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
    let text = question_text("Binaries to build", settings, Setting::Binaries);
    let chosen = prompter.multi_select(
        &question(&text, Setting::Binaries),
        &labels,
        &ticked,
        &check,
    )?;
    let marks: Vec<bool> = (0..packages.len())
        .map(|index| chosen.contains(&index))
        .collect();
    if marks == ticked {
        return Ok(selection);
    }
    *settings = with_binaries(settings, &packages, &chosen);
    Selection::choose(facts, settings)
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

fn ask_primary(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    settings: &mut Settings,
    selection: Selection,
) -> Result<Selection> {
    let binaries = selection.binaries(facts, None);
    let default = binaries
        .iter()
        .position(|binary| binary.primary)
        .unwrap_or(0);
    let why = if from_config(settings, Setting::Primary) {
        "from godock.toml"
    } else if binaries[default].package == "."
        || binaries[default]
            .package
            .ends_with(&format!("cmd/{}", facts.module_name()))
    {
        "named after the module"
    } else {
        "the first"
    };
    let labels: Vec<String> = binaries
        .iter()
        .map(|binary| {
            if binary.primary {
                format!("{} ({}) - {why}", binary.name, binary.package)
            } else {
                format!("{} ({})", binary.name, binary.package)
            }
        })
        .collect();
    let text = question_text(
        "Primary binary (what a plain `docker build .` builds)",
        settings,
        Setting::Primary,
    );
    let index = prompter.select(&question(&text, Setting::Primary), &labels, default)?;
    if index == default {
        return Ok(selection);
    }
    settings.primary = Some(binaries[index].name.clone());
    settings.sources.insert(Setting::Primary, Source::Prompt);
    Selection::choose(facts, settings)
}

/// The port: the current one first (godock.toml's, or the one the scan
/// found, with the `file:line` that names it), then no port at all, then
/// another, typed in.
fn ask_port(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    settings: &mut Settings,
    selection: &Selection,
) -> Result<()> {
    let detected = publish::port(facts, settings, &selection.primary);
    let (port, source) = (detected.port, detected.source);
    let current = match port {
        Some(port) => PortChoice::Expose(port),
        None => PortChoice::NoPort,
    };
    let why = match (from_config(settings, Setting::Port), source) {
        (true, _) => "from godock.toml".to_string(),
        (false, Some(source)) => source,
        (false, None) => "the scan found none".to_string(),
    };
    let mut labels = vec![match current {
        PortChoice::Expose(port) => format!("{port} - {why}"),
        PortChoice::NoPort => format!("none - no EXPOSE; {why}"),
    }];
    if current != PortChoice::NoPort {
        labels.push("none - no EXPOSE".to_string());
    }
    labels.push("other - type a port".to_string());
    let listens = format!("Port {} listens on", selection.primary_name());
    let text = question_text(&format!("{listens} (EXPOSE)"), settings, Setting::Port);
    let index = prompter.select(&question(&text, Setting::Port), &labels, 0)?;
    let chosen = if index == 0 {
        current
    } else if index + 1 < labels.len() {
        PortChoice::NoPort
    } else {
        let answer = prompter.input(&question(&listens, Setting::Port), "", &|answer| {
            Setting::Port.check(answer)
        })?;
        crate::settings::validate::port(&answer).unwrap_or(current)
    };
    if chosen != current {
        settings.port = Some(chosen);
        settings.sources.insert(Setting::Port, Source::Prompt);
    }
    Ok(())
}

fn ask_outputs(prompter: &mut dyn Prompter, settings: &mut Settings) -> Result<()> {
    let labels: Vec<String> = Output::ALL
        .iter()
        .map(|output| format!("{} - {}", output.name(), output.describe()))
        .collect();
    let ticked: Vec<bool> = Output::ALL
        .iter()
        .map(|output| settings.outputs.contains(output))
        .collect();
    let text = question_text("Extra files to write", settings, Setting::Outputs);
    let chosen = prompter.multi_select(
        &question(&text, Setting::Outputs),
        &labels,
        &ticked,
        &|_| Ok(()),
    )?;
    let outputs: Vec<Output> = chosen.iter().map(|index| Output::ALL[*index]).collect();
    if outputs != settings.outputs {
        settings.outputs = outputs;
        settings.sources.insert(Setting::Outputs, Source::Prompt);
    }
    Ok(())
}
