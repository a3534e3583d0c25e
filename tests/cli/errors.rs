//! Bad input: one clear line on stderr naming the file and the problem,
//! exit 2, and nothing written.
use crate::common::Project;

/// Runs `godock init --yes` and checks the contract every error keeps.
#[track_caller]
fn init_fails(project: &Project, extra: &[&str]) -> String {
    let mut arguments = vec!["init", "--yes"];
    arguments.extend_from_slice(extra);
    let run = project.godock_writes_nothing(&arguments).code(2);
    assert!(run.stdout.is_empty(), "errors go to stderr: {}", run.stdout);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|line| line.starts_with("error: "))
            .count(),
        1
    );
    run.stderr
}

const MAIN: &str = "package main\n\nfunc main() {}\n";

#[test]
fn no_go_mod_says_go_mod_init() {
    let project = Project::empty().file("main.go", MAIN);
    insta::assert_snapshot!(init_fails(&project, &[]), @r"
    error: no go.mod in . or any directory below it (skipping testdata/, vendor/, node_modules/, _* and .*)
    hint: run `go mod init <module path>` to create one
    ");
}

#[test]
fn a_go_mod_found_deeper_is_the_module_and_its_errors_name_it() {
    // No go.mod at the path: the shallowest below it is the module (see
    // workspace.rs), and what is wrong with it names its directory.
    let project = Project::empty()
        .file("services/api/go.mod", "module example.com/api\n")
        .file("services/api/deeper/x/go.mod", "module example.com/x\n");
    insta::assert_snapshot!(init_fails(&project, &[]), @r"
    error: no main package in ./services/api (module example.com/api): searched every directory below it for buildable non-test .go files saying `package main` (skipping testdata/, vendor/, _*, .* and nested modules)
    hint: godock builds images of programs: add a main package (`package main` with a `func main()`, for example in cmd/NAME/main.go), or run godock on the module of a program; `godock scan` shows what it found here
    ");
}

#[test]
fn an_unparsable_go_mod_names_file_and_line() {
    let project = Project::empty()
        .file(
            "go.mod",
            "module example.com/m\n\ngo 1.23\n\nrequire example.com/x\n",
        )
        .file("main.go", MAIN);
    let stderr = init_fails(&project, &[]);
    assert!(stderr.starts_with("error: ./go.mod:5: "), "{stderr}");
}

#[test]
fn a_bare_go_directive_is_an_error_not_a_panic() {
    let project = Project::empty()
        .file("go.mod", "module example.com/m\ngo\n")
        .file("main.go", MAIN);
    let stderr = init_fails(&project, &[]);
    assert!(
        stderr.starts_with("error: ./go.mod:2: malformed go directive"),
        "{stderr}"
    );
}

#[test]
fn a_go_mod_without_module_says_so() {
    let project = Project::empty()
        .file("go.mod", "// nothing here\ngo 1.23\n")
        .file("main.go", MAIN);
    insta::assert_snapshot!(init_fails(&project, &[]), @r"
    error: ./go.mod: no module directive
    hint: add `module <path>` (for example with `go mod init`)
    ");
}

#[test]
fn a_go_mod_that_is_not_utf8_says_so() {
    let project = Project::empty().file("main.go", MAIN);
    std::fs::write(project.path().join("go.mod"), b"module example.com/\xff\n").unwrap();
    insta::assert_snapshot!(init_fails(&project, &[]), @"error: ./go.mod: not valid UTF-8");
}

#[test]
fn no_main_package_says_what_was_searched() {
    let project = Project::empty()
        .file("go.mod", "module example.com/lib\n\ngo 1.23\n")
        .file("lib.go", "package lib\n")
        .file(
            "gen/main.go",
            "//go:build ignore\n\npackage main\n\nfunc main() {}\n",
        );
    insta::assert_snapshot!(init_fails(&project, &[]), @r"
    error: no main package in . (module example.com/lib): searched every directory below it for buildable non-test .go files saying `package main` (skipping testdata/, vendor/, _*, .* and nested modules); these directories say `package main` but do not build for linux: ./gen
    hint: godock builds images of programs: add a main package (`package main` with a `func main()`, for example in cmd/NAME/main.go), or run godock on the module of a program; `godock scan` shows what it found here
    ");
}

fn hello() -> Project {
    Project::empty()
        .file("go.mod", "module example.com/hello\n\ngo 1.23\n")
        .file("main.go", MAIN)
}

fn cgo() -> Project {
    Project::empty()
        .file("go.mod", "module example.com/c\n\ngo 1.23\n")
        .file(
            "main.go",
            "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n",
        )
}

#[test]
fn an_unknown_preset_lists_the_choices() {
    insta::assert_snapshot!(init_fails(&hello(), &["--preset", "ubuntu"]), @"error: --preset: unknown preset `ubuntu`; the built-in presets are distroless, distroless-cgo, scratch, alpine, debug, or a path to a preset file ending in .toml");
}

#[test]
fn a_broken_preset_file_names_file_and_line() {
    let project = hello().file("my.toml", "name = \"mine\"\nsummary = \"x\"\ncgo = \"never\"\n[builder]\nimage = \"golang:${GO_VERSION}\"\n[runtime]\nimage = \"scratch\"\nuser = \"nonroot\"\n");
    insta::assert_snapshot!(init_fails(&project, &["--preset", "my.toml"]), @"error: my.toml: runtime.user `nonroot` must be numeric, as UID:GID (for example 65532:65532)");
}

#[test]
fn static_presets_refuse_cgo_with_the_reason() {
    for preset in ["distroless", "scratch"] {
        let stderr = init_fails(&cgo(), &["--preset", preset]);
        assert_eq!(
            stderr,
            format!("error: preset `{preset}` cannot serve this project: it builds static binaries only (CGO_ENABLED=0), but . uses cgo\nhint: use --preset distroless-cgo\n")
        );
    }
}

#[test]
fn an_unknown_binary_lists_the_main_packages() {
    insta::assert_snapshot!(init_fails(&hello(), &["--binary", "api"]), @"error: unknown binary `api`; the main packages are: hello (.)");
}

#[test]
fn a_go_line_go_would_refuse_is_an_error_naming_the_line() {
    let project = Project::empty()
        .file("go.mod", "module example.com/m\n\ngo 1.2x\n")
        .file("main.go", "package main\n\nfunc main() {}\n");
    let run = project.godock_writes_nothing(&["init", "--yes"]).code(2);
    insta::assert_snapshot!(run.stderr, @"error: ./go.mod:3: invalid go version `1.2x`: the go command expects a Go release such as 1.26.0, 1.26 or 1.27rc1");
}

#[test]
fn an_invalid_go_version_says_what_is_expected() {
    insta::assert_snapshot!(init_fails(&hello(), &["--go-version", "latest"]), @"error: --go-version: `latest` is not a Go release such as 1.26, 1.26.6 or 1.27rc1");
}

#[test]
fn a_wrong_key_in_godock_toml_names_file_line_and_key() {
    let project = hello().file("godock.toml", "preset = \"scratch\"\nports = 80\n");
    let stderr = init_fails(&project, &[]);
    assert!(
        stderr.starts_with("error: ./godock.toml: line 2: unknown field `ports`, expected one of"),
        "{stderr}"
    );
}

#[test]
fn a_missing_directory_is_an_error() {
    let project = Project::empty();
    let run = project.godock(&["scan", "nowhere"]).code(2);
    insta::assert_snapshot!(run.stderr, @"error: nowhere: no such directory");
}

#[test]
fn usage_errors_exit_2() {
    let project = hello();
    let run = project.godock(&["init", "--port", "0"]).code(2);
    run.says("--port");
    project.godock(&["frobnicate"]).code(2);
}

/// Issue 9: an image, registry or platform that cannot work in the files
/// godock writes (a Makefile, a compose file, `docker buildx`) is an error
/// naming where it came from, by one rule per setting: a flag, a line of
/// godock.toml, a `GODOCK_*` variable. (The wizard asks the image with the
/// same rule: see `answers_write_what_the_equivalent_flags_write` in
/// src/commands/init.rs.)
#[test]
fn an_image_registry_or_platform_that_cannot_work_names_its_source() {
    for (flag, value, expected) in [
        (
            "--image",
            "Web App",
            "error: --image: `Web App` is not an image name: use lowercase letters and digits",
        ),
        (
            "--image",
            "web:latest",
            "error: --image: `web:latest` is not an image name: a tag",
        ),
        (
            "--registry",
            "ghcr.io/$(whoami)",
            "error: --registry: `ghcr.io/$(whoami)` is not a registry",
        ),
        (
            "--registry",
            "my registry",
            "error: --registry: `my registry` is not a registry",
        ),
        (
            "--platform",
            "windows/amd64",
            "error: --platform: `windows/amd64` is not a platform: godock builds Linux images",
        ),
        (
            "--platform",
            "linux/x86",
            "error: --platform: `linux/x86` is not a platform: Go knows no architecture `x86`",
        ),
    ] {
        let stderr = init_fails(&hello(), &[flag, value]);
        assert!(stderr.starts_with(expected), "{flag} {value}: {stderr}");
    }
    let project = hello().file(
        "godock.toml",
        "preset = \"distroless\"\nimage = \"web\"\nregistry = \"ghcr.io/acme\"\nplatforms = [\"linux/amd64\", \"linux/arm/v7\", \"darwin/arm64\"]\n",
    );
    let stderr = init_fails(&project, &[]);
    assert_eq!(
        stderr,
        "error: ./godock.toml: line 4: `darwin/arm64` is not a platform: godock builds Linux images, which darwin cannot run; use linux/ARCH\n"
    );
    for (variable, value) in [
        ("GODOCK_IMAGE", "Web"),
        ("GODOCK_REGISTRY", "\"ghcr.io\""),
        ("GODOCK_PLATFORMS", "linux/amd64,linux/amd 64"),
    ] {
        let run = hello()
            .godock_with(&[(variable, value)], &["init", "--yes"])
            .code(2);
        assert!(
            run.stderr.starts_with(&format!("error: {variable}: `")),
            "{variable}: {}",
            run.stderr
        );
    }
    // What works in every file passes every rule.
    let project = hello();
    project
        .godock(&[
            "init",
            "--yes",
            "--image",
            "acme/web-app",
            "--registry",
            "localhost:5000/team",
            "--platform",
            "linux/arm/v7",
        ])
        .success();
    assert!(project
        .read("Makefile")
        .contains("REGISTRY ?= localhost:5000/team\n"));
}
