//! `godock init` and `godock regen`: what they write, and what they refuse
//! to overwrite.
use crate::common::Project;

const GENERATED: [&str; 5] = [
    "Dockerfile",
    ".dockerignore",
    "Makefile",
    "godock.toml",
    "godock.lock",
];

#[test]
fn init_writes_every_file_with_a_marker() {
    let project = Project::example("multi");
    let run = project.godock(&["init", "--yes"]).success();
    insta::assert_snapshot!(run.transcript());
    for file in GENERATED {
        let content = project.read(file);
        let line = if file == "Dockerfile" {
            content.lines().nth(1)
        } else {
            content.lines().next()
        };
        assert!(
            line.unwrap().starts_with("# Written by godock"),
            "{file}: {content}"
        );
    }
    assert!(project
        .read("Dockerfile")
        .starts_with("# syntax=docker/dockerfile:1\n"));
}

#[test]
fn a_second_run_changes_nothing() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let run = project.godock_writes_nothing(&["init", "--yes"]).success();
    assert_eq!(
        run.stderr.matches("unchanged:").count(),
        4,
        "{}",
        run.stderr
    );
}

#[test]
fn init_refuses_to_clobber_a_file_it_did_not_write() {
    // A Makefile of the user's has godock write docker.mk beside it; one of
    // that name too leaves godock nowhere to write.
    let project = Project::example("hello")
        .file("Makefile", "all:\n\tgo build\n")
        .file("docker.mk", "x:\n");
    // Nothing may be written, not even the other files.
    let run = project.godock_writes_nothing(&["init", "--yes"]).code(2);
    insta::assert_snapshot!(run.stderr, @r"
    error: ./docker.mk exists and was not written by godock
    hint: pass --force to overwrite it, or move it aside
    ");

    project.godock(&["init", "--yes", "--force"]).success();
    assert_eq!(project.read("Makefile.orig"), "all:\n\tgo build\n");
    assert!(project.read("Makefile").starts_with("# Written by godock"));
}

#[test]
fn init_refuses_to_lose_edits_to_a_generated_file() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    // The runtime image is the line the new preset changes too: a conflict.
    let edited = project.read("Dockerfile").replace(
        "static-debian13:nonroot AS runtime",
        "static-debian13:debug-nonroot AS runtime",
    );
    project.write("Dockerfile", &edited);
    let run = project
        .godock_writes_nothing(&["init", "--yes", "--preset", "scratch"])
        .code(2);
    run.says("./Dockerfile: your edits conflict with what godock writes now");
    project
        .godock(&["init", "--yes", "--preset", "scratch", "--force"])
        .success();
    assert_eq!(project.read("Dockerfile.orig"), edited);
}

#[test]
fn dry_run_writes_nothing_and_says_what_it_would_do() {
    let project = Project::example("hello");
    let run = project
        .godock_writes_nothing(&["init", "--dry-run"])
        .success();
    run.says("godock: would create: Dockerfile");
    run.says("dry run: nothing written");
}

#[test]
fn without_yes_and_without_a_terminal_init_names_the_flag() {
    let project = Project::example("hello");
    let run = project.godock_writes_nothing(&["init"]).code(2);
    run.says("error: stdin is not a terminal, so godock cannot ask `Preset`\nhint: pass --preset NAME, or --yes");
}

#[test]
fn stdout_prints_the_dockerfile_only() {
    let project = Project::example("hello");
    let run = project
        .godock_writes_nothing(&["init", "--stdout", "--port", "8080"])
        .success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run
        .stdout
        .starts_with("# syntax=docker/dockerfile:1\n# Written by godock"));
    assert!(run.stdout.contains("EXPOSE 8080\n"));
}

#[test]
fn no_syntax_leaves_out_the_directive_and_the_marker_comes_first() {
    let project = Project::example("hello");
    let run = project
        .godock(&["init", "--stdout", "--no-syntax"])
        .success();
    assert!(
        run.stdout.starts_with("# Written by godock"),
        "{}",
        run.stdout
    );
}

#[test]
fn choices_are_kept_in_godock_toml_and_reproduced() {
    let project = Project::example("multi");
    project
        .godock(&[
            "init",
            "--yes",
            "--preset",
            "scratch",
            "--port",
            "9000",
            "--binary",
            "api",
            "--binary",
            "gen",
            "--primary",
            "api",
        ])
        .success();
    let config = project.read("godock.toml");
    assert!(config.contains("preset = \"scratch\""), "{config}");
    assert!(config.contains("binaries = [\"gen\", \"api\"]"), "{config}");
    assert!(config.contains("port = 9000"), "{config}");
    // A later run without flags reproduces the same files.
    project.godock_writes_nothing(&["init", "--yes"]).success();
    project.godock_writes_nothing(&["regen"]).success();
}

#[test]
fn edits_to_godock_toml_flow_through_regen_and_keep_its_text() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let config = project
        .read("godock.toml")
        .replace("# port = 8080", "# our service port\nport = 8081");
    project.write("godock.toml", &config);
    let run = project.godock(&["regen"]).success();
    run.says("updated: Dockerfile");
    assert!(project.read("Dockerfile").contains("EXPOSE 8081\n"));
    assert!(project.read("Makefile").contains("-p 8081:8081"));
    assert_eq!(
        project.read("godock.toml"),
        config,
        "godock.toml keeps the user's text"
    );
    let run = project.godock(&["regen"]).success();
    run.says("every file is up to date; nothing written");
}

#[test]
fn regen_follows_go_mod() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let go_mod = project
        .read("go.mod")
        .replace("go 1.23", "go 1.27.0\n\ntoolchain go1.27.2");
    project.write("go.mod", &go_mod);
    project.godock(&["regen"]).success();
    assert!(project.read("Dockerfile").contains("ARG GO_VERSION=1.27\n"));
}

#[test]
fn regen_needs_godock_toml() {
    let project = Project::example("hello");
    let run = project.godock(&["regen"]).code(2);
    insta::assert_snapshot!(run.stderr, @r"
    error: no godock.toml in .
    hint: run `godock init` first
    ");
}

#[test]
fn the_dockerignore_keeps_every_embedded_path() {
    let project = Project::example("embedded");
    project.godock(&["init", "--yes"]).success();
    let ignore = project.read(".dockerignore");
    for excluded in ["**/*.md", "docs", "bin"] {
        assert!(
            ignore.lines().any(|line| line == excluded),
            "{excluded} should be excluded by default"
        );
    }
    for kept in [
        "!README.md",
        "!docs",
        "!bin/motd.txt",
        "!static/*",
        "!web/templates/*.tmpl",
    ] {
        assert!(
            ignore.lines().any(|line| line == kept),
            "{kept} missing:\n{ignore}"
        );
    }
}

#[test]
fn go_version_comes_from_the_toolchain_directive() {
    let project = Project::example("hello");
    project.write(
        "go.mod",
        "module github.com/example/hello\n\ngo 1.26.0\n\ntoolchain go1.27.1\n",
    );
    let run = project.godock(&["init", "--stdout"]).success();
    assert!(
        run.stdout
            .contains("# Go 1.27: go.mod's toolchain line requires Go 1.27.1 or newer"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ARG GO_VERSION=1.27\n"));
    // A pre-release newer than the table is built as pinned, with warnings.
    let run = project
        .godock(&["init", "--stdout", "--go-version", "1.28rc1"])
        .success();
    assert!(run.stdout.contains("ARG GO_VERSION=1.28rc1\n"));
    let run = project
        .godock(&["plan", "--go-version", "1.28rc1"])
        .success();
    run.says("warning: Go 1.28rc1 is newer than every release godock knows of (its table of Go releases was updated on 2026-11-29)\nhint: ");
    run.says("warning: building with Go 1.28rc1, a pre-release\n");
    // Older than go.mod asks for: an error naming both, nothing printed.
    let run = project
        .godock(&["init", "--stdout", "--go-version", "1.26.9"])
        .code(2);
    assert_eq!(run.stdout, "");
    run.says("error: Go 1.26.9 (--go-version) is older than Go 1.27.1, which go.mod's toolchain line requires\nhint: pin Go 1.27 or newer (--go-version), or remove the pin to follow go.mod\n");
}

#[test]
fn the_makefile_runs_under_make() {
    let Some(make) = crate::common::required_tool("make", "Makefile") else {
        return;
    };
    let project = Project::example("multi");
    project
        .godock(&[
            "init",
            "--yes",
            "--port",
            "8080",
            "--registry",
            "registry.example.com/team",
        ])
        .success();
    let run = |arguments: &[&str]| {
        // The Makefile honours $DOCKER (CI sets it): pin it for a stable snapshot.
        let output = std::process::Command::new(&make)
            .args(arguments)
            .env("DOCKER", "docker")
            .current_dir(project.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "make {arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let help = run(&[]);
    for target in [
        "build",
        "test",
        "docker-build",
        "docker-build-api",
        "docker-build-worker",
        "docker-build-multi",
        "docker-run",
        "docker-push",
        "docker-buildx",
        "test-image",
        "clean",
        "scan",
    ] {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(&format!("{target} "))),
            "{target} missing from help:\n{help}"
        );
    }
    let commands = run(&[
        "-n",
        "docker-build",
        "docker-run",
        "docker-push",
        "docker-buildx",
        "build",
        "VERSION=1.0",
        "COMMIT=abc",
        "BUILD_DATE=today",
    ]);
    insta::assert_snapshot!(commands);

    // Pushing needs a registry: refused before anything is built.
    for arguments in [
        &["-n", "docker-push", "REGISTRY="][..],
        &["-n", "docker-buildx", "PUSH=1", "REGISTRY="][..],
    ] {
        let output = std::process::Command::new(&make)
            .args(arguments)
            .current_dir(project.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "make {arguments:?} pushed");
        assert!(stderr.contains("REGISTRY is empty"), "{stderr}");
        assert!(output.stdout.is_empty(), "make {arguments:?} ran something");
    }
    // docker-buildx builds without pushing unless PUSH=1; every build takes
    // DOCKER_BUILD_FLAGS; clean removes the images built.
    let buildx = run(&["-n", "docker-buildx", "REGISTRY="]);
    assert!(!buildx.contains("--push"), "{buildx}");
    let pushed = run(&["-n", "docker-buildx", "PUSH=1"]);
    assert_eq!(pushed.matches(" --push .").count(), 3, "{pushed}");
    let flagged = run(&["-n", "docker-build", "DOCKER_BUILD_FLAGS=--network=host"]);
    assert_eq!(
        flagged.matches("docker build --network=host ").count(),
        3,
        "{flagged}"
    );
    let clean = run(&["-n", "clean", "TAG=1.0"]);
    assert!(
        clean.contains("image rm registry.example.com/team/multi-api:1.0 "),
        "{clean}"
    );
}

#[test]
fn a_user_preset_with_apt_packages_renders_apt_commands() {
    let preset = r#"
name = "debian"
summary = "Debian slim with a shell"
cgo = "auto"

[builder]
image = "golang:${GO_VERSION}-bookworm"
cgo_packages = ["libsqlite3-dev"]

[runtime]
image = "debian:bookworm-slim"
packages = ["ca-certificates", "libsqlite3-0"]
user = "10001:10001"
create_user = true
shell = true
"#;
    let project = Project::example("cgo").file("debian.toml", preset);
    project
        .godock(&["init", "--yes", "--preset", "debian.toml"])
        .success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("apt-get install -y --no-install-recommends libsqlite3-dev"),
        "{dockerfile}"
    );
    assert!(
        dockerfile
            .contains("apt-get install -y --no-install-recommends ca-certificates libsqlite3-0"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("useradd --system --uid 10001 --gid 10001"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("USER 10001:10001"), "{dockerfile}");
    // godock.toml refers to the file, so that the next run finds it again.
    assert!(project
        .read("godock.toml")
        .contains("preset = \"debian.toml\""));
    if let Some(hadolint) = crate::common::required_tool("hadolint", "hadolint") {
        let home = tempfile::tempdir().unwrap();
        crate::hadolint::passes_hadolint(&hadolint, home.path(), &project).unwrap();
    }
}

#[test]
fn quiet_leaves_only_errors_on_stderr() {
    let project = Project::example("hello");
    let run = project.godock(&["init", "--yes", "--quiet"]).success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(project.exists("Dockerfile"));
    for arguments in [&["regen", "-q"][..], &["check", "-q"], &["plan", "-q"]] {
        let run = project.godock(arguments).success();
        assert!(run.stderr.is_empty(), "{arguments:?}: {}", run.stderr);
    }
    // Data still goes to stdout, and an error with its hint to stderr.
    let plan = project.godock(&["plan", "--quiet"]).success();
    assert!(plan.stdout.starts_with("godock: module"), "{}", plan.stdout);
    project.write("Makefile", "all:\n");
    project.write("docker.mk", "x:\n");
    let run = project.godock(&["init", "--yes", "--quiet"]).code(2);
    assert_eq!(
        run.stderr,
        "error: ./docker.mk exists and was not written by godock\nhint: pass --force to overwrite it, or move it aside\n"
    );
}

#[test]
fn verbose_says_why_on_stderr_and_leaves_the_data_alone() {
    let project = Project::example("hello");
    let plain = project.godock(&["plan"]).success();
    let verbose = project.godock(&["plan", "-v"]).success();
    assert_eq!(verbose.stdout, plain.stdout);
    for reason in [
        "why: Go 1.26: go.mod's go line requires Go 1.23",
        "why: preset distroless: no cgo: a static binary needs no libc (detected)",
        "why: port 8080: main.go:40: an environment variable's default (PORT)",
    ] {
        verbose.says(reason);
    }
    assert!(!plain.stderr.contains("why:"), "{}", plain.stderr);
    project.godock(&["plan", "-q", "-v"]).code(2);
}

#[test]
fn colour_only_on_a_terminal_that_takes_it() {
    let project = Project::empty();
    // Not a terminal: plain, as for NO_COLOR.
    let run = project.godock(&["scan", "nowhere"]).code(2);
    assert_eq!(run.stderr, "error: nowhere: no such directory\n");
    let run = project
        .godock_with(&[("CLICOLOR_FORCE", "1")], &["scan", "nowhere"])
        .code(2);
    assert_eq!(
        run.stderr,
        "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m nowhere: no such directory\n"
    );
    let run = project
        .godock_with(
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
            &["scan", "nowhere"],
        )
        .code(2);
    assert_eq!(run.stderr, "error: nowhere: no such directory\n");
}

#[test]
fn no_port_removes_expose_and_stays_removed() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes", "--no-port"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(!dockerfile.contains("EXPOSE"), "{dockerfile}");
    let config = project.read("godock.toml");
    assert!(config.contains("\nport = \"none\"\n"), "{config}");
    project.godock_writes_nothing(&["check"]).success();
    project.godock(&["regen"]).success();
    assert!(!project.read("Dockerfile").contains("EXPOSE"));
    let run = project
        .godock_writes_nothing(&["plan", "--port", "8080", "--no-port"])
        .code(2);
    run.says("the argument '--port <N>' cannot be used with '--no-port'");
}

#[test]
fn a_directory_inside_a_module_stands_for_it_as_for_go() {
    let project = Project::example("multi");
    project.write(".git/HEAD", "ref: refs/heads/main\n");
    let from_root = project.godock(&["plan", "--json"]).success();
    let in_cmd_api = |arguments: &[&str]| {
        let output = project
            .command(arguments)
            .current_dir(project.path().join("cmd/api"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (plan, said) = in_cmd_api(&["plan", "--json"]);
    assert_eq!(plan, from_root.stdout);
    assert_eq!(
        said,
        "godock: . is inside the module github.com/example/multi: working on ../.. (the nearest directory above with go.mod)\n"
    );
    in_cmd_api(&["init", "--yes"]);
    assert!(project.exists("Dockerfile") && !project.exists("cmd/api/Dockerfile"));
    // From the root, naming the subdirectory, too.
    project
        .godock_writes_nothing(&["check", "cmd/api"])
        .success();
}

#[test]
fn a_path_that_is_a_file_or_missing_is_one_error() {
    let project = Project::example("hello");
    let run = project
        .godock_writes_nothing(&["init", "--yes", "main.go"])
        .code(2);
    assert_eq!(
        run.stderr,
        "error: main.go: not a directory; godock takes the directory of a Go module\nhint: pass the directory that holds it\n"
    );
    let run = project
        .godock_writes_nothing(&["plan", "cmd/nothing"])
        .code(2);
    assert_eq!(run.stderr, "error: cmd/nothing: no such directory\n");
}
