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

/// Reads a whole Go file for what [`ProgramUse`] holds: one streaming pass
/// (a 50 MB generated file holds no token list), and the port scanner's
/// pass only over a file that may name a port.
pub fn program_use(source: &[u8]) -> ProgramUse {
    let src = strip_bom(source);
    let mut found = ProgramUse::default();
    let mut depth = 0usize;
    // The two tokens before the current one, comments left out.
    let mut before: [Option<Token>; 2] = [None, None];
    for tok in Lexer::new(src) {
        if tok.kind == Kind::LineComment && found.generate.is_none() {
            found.generate = generate_directive(src, &tok);
        }
        if tok.is_comment() {
            continue;
        }
        match tok.kind {
            Kind::Punct(b'{') => depth += 1,
            Kind::Punct(b'}') => depth = depth.saturating_sub(1),
            Kind::Punct(b'(') => {
                let text = |tok: Option<Token>| tok.map_or(&[][..], |tok| token_text(src, &tok));
                if text(before[1]) == b"LoadLocation" {
                    found.loads_location = true;
                } else if depth == 0 && text(before[0]) == b"func" && text(before[1]) == b"main" {
                    found.defines_main = true;
                }
            }
            _ => {}
        }
        before = [before[1], Some(tok)];
    }
    if ports::may_name_ports(src) {
        let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
        found.ports = ports::find(src, &toks);
    }
    found
}

/// The `//go:generate` directive a line comment holds, when it starts its
/// line: the line and the command.
fn generate_directive(src: &[u8], tok: &Token) -> Option<(u32, String)> {
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
