//! The layout of modules: a go.mod below the scanned path, go.work
//! workspaces, and local replaces outside the module (examples/workspace,
//! examples/monorepo), through the real binary; and their images, built and
//! run with Docker (skipped, saying why, without a usable engine unless
//! GODOCK_E2E=1).
#![allow(clippy::print_stderr)]

use crate::common::{required_tool, Project};
use crate::docker::{build, docker_usable, exit, run_id, run_image, Images};

const EXAMPLES: [&str; 2] = ["workspace", "monorepo"];
const MAIN: &str = "package main\n\nfunc main() {}\n";

fn json(run: &crate::common::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).expect("godock prints JSON")
}

/// What init says and writes for the layout examples (their facts and plan
/// are snapshotted with every example's, in snapshots.rs).
#[test]
fn files_of_the_layout_examples() {
    for example in EXAMPLES {
        let project = Project::example(example);
        let facts = project.godock(&["scan", "--json"]).success();
        assert!(facts.stderr.is_empty(), "{}", facts.stderr);
        let init = project.godock(&["init", "--yes"]).success();
        let mut all = init.stderr.clone();
        for file in ["Dockerfile", ".dockerignore", "Makefile", "godock.toml"] {
            all.push_str(&format!("=== {file}\n{}", project.read(file)));
        }
        insta::assert_snapshot!(format!("{example}__files"), all);
        // godock.toml holds what `regen` at the same place needs.
        let regen = project.godock(&["regen"]).success();
        regen.says("every file is up to date");
    }
}

#[test]
fn the_workspace_builds_the_mains_of_every_used_module() {
    let project = Project::example("workspace");
    let facts = json(&project.godock(&["scan", "--json"]).success());
    let modules: Vec<(&str, &str)> = facts["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["dir"].as_str().unwrap(), m["module"].as_str().unwrap()))
        .collect();
    assert_eq!(
        modules,
        [
            ("api", "example.com/workspace/api"),
            ("lib", "example.com/workspace/lib"),
            ("worker", "example.com/workspace/worker")
        ]
    );
    assert_eq!(facts["go_work"], true);
    assert_eq!(facts["workspace"]["dir"], ".");
    let plan = json(&project.godock(&["plan", "--json"]).success());
    let binaries: Vec<(&str, &str)> = plan["binaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["name"].as_str().unwrap(), b["package"].as_str().unwrap()))
        .collect();
    assert_eq!(
        binaries,
        [("worker", "./worker/cmd/worker"), ("api", "./api")]
    );
    assert_eq!(
        plan["download"]["files"],
        serde_json::json!(["go.work", "api/go.mod", "lib/go.mod", "worker/go.mod"])
    );
    // go.work.sum, when there is one, is bound for the download too.
    project.write("go.work.sum", "");
    let plan = json(&project.godock(&["plan", "--json"]).success());
    assert_eq!(plan["download"]["files"][1], "go.work.sum");
}

#[test]
fn a_module_scanned_inside_a_workspace_is_built_from_the_go_work_directory() {
    let project = Project::example("workspace").file(".git/HEAD", "ref: refs/heads/main\n");
    let run = project.godock(&["init", "--yes", "api"]).success();
    run.says("godock: build context .. (the module is in api, in a go.work workspace)");
    assert!(project.exists("Dockerfile") && !project.exists("api/Dockerfile"));
    assert!(project.read("godock.toml").contains("\nmodule = \"api\"\n"));
    // Without a repository around it, the go.work above is not the build's.
    let bare = Project::example("workspace");
    let run = bare.godock(&["scan", "--json", "api"]).success();
    let facts = json(&run);
    assert_eq!(facts["workspace"], serde_json::Value::Null);
    assert!(
        facts["warnings"][0]
            .as_str()
            .unwrap()
            .contains("governs the module but lies outside the repository"),
        "{}",
        facts["warnings"]
    );
}

#[test]
fn the_monorepo_module_below_the_path_reaches_its_shared_library() {
    let project = Project::example("monorepo");
    let facts = json(&project.godock(&["scan", "--json"]).success());
    assert_eq!(facts["module_root"], "services/api");
    assert_eq!(facts["local_replaces"][0]["dir"], "libs/shared");
    assert_eq!(facts["local_replaces"][0]["line"], 7);
    assert_eq!(facts["warnings"], serde_json::json!([]));
    project.godock(&["init", "--yes"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("WORKDIR /src/services/api\n"),
        "{dockerfile}"
    );
    assert!(project
        .read("godock.toml")
        .contains("\nmodule = \"services/api\"\n"));
}

#[test]
fn init_in_the_module_writes_at_the_repository_level_it_needs_and_regen_there_agrees() {
    let project = Project::example("monorepo").file(".git/HEAD", "ref: refs/heads/main\n");
    let run = project.godock(&["init", "--yes", "services/api"]).success();
    run.says("godock: build context ../.. (the module is in services/api)");
    assert!(project.exists("Dockerfile") && project.exists(".dockerignore"));
    assert!(project.exists("Makefile") && project.exists("godock.lock"));
    assert!(!project.exists("services/api/Dockerfile"));
    let first = project.read("Dockerfile");
    let regen = project.godock(&["regen"]).success();
    regen.says("every file is up to date");
    assert_eq!(project.read("Dockerfile"), first);
    // regen and check given the module find godock.toml in its context.
    let regen = project
        .godock_writes_nothing(&["regen", "services/api"])
        .success();
    regen.says("every file is up to date");
    project
        .godock_writes_nothing(&["check", "services/api"])
        .success();
    // From inside the module too, where the context is `../..`.
    let before = project.listing();
    for command in ["regen", "check"] {
        project.godock_in("services/api", &[command]).success();
    }
    assert_eq!(project.listing(), before);
}

#[test]
fn godock_toml_in_the_context_above_the_module_is_the_one_every_command_reads() {
    let project = Project::example("monorepo").file(".git/HEAD", "ref: refs/heads/main\n");
    project
        .godock(&["init", "--yes", "--preset", "scratch", "services/api"])
        .success();
    assert!(!project.exists("services/api/godock.toml"));
    let dockerfile = project.read("Dockerfile");
    assert!(dockerfile.contains("FROM scratch"), "{dockerfile}");
    // A second init without the flag keeps the choice godock.toml holds.
    let run = project
        .godock_writes_nothing(&["init", "--yes", "services/api"])
        .success();
    run.says("godock: preset scratch");
    // plan reads it too.
    let plan = json(
        &project
            .godock(&["plan", "--json", "services/api"])
            .success(),
    );
    assert_eq!(plan["preset"]["name"], "scratch");
    // An edit there flows through check and regen given the module.
    project.write(
        "godock.toml",
        &project
            .read("godock.toml")
            .replace("preset = \"scratch\"", "preset = \"alpine\""),
    );
    let run = project
        .godock_writes_nothing(&["check", "services/api"])
        .code(1);
    assert!(run.stdout.contains("+FROM alpine"), "{}", run.stdout);
    run.says("hint: run `godock regen services/api` to bring the files up to date");
    project.godock(&["regen", "services/api"]).success();
    assert!(project.read("Dockerfile").contains("FROM alpine"));
    project.godock_writes_nothing(&["check"]).success();
}

#[test]
fn godock_toml_above_for_another_module_is_an_error_naming_the_command() {
    let project = Project::example("workspace").file(".git/HEAD", "ref: refs/heads/main\n");
    // godock.toml at the workspace's root, for its worker module.
    project
        .godock(&["init", "--yes", "--module", "worker"])
        .success();
    assert!(project
        .read("godock.toml")
        .contains("\nmodule = \"worker\"\n"));
    for command in ["check", "regen", "init", "plan"] {
        let run = project.godock_writes_nothing(&[command, "api"]).code(2);
        assert_eq!(
            run.stderr,
            format!(
                "error: ./godock.toml: it is for the module in worker, but api is the module in api (relative to .)\nhint: run `godock {command} .` for the module it names, or move one of them\n"
            ),
        );
    }
    // Without a `module` key it is for a module in its own directory.
    let config = project
        .read("godock.toml")
        .replace("module = \"worker\"", "");
    project.write("godock.toml", &config);
    let run = project.godock_writes_nothing(&["check", "api"]).code(2);
    run.says("it is for the module in . (it has no `module` key), but api");
    // No godock.toml anywhere: check says where it looked.
    std::fs::remove_file(project.path().join("godock.toml")).unwrap();
    let run = project.godock_writes_nothing(&["check", "api"]).code(2);
    assert_eq!(
        run.stderr,
        "error: no godock.toml in api or in ., the build context of this module\nhint: run `godock init api` first\n"
    );
}

#[test]
fn a_replace_outside_the_repository_is_refused_naming_go_mod_and_line() {
    // No .git anywhere: the repository is the directory godock was given.
    let project = Project::example("monorepo");
    let run = project
        .godock_writes_nothing(&["init", "--yes", "services/api"])
        .code(2);
    insta::assert_snapshot!(run.stderr, @r"
    error: services/api/go.mod:7: replace example.com/shared => ../../libs/shared: the target ../../libs/shared lies outside the repository (there is no .git at or above the directory godock was given, so the repository is taken to be that directory); a Docker build context cannot reach it
    hint: move it into the repository, or run godock in a repository that holds it
    ");
    // A repository above that does not hold the target either.
    let project = Project::example("monorepo").file("services/.git/HEAD", "");
    let run = project
        .godock_writes_nothing(&["plan", "services/api"])
        .code(2);
    run.says("outside the repository (.., the nearest directory with .git)");
}

#[test]
fn a_replace_target_without_go_mod_is_an_error_when_its_module_is_required() {
    let project = Project::empty()
        .file(
            "go.mod",
            "module example.com/m\n\ngo 1.23\n\nrequire example.com/z v0.0.0\n\nreplace (\n\texample.com/x v1.0.0 => example.com/y v1.0.0\n\texample.com/z => ./third_party/z\n)\n",
        )
        .file("main.go", MAIN)
        .file("third_party/z/z.go", "package z\n");
    let run = project.godock_writes_nothing(&["init", "--yes"]).code(2);
    insta::assert_snapshot!(run.stderr, @r"
    error: ./go.mod:9: replace example.com/z => ./third_party/z: ./third_party/z has no go.mod, so Go cannot use it as a module, and ./go.mod requires example.com/z
    hint: run `go mod init example.com/z` in ./third_party/z, or remove the requirement and the replace
    ");
    // In a workspace, a member's requirement counts for go.work's replace.
    let project = Project::empty()
        .file(
            "go.work",
            "go 1.23\n\nuse (\n\t./api\n\t./lib\n)\n\nreplace example.com/z => ./z\n",
        )
        .file("api/go.mod", "module example.com/api\n\ngo 1.23\n")
        .file("api/main.go", MAIN)
        .file(
            "lib/go.mod",
            "module example.com/lib\n\ngo 1.23\n\nrequire example.com/z v0.0.0\n",
        )
        .file("lib/lib.go", "package lib\n")
        .file("z/z.go", "package z\n");
    let run = project.godock_writes_nothing(&["plan"]).code(2);
    run.says("go.work:8: replace example.com/z => ./z: ./z has no go.mod")
        .says("and ./lib/go.mod requires example.com/z");
}

#[test]
fn a_replace_target_without_go_mod_that_nothing_requires_is_a_warning() {
    // Go ignores a replace of a module nothing requires: `go build` and
    // `go mod download` succeed (checked with Go 1.26).
    let project = Project::empty()
        .file(
            "go.mod",
            "module example.com/m\n\ngo 1.23\n\nreplace example.com/z => ./third_party/z\n",
        )
        .file("main.go", MAIN)
        .file("third_party/z/z.go", "package z\n");
    project.godock(&["plan"]).success().says("warning: ./go.mod:5: replace example.com/z => ./third_party/z: ./third_party/z has no go.mod, but nothing requires example.com/z, so Go ignores the replace (and so does godock); remove it, or add a go.mod to ./third_party/z");
    let plan = project.godock(&["plan", "--json"]).success();
    let plan: serde_json::Value = serde_json::from_str(&plan.stdout).unwrap();
    let facts = project.godock(&["scan", "--json"]).success();
    let facts: serde_json::Value = serde_json::from_str(&facts.stdout).unwrap();
    assert_eq!(facts["local_replaces"], serde_json::json!([]));
    assert_eq!(plan["binaries"][0]["package"], ".");
    project.godock(&["init", "--yes"]).success();
    assert!(project.exists("Dockerfile"));
}

#[test]
fn tied_go_mods_warn_and_module_chooses_and_is_recorded() {
    let project = Project::empty()
        .file("beta/go.mod", "module example.com/beta\n\ngo 1.23\n")
        .file("beta/main.go", MAIN)
        .file("alpha/go.mod", "module example.com/alpha\n\ngo 1.23\n")
        .file("alpha/main.go", MAIN)
        .file("testdata/go.mod", "module example.com/fixture\n")
        .file(".tools/go.mod", "module example.com/tools\n");
    let run = project.godock(&["scan", "--json"]).success();
    assert_eq!(json(&run)["module_root"], "alpha");
    let warning = json(&run)["warnings"][0].as_str().unwrap().to_string();
    assert!(
        warning.ends_with("and several at the same depth below it: alpha, beta; using alpha (pass --module DIR to choose another)"),
        "{warning}"
    );
    let run = project
        .godock(&["scan", "--json", "--module", "beta"])
        .success();
    assert_eq!(json(&run)["module_root"], "beta");
    assert_eq!(json(&run)["warnings"], serde_json::json!([]));
    project
        .godock(&["init", "--yes", "--module", "beta"])
        .success();
    assert!(project
        .read("godock.toml")
        .contains("\nmodule = \"beta\"\n"));
    assert!(project.read("Dockerfile").contains("WORKDIR /src/beta\n"));
    // godock.toml's choice holds for regen, scan and plan.
    let plan = json(&project.godock(&["plan", "--json"]).success());
    assert_eq!(plan["module_dir"], "beta");
    let facts = json(&project.godock(&["scan", "--json"]).success());
    assert_eq!(facts["module_root"], "beta");
    let regen = project.godock(&["regen"]).success();
    regen.says("every file is up to date");
    // A choice without a go.mod is an error naming where it came from.
    let run = project
        .godock_writes_nothing(&["plan", "--module", "gamma"])
        .code(2);
    assert!(
        run.stderr
            .starts_with("error: --module gamma: there is no go.mod in "),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_go_mod_marks_a_module_boundary() {
    let project = Project::empty()
        .file("go.mod", "module example.com/m\n\ngo 1.23\n")
        .file("main.go", MAIN)
        .file("tools/go.mod", "")
        .file("tools/gen/main.go", MAIN);
    let facts = json(&project.godock(&["scan", "--json"]).success());
    assert_eq!(facts["main_packages"], serde_json::json!(["."]));
    assert_eq!(facts["nested_modules"], serde_json::json!(["./tools"]));
    // As the only candidate below a path, it is chosen, and named as empty.
    let project = Project::empty()
        .file("app/go.mod", "")
        .file("app/main.go", MAIN);
    let run = project.godock_writes_nothing(&["scan"]).code(2);
    assert!(
        run.stderr
            .starts_with("error: ./app/go.mod: no module directive"),
        "{}",
        run.stderr
    );
}

#[test]
fn go_work_errors_name_the_file_and_line() {
    let project = Project::example("workspace").file("go.work", "go 1.23\n\nuse (\n\t./api\n");
    let run = project.godock_writes_nothing(&["init", "--yes"]).code(2);
    insta::assert_snapshot!(run.stderr, @"error: ./go.work:3: the use block opened here is never closed with `)`");
    let project =
        Project::example("workspace").file("go.work", "go 1.23\nuse ./api\nuse ./missing\n");
    let run = project.godock_writes_nothing(&["init", "--yes"]).code(2);
    assert!(
        run.stderr
            .starts_with("error: ./go.work:3: use ./missing: ./missing has no go.mod"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_layout_examples_pass_hadolint() {
    let Some(hadolint) = required_tool("hadolint", "hadolint") else {
        return;
    };
    let home = tempfile::tempdir().expect("a temporary directory");
    for example in EXAMPLES {
        for flags in [
            &["--no-syntax"][..],
            &["--preset", "scratch"],
            &["--preset", "debug"],
        ] {
            let project = Project::example(example);
            let mut arguments = vec!["init", "--yes"];
            arguments.extend_from_slice(flags);
            project.godock(&arguments).success();
            if let Err(failure) = crate::hadolint::passes_hadolint(&hadolint, home.path(), &project)
            {
                panic!("{example} ({}): {failure}", flags.join(" "));
            }
        }
    }
}

/// Builds each layout example as `godock init --yes --no-syntax` writes it,
/// from the context the plan names, and runs every binary's selftest on a
/// read-only root file system without a network.
#[test]
fn the_layout_examples_build_and_run_in_docker() {
    if !docker_usable() {
        return;
    }
    let images = Images::default();
    let mut failures = Vec::new();
    // Each example from its root, and from inside a module in a git
    // repository, where the context lies above the path godock was given.
    let cases = [
        ("workspace", "."),
        ("monorepo", "."),
        ("workspace", "api"),
        ("monorepo", "services/api"),
    ];
    for (example, path) in cases {
        let project = Project::example(example).file(".git/HEAD", "ref: refs/heads/main\n");
        project
            .godock(&["init", "--yes", "--no-syntax", path])
            .success();
        let plan = json(&project.godock(&["plan", "--json", path]).success());
        let context = project
            .path()
            .join(path)
            .join(plan["context"].as_str().unwrap());
        assert!(
            context.join("Dockerfile").is_file(),
            "{example} ({path}): no Dockerfile in the context {}",
            plan["context"]
        );
        let label = if path == "." {
            example.to_string()
        } else {
            format!("{example}-{}", path.replace('/', "-"))
        };
        for binary in plan["binaries"].as_array().unwrap() {
            let name = binary["name"].as_str().unwrap();
            let image = format!("godock-test-ws-{label}-{name}-{}", run_id());
            images.add(&image);
            if let Err(log) = build(&["--target", name, "-t", &image], &context) {
                failures.push(format!(
                    "{label}: `docker build --target {name}` {log}\n--- Dockerfile\n{}",
                    std::fs::read_to_string(context.join("Dockerfile")).unwrap_or_default()
                ));
                continue;
            }
            let (status, stdout, stderr) = run_image(&image, "selftest");
            let expected = format!("{name} ok\n");
            if !status.success() || stdout != expected {
                failures.push(format!(
                    "{label}: `docker run {image} selftest` {}, stdout {stdout:?} (expected {expected:?})\n{stderr}",
                    exit(status)
                ));
            }
            eprintln!("docker tier: {label}/{name}: built and ran");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn init_run_inside_the_module_writes_in_the_context_above_it() {
    let project = Project::example("monorepo").file(".git/HEAD", "ref: refs/heads/main\n");
    project
        .godock_in("services/api", &["init", "--yes"])
        .success()
        .says("hint: build the image with `docker build -t api ../..`");
    assert!(project.exists("Dockerfile") && project.exists("godock.lock"));
    assert!(!project.exists("services/api/Dockerfile"));
    assert!(!project.exists("services/api/godock.lock"));
}

#[test]
fn a_preset_file_given_from_the_module_is_recorded_relative_to_godock_toml_above() {
    let project = Project::example("monorepo")
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file(
            "presets/mine.toml",
            &std::fs::read_to_string(crate::common::repository().join("presets/scratch.toml"))
                .unwrap(),
        );
    project
        .godock_in(
            "services/api",
            &["init", "--yes", "--preset", "../../presets/mine.toml"],
        )
        .success();
    let config = project.read("godock.toml");
    assert!(
        config.contains("\npreset = \"presets/mine.toml\"\n"),
        "{config}"
    );
    // So that it is found from the context and from the module alike.
    project.godock_writes_nothing(&["check"]).success();
    project
        .godock_writes_nothing(&["check", "services/api"])
        .success();
}

#[test]
fn a_godock_toml_left_in_the_module_is_read_with_a_warning_that_it_belongs_above() {
    let project = Project::example("monorepo").file(".git/HEAD", "ref: refs/heads/main\n");
    project.godock(&["init", "--yes", "services/api"]).success();
    project.write("services/api/godock.toml", "preset = \"alpine\"\n");
    let run = project
        .godock_writes_nothing(&["plan", "services/api"])
        .success();
    run.says("warning: services/api/godock.toml is read, but this module's files (godock.toml too) are written in ., its build context");
    assert!(
        run.stdout.contains("godock: preset alpine"),
        "{}",
        run.stdout
    );
}

#[test]
fn cgo_in_a_workspace_member_library_puts_the_program_on_the_cgo_builder() {
    let project = Project::empty()
        .file("go.work", "go 1.23\n\nuse (\n\t./api\n\t./lib\n)\n")
        .file("api/go.mod", "module example.com/api\n\ngo 1.23\n")
        .file(
            "api/main.go",
            "package main\n\nimport _ \"example.com/lib/zip\"\n\nfunc main() {}\n",
        )
        .file("lib/go.mod", "module example.com/lib\n\ngo 1.23\n")
        .file(
            "lib/zip/zip.go",
            "package zip\n\n// #cgo LDFLAGS: -lz\n// #include <zlib.h>\nimport \"C\"\n",
        );
    let facts = json(&project.godock(&["scan", "--json"]).success());
    assert_eq!(facts["cgo_mains"], serde_json::json!(["./api"]));
    assert_eq!(facts["cgo_requires"][0]["kind"], "own_file");
    assert_eq!(facts["cgo_requires"][0]["file"], "lib/zip/zip.go");
    assert_eq!(facts["runtime_needs"]["unseen"], serde_json::json!([]));
    let plan = json(&project.godock(&["plan", "--json"]).success());
    assert_eq!(plan["preset"]["name"], "distroless-cgo", "{plan:#}");
}

#[test]
fn a_replace_targets_embedded_files_stay_in_the_build_context() {
    // The target embeds a Markdown file, which .dockerignore excludes
    // everywhere else; its main package is no binary of ours.
    let project = Project::empty()
        .file(
            "go.mod",
            "module example.com/app\n\ngo 1.23\n\nrequire example.com/pages v0.0.0\n\nreplace example.com/pages => ./third_party/pages\n",
        )
        .file(
            "main.go",
            "package main\n\nimport _ \"example.com/pages\"\n\nfunc main() {}\n",
        )
        .file("third_party/pages/go.mod", "module example.com/pages\n\ngo 1.23\n")
        .file(
            "third_party/pages/pages.go",
            "package pages\n\nimport _ \"embed\"\n\n//go:embed docs/index.md\nvar Index string\n",
        )
        .file("third_party/pages/docs/index.md", "# Hello\n")
        .file("third_party/pages/cmd/preview/main.go", MAIN);
    let facts = json(&project.godock(&["scan", "--json"]).success());
    assert_eq!(facts["main_packages"], serde_json::json!(["."]));
    assert_eq!(facts["runtime_needs"]["unseen"], serde_json::json!([]));
    project
        .godock(&["init", "--yes", "--preset", "scratch"])
        .success();
    let dockerignore = project.read(".dockerignore");
    let excluded = dockerignore
        .find("\n**/*.md\n")
        .expect("Markdown is excluded");
    let kept = dockerignore
        .find("\n!third_party/pages\n")
        .unwrap_or_else(|| panic!("the replace target is kept:\n{dockerignore}"));
    assert!(excluded < kept, "{dockerignore}");
    // Read, and without TLS: scratch copies no CA certificates.
    let dockerfile = project.read("Dockerfile");
    assert!(!dockerfile.contains("ca-certificates.crt"), "{dockerfile}");
}

/// A replace target's `//go:embed` file, which .dockerignore excludes
/// everywhere else (`**/*.md`), reaches the builder, and the program built
/// from it runs on scratch.
#[test]
fn a_replace_targets_embedded_file_builds_in_docker() {
    if !docker_usable() {
        return;
    }
    let project = Project::empty()
        .file(
            "go.mod",
            "module example.com/app\n\ngo 1.23\n\nrequire example.com/pages v0.0.0\n\nreplace example.com/pages => ./third_party/pages\n",
        )
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/pages\"\n)\n\nfunc main() { fmt.Print(pages.Index) }\n",
        )
        .file("third_party/pages/go.mod", "module example.com/pages\n\ngo 1.23\n")
        .file(
            "third_party/pages/pages.go",
            "package pages\n\nimport _ \"embed\"\n\n//go:embed docs/index.md\nvar Index string\n",
        )
        .file("third_party/pages/docs/index.md", "# embedded\n");
    project
        .godock(&["init", "--yes", "--no-syntax", "--preset", "scratch"])
        .success();
    let images = Images::default();
    let image = format!("godock-test-ws-replace-embed-{}", run_id());
    images.add(&image);
    if let Err(log) = build(&["-t", &image], project.path()) {
        panic!(
            "`docker build` {log}\n--- Dockerfile\n{}",
            project.read("Dockerfile")
        );
    }
    let (status, stdout, stderr) = run_image(&image, "selftest");
    assert!(status.success(), "{} {stderr}", exit(status));
    assert_eq!(stdout, "# embedded\n");
}
