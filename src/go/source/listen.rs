//! What a whole Go file says about the program it belongs to: the ports it
//! listens on (see [`super::ports`]), whether it loads time zones by name,
//! whether it defines `func main`, and its first `//go:generate` line.

use super::lexer::{lossy, strip_bom, token_text, Kind, Lexer, Token};
use super::ports::{self, PortUse};

/// What a whole file says about the program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramUse {
    /// Ports the file names, in source order, with where and how.
    pub ports: Vec<PortUse>,
    /// Whether it calls `LoadLocation` (time zones by name need tzdata).
    pub loads_location: bool,
    /// Whether it declares `func main()` at the top level.
    pub defines_main: bool,
    /// Its first `//go:generate` directive: the line and the command.
    pub generate: Option<(u32, String)>,
}

/// Reads a whole Go file for what [`ProgramUse`] holds.
pub fn program_use(source: &[u8]) -> ProgramUse {
    let src = strip_bom(source);
    let all: Vec<Token> = Lexer::new(src).collect();
    let mut found = ProgramUse {
        generate: generate_directive(src, &all),
        ..ProgramUse::default()
    };
    let toks: Vec<Token> = all.into_iter().filter(|t| !t.is_comment()).collect();
    let text = |i: usize| toks.get(i).map_or(&[][..], |t| token_text(src, t));
    let mut depth = 0usize;
    for i in 0..toks.len() {
        match toks[i].kind {
            Kind::Punct(b'{') => depth += 1,
            Kind::Punct(b'}') => depth = depth.saturating_sub(1),
            Kind::Ident => {
                let is_call = toks.get(i + 1).is_some_and(|t| t.is_punct(b'('));
                if text(i) == b"LoadLocation" && is_call {
                    found.loads_location = true;
                } else if depth == 0
                    && text(i) == b"func"
                    && text(i + 1) == b"main"
                    && toks.get(i + 2).is_some_and(|t| t.is_punct(b'('))
                {
                    found.defines_main = true;
                }
            }
            _ => {}
        }
    }
    found.ports = ports::find(src, &toks);
    found
}

/// The first `//go:generate` directive: a line comment starting the line.
fn generate_directive(src: &[u8], toks: &[Token]) -> Option<(u32, String)> {
    toks.iter().find_map(|tok| {
        if tok.kind != Kind::LineComment {
            return None;
        }
        let starts_line = src[..tok.start]
            .iter()
            .rev()
            .take_while(|b| **b != b'\n')
            .all(|b| *b == b' ' || *b == b'\t');
        let command = token_text(src, tok).strip_prefix(b"//go:generate")?;
        (starts_line && command.first().is_some_and(|b| *b == b' ' || *b == b'\t')).then(|| {
            (
                u32::try_from(tok.start_line).unwrap_or(u32::MAX),
                lossy(command).trim().to_string(),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_location_calls() {
        let with = program_use(b"package main\nfunc f() { time.LoadLocation(\"Europe/Paris\") }\n");
        assert!(with.loads_location);
        let mentioned =
            program_use(b"package main\n// time.LoadLocation(x)\nvar s = \"LoadLocation(\"\n");
        assert!(!mentioned.loads_location);
    }

    #[test]
    fn func_main_is_a_top_level_declaration() {
        for (source, want) in [
            ("package main\n\nfunc main() {}\n", true),
            (
                "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println()\n}\n",
                true,
            ),
            // A `//go:generate` stub, a method, a call, a comment, a string.
            ("package main\n\n//go:generate go run gen.go\n", false),
            (
                "package main\n\ntype T struct{}\n\nfunc (T) main() {}\n",
                false,
            ),
            ("package main\n\nfunc run() { main() }\n", false),
            ("package main\n\n// func main() {}\n", false),
            ("package main\n\nvar s = `func main() {}`\n", false),
            ("package main\n\nfunc mainly() {}\n", false),
        ] {
            assert_eq!(
                program_use(source.as_bytes()).defines_main,
                want,
                "{source}"
            );
        }
    }

    #[test]
    fn the_first_generate_directive() {
        let found = program_use(
            b"package main\n\n// see //go:generate below\n//go:generate go run ./gen\n//go:generate stringer -type=T\n",
        );
        assert_eq!(found.generate, Some((4, "go run ./gen".to_string())));
        assert_eq!(
            program_use(b"package main\n//go:generated\n").generate,
            None
        );
        assert_eq!(
            program_use(b"package main\nvar s = 1 //go:generate x\n").generate,
            None
        );
    }

    #[test]
    fn program_use_never_panics_on_junk() {
        for junk in [
            &b"Listen("[..],
            b"Addr:",
            b"Getenv(\"PORT\"",
            b"Getenv(\"PORT\")",
            b"\xff\xfe(",
            b"ListenAndServe(\":80",
            b"func",
            b"func (",
            b"Flag(\"addr\").Default(",
            b"x := &cli.StringFlag{Name: \"addr\", Value:",
            b"`default:\"",
            b"}}}{{{",
        ] {
            let _ = program_use(junk);
        }
    }
}
