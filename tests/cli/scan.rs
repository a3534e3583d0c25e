//! `godock scan`: the facts of tricky trees, through the real binary.
use crate::common::Project;

fn facts(project: &Project) -> serde_json::Value {
    let run = project.godock(&["scan", "--json"]).success();
    serde_json::from_str(&run.stdout).expect("scan --json prints JSON")
}

const MAIN: &str = "package main\n\nfunc main() {}\n";

/// The traps the scanner must not fall into, in one tree.
fn tricky() -> Project {
    Project::empty()
        // A BOM, CRLF line ends and directives gomod-rs does not know.
        .file(
            "go.mod",
            "\u{feff}module example.com/tricky/v2\r\n\r\ngo 1.22.1\r\n\r\ntoolchain go1.23.4\r\n\r\ntool golang.org/x/tools/cmd/stringer\r\n\r\nignore ./node_modules\r\n\r\nrequire example.com/dep v1.0.0\r\n\r\nreplace example.com/dep => ./third_party/dep\r\n",
        )
        .file("go.sum", "")
        .file("main.go", MAIN)
        .file("cmd/api/main.go", "package main\n\nimport (\n\t_ \"embed\"\n\t\"fmt\"\n)\n\n//go:embed \"static files\" all:assets\nvar files string\n\nvar (\n\tversion = \"dev\"\n\tcommit  string\n)\n\nfunc main() { fmt.Println(files) }\n")
        // A main only behind //go:build ignore, and a tools.go: not entrypoints.
        .file("cmd/gen/main.go", "//go:build ignore\n\npackage main\n\nfunc main() {}\n")
        .file("tools/tools.go", "//go:build tools\n\npackage tools\n\nimport _ \"golang.org/x/tools/cmd/stringer\"\n")
        // Windows-only and darwin-only mains do not count on linux.
        .file("cmd/win/main_windows.go", MAIN)
        .file("cmd/mac/main.go", "//go:build darwin\n\npackage main\n\nfunc main() {}\n")
        // Legacy +build lines still count when there is no //go:build line.
        .file("cmd/legacy/main.go", "// +build linux,!cgo\n\npackage main\n\nfunc main() {}\n")
        // cgo only for darwin is not cgo on linux; an embed in a test is not an embed.
        .file("internal/mac/mac_darwin.go", "package mac\n\n// #include <stdio.h>\nimport \"C\"\n")
        .file("internal/mac/mac.go", "package mac\n")
        .file("internal/web/web_test.go", "package web\n\nimport _ \"embed\"\n\n//go:embed x.txt\nvar x string\n")
        .file("internal/web/web.go", "package web\n")
        // cgo in a package only a tool imports.
        .file("internal/c/c.go", "package c\n\n// #cgo LDFLAGS: -lm\nimport \"C\"\n")
        .file("hack/cgotool/main.go", "package main\n\nimport _ \"example.com/tricky/v2/internal/c\"\n\nfunc main() {}\n")
        // Directories Go never looks in, and a nested module.
        .file("testdata/main.go", MAIN)
        .file("_old/main.go", MAIN)
        .file(".hidden/main.go", MAIN)
        .file("vendor/example.com/x/main.go", MAIN)
        .file("third_party/dep/go.mod", "module example.com/dep\n")
        .file("third_party/dep/cmd/d/main.go", MAIN)
        // Junk named .go is warned about, not fatal.
        .file("junk/blob.go", "\u{0}\u{1}\u{2} not go at all")
}

#[test]
fn tricky_tree_facts() {
    let project = tricky();
    std::fs::write(
        project.path().join("junk/binary.go"),
        [0xff, 0xfe, 0x00, 0x13, 0x37],
    )
    .unwrap();
    insta::assert_json_snapshot!(facts(&project));
}

#[test]
fn tricky_tree_summary() {
    let run = tricky().godock(&["scan"]).success();
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_header_longer_than_the_first_read_is_read_in_full() {
    // 10 KiB of comments before the imports: the walker must read on.
    let comment =
        "// padding padding padding padding padding padding padding padding\n".repeat(160);
    let project = Project::empty()
        .file("go.mod", "module example.com/m\n\ngo 1.23\n")
        .file("main.go", &format!("{comment}package main\n\nimport _ \"embed\"\n\n//go:embed main.go\nvar self string\n\nfunc main() {{}}\n"));
    let facts = facts(&project);
    assert_eq!(facts["embed"]["."], serde_json::json!(["main.go"]));
}

#[test]
fn cgo_reached_through_an_own_package_is_found() {
    let project = Project::empty()
        .file("go.mod", "module example.com/m\n\ngo 1.23\n")
        .file(
            "main.go",
            "package main\n\nimport _ \"example.com/m/internal/db\"\n\nfunc main() {}\n",
        )
        .file(
            "internal/db/db.go",
            "package db\n\nimport _ \"example.com/m/internal/sqlite\"\n",
        )
        .file(
            "internal/sqlite/sqlite.go",
            "package sqlite\n\n// #cgo LDFLAGS: -lstdc++\nimport \"C\"\n",
        );
    let facts = facts(&project);
    assert_eq!(
        facts["cgo_packages"],
        serde_json::json!(["./internal/sqlite"])
    );
    assert_eq!(facts["cgo_mains"], serde_json::json!(["."]));
    assert_eq!(
        facts["cxx_packages"],
        serde_json::json!(["./internal/sqlite"])
    );
}

#[test]
fn help_is_stable() {
    let project = Project::empty();
    insta::assert_snapshot!("help", project.godock(&["--help"]).success().stdout);
    insta::assert_snapshot!(
        "init_help",
        project.godock(&["init", "--help"]).success().stdout
    );
}

/// A go.work in the directory godock runs from is not above a module reached
/// through `..`: only the module's own ancestors count.
#[test]
fn a_go_work_beside_the_module_does_not_govern_it() {
    let project = Project::empty()
        .file("here/go.work", "go 1.23\n\nuse .\n")
        .file("svc/go.mod", "module example.com/svc\n\ngo 1.23\n")
        .file("svc/main.go", MAIN);
    let run = project
        .godock_in("here", &["scan", "--json", "../svc"])
        .success();
    let facts: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(facts["go_work"], false, "{}", run.stdout);
}

/// Issue 9: a module without `package main` is a fact for `scan`, not an
/// error; `init` and `plan` refuse it with one error naming the module.
#[test]
fn a_library_is_scanned_and_its_plan_names_the_module() {
    let project = Project::empty()
        .file("go.mod", "module example.com/lib\n\ngo 1.23\n")
        .file("lib.go", "package lib\n\nimport _ \"net/http\"\n");
    let run = project.godock_writes_nothing(&["scan", "--json"]).success();
    let facts: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(facts["module"], "example.com/lib");
    assert_eq!(facts["main_packages"], serde_json::json!([]));
    assert_eq!(facts["packages"], serde_json::json!(["."]));
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let summary = project.godock(&["scan"]).success();
    assert!(
        summary.stdout.contains("main packages   none\n"),
        "{}",
        summary.stdout
    );
    for arguments in [&["init", "--yes"][..], &["plan"]] {
        let run = project.godock_writes_nothing(arguments).code(2);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(
            run.stderr,
            "error: no main package in . (module example.com/lib): searched every directory below it for buildable non-test .go files saying `package main` (skipping testdata/, vendor/, _*, .* and nested modules)\n\
             hint: godock builds images of programs: add a main package (`package main` with a `func main()`, for example in cmd/NAME/main.go), or run godock on the module of a program; `godock scan` shows what it found here\n",
            "{arguments:?}"
        );
    }
}

/// godock asks the go command (`go list`) with telemetry and the build
/// cache off: the home directory it runs with stays as it was, though the
/// go command, left to itself, counts telemetry into it and caches there.
#[test]
fn the_go_command_godock_runs_writes_nothing_under_home() {
    if crate::common::required_tool("go", "go command").is_none() {
        return;
    }
    // vendor/ holds dependencies godock does not read itself: it asks.
    let project = Project::example("vendored");
    let home = tempfile::tempdir().unwrap();
    let output = project
        .command(&["scan", "--json"])
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("GOENV")
        .env_remove("GOCACHE")
        .env_remove("GOTELEMETRY")
        .env_remove("GOFLAGS")
        .output()
        .unwrap();
    let run = project.run_of(&output).success();
    assert!(
        run.stdout.contains("go list -deps"),
        "go list was not asked:\n{}",
        run.stdout
    );
    let left: Vec<_> = walk(home.path());
    assert!(left.is_empty(), "written under HOME: {left:?}");
}

fn walk(directory: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}
