//! The command line described: `--help` of every command, the completion
//! scripts (bash's sourced by a real bash and asked to complete) and the man
//! pages (rendered by man(1), checked by groff).
use std::process::Command;

use crate::common::{required_tool, Project};

/// Every command, as `godock --help` lists them.
const COMMANDS: [&str; 9] = [
    "init",
    "regen",
    "check",
    "pin",
    "scan",
    "plan",
    "audit",
    "completions",
    "man",
];

#[test]
fn help_of_every_command_is_stable() {
    let project = Project::empty();
    // `godock --help` and `godock init --help` are scan.rs's snapshots.
    for command in &COMMANDS[1..] {
        let help = project.godock(&[command, "--help"]).success().stdout;
        insta::assert_snapshot!(format!("{command}_help"), help);
    }
}

#[test]
fn completion_scripts_are_stable() {
    let project = Project::empty();
    for shell in ["bash", "zsh"] {
        let script = project.godock(&["completions", shell]).success().stdout;
        insta::assert_snapshot!(format!("completions_{shell}"), script);
    }
    for shell in ["fish", "elvish", "powershell"] {
        let script = project.godock(&["completions", shell]).success().stdout;
        assert!(script.contains("godock"), "{shell}:\n{script}");
    }
    let run = project.godock(&["completions", "tcsh"]).code(2);
    run.says("invalid value 'tcsh'");
}

/// What bash completes after `words`, with the completion script sourced.
fn bash_completes(bash: &std::path::Path, script: &std::path::Path, words: &[&str]) -> String {
    let words: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; _godock godock \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words.join(" "),
        words.len() - 1
    );
    let output = Command::new(bash)
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "bash: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn bash_sources_the_completion_script_and_completes_commands_and_flags() {
    let Some(bash) = required_tool("bash", "completion") else {
        return;
    };
    let project = Project::empty();
    let script = project.godock(&["completions", "bash"]).success().stdout;
    project.write("godock.bash", &script);
    let script = project.path().join("godock.bash");

    let commands = bash_completes(&bash, &script, &["godock", ""]);
    for command in COMMANDS {
        assert!(
            commands.lines().any(|line| line == command),
            "{command}:\n{commands}"
        );
    }
    let flags = bash_completes(&bash, &script, &["godock", "init", "--no-"]);
    let flags: Vec<&str> = flags.lines().collect();
    for flag in ["--no-port", "--no-syntax", "--no-outputs", "--no-tags"] {
        assert!(flags.contains(&flag), "{flag}: {flags:?}");
    }
    assert!(!flags.contains(&"--preset"), "{flags:?}");
    let shells = bash_completes(&bash, &script, &["godock", "completions", ""]);
    assert!(shells.lines().any(|line| line == "zsh"), "{shells}");
}

#[test]
fn the_man_pages_render_without_warnings() {
    let project = Project::empty();
    let page = project.godock(&["man"]).success().stdout;
    let first_section: String = page
        .split("\n.SH ")
        .take(3)
        .collect::<Vec<_>>()
        .join("\n.SH ");
    insta::assert_snapshot!("man_first_sections", first_section);
    for command in COMMANDS {
        let page = project.godock(&["man", command]).success().stdout;
        assert!(
            page.contains(&format!(".TH godock-{command} 1")),
            "{command}:\n{page}"
        );
        project.write(&format!("godock-{command}.1"), &page);
    }
    project.write("godock.1", &page);
    let run = project.godock(&["man", "frobnicate"]).code(2);
    run.says("unknown command `frobnicate`; the commands are init, regen, check, pin, scan, plan, audit, completions, man");

    if let Some(groff) = required_tool("groff", "man page") {
        for name in std::iter::once("godock".to_string())
            .chain(COMMANDS.iter().map(|command| format!("godock-{command}")))
        {
            let output = Command::new(&groff)
                .args(["-man", "-Tutf8", "-ww", "-z"])
                .arg(project.path().join(format!("{name}.1")))
                .output()
                .expect("groff runs");
            assert!(
                output.status.success() && output.stderr.is_empty(),
                "{name}.1: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    if let Some(man) = required_tool("man", "man page") {
        let output = Command::new(man)
            .args(["-l", "-P", "cat"])
            .arg(project.path().join("godock.1"))
            .env("MANWIDTH", "80")
            .output()
            .expect("man runs");
        // Bold and underline as overstrikes (`N\bN`): keep the last of each.
        let mut shown = String::new();
        for c in String::from_utf8_lossy(&output.stdout).chars() {
            if c == '\u{8}' {
                shown.pop();
            } else {
                shown.push(c);
            }
        }
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for expected in [
            "NAME",
            "godock - An opinionated Dockerfile generator",
            "--verbose",
            "godock-init(1)",
        ] {
            assert!(
                shown.contains(expected),
                "{expected:?} missing from:\n{shown}"
            );
        }
    }
}
