//! What a whole Go file says about the program's run-time needs: the ports
//! it listens on and whether it loads time zones by name.

use super::lexer::{lossy, string_value, strip_bom, token_text, Ending, Kind, Lexer, Token};

/// What a whole file says about the program's run-time needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramUse {
    /// Ports the file listens on, in source order, without duplicates.
    pub ports: Vec<u16>,
    /// Whether it calls `LoadLocation` (time zones by name need tzdata).
    pub loads_location: bool,
}

/// Calls whose string arguments are listen addresses: net's `Listen`,
/// `ListenPacket`, net/http's `ListenAndServe[TLS]`, and the `Run`/`Start`
/// methods of gin and echo. An argument counts only when it parses as an
/// address with a port (`":8080"`, `"0.0.0.0:8080"`), so `Run("x")` does not.
const LISTEN_CALLS: [&str; 7] = [
    "Listen",
    "ListenPacket",
    "ListenAndServe",
    "ListenAndServeTLS",
    "ListenTLS",
    "Run",
    "Start",
];

/// Environment variables whose default value is a port.
const PORT_VARIABLES: [&str; 3] = ["PORT", "HTTP_PORT", "LISTEN_PORT"];

/// How many tokens after `Getenv("PORT")` a default may appear.
const PORT_DEFAULT_WINDOW: usize = 24;

/// Finds listen ports and `LoadLocation` calls in a whole Go file:
///
/// - a string literal `":8080"` (or `"host:8080"`) passed to a `LISTEN_CALLS` call;
/// - `Addr: ":8080"` in a composite literal (`http.Server{Addr: …}`);
/// - the default of a `PORT` variable: the first string literal holding only
///   a port (`"8080"` or `":8080"`) within a few tokens after
///   `Getenv("PORT")` or `LookupEnv("PORT")`.
///
/// Constants and computed addresses are not followed: a port godock cannot
/// see is a port the user passes with `--port`.
pub fn program_use(source: &[u8]) -> ProgramUse {
    let src = strip_bom(source);
    let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
    let text = |i: usize| toks.get(i).map_or(&[][..], |t| token_text(src, t));
    let literal = |i: usize| -> Option<String> {
        let tok = toks.get(i)?;
        (matches!(tok.kind, Kind::Str | Kind::RawStr) && tok.ending == Ending::Closed)
            .then(|| string_value(src, tok))
    };
    let mut found = ProgramUse::default();
    let add = |port: u16, ports: &mut Vec<u16>| {
        if !ports.contains(&port) {
            ports.push(port);
        }
    };
    for i in 0..toks.len() {
        if toks[i].kind != Kind::Ident {
            continue;
        }
        let word = text(i);
        let is_call = toks.get(i + 1).is_some_and(|t| t.is_punct(b'('));
        if word == b"LoadLocation" && is_call {
            found.loads_location = true;
        } else if is_call && LISTEN_CALLS.iter().any(|call| call.as_bytes() == word) {
            // String literals at depth 1 of the call's parentheses.
            let mut depth = 0usize;
            for (j, tok) in toks.iter().enumerate().skip(i + 1) {
                match tok.kind {
                    Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
                    Kind::Punct(b')' | b']' | b'}') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    Kind::Str | Kind::RawStr if depth == 1 => {
                        if let Some(port) = literal(j).as_deref().and_then(address_port) {
                            add(port, &mut found.ports);
                        }
                    }
                    _ => {}
                }
            }
        } else if word == b"Addr" && toks.get(i + 1).is_some_and(|t| t.is_punct(b':')) {
            if let Some(port) = literal(i + 2).as_deref().and_then(address_port) {
                add(port, &mut found.ports);
            }
        } else if (word == b"Getenv" || word == b"LookupEnv")
            && is_call
            && literal(i + 2).is_some_and(|name| PORT_VARIABLES.contains(&name.as_str()))
            && toks.get(i + 3).is_some_and(|t| t.is_punct(b')'))
        {
            let default = (i + 4..toks.len().min(i + 4 + PORT_DEFAULT_WINDOW))
                .find_map(|j| literal(j).as_deref().and_then(bare_port));
            if let Some(port) = default {
                add(port, &mut found.ports);
            }
        } else if is_call && FLAG_CALLS.iter().any(|call| call.as_bytes() == word) {
            if let Some(port) = flag_default_port(&toks, src, i + 1) {
                add(port, &mut found.ports);
            }
        }
    }
    found
}

/// flag (and pflag) definitions whose default may be a listen address.
const FLAG_CALLS: [&str; 4] = ["String", "StringVar", "Int", "IntVar"];

/// The default of a flag named like a listen address (`addr`, `port`,
/// `listen`, …): `flag.String("addr", ":8080", …)`, `flag.IntVar(&p,
/// "port", 8080, …)`. `open` is the index of the call's `(`.
fn flag_default_port(toks: &[Token], src: &[u8], open: usize) -> Option<u16> {
    // The arguments at depth 1, each as its tokens.
    let mut arguments: Vec<Vec<&Token>> = vec![Vec::new()];
    let mut depth = 0usize;
    for tok in toks.get(open..)? {
        match tok.kind {
            Kind::Punct(b'(' | b'[' | b'{') => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            Kind::Punct(b')' | b']' | b'}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            Kind::Punct(b',') if depth == 1 => {
                arguments.push(Vec::new());
                continue;
            }
            _ => {}
        }
        arguments.last_mut()?.push(tok);
    }
    let single = |argument: &Vec<&Token>| -> Option<Token> {
        match argument.as_slice() {
            [tok] => Some(**tok),
            _ => None,
        }
    };
    let name_at = arguments.iter().position(|argument| {
        single(argument).is_some_and(|tok| {
            matches!(tok.kind, Kind::Str | Kind::RawStr) && {
                let name = string_value(src, &tok).to_ascii_lowercase();
                ["addr", "port", "listen", "bind"]
                    .iter()
                    .any(|word| name.contains(word))
            }
        })
    })?;
    let default = single(arguments.get(name_at + 1)?)?;
    match default.kind {
        Kind::Str | Kind::RawStr => {
            let text = string_value(src, &default);
            address_port(&text).or_else(|| bare_port(&text))
        }
        Kind::Number => bare_port(&lossy(token_text(src, &default))),
        _ => None,
    }
}

/// The port of a listen address with an explicit port: `":8080"`,
/// `"0.0.0.0:8080"`, `"[::]:8080"`, `"localhost:8080"`. Port 0 (any) is none.
fn address_port(address: &str) -> Option<u16> {
    let (host, port) = address.rsplit_once(':')?;
    let host_ok = host.is_empty()
        || (host.starts_with('[') && host.ends_with(']'))
        || host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !host_ok {
        return None;
    }
    bare_port(port)
}

/// `"8080"` or `":8080"`: a port between 1 and 65535.
fn bare_port(text: &str) -> Option<u16> {
    let digits = text.strip_prefix(':').unwrap_or(text);
    if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u16>().ok().filter(|port| *port != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ports(source: &str) -> Vec<u16> {
        program_use(source.as_bytes()).ports
    }

    #[test]
    fn ports_from_listen_calls_server_literals_and_port_defaults() {
        let cases: Vec<(&str, Vec<u16>)> = vec![
            ("http.ListenAndServe(\":8080\", nil)", vec![8080]),
            ("log.Fatal(http.ListenAndServeTLS(\"0.0.0.0:8443\", c, k, h))", vec![8443]),
            ("ln, err := net.Listen(\"tcp\", \":9000\")", vec![9000]),
            ("net.Listen(\"tcp\", \"[::]:7000\")", vec![7000]),
            ("srv := &http.Server{Addr: \":3000\", Handler: mux}", vec![3000]),
            ("r.Run(\":8081\")", vec![8081]),
            ("e.Start(`:1323`)", vec![1323]),
            (
                "port := os.Getenv(\"PORT\")\nif port == \"\" {\n\tport = \"8080\"\n}\nhttp.ListenAndServe(\":\"+port, nil)",
                vec![8080],
            ),
            ("addr := cmp.Or(os.Getenv(\"PORT\"), \"5000\")", vec![5000]),
            ("p, ok := os.LookupEnv(\"PORT\"); if !ok { p = \":4000\" }", vec![4000]),
            // Several forms, each port once.
            (
                "http.ListenAndServe(\":8080\", nil)\ns := http.Server{Addr: \":8080\"}\nnet.Listen(\"tcp\", \":9090\")",
                vec![8080, 9090],
            ),
            // Not ports: no port, port 0, a name, a non-listen call, a comment.
            ("net.Listen(\"tcp\", \"localhost\")", vec![]),
            ("net.Listen(\"tcp\", \":0\")", vec![]),
            ("net.Listen(\"tcp\", \":http\")", vec![]),
            ("net.Listen(\"tcp\", \":99999\")", vec![]),
            ("fmt.Println(\":8080\")", vec![]),
            ("// http.ListenAndServe(\":8080\", nil)", vec![]),
            ("x := os.Getenv(\"HOME\"); y := \"8080\"", vec![]),
            ("r.Run(\"name\")", vec![]),
            // Flags named like a listen address.
            ("addr := flag.String(\"addr\", \":8080\", \"listen address\")", vec![8080]),
            ("flag.StringVar(&listen, \"http-listen\", \"0.0.0.0:9000\", \"\")", vec![9000]),
            ("flag.IntVar(&port, \"port\", 3000, \"port\")", vec![3000]),
            ("port := pflag.Int(\"metrics-port\", 9100, \"\")", vec![9100]),
            ("name := flag.String(\"name\", \"8080\", \"\")", vec![]),
            ("n := flag.Int(\"workers\", 8, \"\")", vec![]),
            ("flag.String(\"addr\", defaultAddr, \"\")", vec![]),
            // A default far from the Getenv is not its default.
            (
                "p := os.Getenv(\"PORT\")\na, b, c, d, e, f, g, h, i, j, k, l := 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12\nq := \"8080\"",
                vec![],
            ),
        ];
        for (body, want) in cases {
            let source = format!("package main\n\nfunc main() {{\n{body}\n}}\n");
            assert_eq!(ports(&source), want, "{body}");
        }
    }

    #[test]
    fn load_location_calls() {
        let with = program_use(b"package main\nfunc f() { time.LoadLocation(\"Europe/Paris\") }\n");
        assert!(with.loads_location);
        let mentioned =
            program_use(b"package main\n// time.LoadLocation(x)\nvar s = \"LoadLocation(\"\n");
        assert!(!mentioned.loads_location);
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
        ] {
            let _ = program_use(junk);
        }
    }
}
