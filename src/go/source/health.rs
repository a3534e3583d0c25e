//! Health endpoints a Go file registers on a mux or router: the string
//! literal that opens a route registration (`mux.HandleFunc("/healthz", …)`,
//! `router.Get("/readyz", …)`, `r.GET("/ping", …)`, Go 1.22's
//! `"GET /livez"` patterns), when it names one of the conventional paths;
//! and the health commands a program declares: a cobra command whose `Use`
//! is `healthcheck` or `health`, or a boolean flag of that name.
//! Pure: bytes in, paths and arguments out.

use super::lexer::{string_value, strip_bom, token_text, Ending, Kind, Lexer, Token};

/// The paths orchestrators probe by convention, in no particular order.
pub const HEALTH_PATHS: [&str; 5] = ["/healthz", "/livez", "/readyz", "/health", "/ping"];

/// Methods of net/http, gorilla/mux, chi, gin, echo and fiber that register
/// a route whose first argument is its path or pattern.
const ROUTE_CALLS: [&str; 10] = [
    "Handle",
    "HandleFunc",
    "Get",
    "GET",
    "Head",
    "HEAD",
    "Any",
    "Method",
    "MethodFunc",
    "Path",
];

/// The names a program's own health command or flag goes by.
const HEALTH_COMMANDS: [&str; 2] = ["healthcheck", "health"];

/// Functions of flag and pflag that declare a boolean flag: its name is the
/// first string argument.
const BOOL_FLAGS: [&str; 4] = ["Bool", "BoolVar", "BoolP", "BoolVarP"];

/// Whether a file may declare a health command: a cheap check that keeps
/// the lexer off the others.
pub fn mentions_health_command(source: &[u8]) -> bool {
    HEALTH_COMMANDS
        .iter()
        .any(|name| memchr::memmem::find(source, format!("\"{name}").as_bytes()).is_some())
}

/// The arguments that run the health checks `source` declares, in source
/// order: `["healthcheck"]` for a cobra command, `["--healthcheck"]` for a
/// boolean flag (both flag and pflag read the `--` form).
pub fn health_commands(source: &[u8]) -> Vec<Vec<String>> {
    let src = strip_bom(source);
    let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
    let string_at = |index: usize| {
        toks.get(index)
            .filter(|t| t.kind == Kind::Str && t.ending == Ending::Closed)
            .map(|t| string_value(src, t))
    };
    let mut found: Vec<Vec<String>> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind != Kind::Ident {
            continue;
        }
        let text = token_text(src, tok);
        let arguments = if text == b"Use" && toks.get(i + 1).is_some_and(|t| t.is_punct(b':')) {
            // cobra.Command{Use: "healthcheck [flags]"}: the command's name
            // is the first word.
            string_at(i + 2)
                .and_then(|usage| usage.split_whitespace().next().map(str::to_string))
                .filter(|name| HEALTH_COMMANDS.contains(&name.as_str()))
                .map(|name| vec![name])
        } else if BOOL_FLAGS.iter().any(|call| call.as_bytes() == text)
            && toks.get(i + 1).is_some_and(|t| t.is_punct(b'('))
        {
            // The name is the first string argument, after the pointer in
            // BoolVar(&x, "name", …).
            (i + 2..toks.len().min(i + 12))
                .take_while(|&j| !toks[j].is_punct(b')'))
                .find_map(string_at)
                .filter(|name| HEALTH_COMMANDS.contains(&name.as_str()))
                .map(|name| vec![format!("--{name}")])
        } else {
            None
        };
        if let Some(arguments) = arguments {
            if !found.contains(&arguments) {
                found.push(arguments);
            }
        }
    }
    found
}

/// Whether a file may register a health endpoint: a cheap check that keeps
/// the lexer off the others.
pub fn mentions_health_path(source: &[u8]) -> bool {
    HEALTH_PATHS
        .iter()
        .any(|path| memchr::memmem::find(source, format!("\"{path}").as_bytes()).is_some())
}

/// The conventional health paths `source` registers, in source order,
/// without duplicates.
pub fn health_paths(source: &[u8]) -> Vec<String> {
    let src = strip_bom(source);
    let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
    let mut found: Vec<String> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind != Kind::Ident
            || !ROUTE_CALLS
                .iter()
                .any(|call| call.as_bytes() == token_text(src, tok))
            || !toks.get(i + 1).is_some_and(|t| t.is_punct(b'('))
        {
            continue;
        }
        // chi's Method("GET", "/healthz", …) names the method first.
        let first = toks.get(i + 2..i + 6).unwrap_or(&[]);
        let paths = first
            .iter()
            .filter(|t| matches!(t.kind, Kind::Str | Kind::RawStr) && t.ending == Ending::Closed)
            .map(|t| string_value(src, t));
        for pattern in paths {
            if let Some(path) = route_path(&pattern) {
                if !found.iter().any(|known| known == path) {
                    found.push(path.to_string());
                }
            }
        }
    }
    found
}

/// The path of a route pattern when it is a health path: `/healthz`,
/// `GET /healthz` (Go 1.22 mux patterns), `/healthz/` and `/healthz/{$}`.
fn route_path(pattern: &str) -> Option<&'static str> {
    let path = pattern
        .rsplit_once(' ')
        .map_or(pattern, |(_, path)| path)
        .trim();
    let path = path.strip_suffix("{$}").unwrap_or(path);
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    HEALTH_PATHS.into_iter().find(|known| *known == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(source: &str) -> Vec<String> {
        health_paths(source.as_bytes())
    }

    #[test]
    fn health_commands_are_cobra_commands_and_boolean_flags() {
        let source = r#"package main
var check = &cobra.Command{Use: "healthcheck [flags]", Run: run}
var other = &cobra.Command{Use: "serve"}
var f = flag.Bool("health", false, "check")
func init() { pflag.BoolVarP(&opts.check, "healthcheck", "", false, "x") }
var s = flag.String("health", "", "not a boolean")
// var c = &cobra.Command{Use: "health"}
"#;
        assert_eq!(
            health_commands(source.as_bytes()),
            [
                vec!["healthcheck".to_string()],
                vec!["--health".to_string()],
                vec!["--healthcheck".to_string()],
            ]
        );
        assert!(mentions_health_command(source.as_bytes()));
        assert!(health_commands(b"package main\nvar u = x{Use: \"healthz\"}\n").is_empty());
    }

    #[test]
    fn routes_of_common_routers() {
        let source = r#"package main
func routes() {
	mux.HandleFunc("/healthz", ok)
	mux.Handle("GET /readyz", ready)
	router.Get("/livez", live)
	r.GET(`/ping`, pong)
	r.Method("GET", "/health/", h)
	mux.HandleFunc("/healthz", again)
}"#;
        assert_eq!(
            paths(source),
            ["/healthz", "/readyz", "/livez", "/ping", "/health"]
        );
    }

    #[test]
    fn other_strings_are_not_routes() {
        let source = r#"package main
// mux.HandleFunc("/healthz", ok)
func main() {
	log.Println("/healthz")
	http.Get("http://localhost/healthz")
	mux.HandleFunc("/healthzz", x)
	mux.HandleFunc("/api/healthz", x)
	s := "mux.HandleFunc(\"/ping\""
}"#;
        assert!(paths(source).is_empty(), "{:?}", paths(source));
        assert!(mentions_health_path(source.as_bytes()));
        assert!(!mentions_health_path(b"package main\nfunc main() {}\n"));
    }

    #[test]
    fn never_panics_on_prefixes() {
        let source = "package main\nfunc f() { mux.HandleFunc(\"/healthz\", `x`) ; r.Get(";
        for end in 0..=source.len() {
            let _ = health_paths(&source.as_bytes()[..end]);
        }
    }
}
