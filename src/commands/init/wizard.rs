//! The wizard `godock init` runs in a terminal: it shows what the scan found,
//! then asks only what matters and nothing a flag, godock.toml or a
//! `GODOCK_*` variable already answered. Every default is what `--yes` would
//! take, and an answer equal to it changes nothing, so pressing Enter through
//! the wizard writes the same files as `--yes`.
use crate::error::Result;
use crate::plan::Plan;
use crate::preset::Preset;
use crate::printer::Printer;
use crate::prompt::{Prompter, Question};
use crate::scan::{BuildContext, Facts};
use crate::settings::{PresetChoice, Settings, Source, OUTPUTS};

/// What the scan found and what godock made of it, before any question.
pub(super) fn show_detected(printer: &Printer, facts: &Facts, plan: &Plan) {
    super::super::print_warnings(printer, facts, plan);
    let source = if plan.go_version_source.ends_with("directive") {
        format!("from {}'s {}", plan.go_version_file, plan.go_version_source)
    } else {
        format!("from {}", plan.go_version_source)
    };
    let binaries: Vec<String> = plan
        .binaries
        .iter()
        .map(|binary| format!("{} ({})", binary.name, binary.package))
        .collect();
    let mut binaries = binaries.join(", ");
    if !plan.unselected.is_empty() {
        binaries.push_str(&format!("; not built: {}", plan.unselected.join(", ")));
    }
    let cgo = match &plan.cgo_reason {
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
    let port = match plan.port {
        Some(port) => format!("{port} ({})", plan.sources["port"]),
        None => "none known (EXPOSE needs one)".to_string(),
    };
    printer.message("godock found:");
    for (what, value) in [
        ("module", plan.module.clone()),
        ("Go", format!("{}, {source}", plan.go_version)),
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
    let chosen = already_chosen(plan);
    if !chosen.is_empty() {
        printer.message(&format!("  {:<9} {}", "chosen", chosen.join(", ")));
    }
}

/// The settings a flag, godock.toml or a `GODOCK_*` variable gave, with
/// where each came from: the wizard does not ask them.
fn already_chosen(plan: &Plan) -> Vec<String> {
    let Ok(json) = serde_json::to_value(plan) else {
        return Vec::new();
    };
    plan.sources
        .iter()
        .filter(|(_, source)| !matches!(source.as_str(), "detected" | "default"))
        .map(|(key, source)| {
            let value = match key.as_str() {
                "preset" => json["preset"]["reference"].clone(),
                "tags" => json["extra_tags"].clone(),
                "ldflags" => json["extra_ldflags"].clone(),
                "binaries" => plan
                    .binaries
                    .iter()
                    .map(|binary| binary.name.clone())
                    .collect(),
                _ => json[key].clone(),
            };
            let value = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|item| item.as_str().map_or(item.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            format!("{key} {value} ({source})")
        })
        .collect()
}

/// Asks what nothing has answered yet, and returns the settings with the
/// answers that differ from the defaults (recorded as [`Source::Prompt`]).
pub(super) fn ask(
    prompter: &mut dyn Prompter,
    facts: &Facts,
    context: &BuildContext,
    plan: &Plan,
    mut settings: Settings,
) -> Result<Settings> {
    let mut plan = plan.clone();

    if !settings.given("preset") {
        let detected = plan.preset.name.clone();
        let mut choices = vec![(
            detected.clone(),
            format!("{detected} - {}", plan.preset.reason),
        )];
        for name in Preset::built_in_names() {
            if name == detected {
                continue;
            }
            // Only the presets that can serve this project are offered.
            if let Ok(trial) = Plan::new(facts, &with_preset(&settings, &name), context) {
                let label = format!("{name} - {}", trial.preset.summary);
                choices.push((name, label));
            }
        }
        let labels: Vec<String> = choices.iter().map(|(_, label)| label.clone()).collect();
        let question = Question {
            text: "Preset",
            flag: "--preset NAME",
        };
        let index = prompter.select(&question, &labels, 0)?;
        if index != 0 {
            settings = with_preset(&settings, &choices[index].0);
            plan = Plan::new(facts, &settings, context)?;
        }
    }

    if !settings.given("binaries") && facts.main_packages.len() > 1 {
        let packages = &facts.main_packages;
        let selected: Vec<bool> = packages
            .iter()
            .map(|package| {
                plan.binaries
                    .iter()
                    .any(|binary| binary.package == *package)
            })
            .collect();
        let labels: Vec<String> = packages
            .iter()
            .map(|package| {
                match plan
                    .binaries
                    .iter()
                    .find(|binary| binary.package == *package)
                {
                    Some(binary) => format!("{} ({package})", binary.name),
                    None => package.clone(),
                }
            })
            .collect();
        let check = |chosen: &[usize]| {
            if chosen.is_empty() {
                return Err("Choose at least one binary.".to_string());
            }
            Plan::new(facts, &with_binaries(&settings, packages, chosen), context)
                .map(|_| ())
                .map_err(|error| error.to_string())
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
            plan = Plan::new(facts, &settings, context)?;
        }
    }

    if !settings.given("primary") && plan.binaries.len() > 1 {
        let names: Vec<String> = plan
            .binaries
            .iter()
            .map(|binary| binary.name.clone())
            .collect();
        let default = names
            .iter()
            .position(|name| *name == plan.primary)
            .unwrap_or(0);
        let question = Question {
            text: "Primary binary (what a plain `docker build .` builds)",
            flag: "--primary NAME",
        };
        let index = prompter.select(&question, &names, default)?;
        if index != default {
            settings.primary = Some(names[index].clone());
            settings.sources.insert("primary", Source::Prompt);
            plan = Plan::new(facts, &settings, context)?;
        }
    }

    if !settings.given("port") {
        let default = plan.port.map(|port| port.to_string()).unwrap_or_default();
        let text = format!("Port {} listens on (EXPOSE)", plan.primary);
        let question = Question {
            text: &text,
            flag: "--port N",
        };
        let answer = prompter.input(&question, &default, &|answer: &str| {
            parse_port(answer).map(|_| ())
        })?;
        let port = parse_port(&answer).map_err(crate::error::Error::Other)?;
        if port != plan.port {
            settings.port = port;
            settings.sources.insert("port", Source::Prompt);
        }
    }

    if !settings.given("image") {
        let question = Question {
            text: "Image name",
            flag: "--image NAME",
        };
        let answer = prompter.input(&question, &plan.image, &check_image)?;
        if answer != plan.image {
            settings.image = Some(answer);
            settings.sources.insert("image", Source::Prompt);
        }
    }

    if !settings.given("outputs") {
        let labels: Vec<String> = OUTPUTS
            .iter()
            .map(|(name, what)| format!("{name} - {what}"))
            .collect();
        let defaults: Vec<bool> = OUTPUTS
            .iter()
            .map(|(name, _)| plan.outputs.iter().any(|output| output == name))
            .collect();
        let question = Question {
            text: "Extra files to write",
            flag: "--output NAME",
        };
        let chosen = prompter.multi_select(&question, &labels, &defaults, &|_| Ok(()))?;
        let outputs: Vec<String> = chosen
            .iter()
            .map(|index| OUTPUTS[*index].0.to_string())
            .collect();
        if outputs != plan.outputs {
            settings.outputs = outputs;
            settings.sources.insert("outputs", Source::Prompt);
        }
    }

    Ok(settings)
}

fn with_preset(settings: &Settings, name: &str) -> Settings {
    let mut settings = settings.clone();
    settings.preset = Some(PresetChoice::built_in(name, Source::Prompt));
    settings.sources.insert("preset", Source::Prompt);
    settings
}

fn with_binaries(settings: &Settings, packages: &[String], chosen: &[usize]) -> Settings {
    let mut settings = settings.clone();
    settings.binaries = chosen
        .iter()
        .map(|index| packages[*index].clone())
        .collect();
    settings.sources.insert("binaries", Source::Prompt);
    settings
}

/// A port, or none for an empty answer.
fn parse_port(answer: &str) -> std::result::Result<Option<u16>, String> {
    if answer.is_empty() {
        return Ok(None);
    }
    answer
        .parse::<u16>()
        .ok()
        .filter(|port| *port > 0)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "`{answer}` is not a port: enter a number from 1 to 65535, or nothing for none."
            )
        })
}

/// What `docker build -t` accepts as a repository name: lowercase letters,
/// digits and separators (`.`, `_`, `-`, `/`), starting and ending with a
/// letter or digit.
fn check_image(answer: &str) -> std::result::Result<(), String> {
    let alphanumeric = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let valid = answer.starts_with(alphanumeric)
        && answer.ends_with(alphanumeric)
        && answer
            .chars()
            .all(|c| alphanumeric(c) || matches!(c, '.' | '_' | '-' | '/'))
        && !answer.contains("//");
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{answer}` is not an image name: use lowercase letters, digits, `.`, `_`, `-` and `/`."
        ))
    }
}
