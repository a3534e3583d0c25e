use std::path::Path;

use super::*;
use crate::evidence::dockerfile::{self, Kind};
use crate::evidence::dockerignore::DockerIgnore;

/// The payloads of the hostile tier, and the characters each format gives
/// a meaning to.
const HOSTILE: [&str; 16] = [
    "a b",
    "x;touch P",
    "x$(touch P)",
    "x`touch P`",
    "${HOME}",
    "$HOME",
    "it's",
    "say \"hi\"",
    "back\\slash",
    "#hash",
    "a,target=/etc",
    "héllo wörld",
    "~root",
    "a=b",
    "50%",
    "x&&y||z|w>v<u",
];

#[test]
fn the_gate_lets_plain_values_through_and_marks_the_rest() {
    for plain in [
        "api",
        "./cmd/api",
        "ghcr.io/acme",
        "localhost:5000",
        "1.23.4",
        "a+b@c",
    ] {
        assert_eq!(gate(Format::Dockerfile, plain), plain);
        assert_eq!(refused_value(&gate(Format::Dockerfile, plain)), None);
    }
    for hostile in HOSTILE {
        let written = format!("WORKDIR /src/{}\n", gate(Format::Dockerfile, hostile));
        assert_eq!(refused_value(&written), Some(hostile), "{hostile}");
    }
    assert!(!Format::Dockerfile.is_plain("-toolexec=x"));
    assert!(!Format::Dockerfile.is_plain("a,b"));
    assert!(Format::Makefile.is_plain("linux/amd64,linux/arm64"));
    assert!(!Format::Makefile.is_plain("a=b"));
    assert!(!Format::Makefile.is_plain("a#b"));
    assert!(!Format::Yaml.is_plain("yes") && !Format::Yaml.is_plain("123"));
    assert!(Format::Yaml.is_plain("localhost:5000/api"));
    assert!(!Format::Toml.is_plain("a/b"));
}

#[test]
fn every_filter_refuses_a_line_break_and_other_control_characters() {
    for bad in ["a\nRUN touch P", "a\rb", "a\u{0}b", "a\u{7f}b", "\t"] {
        assert!(shell_word(bad).is_err(), "{bad:?}");
        assert!(shell_double_quoted(bad).is_err(), "{bad:?}");
        assert!(docker_word(bad).is_err(), "{bad:?}");
        assert!(comment(bad).is_err(), "{bad:?}");
        assert!(toml_string(bad).is_err(), "{bad:?}");
        assert!(yaml_scalar(bad).is_err(), "{bad:?}");
        assert!(ignore_pattern(bad).is_err(), "{bad:?}");
    }
}

/// What `sh` makes of a word: the real shell, printing its one argument.
fn through_sh(word: &str) -> Vec<String> {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s\\n' {word}"))
        .env("HOME", "/home/nobody")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("sh runs");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[cfg(unix)]
#[test]
fn shell_words_mean_themselves_to_the_shell() {
    for value in HOSTILE.iter().copied().chain(["plain", "./cmd/a~b", ""]) {
        let word = shell_word(value).unwrap();
        assert_eq!(through_sh(&word), [value], "{value:?} written as {word}");
        // A Makefile doubles `$`, which make turns back into one.
        assert_eq!(make_recipe(&word).replace("$$", "$"), word);
        let quoted = format!("\"{}\"", shell_double_quoted(value).unwrap());
        assert_eq!(
            through_sh(&quoted),
            [value],
            "{value:?} written as {quoted}"
        );
    }
    assert!(shell_word("-rf").is_err());
}

fn parsed(text: &str) -> dockerfile::Dockerfile {
    dockerfile::parse(text, Path::new("Dockerfile"))
}

#[test]
fn docker_words_mean_themselves_to_dockers_lexer() {
    for value in HOSTILE.iter().copied().chain(["plain/path"]) {
        let word = docker_word(value).unwrap();
        let file = parsed(&format!("FROM scratch\nWORKDIR /src/{word}\nUSER 1\n"));
        let stage = &file.stages[0];
        assert_eq!(stage.instructions.len(), 2, "{value:?}: {word}");
        let Kind::Workdir { directory } = &stage.instructions[0].kind else {
            panic!("{value:?}: {:?}", stage.instructions[0].kind);
        };
        assert_eq!(directory.text, format!("/src/{value}"), "{value:?}: {word}");
        assert!(directory.unresolved.is_empty(), "{value:?}");
    }
    assert!(docker_word("ends\\").is_err());
}

#[test]
fn bind_mounts_keep_their_source_and_target_or_are_refused() {
    for value in ["libs/shared", "a+b", "x~y", "v1.2_3@x"] {
        let source = format!("{value}/go.mod");
        let target = format!("/src/{value}/go.mod");
        let flag = mount_flag(&[
            "type=bind".to_string(),
            format!("source={source}"),
            format!("target={target}"),
        ])
        .unwrap();
        let file = parsed(&format!("FROM scratch\nRUN --mount={flag} true\n"));
        let Kind::Run(run) = &file.stages[0].instructions[0].kind else {
            panic!("{value:?}");
        };
        assert_eq!(run.mounts.len(), 1, "{value:?}: {flag}");
        assert_eq!(
            run.mounts[0].source.as_deref(),
            Some(source.as_str()),
            "{flag}"
        );
        assert_eq!(
            run.mounts[0].target.as_deref(),
            Some(target.as_str()),
            "{flag}"
        );
        assert_eq!(run.mounts[0].options.len(), 3, "{value:?}: {flag}");
    }
    // `~` means nothing to BuildKit (no tilde expansion): `~root` is a name.
    for value in HOSTILE.iter().filter(|value| **value != "~root") {
        let field = format!("source={value}/go.mod");
        let error = mount_flag(&["type=bind".to_string(), field]).unwrap_err();
        assert!(error.contains("--mount"), "{value:?}: {error}");
    }
}

#[test]
fn toml_strings_read_back_as_themselves() {
    for value in HOSTILE.iter().copied().chain(["", "'''", "\"\"\""]) {
        let line = format!("key = {}", toml_string(value).unwrap());
        let table: toml::Table = toml::from_str(&line).unwrap();
        assert_eq!(table["key"].as_str(), Some(value), "{line}");
    }
}

#[test]
fn yaml_scalars_read_back_as_strings() {
    for value in HOSTILE.iter().copied().chain([
        "yes", "null", "on", "123", "1e3", "-x", ": x", "- x", "@x", "api",
    ]) {
        let scalar = yaml_scalar(value).unwrap();
        let documents = yaml_rust2::YamlLoader::load_from_str(&format!("key: {scalar}\n")).unwrap();
        let read = documents[0]["key"].as_str();
        assert_eq!(read, Some(value), "{value:?} written as {scalar}");
    }
}

#[test]
fn ignore_patterns_stay_one_pattern() {
    for value in ["static/*.html", "a b/c", "#x", "!x", "[ab]/c"] {
        let line = ignore_pattern(value).unwrap();
        let file = DockerIgnore::parse(&format!("**\n!{line}\n"), Path::new(".dockerignore"));
        assert_eq!(file.rules.len(), 2, "{value:?}");
        assert!(file.rules[1].exception);
    }
    for bad in [" x", "x ", "x\\", "", "a\n!**"] {
        assert!(ignore_pattern(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn comments_stay_comments() {
    assert_eq!(make_comment("a\\"), "a\\\\");
    assert_eq!(make_comment("a\\\\"), "a\\\\");
    assert!(no_continuation("a\\").is_err());
}
