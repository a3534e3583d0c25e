//! The three contexts below were built once with the Docker engine on this
//! machine (20.10, built-in BuildKit): a directory holding `FILES`, this
//! .dockerignore, and a Dockerfile doing `COPY . /ctx` then
//! `RUN find /ctx`. `SENT` is what `find` listed. See the module docs for
//! the one case (`CASE_ALLOW_LIST`) where that engine's walk differs from
//! current engines.
use std::collections::BTreeSet;
use std::path::Path;

use super::*;

struct Case {
    ignore: &'static str,
    files: &'static [&'static str],
    sent: &'static [&'static str],
}

const CASE_MIXED: Case = Case {
    ignore: "# a comment: *.go would be excluded if this were a pattern
*.md
!README.md
docs/
!docs/sub/y.md
/vendor
!vendor/keep
node_modules
**/*.tmp
.env
secrets/*.pem
build/**
!build/keep.txt
./deep/**/*.log
file\\[1\\].txt
cmd/*/main.go
!cmd/app/main.go
src/**/*_test.go
",
    files: &[
        "a.md",
        "README.md",
        "docs/x.md",
        "docs/sub/y.md",
        "docs/sub/z.txt",
        "src/main.go",
        "src/main_test.go",
        "src/pkg/util_test.go",
        "src/embed/README.md",
        "vendor/mod/file.go",
        "vendor/keep/k.go",
        "node_modules/p/index.js",
        "web/node_modules/q/index.js",
        ".env",
        "secrets/key.pem",
        "secrets/sub/deep.pem",
        "secrets/readme.txt",
        "build/out.bin",
        "build/keep.txt",
        "build/sub/keep.txt",
        "tmp/a.tmp",
        "x/tmp/b.tmp",
        "c.tmp",
        "deep/a/b/c/d.log",
        "deep/e.log",
        "file[1].txt",
        "file1.txt",
        "cmd/app/main.go",
        "cmd/tool/main.go",
        "cmd/tool/extra/main.go",
        "go.mod",
        "go.sum",
    ],
    sent: &[
        "README.md",
        "build/keep.txt",
        "cmd/app/main.go",
        "cmd/tool/extra/main.go",
        "docs/sub/y.md",
        "file1.txt",
        "go.mod",
        "go.sum",
        "secrets/readme.txt",
        "secrets/sub/deep.pem",
        "src/embed/README.md",
        "src/main.go",
        "vendor/keep/k.go",
        "web/node_modules/q/index.js",
    ],
};

const CASE_ALLOW_LIST: Case = Case {
    ignore: "*\n!go.mod\n!go.sum\n!*.go\n!cmd/\n!internal/**/*.go\n!internal/**/*.sql\ninternal/**/testdata\n",
    files: &[
        "go.mod", "go.sum", "main.go", "cmd/api/main.go", "cmd/api/static/index.html",
        "internal/db/db.go", "internal/db/schema.sql", "internal/db/testdata/x.json", "README.md",
        ".git/HEAD", ".env", "Makefile", "Dockerfile",
    ],
    // Docker 20.10 never opened internal/db: see `legacy_walk_excludes`.
    sent: &["cmd/api/main.go", "cmd/api/static/index.html", "go.mod", "go.sum", "main.go"],
};

const CASE_SYNTAX: Case = Case {
    ignore: "[a-c].txt\n[^b]b.txt\na?b.txt\n/x/*/z.txt\n!x/keep\nlogs/**\n!logs/*.log\nspaced name.txt\ntrailing.txt   \nnotes/../notes/a.md\n  # not a comment\nq/.*\n",
    files: &[
        "a.txt", "b.txt", "d.txt", "ab.txt", "aXb.txt", "x/y/z.txt", "x/keep/z.txt",
        "logs/2024/app.log", "logs/app.log", "spaced name.txt", "trailing.txt", "notes/a.md",
        "notes/b.md", "q/.hidden", "q/visible",
    ],
    sent: &["d.txt", "logs/app.log", "notes/b.md", "q/visible", "x/keep/z.txt"],
};

fn parse(text: &str) -> DockerIgnore {
    DockerIgnore::parse(text, Path::new(".dockerignore"))
}

fn sent(case: &Case, excluded: impl Fn(&DockerIgnore, &str) -> bool) -> BTreeSet<&'static str> {
    let ignore = parse(case.ignore);
    assert_eq!(ignore.warnings, []);
    case.files
        .iter()
        .copied()
        .filter(|file| !excluded(&ignore, file))
        .collect()
}

#[test]
fn docker_sends_what_the_matcher_says_for_mixed_patterns() {
    let expected: BTreeSet<_> = CASE_MIXED.sent.iter().copied().collect();
    assert_eq!(sent(&CASE_MIXED, DockerIgnore::excludes), expected);
    assert_eq!(
        sent(&CASE_MIXED, DockerIgnore::legacy_walk_excludes),
        expected
    );
}

#[test]
fn docker_sends_what_the_matcher_says_for_classes_wildcards_and_cleaning() {
    let expected: BTreeSet<_> = CASE_SYNTAX.sent.iter().copied().collect();
    assert_eq!(sent(&CASE_SYNTAX, DockerIgnore::excludes), expected);
    assert_eq!(
        sent(&CASE_SYNTAX, DockerIgnore::legacy_walk_excludes),
        expected
    );
}

#[test]
fn an_allow_list_with_wildcard_exceptions_differs_between_engines() {
    let legacy: BTreeSet<_> = CASE_ALLOW_LIST.sent.iter().copied().collect();
    assert_eq!(
        sent(&CASE_ALLOW_LIST, DockerIgnore::legacy_walk_excludes),
        legacy
    );
    // Current engines walk into every excluded directory once an exception
    // has a wildcard, and match each file.
    let mut current = legacy.clone();
    current.extend(["internal/db/db.go", "internal/db/schema.sql"]);
    assert_eq!(sent(&CASE_ALLOW_LIST, DockerIgnore::excludes), current);
}

#[test]
fn the_verdict_names_the_line_that_decided() {
    let ignore = parse(CASE_MIXED.ignore);
    let verdict = ignore.verdict("docs/sub/y.md");
    assert!(!verdict.excluded);
    assert_eq!(
        verdict
            .rule
            .map(|rule| rule.location.to_string())
            .as_deref(),
        Some(".dockerignore:5")
    );
    let verdict = ignore.verdict("docs/x.md");
    assert!(verdict.excluded);
    assert_eq!(verdict.rule.map(|rule| rule.text.as_str()), Some("docs/"));
    let hidden = ignore.verdict("a.md");
    assert_eq!(
        hidden.rule.map(|rule| (rule.location.line, rule.exception)),
        Some((2, false))
    );
    let untouched = ignore.verdict("go.mod");
    assert_eq!((untouched.excluded, untouched.rule), (false, None));
    // Paths are cleaned like patterns.
    assert!(ignore.excludes("./docs//x.md"));
    assert!(ignore.excludes("/a.md"));
}

#[test]
fn patterns_are_read_and_cleaned_like_moby() {
    let ignore = parse("\u{feff}/a/../b/\n!  ./c\n #x\n\\#hash\n**\n");
    let patterns: Vec<_> = ignore
        .rules
        .iter()
        .map(|rule| (rule.pattern.as_str(), rule.exception))
        .collect();
    assert_eq!(
        patterns,
        [
            ("b", false),
            ("c", true),
            ("#x", false),
            ("\\#hash", false),
            ("**", false)
        ]
    );
    assert!(ignore.excludes("anything/at/all"));
    assert!(parse("\\#hash\n").excludes("#hash"));
    assert!(parse("**/vendor\n").excludes("vendor/x"));
    assert!(parse("**/vendor\n").excludes("a/b/vendor/x"));
    assert!(!parse("**/vendor\n").excludes("avendor"));
    assert!(parse("a/**\n").excludes("a/b"));
    assert!(!parse("a/**\n").excludes("a"));
    assert!(parse("*.go\n").excludes("main.go"));
    assert!(!parse("*.go\n").excludes("cmd/main.go"));
    assert!(parse("a+b(c)\n").excludes("a+b(c)"));
}

#[test]
fn what_docker_rejects_is_a_warning_naming_the_line() {
    for (text, line) in [
        ("ok\n[\n", 2),
        ("!\n", 1),
        ("a[]b\n", 1),
        ("[z-\n", 1),
        ("x\\\n", 1),
        ("[-a]\n", 1),
    ] {
        let ignore = parse(text);
        assert_eq!(ignore.warnings.len(), 1, "{text:?}");
        assert_eq!(ignore.warnings[0].line, Some(line), "{text:?}");
    }
    assert_eq!(parse("[a-z]\n[^x]\n[\\]]\n").warnings, []);
}

#[test]
fn go_regexp_quirks_inside_classes_are_kept() {
    // moby writes `[*]` as `^[[^/]*]$`: a class of `[`, `^`, `/`, repeated,
    // then a literal `]`.
    let ignore = parse("[*]\n");
    assert_eq!(ignore.warnings, []);
    assert!(ignore.excludes("]"));
    assert!(ignore.excludes("[^]"));
    assert!(!ignore.excludes("a"));
    for junk in ["[[]", "[&&]", "[a~~b]", "[?]", "\\", "**/**/**", "a\\]"] {
        let _ = parse(junk).excludes("a/b");
    }
}

#[test]
fn clean_matches_go_path_clean() {
    for (input, expected) in [
        ("", "."),
        ("a/b/../c", "a/c"),
        ("/../a", "/a"),
        ("../../a", "../../a"),
        ("a//b/./", "a/b"),
        ("/", "/"),
        ("./", "."),
        ("a/..", "."),
    ] {
        assert_eq!(clean(input), expected, "{input:?}");
    }
}
