//! What godock's .dockerignore sends to the Docker daemon, read back from a
//! real build: the context is exported as it arrives (`FROM scratch`,
//! `COPY . /`, `--output type=local`), so Docker's own matcher decides.
//! Secrets stay out everywhere, also below a directory the build keeps
//! (`//go:embed static` re-includes `static`, and `static/.env` must stay
//! out), while what the build needs gets in.
use std::path::Path;

use crate::common::Project;
use crate::docker::{docker, docker_usable};

/// Files of a project a careless repository holds, and whether each must
/// reach the build context.
const FILES: [(&str, bool); 17] = [
    ("go.mod", true),
    ("main.go", true),
    ("static/index.html", true),
    ("static/.env", false),
    ("static/tls.key", false),
    ("static/server.pem", false),
    (".env", false),
    (".env.production", false),
    (".ssh/id_ed25519", false),
    ("home/.ssh/config", false),
    (".aws/credentials", false),
    ("deploy/kubeconfig", false),
    ("config/gcp-credentials.json", false),
    ("infra/terraform.tfstate", false),
    (".netrc", false),
    (".pgpass", false),
    (".godock-0123456789abcdef.tmp", false),
];

const MAIN: &str = "package main\n\nimport \"embed\"\n\n//go:embed static\nvar static embed.FS\n\nfunc main() { _ = static }\n";

#[test]
fn secrets_stay_out_of_the_context_even_below_what_the_build_keeps() {
    if !docker_usable() {
        return;
    }
    let project = Project::empty();
    for (path, _) in FILES {
        project.write(path, "x\n");
    }
    project.write("go.mod", "module example.com/secrets\n\ngo 1.26\n");
    project.write("main.go", MAIN);
    project.godock(&["init", "--yes", "--no-syntax"]).success();
    // The listing's Dockerfile lies outside the context: the context's own
    // .dockerignore applies.
    let outside = tempfile::tempdir().unwrap();
    let dockerfile = outside.path().join("Listing.Dockerfile");
    std::fs::write(&dockerfile, "FROM scratch\nCOPY . /\n").unwrap();
    let exported = outside.path().join("context");
    let (status, stdout, stderr) = docker(
        &[
            "build",
            "--network=host",
            "--progress=plain",
            "-f",
            &dockerfile.display().to_string(),
            "--output",
            &format!("type=local,dest={}", exported.display()),
            ".",
        ],
        project.path(),
    );
    assert!(status.success(), "{stdout}{stderr}");
    let sent = |path: &str| std::fs::symlink_metadata(exported.join(path)).is_ok();
    let wrong: Vec<String> = FILES
        .iter()
        .filter(|(path, wanted)| sent(path) != *wanted)
        .map(|(path, wanted)| format!("{path}: {}", if *wanted { "missing" } else { "sent" }))
        .collect();
    assert!(
        wrong.is_empty(),
        "{wrong:?}\n.dockerignore:\n{}",
        project.read(".dockerignore")
    );
    assert!(!Path::new(&exported.join("godock.lock")).exists());
}
