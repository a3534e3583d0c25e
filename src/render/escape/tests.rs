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

#[test]
fn hcl_strings_quote_and_never_interpolate() {
    assert_eq!(hcl_string("api").unwrap(), r#""api""#);
    assert_eq!(hcl_string("").unwrap(), r#""""#);
    assert_eq!(hcl_string(r#"say "hi""#).unwrap(), r#""say \"hi\"""#);
    assert_eq!(hcl_string(r"back\slash").unwrap(), r#""back\\slash""#);
    assert_eq!(hcl_string("${HOME}").unwrap(), r#""$${HOME}""#);
    assert_eq!(hcl_string("%{ if x }").unwrap(), r#""%%{ if x }""#);
    // `$$${` reads back as `$${`: a lone `$`, then the escaped `${`.
    assert_eq!(hcl_string("$${x}").unwrap(), r#""$$${x}""#);
    assert_eq!(hcl_string("$HOME 50%").unwrap(), r#""$HOME 50%""#);
    for bad in ["a\nb", "a\rb", "\t"] {
        assert!(hcl_string(bad).is_err(), "{bad:?}");
    }
    assert!(Format::Hcl.is_plain("1.2.3") && !Format::Hcl.is_plain("a/b"));
}

#[test]
fn the_hcl_filter_writes_strings_lists_and_numbers() {
    let mut tera = Tera::default();
    Format::Hcl.configure(&mut tera);
    tera.add_raw_template(
        "t",
        "{{ name | hcl }} {{ list | hcl }} {{ port | hcl }} {{ name }}",
    )
    .unwrap();
    let mut context = tera::Context::new();
    context.insert("name", "a\"${b}");
    context.insert("list", &["linux/amd64", "x"]);
    context.insert("port", &8080);
    let written = tera.render("t", &context).unwrap();
    assert_eq!(
        written.split('\u{0}').next().unwrap(),
        r#""a\"$${b}" ["linux/amd64", "x"] 8080 "#
    );
    assert_eq!(refused_value(&written), Some("a\"${b}"));
}

/// A small deterministic generator (xorshift64*): the same strings on
/// every run, so that a failure reproduces.
struct Strings(u64);

impl Strings {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A string of up to 12 characters, most of them ones some format gives
    /// a meaning to.
    fn string(&mut self) -> String {
        const MEANINGFUL: &[char] = &[
            ' ', '\t', '\n', '\r', '\\', '\'', '"', '`', '$', '{', '}', '(', ')', '[', ']', '#',
            ';', '&', '|', '<', '>', '*', '?', '!', '~', '%', ',', '=', ':', '-', '@', '+', '.',
            '/', 'é', 'ü', '\u{0}', '\u{7f}', '\u{2028}', 'a', 'b', 'Z', '0', '9', '_',
        ];
        let length = self.next() % 13;
        (0..length)
            .map(|_| {
                let pick = self.next();
                if pick % 5 == 0 {
                    char::from(b' ' + (pick >> 8) as u8 % 95)
                } else {
                    MEANINGFUL[(pick >> 8) as usize % MEANINGFUL.len()]
                }
            })
            .collect()
    }
}

/// Every generated value either is refused by a filter or, written by it,
/// reads back as itself in that format: a shell word through the real
/// `sh`, a Dockerfile word through godock's Dockerfile reader (Docker's
/// lexer rules), a TOML string through toml, a YAML scalar through a YAML
/// parser, a JSON string through serde_json, a .dockerignore line as one
/// pattern.
#[cfg(unix)]
#[test]
fn generated_values_read_back_as_themselves_or_are_refused() {
    let mut strings = Strings(0x9e37_79b9_7f4a_7c15);
    let values: Vec<String> = (0..3000).map(|_| strings.string()).collect();
    let mut refused = 0;
    let mut shell = Vec::new();
    for value in &values {
        match shell_word(value) {
            Ok(word) => shell.push((value.clone(), word)),
            Err(_) => refused += 1,
        }
        if let Ok(inner) = shell_double_quoted(value) {
            shell.push((value.clone(), format!("\"{inner}\"")));
        }
        if let Ok(word) = docker_word(value) {
            let file = parsed(&format!("FROM scratch\nWORKDIR /src/{word}\nUSER 1\n"));
            assert_eq!(file.stages[0].instructions.len(), 2, "{value:?}: {word}");
            let Kind::Workdir { directory } = &file.stages[0].instructions[0].kind else {
                panic!("{value:?} written as {word}");
            };
            assert_eq!(directory.text, format!("/src/{value}"), "{value:?}: {word}");
        }
        if let Ok(string) = toml_string(value) {
            let table: toml::Table = toml::from_str(&format!("key = {string}")).unwrap();
            assert_eq!(table["key"].as_str(), Some(value.as_str()), "{string}");
        }
        if let Ok(scalar) = yaml_scalar(value) {
            let documents =
                yaml_rust2::YamlLoader::load_from_str(&format!("key: {scalar}\nnext: 1\n"))
                    .unwrap_or_else(|error| panic!("{value:?} written as {scalar}: {error}"));
            assert_eq!(
                documents[0]["key"].as_str(),
                Some(value.as_str()),
                "{scalar}"
            );
            assert_eq!(documents[0]["next"].as_i64(), Some(1), "{scalar}");
        }
        if let Ok(string) = json_string(value) {
            let read: String = serde_json::from_str(&string).unwrap();
            assert_eq!(&read, value, "{string}");
        }
        if let Ok(line) = ignore_pattern(value) {
            let file = DockerIgnore::parse(&format!("**\n!{line}\n"), Path::new(".dockerignore"));
            assert_eq!(file.rules.len(), 2, "{value:?}: {line}");
        }
    }
    // The shell, a batch at a time: one `printf` line per word.
    for batch in shell.chunks(200) {
        let words: Vec<&str> = batch.iter().map(|(_, word)| word.as_str()).collect();
        let read = through_sh(&words.join(" "));
        let expected: Vec<&str> = batch.iter().map(|(value, _)| value.as_str()).collect();
        assert_eq!(read, expected, "{words:?}");
    }
    assert!(
        refused > 0 && shell.len() > 1000,
        "{refused} refused, {} words",
        shell.len()
    );
}
