//! Build constraints: `//go:build` expressions and legacy `// +build` lines,
//! parsed with Go's grammar and limits, and a file's constraint evaluated
//! (with its name's `_GOOS_GOARCH` suffix) for the platforms asked.

use super::platform::{file_name_allows, tag_holds, Platform};

/// A parsed `//go:build` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Tag(String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConstraintError {
    pub message: String,
}

/// Go's `maxSize` for `//go:build` expressions: at most this many operands
/// (each `not` level, and so each parenthesis level, counts). It also bounds
/// the parser's recursion, so deep nesting cannot overflow the stack.
const MAX_SIZE: usize = 1000;

/// Go's `maxOldSize` for legacy `// +build` lines: at most this many `,` and
/// space operators; a longer line is rejected (and Go then ignores it).
const MAX_OLD_SIZE: usize = 100;

fn error(message: impl Into<String>) -> ConstraintError {
    ConstraintError {
        message: message.into(),
    }
}

/// A character a build tag may contain (Go: `unicode.IsLetter`,
/// `unicode.IsDigit`, `_`, `.`).
fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Whether a word is a valid build tag (Go's `isValidTag`): letters,
/// digits, `_` and `.`.
pub fn is_valid_tag(word: &str) -> bool {
    !word.is_empty() && word.chars().all(is_tag_char)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Tag(String),
    Not,
    And,
    Or,
    Open,
    Close,
    End,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Tag(tag) => format!("`{tag}`"),
            Token::Not => "`!`".to_string(),
            Token::And => "`&&`".to_string(),
            Token::Or => "`||`".to_string(),
            Token::Open => "`(`".to_string(),
            Token::Close => "`)`".to_string(),
            Token::End => "end of expression".to_string(),
        }
    }
}

/// The lexer of Go's `go/build/constraint` `exprParser`.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn next(&mut self) -> Result<Token, ConstraintError> {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let trimmed = rest.trim_start_matches([' ', '\t']);
        self.pos += rest.len() - trimmed.len();
        let mut chars = trimmed.chars();
        let Some(first) = chars.next() else {
            return Ok(Token::End);
        };
        let (tok, len) = match first {
            '(' => (Token::Open, 1),
            ')' => (Token::Close, 1),
            '!' => (Token::Not, 1),
            '&' | '|' => {
                if chars.next() != Some(first) {
                    return Err(error(format!(
                        "invalid syntax at `{first}` (offset {}): expected `{first}{first}`",
                        self.pos
                    )));
                }
                let tok = if first == '&' { Token::And } else { Token::Or };
                (tok, 2)
            }
            _ => {
                let len = trimmed
                    .char_indices()
                    .find(|&(_, c)| !is_tag_char(c))
                    .map_or(trimmed.len(), |(i, _)| i);
                if len == 0 {
                    return Err(error(format!(
                        "invalid syntax at `{first}` (offset {}): expected a tag, `!`, `(`, `)`, `&&` or `||`",
                        self.pos
                    )));
                }
                (
                    Token::Tag(trimmed.get(..len).unwrap_or("").to_string()),
                    len,
                )
            }
        };
        self.pos += len;
        Ok(tok)
    }
}

/// An operator waiting on the parser's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Not,
    Open,
}

fn internal_error() -> ConstraintError {
    error("internal error: unbalanced expression stack")
}

/// Pops the binary operators `pred` accepts off `ops`, combining operands.
fn reduce(
    operands: &mut Vec<Expr>,
    ops: &mut Vec<Op>,
    pred: impl Fn(Op) -> bool,
) -> Result<(), ConstraintError> {
    while let Some(&op) = ops.last() {
        if !pred(op) {
            break;
        }
        ops.pop();
        let (Some(y), Some(x)) = (operands.pop(), operands.pop()) else {
            return Err(internal_error());
        };
        let (x, y) = (Box::new(x), Box::new(y));
        operands.push(match op {
            Op::And => Expr::And(x, y),
            _ => Expr::Or(x, y),
        });
    }
    Ok(())
}

/// Wraps the operand just completed in the `!`s that precede it.
fn apply_nots(operands: &mut Vec<Expr>, ops: &mut Vec<Op>) -> Result<(), ConstraintError> {
    while ops.last() == Some(&Op::Not) {
        ops.pop();
        let x = operands.pop().ok_or_else(internal_error)?;
        operands.push(Expr::Not(Box::new(x)));
    }
    Ok(())
}

/// Parses a `//go:build` expression (the text after `//go:build`) with Go's
/// grammar (`or := and {"||" and}`, `and := not {"&&" not}`,
/// `not := ["!"] atom`, `atom := tag | "(" or ")"`), precedence, left
/// associativity and errors, including Go's refusal of `!!x` and of
/// expressions of more than 1000 operands (which also caps nesting).
///
/// The parser is iterative (explicit operator and operand stacks), so no
/// input can exhaust the call stack.
pub fn parse(expression: &str) -> Result<Expr, ConstraintError> {
    let mut lexer = Lexer {
        text: expression,
        pos: 0,
    };
    let mut operands: Vec<Expr> = Vec::new();
    let mut ops: Vec<Op> = Vec::new();
    let mut open = 0usize;
    let mut size = 0usize;
    'operand: loop {
        // Go's `not()`: one per operand position.
        size += 1;
        if size > MAX_SIZE {
            return Err(error(format!(
                "build expression too large: expected at most {MAX_SIZE} operands and nesting levels"
            )));
        }
        let mut tok = lexer.next()?;
        if tok == Token::Not {
            tok = lexer.next()?;
            if tok == Token::Not {
                return Err(error(
                    "double negation not allowed: expected a tag or `(` after `!`",
                ));
            }
            ops.push(Op::Not);
        }
        match tok {
            Token::Open => {
                ops.push(Op::Open);
                open += 1;
                continue 'operand;
            }
            Token::Tag(tag) => {
                operands.push(Expr::Tag(tag));
                apply_nots(&mut operands, &mut ops)?;
            }
            Token::End if open > 0 => {
                return Err(error("missing close paren: expected `)`"));
            }
            Token::End => {
                return Err(error(
                    "unexpected end of expression: expected a tag, `!` or `(`",
                ));
            }
            other => {
                return Err(error(format!(
                    "unexpected token {}: expected a tag, `!` or `(`",
                    other.describe()
                )));
            }
        }
        loop {
            match lexer.next()? {
                Token::And => {
                    reduce(&mut operands, &mut ops, |op| op == Op::And)?;
                    ops.push(Op::And);
                    continue 'operand;
                }
                Token::Or => {
                    reduce(&mut operands, &mut ops, |op| matches!(op, Op::And | Op::Or))?;
                    ops.push(Op::Or);
                    continue 'operand;
                }
                Token::Close if open > 0 => {
                    reduce(&mut operands, &mut ops, |op| matches!(op, Op::And | Op::Or))?;
                    if ops.pop() != Some(Op::Open) {
                        return Err(internal_error());
                    }
                    open -= 1;
                    apply_nots(&mut operands, &mut ops)?;
                }
                Token::End if open == 0 => {
                    reduce(&mut operands, &mut ops, |op| matches!(op, Op::And | Op::Or))?;
                    return match (operands.pop(), operands.is_empty(), ops.is_empty()) {
                        (Some(x), true, true) => Ok(x),
                        _ => Err(internal_error()),
                    };
                }
                other if open > 0 => {
                    return Err(error(format!(
                        "missing close paren: expected `)`, found {}",
                        other.describe()
                    )));
                }
                other => {
                    return Err(error(format!(
                        "unexpected token {}: expected `&&`, `||` or end of expression",
                        other.describe()
                    )));
                }
            }
        }
    }
}

impl Expr {
    pub fn eval(&self, platform: Platform) -> bool {
        match self {
            Expr::Tag(tag) => tag_holds(tag, platform),
            Expr::Not(x) => !x.eval(platform),
            Expr::And(x, y) => x.eval(platform) && y.eval(platform),
            Expr::Or(x, y) => x.eval(platform) || y.eval(platform),
        }
    }
}

/// Parses a legacy `// +build` expression (the text after `+build`) like Go's
/// `parsePlusBuildExpr`: space-separated OR of comma-separated AND terms, each
/// a tag or `!tag`. Invalid terms (`!!x`, `!`, bad characters, empty) become
/// the never-true tag `ignore`; an empty line is `ignore`. More than 100
/// operators is an error.
fn parse_plus_build(text: &str) -> Result<Expr, ConstraintError> {
    let ignore = || Expr::Tag("ignore".to_string());
    let mut size = 0usize;
    let mut x: Option<Expr> = None;
    for clause in text.split_whitespace() {
        let mut y: Option<Expr> = None;
        for lit in clause.split(',') {
            let z = if lit.starts_with("!!") || lit == "!" {
                ignore()
            } else {
                let (neg, word) = match lit.strip_prefix('!') {
                    Some(word) => (true, word),
                    None => (false, lit),
                };
                let tag = if is_valid_tag(word) {
                    Expr::Tag(word.to_string())
                } else {
                    ignore()
                };
                if neg {
                    Expr::Not(Box::new(tag))
                } else {
                    tag
                }
            };
            y = Some(match y {
                None => z,
                Some(y) => {
                    size += 1;
                    if size > MAX_OLD_SIZE {
                        return Err(error("expression too complex for // +build lines"));
                    }
                    Expr::And(Box::new(y), Box::new(z))
                }
            });
        }
        let Some(y) = y else { continue };
        x = Some(match x {
            None => y,
            Some(x) => {
                size += 1;
                if size > MAX_OLD_SIZE {
                    return Err(error("expression too complex for // +build lines"));
                }
                Expr::Or(Box::new(x), Box::new(y))
            }
        });
    }
    Ok(x.unwrap_or_else(ignore))
}

/// Which of `platforms` a Go file builds for: its name, its `//go:build`
/// line, and, when it has none, its legacy `// +build` lines. Each line is
/// parsed once, whatever the number of platforms. An unparsable `//go:build`
/// expression is an error for the caller to report.
///
/// As in go/build, a file excluded by its name is excluded without looking at
/// its constraint (so no error), `// +build` lines are ignored when there is a
/// `//go:build` line, all `// +build` lines must hold, and a `// +build` line
/// Go cannot parse (too complex) is ignored rather than reported.
pub fn platforms_built(
    file_name: &str,
    go_build: Option<&str>,
    plus_build: &[String],
    platforms: &[Platform],
) -> Result<Vec<bool>, ConstraintError> {
    let named: Vec<bool> = platforms
        .iter()
        .map(|platform| file_name_allows(file_name, *platform))
        .collect();
    if !named.contains(&true) {
        return Ok(named);
    }
    let holds: Box<dyn Fn(Platform) -> bool> = match go_build {
        Some(expression) => {
            let parsed = parse(expression)
                .map_err(|e| error(format!("//go:build {expression:?}: {}", e.message)))?;
            Box::new(move |platform| parsed.eval(platform))
        }
        None => {
            let lines: Vec<Expr> = plus_build
                .iter()
                .filter_map(|line| parse_plus_build(line).ok())
                .collect();
            Box::new(move |platform| lines.iter().all(|line| line.eval(platform)))
        }
    };
    Ok(platforms
        .iter()
        .zip(named)
        .map(|(platform, named)| named && holds(*platform))
        .collect())
}

/// [`platforms_built`] for one platform.
pub fn file_builds(
    file_name: &str,
    go_build: Option<&str>,
    plus_build: &[String],
    platform: Platform,
) -> Result<bool, ConstraintError> {
    platforms_built(file_name, go_build, plus_build, &[platform]).map(|built| built[0])
}

/// How one Go file of a package builds with respect to cgo, on linux: by
/// its build constraint alone, without and with the `cgo` tag, and whether
/// it imports "C" (the go command leaves such a file out whenever cgo is
/// off, whatever its constraint says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CgoFileBuild {
    pub imports_c: bool,
    pub without_cgo: bool,
    pub with_cgo: bool,
}

/// Whether a package with cgo files still builds with `CGO_ENABLED=0` as its
/// author meant it to: a file built only without cgo (`//go:build !cgo`)
/// stands in for the cgo files. Files that build either way are no
/// fallback: they are the rest of the package and usually call what the
/// cgo files define, so a static build fails (`undefined: …`); a main
/// package with an `import "C"` file and no `!cgo` file needs cgo.
pub fn has_cgo_fallback(files: &[CgoFileBuild]) -> bool {
    files
        .iter()
        .any(|file| !file.imports_c && file.without_cgo && !file.with_cgo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::platform::examples::*;

    fn tag(name: &str) -> Expr {
        Expr::Tag(name.to_string())
    }

    fn not(x: Expr) -> Expr {
        Expr::Not(Box::new(x))
    }

    fn and(x: Expr, y: Expr) -> Expr {
        Expr::And(Box::new(x), Box::new(y))
    }

    fn or(x: Expr, y: Expr) -> Expr {
        Expr::Or(Box::new(x), Box::new(y))
    }

    #[test]
    fn parse_builds_the_expected_tree() {
        let cases: Vec<(&str, Expr)> = vec![
            ("linux", tag("linux")),
            ("  linux\t", tag("linux")),
            ("linux && amd64", and(tag("linux"), tag("amd64"))),
            ("!windows", not(tag("windows"))),
            (
                "(linux || darwin) && !cgo",
                and(or(tag("linux"), tag("darwin")), not(tag("cgo"))),
            ),
            // && binds tighter than ||.
            ("a || b && c", or(tag("a"), and(tag("b"), tag("c")))),
            ("a && b || c", or(and(tag("a"), tag("b")), tag("c"))),
            // Left-associative.
            ("a || b || c", or(or(tag("a"), tag("b")), tag("c"))),
            ("a&&b", and(tag("a"), tag("b"))),
            ("!(a || b)", not(or(tag("a"), tag("b")))),
            ("((a))", tag("a")),
            ("go1.21", tag("go1.21")),
            ("foo_bar.baz9", tag("foo_bar.baz9")),
            ("é", tag("é")),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn parse_rejects_bad_expressions() {
        let cases = [
            ("", "unexpected end of expression"),
            ("   ", "unexpected end of expression"),
            ("(linux", "missing close paren"),
            ("(linux || ", "missing close paren"),
            ("linux)", "unexpected token `)`"),
            ("linux darwin", "unexpected token `darwin`"),
            ("linux &&", "unexpected end of expression"),
            ("&& linux", "unexpected token `&&`"),
            ("linux & amd64", "invalid syntax at `&`"),
            ("linux | amd64", "invalid syntax at `|`"),
            ("linux,amd64", "invalid syntax at `,`"),
            ("linux-gnu", "invalid syntax at `-`"),
            ("!!linux", "double negation not allowed"),
            ("!", "unexpected end of expression"),
            ("()", "unexpected token `)`"),
        ];
        for (input, want) in cases {
            let err = parse(input).expect_err(input);
            assert!(
                err.message.contains(want),
                "{input:?}: {:?} does not contain {want:?}",
                err.message
            );
            assert!(
                err.message.contains("expected"),
                "{input:?}: {}",
                err.message
            );
        }
    }

    #[test]
    fn parse_limits_size_and_nesting_without_overflowing() {
        let deep_open = "(".repeat(100_000);
        let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        let long_or = "a || ".repeat(1002) + "a";
        let long_and = "a && ".repeat(1002) + "a";
        let deep_not = "!(".repeat(2000);
        for input in [&deep_open, &deep, &long_or, &long_and, &deep_not] {
            let err = parse(input).expect_err("too large");
            assert!(err.message.contains("too large"), "{}", err.message);
        }
        // Just under the limit still parses.
        let nested = format!("{}a{}", "(".repeat(999), ")".repeat(999));
        assert_eq!(parse(&nested), Ok(tag("a")));

        // The deepest trees the limit allows evaluate and drop fine.
        let nots = format!("{}linux{}", "!(".repeat(998), ")".repeat(998));
        assert!(parse(&nots).expect("998 nots").eval(LINUX_AMD64));
        let chain = "windows || ".repeat(999) + "linux";
        assert!(parse(&chain).expect("chain").eval(LINUX_AMD64));
        let chain = "linux && ".repeat(999) + "windows";
        assert!(!parse(&chain).expect("chain").eval(LINUX_AMD64));
    }

    #[test]
    fn eval_on_platforms() {
        let cases = [
            ("linux && amd64", LINUX_AMD64, true),
            ("linux && amd64", LINUX_ARM64, false),
            ("linux && (amd64 || arm64)", LINUX_ARM64, true),
            ("!windows", LINUX_AMD64, true),
            ("!linux", LINUX_AMD64, false),
            ("(linux || darwin) && !cgo", LINUX_AMD64, true),
            ("(linux || darwin) && !cgo", LINUX_AMD64_CGO, false),
            ("cgo", LINUX_AMD64_CGO, true),
            ("cgo", LINUX_AMD64, false),
            ("ignore", LINUX_AMD64, false),
            ("!ignore", LINUX_AMD64, true),
            ("tools", LINUX_AMD64, false),
            ("go1.21", LINUX_AMD64, true),
            ("go1.99 && linux", LINUX_AMD64, true),
            ("unix", LINUX_AMD64, true),
            ("a || b && c", LINUX_AMD64, false),
            // a || (b && c): linux || (windows && amd64)
            ("linux || windows && amd64", LINUX_ARM64, true),
            // Would be false if parsed as (windows || linux) && arm64... check precedence.
            (
                "linux || windows && amd64",
                platform("windows", "arm64"),
                false,
            ),
            ("windows || linux && arm64", LINUX_ARM64, true),
            ("windows || linux && amd64", LINUX_ARM64, false),
        ];
        for (input, p, want) in cases {
            let x = parse(input).expect(input);
            assert_eq!(x.eval(p), want, "{input:?} on {p:?}");
        }
    }

    #[test]
    fn plus_build_lines() {
        let lines = |ls: &[&str]| ls.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases: Vec<(Vec<String>, Platform, bool)> = vec![
            (lines(&[]), LINUX_AMD64, true),
            (lines(&["linux,amd64 darwin"]), LINUX_AMD64, true),
            (lines(&["linux,amd64 darwin"]), LINUX_ARM64, false),
            (
                lines(&["linux,amd64 darwin"]),
                platform("darwin", "arm64"),
                true,
            ),
            (lines(&["!windows"]), LINUX_AMD64, true),
            (lines(&["windows"]), LINUX_AMD64, false),
            (lines(&["linux darwin", "amd64"]), LINUX_AMD64, true),
            (lines(&["linux darwin", "amd64"]), LINUX_ARM64, false),
            (lines(&["linux", "!cgo"]), LINUX_AMD64_CGO, false),
            (lines(&["ignore"]), LINUX_AMD64, false),
            // An empty `// +build` line is never satisfied.
            (lines(&[""]), LINUX_AMD64, false),
            // Invalid terms are `ignore`.
            (lines(&["!!linux"]), LINUX_AMD64, false),
            (lines(&["!"]), LINUX_AMD64, false),
            (lines(&["linux-gnu"]), LINUX_AMD64, false),
            (lines(&["!linux-gnu"]), LINUX_AMD64, true),
            (lines(&["linux,"]), LINUX_AMD64, false),
            (lines(&["go1.9 linux"]), platform("windows", "amd64"), true),
            (lines(&["  linux\t  darwin "]), LINUX_AMD64, true),
            // A line too complex for Go is ignored.
            (vec![["windows"; 102].join(" ")], LINUX_AMD64, true),
            (vec![["windows"; 100].join(" ")], LINUX_AMD64, false),
        ];
        for (plus, p, want) in cases {
            assert_eq!(
                file_builds("main.go", None, &plus, p),
                Ok(want),
                "{plus:?} on {p:?}"
            );
        }
    }

    #[test]
    fn file_builds_combines_name_and_constraints() {
        let plus = |ls: &[&str]| ls.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        type Case = (
            &'static str,
            Option<&'static str>,
            Vec<String>,
            Platform,
            bool,
        );
        let cases: Vec<Case> = vec![
            ("main.go", None, plus(&[]), LINUX_AMD64, true),
            (
                "main.go",
                Some("linux && amd64"),
                plus(&[]),
                LINUX_AMD64,
                true,
            ),
            (
                "main.go",
                Some("linux && amd64"),
                plus(&[]),
                LINUX_ARM64,
                false,
            ),
            (
                "main_arm64.go",
                Some("linux"),
                plus(&[]),
                LINUX_AMD64,
                false,
            ),
            ("main_linux.go", Some("!cgo"), plus(&[]), LINUX_AMD64, true),
            ("main.go", Some("ignore"), plus(&[]), LINUX_AMD64, false),
            ("tools.go", Some("tools"), plus(&[]), LINUX_AMD64, false),
            // `//go:build` wins over `// +build`.
            (
                "main.go",
                Some("linux"),
                plus(&["windows"]),
                LINUX_AMD64,
                true,
            ),
            (
                "main.go",
                Some("windows"),
                plus(&["linux"]),
                LINUX_AMD64,
                false,
            ),
            ("main.go", None, plus(&["windows"]), LINUX_AMD64, false),
            // A name that excludes the file wins, even over a bad expression.
            ("x_windows.go", Some("(("), plus(&[]), LINUX_AMD64, false),
        ];
        for (name, go_build, plus_build, p, want) in cases {
            assert_eq!(
                file_builds(name, go_build, &plus_build, p),
                Ok(want),
                "{name} {go_build:?} {plus_build:?} on {p:?}"
            );
        }
    }

    #[test]
    fn file_builds_reports_bad_expressions() {
        for expression in ["", "linux &&", "(linux", "linux darwin", "!!linux", "a & b"] {
            let err =
                file_builds("main.go", Some(expression), &[], LINUX_AMD64).expect_err(expression);
            assert!(err.message.contains("//go:build"), "{}", err.message);
        }
    }

    #[test]
    fn a_constraint_is_parsed_once_for_every_platform_it_is_asked_about() {
        let platforms = [LINUX_AMD64, LINUX_ARM64, LINUX_AMD64_CGO];
        assert_eq!(
            platforms_built("x.go", Some("amd64 && !cgo"), &[], &platforms),
            Ok(vec![true, false, false])
        );
        // A name no platform allows is not looked at further, as in go/build.
        assert_eq!(
            platforms_built("x_windows.go", Some("(("), &[], &platforms),
            Ok(vec![false; 3])
        );
        let error = platforms_built("x_arm64.go", Some("(("), &[], &platforms).unwrap_err();
        assert!(
            error.message.starts_with("//go:build \"((\""),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_cgo_fallback_is_a_file_built_only_without_cgo() {
        let file = |imports_c, without_cgo, with_cgo| CgoFileBuild {
            imports_c,
            without_cgo,
            with_cgo,
        };
        // main.go beside an unconstrained c.go: main.go calls what c.go
        // defines, so a static build fails.
        assert!(!has_cgo_fallback(&[
            file(false, true, true),
            file(true, true, true)
        ]));
        // A `//go:build !cgo` file stands in for the cgo file.
        assert!(has_cgo_fallback(&[
            file(false, true, true),
            file(true, true, true),
            file(false, true, false),
        ]));
        // The cgo file says `//go:build cgo`, but nothing stands in for it.
        assert!(!has_cgo_fallback(&[
            file(false, true, true),
            file(true, false, true)
        ]));
        // Only cgo files: nothing builds without cgo.
        assert!(!has_cgo_fallback(&[file(true, false, true)]));
        // One optional cgo file and one that is not: no fallback.
        assert!(!has_cgo_fallback(&[
            file(false, true, true),
            file(true, false, true),
            file(true, true, true),
        ]));
    }
}
