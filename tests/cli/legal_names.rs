//! The Docker tier for names a shell would trip on but Go accepts: a
//! checkout directory with a quote, a space, `$` and a non-ASCII letter, a
//! main package in `cmd/a+b` and one in `cmd/9lives` (neither is a valid
//! Docker stage name as it stands), and an embedded directory and file
//! with spaces, `$` and `é`. godock's files must build both binaries with
//! a real `docker build`, and each image must run and print what it holds.
use std::path::Path;

use crate::common::Project;
use crate::docker::{build, docker, docker_usable, run_id, Images};

const LIBRARY: &str = r#"package hello

import "embed"

//go:embed "static files"
var files embed.FS

func Greeting() string {
	b, err := files.ReadFile("static files/a $b é.txt")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
"#;

const PLUS: &str = "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/names/hello\"\n)\n\nfunc main() { fmt.Println(hello.Greeting()) }\n";

const DIGIT: &str = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"9lives\") }\n";

#[test]
fn hostile_but_legal_names_build_and_run() {
    if !docker_usable() {
        return;
    }
    let scratch = Project::empty();
    let checkout = "it's a $HOME é repo";
    for (path, content) in [
        ("go.mod", "module example.com/names\n\ngo 1.23\n"),
        ("hello/h.go", LIBRARY),
        ("hello/static files/a $b é.txt", "hi from a $b é"),
        ("cmd/a+b/main.go", PLUS),
        ("cmd/9lives/main.go", DIGIT),
    ] {
        scratch.write(&format!("{checkout}/{path}"), content);
    }
    let repository = scratch.path().join(checkout);
    let output = scratch
        .command(&["init", "--yes", "--no-syntax"])
        .current_dir(&repository)
        .output()
        .unwrap();
    scratch.run_of(&output).success();
    let images = Images::default();
    let mut problems = Vec::new();
    for (stage, expected) in [("a-b", "hi from a $b é"), ("app-9lives", "9lives")] {
        let image = format!("godock-test-issue10-names-{stage}-{}", run_id());
        images.add(&image);
        if let Err(log) = build(&["--target", stage, "-t", &image], &repository) {
            problems.push(format!("building stage {stage} failed:\n{log}"));
            continue;
        }
        let (status, stdout, stderr) = docker(
            &["run", "--rm", "--read-only", "--network=none", &image],
            Path::new("."),
        );
        if !status.success() || stdout.trim_end() != expected {
            problems.push(format!(
                "{stage}: {status}, stdout {stdout:?}, stderr {stderr:?}, expected {expected:?}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nDockerfile:\n{}",
        problems.join("\n"),
        std::fs::read_to_string(repository.join("Dockerfile")).unwrap_or_default()
    );
}
