//! go.work: the `go` and `toolchain` directives, the modules it `use`s and
//! its `replace` directives, each with its line, so that a problem can be
//! named as `go.work:LINE`. [`super::statements`] reads the syntax go.work
//! shares with go.mod; this gives it go.work's meaning.
use super::statements::statements;
use super::{is_directory_path, Replace, SyntaxError};

/// What godock needs from a go.work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoWork {
    /// The `go` directive as written.
    pub go: Option<String>,
    /// The `toolchain` directive as written.
    pub toolchain: Option<String>,
    /// The module directories the workspace uses, in the file's order.
    pub uses: Vec<Use>,
    pub replaces: Vec<Replace>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The directory as written, relative to the go.work's directory.
    pub path: String,
    pub line: u32,
}

/// Parses the text of a go.work.
pub fn parse(text: &str) -> Result<GoWork, SyntaxError> {
    let mut work = GoWork::default();
    let mut go_line = None;
    let mut toolchain_line = None;
    for statement in statements(text)? {
        let line = statement.line;
        let error = |message: String| SyntaxError { line, message };
        let arguments = &statement.arguments;
        match statement.keyword.as_str() {
            "go" | "toolchain" => {
                let (seen, slot) = if statement.keyword == "go" {
                    (&mut go_line, &mut work.go)
                } else {
                    (&mut toolchain_line, &mut work.toolchain)
                };
                if let Some(first) = *seen {
                    return Err(error(format!(
                        "repeated {} directive (the first is on line {first})",
                        statement.keyword
                    )));
                }
                if arguments.len() != 1 {
                    return Err(error(format!(
                        "malformed {} directive: expected one version, as in `{} {}`",
                        statement.keyword,
                        statement.keyword,
                        if statement.keyword == "go" {
                            "1.23"
                        } else {
                            "go1.23.4"
                        }
                    )));
                }
                super::version::check_line(&arguments[0], &statement.keyword, line)?;
                *seen = Some(line);
                *slot = Some(arguments[0].clone());
            }
            "godebug" => {}
            "use" => {
                if arguments.len() != 1 {
                    return Err(error(
                        "malformed use directive: expected one directory, as in `use ./api`"
                            .to_string(),
                    ));
                }
                work.uses.push(Use {
                    path: arguments[0].clone(),
                    line,
                });
            }
            "replace" => work.replaces.push(replace(arguments, line)?),
            other => {
                return Err(error(format!(
                    "unknown directive `{other}`; go.work knows go, toolchain, godebug, use and replace"
                )))
            }
        }
    }
    Ok(work)
}

/// `old [version] => new [version]`.
fn replace(arguments: &[String], line: u32) -> Result<Replace, SyntaxError> {
    let malformed = || SyntaxError {
        line,
        message: "malformed replace directive: expected `old [version] => new [version]`"
            .to_string(),
    };
    let arrow = arguments
        .iter()
        .position(|argument| argument == "=>")
        .ok_or_else(malformed)?;
    let (old, new) = (&arguments[..arrow], &arguments[arrow + 1..]);
    if old.is_empty() || old.len() > 2 || new.is_empty() || new.len() > 2 {
        return Err(malformed());
    }
    let is_directory = is_directory_path(&new[0]);
    if is_directory && new.len() == 2 {
        return Err(SyntaxError {
            line,
            message: format!(
                "replacement directory {} cannot have a version (write `=> {}`)",
                new[0], new[0]
            ),
        });
    }
    if !is_directory && new.len() == 1 {
        return Err(SyntaxError {
            line,
            message: format!(
                "replacement {} has no version: a module needs one, a directory must start with ./, ../ or /",
                new[0]
            ),
        });
    }
    Ok(Replace {
        old: old[0].clone(),
        new: new[0].clone(),
        new_version: new.get(1).cloned(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(text: &str) -> GoWork {
        parse(text).unwrap()
    }

    /// The error as the scan names it.
    fn error(text: &str) -> String {
        let error = parse(text).unwrap_err();
        format!("ws/go.work:{}: {}", error.line, error.message)
    }

    #[test]
    fn reads_go_toolchain_and_uses_in_both_forms() {
        let parsed = work(
            "// a workspace\ngo 1.23.0\n\ntoolchain go1.23.4\n\nuse ./app // the service\nuse (\n\t./lib\n\t\"./tools dir\"\n\t`../shared`\n)\n",
        );
        assert_eq!(parsed.go.as_deref(), Some("1.23.0"));
        assert_eq!(parsed.toolchain.as_deref(), Some("go1.23.4"));
        let uses: Vec<(&str, u32)> = parsed
            .uses
            .iter()
            .map(|used| (used.path.as_str(), used.line))
            .collect();
        assert_eq!(
            uses,
            [
                ("./app", 6),
                ("./lib", 8),
                ("./tools dir", 9),
                ("../shared", 10)
            ]
        );
    }

    #[test]
    fn reads_replaces_local_and_by_module_single_and_block() {
        let parsed = work(
            "go 1.22\nreplace example.com/a => ./a\nreplace (\n  example.com/b v1.0.0 => example.com/c v1.1.0\n  example.com/d => ../d\n)\n",
        );
        let replaces: Vec<(&str, &str, bool, u32)> = parsed
            .replaces
            .iter()
            .map(|r| (r.old.as_str(), r.new.as_str(), r.is_local(), r.line))
            .collect();
        assert_eq!(
            replaces,
            [
                ("example.com/a", "./a", true, 2),
                ("example.com/b", "example.com/c", false, 4),
                ("example.com/d", "../d", true, 5),
            ]
        );
    }

    #[test]
    fn comments_blank_lines_crlf_bom_godebug_and_empty_blocks_are_fine() {
        let parsed = work("\u{feff}// only\r\n\r\ngo 1.23 // why\r\ngodebug default=go1.21\r\nuse ()\r\nuse (\r\n)\r\nuse .\r\n");
        assert_eq!(parsed.go.as_deref(), Some("1.23"));
        assert_eq!(parsed.uses.len(), 1);
        assert_eq!(parsed.uses[0].path, ".");
        assert_eq!(parsed.uses[0].line, 8);
        assert_eq!(work(""), GoWork::default());
    }

    #[test]
    fn errors_name_the_file_and_the_line() {
        assert_eq!(
            error("go 1.23\nmodule example.com/x\n"),
            "ws/go.work:2: unknown directive `module`; go.work knows go, toolchain, godebug, use and replace"
        );
        assert_eq!(
            error("go 1.23\n\ngo 1.24\n"),
            "ws/go.work:3: repeated go directive (the first is on line 1)"
        );
        assert!(error("go\n").starts_with("ws/go.work:1: malformed go directive"));
        assert!(error("go 1.23\ntoolchain latest\n")
            .starts_with("ws/go.work:2: invalid toolchain version `latest`"));
        assert!(error("use ./a ./b\n").starts_with("ws/go.work:1: malformed use directive"));
        assert_eq!(
            error("go 1.23\nuse (\n  ./a\n"),
            "ws/go.work:2: the use block opened here is never closed with `)`"
        );
        assert!(error("use (\n ./a (\n)\n").starts_with("ws/go.work:2: unexpected parenthesis"));
        assert!(error(")\n").starts_with("ws/go.work:1: unexpected `)`"));
        assert_eq!(
            error("go 1.23\nuse \"./a\n"),
            "ws/go.work:2: unterminated quoted string"
        );
        assert!(error("use `./a\n").starts_with("ws/go.work:1: unterminated raw string"));
        assert!(error("replace a => b\n").starts_with("ws/go.work:1: replacement b has no version"));
        assert!(error("replace a => ./b v1\n")
            .starts_with("ws/go.work:1: replacement directory ./b cannot have a version"));
        assert!(error("\n\nreplace a b\n").starts_with("ws/go.work:3: malformed replace"));
        assert!(error("use \"a\\q\"\n").starts_with("ws/go.work:1: unsupported escape"));
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for text in [
            "\"",
            "`",
            "use \"\\",
            "(",
            "use (\n)\n)",
            "=>",
            "replace =>",
            "use é\u{0}",
            "go 1.23 //",
            "//",
            "\u{feff}",
            "\r",
            "use `a` `b`",
        ] {
            let _ = parse(text);
        }
        // Many short texts of go.work's own punctuation, from a fixed seed.
        let alphabet = [
            "use", "replace", "go", " ", "\t", "\n", "\r\n", "(", ")", "\"", "`", "\\", "=>", "//",
            "./a", "../b", "v1.0.0", "é", "\u{0}", "\u{feff}",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let _ = parse(&text);
        }
    }
}
