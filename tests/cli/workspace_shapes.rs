//! Workspaces of the shapes real ones take, with a module from the Go module
//! proxy (`github.com/google/uuid`): a member without go.sum, a go.work.sum
//! holding sums no member's go.sum has, and `replace` lines in go.work (by
//! another version, and by a directory that is not a member). For each, the
//! download step mounts exactly the files that decide the modules (the CLI
//! test), and in the Docker tier the images build with the modules
//! downloaded by that step alone: the compile stages run with `GOPROXY=off`,
//! on a module cache of the test's own (the engine's shared one may hold the
//! modules from another build), on a builder base of its own whose build
//! cache records go when the test ends ([`OwnBuilder`]).
use crate::common::Project;
use crate::docker::{build, docker_usable, run_id, run_image, Images};
use crate::own_builder::OwnBuilder;

const UUID_V1_6_0: &str =
    "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n\
github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n";
const UUID_V1_5_0: &str =
    "github.com/google/uuid v1.5.0 h1:1p67kYwdtXjb0gL0BPiP1Av9wiZPo5A8z2cWkTZ+eyU=\n\
github.com/google/uuid v1.5.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n";
const UUID_V1_4_0: &str =
    "github.com/google/uuid v1.4.0 h1:MtMxsa51/r9yyhkyLsVeVt0B+BGQZzpQiTQ4eHZ8bc4=\n\
github.com/google/uuid v1.4.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n";

/// A program of the workspace that prints `<name> ok` for `selftest`, using
/// the workspace's library and the packages `imports` name (each with the
/// expression that uses it).
fn program(name: &str, imports: &[(&str, &str)]) -> String {
    let mut source = String::from(
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/workspace/lib\"\n",
    );
    for (import, _) in imports {
        source.push_str(&format!("\t{import:?}\n"));
    }
    source.push_str(")\n\nfunc main() {\n");
    for (_, used) in imports {
        source.push_str(&format!("\t_ = {used}\n"));
    }
    source.push_str(&format!(
        "\tif len(os.Args) > 1 && os.Args[1] == \"selftest\" {{\n\t\tfmt.Println(\"{name} ok\")\n\t\treturn\n\t}}\n\tfmt.Println(lib.Greeting(\"{name}\"))\n}}\n"
    ));
    source
}

fn go_mod(module: &str, requires: &[&str]) -> String {
    let mut text = format!("module {module}\n\ngo 1.23\n");
    if !requires.is_empty() {
        text.push_str("\nrequire (\n");
        for require in requires {
            text.push_str(&format!("\t{require}\n"));
        }
        text.push_str(")\n");
    }
    text
}

const LIB: &str = "// Package lib is what both programs use.\npackage lib\n\n// Greeting greets who.\nfunc Greeting(who string) string { return \"hello, \" + who }\n";
const GO_WORK: &str = "go 1.23\n\nuse (\n\t./api\n\t./lib\n\t./worker\n)\n";

/// A shape: its name, the project, and the files the download step must
/// mount, in order.
struct Shape {
    name: &'static str,
    project: Project,
    mounts: &'static [&'static str],
    /// The binaries that use a module from the proxy, built in the Docker tier.
    uses_modules: &'static [&'static str],
}

fn shapes() -> Vec<Shape> {
    let uuid = [("github.com/google/uuid", "uuid.NewString()")];
    let base = || {
        Project::empty()
            .file("lib/go.mod", &go_mod("example.com/workspace/lib", &[]))
            .file("lib/lib.go", LIB)
            .file(
                "worker/go.mod",
                &go_mod("example.com/workspace/worker", &[]),
            )
            .file("worker/cmd/worker/main.go", &program("worker", &[]))
    };
    // api has a go.sum; lib and worker, which require nothing, have none.
    let without_go_sum = base()
        .file("go.work", GO_WORK)
        .file(
            "api/go.mod",
            &go_mod(
                "example.com/workspace/api",
                &["github.com/google/uuid v1.6.0"],
            ),
        )
        .file("api/go.sum", UUID_V1_6_0)
        .file("api/main.go", &program("api", &uuid));
    // api requires uuid v1.5.0, worker v1.6.0 with no go.sum: the workspace
    // builds v1.6.0, whose sums only go.work.sum holds (as Go wrote it).
    let go_work_sum = base()
        .file("go.work", GO_WORK)
        .file("go.work.sum", UUID_V1_6_0)
        .file(
            "api/go.mod",
            &go_mod(
                "example.com/workspace/api",
                &["github.com/google/uuid v1.5.0"],
            ),
        )
        .file("api/go.sum", UUID_V1_5_0)
        .file("api/main.go", &program("api", &uuid))
        .file(
            "worker/go.mod",
            &go_mod(
                "example.com/workspace/worker",
                &["github.com/google/uuid v1.6.0"],
            ),
        )
        .file("worker/cmd/worker/main.go", &program("worker", &uuid));
    // go.work replaces uuid by another version and a module nobody
    // publishes by a directory that is not a member.
    let replace = base()
        .file(
            "go.work",
            &format!(
                "{GO_WORK}\nreplace (\n\tgithub.com/google/uuid v1.6.0 => github.com/google/uuid v1.4.0\n\texample.com/greet v1.0.0 => ./third_party/greet\n)\n"
            ),
        )
        .file("go.work.sum", UUID_V1_4_0)
        .file(
            "api/go.mod",
            &go_mod(
                "example.com/workspace/api",
                &["example.com/greet v1.0.0", "github.com/google/uuid v1.6.0"],
            ),
        )
        .file("api/go.sum", UUID_V1_6_0)
        .file(
            "api/main.go",
            &program("api", &[("example.com/greet", "greet.Name"), uuid[0]]),
        )
        .file("third_party/greet/go.mod", &go_mod("example.com/greet", &[]))
        .file(
            "third_party/greet/greet.go",
            "// Package greet is a fork kept beside the workspace.\npackage greet\n\n// Name is who is greeted.\nconst Name = \"fork\"\n",
        );
    vec![
        Shape {
            name: "without-go-sum",
            project: without_go_sum,
            mounts: &[
                "go.work",
                "api/go.mod",
                "api/go.sum",
                "lib/go.mod",
                "worker/go.mod",
            ],
            uses_modules: &["api"],
        },
        Shape {
            name: "go-work-sum",
            project: go_work_sum,
            mounts: &[
                "go.work",
                "go.work.sum",
                "api/go.mod",
                "api/go.sum",
                "lib/go.mod",
                "worker/go.mod",
            ],
            uses_modules: &["api", "worker"],
        },
        Shape {
            name: "replace",
            project: replace,
            mounts: &[
                "go.work",
                "go.work.sum",
                "api/go.mod",
                "api/go.sum",
                "lib/go.mod",
                "worker/go.mod",
                "third_party/greet/go.mod",
            ],
            uses_modules: &["api"],
        },
    ]
}

/// The files the download step mounts, in order.
fn download_mounts(dockerfile: &str) -> Vec<String> {
    let step = dockerfile
        .split("\n\n")
        .find(|block| block.contains("go mod download"))
        .unwrap_or_else(|| panic!("no download step:\n{dockerfile}"));
    step.lines()
        .filter_map(|line| line.trim().strip_prefix("--mount=type=bind,source="))
        .map(|rest| rest.split(',').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn each_workspace_shape_downloads_with_the_files_that_decide_its_modules() {
    for shape in shapes() {
        shape
            .project
            .godock(&["init", "--yes", "--no-syntax"])
            .success();
        let dockerfile = shape.project.read("Dockerfile");
        assert_eq!(
            download_mounts(&dockerfile),
            shape.mounts,
            "{}:\n{dockerfile}",
            shape.name
        );
        assert!(
            dockerfile.contains("    go mod download\n"),
            "{}: the whole workspace downloads:\n{dockerfile}",
            shape.name
        );
        let ignore = shape.project.read(".dockerignore");
        for mount in shape.mounts {
            assert!(
                !ignore.lines().any(|line| line == *mount),
                "{}: .dockerignore leaves out {mount}",
                shape.name
            );
        }
    }
}

/// `dockerfile` with `GOPROXY=off` in every compile stage: what those stages
/// need and the download step did not fetch fails to build.
pub(crate) fn offline_compile(dockerfile: &str) -> String {
    let mut offline = String::new();
    for line in dockerfile.lines() {
        offline.push_str(line);
        offline.push('\n');
        if line.starts_with("FROM build AS compile-") {
            offline.push_str("ENV GOPROXY=off\n");
        }
    }
    offline
}

#[test]
fn each_workspace_shape_builds_with_modules_from_the_download_step_alone_in_docker() {
    if !docker_usable() {
        return;
    }
    let images = Images::default();
    let mut failures = Vec::new();
    // One base and one Go build cache for the three shapes (one cold
    // compile of the standard library, not three), a module cache each.
    // The builders stay until the end: each prunes every record of the
    // base's marker when dropped.
    let nonce = format!("ws-{}", run_id());
    let mut builders = Vec::new();
    for shape in shapes() {
        shape
            .project
            .godock(&["init", "--yes", "--no-syntax"])
            .success();
        let mut dockerfile = offline_compile(&shape.project.read("Dockerfile"));
        for (target, id) in [
            ("/go/pkg/mod", format!("{nonce}-{}-modules", shape.name)),
            ("/root/.cache/go-build", format!("{nonce}-go-build")),
        ] {
            let mount = format!("--mount=type=cache,target={target}");
            assert!(dockerfile.contains(&mount), "{}: no {mount}", shape.name);
            dockerfile = dockerfile.replace(
                &mount,
                &format!("--mount=type=cache,id=godock-test-{id},target={target}"),
            );
        }
        let base = format!("godock-test-{nonce}-base");
        let (builder, dockerfile) = OwnBuilder::derive(&dockerfile, &base, &nonce, &images)
            .unwrap_or_else(|problem| panic!("{problem}"));
        builders.push(builder);
        shape.project.write("Dockerfile", &dockerfile);
        for binary in shape.uses_modules {
            let image = format!("godock-test-{nonce}-{}-{binary}", shape.name);
            images.add(&image);
            if let Err(log) = build(&["--target", binary, "-t", &image], shape.project.path()) {
                failures.push(format!(
                    "{}: {binary} did not build with GOPROXY=off in its compile stage\n{log}",
                    shape.name
                ));
                continue;
            }
            let (status, stdout, stderr) = run_image(&image, "selftest");
            if !status.success() || stdout != format!("{binary} ok\n") {
                failures.push(format!(
                    "{}: {image} selftest: {status:?} {stdout:?} {stderr}",
                    shape.name
                ));
            }
        }
    }
    drop(builders);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
