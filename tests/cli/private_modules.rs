//! The Docker tier for private modules: a project requiring a module that
//! only the test's module proxy serves, behind HTTP basic auth over TLS
//! (`crate::modproxy`), builds with godock's Dockerfile when the `.netrc`
//! comes as a build secret, fails saying so without it, and leaves no trace
//! of the password in any layer of the image or of the builder stage, nor in
//! their history.
//!
//! What the test changes in the generated Dockerfile, and why: its
//! `FROM golang:…` names a golang image derived to trust the proxy's CA
//! (then a base of the test's own, `crate::own_builder`, so that its build
//! cache records are pruned afterwards), and its cache mounts get ids of
//! their own, so that no module cache of another build or run already holds
//! the private module (which would make the build pass without credentials).
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::common::{required_tool, Project};
use crate::docker::{docker, docker_usable, exit, run_id, run_image, Images};
use crate::modproxy::{golang_trusting, private_module, ModuleProxy};
use crate::own_builder::OwnBuilder;

const APP: &str =
    "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.test/private\"\n)\n\n\
func main() {\n\tif len(os.Args) == 2 && os.Args[1] == \"selftest\" {\n\
\t\tif private.Greeting != \"hello from the private proxy\" {\n\t\t\tos.Exit(1)\n\t\t}\n\
\t\tfmt.Println(\"app ok\")\n\t\treturn\n\t}\n\tfmt.Println(private.Greeting)\n}\n";

/// The go.sum lines of `example.test/private@v1.0.0`, from a download on the
/// host through `proxy`.
fn go_sum(go: &Path, proxy: &ModuleProxy) -> String {
    let home = tempfile::tempdir().expect("a temporary directory");
    let netrc = proxy.write_netrc();
    let output = Command::new(go)
        .args(["mod", "download", "-json", "example.test/private@v1.0.0"])
        .current_dir(home.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("NETRC", &netrc)
        .env("SSL_CERT_FILE", proxy.ca())
        .env("GOPROXY", proxy.url())
        .env("GONOSUMDB", "example.test")
        .env("GOTOOLCHAIN", "local")
        .env("GOMODCACHE", home.path().join("modules"))
        .env("GOCACHE", home.path().join("cache"))
        .env("GOFLAGS", "-modcacherw")
        .output()
        .expect("go runs");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "go mod download on the host: {error}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    format!(
        "example.test/private v1.0.0 {}\nexample.test/private v1.0.0/go.mod {}\n",
        json["Sum"].as_str().expect("Sum"),
        json["GoModSum"].as_str().expect("GoModSum")
    )
}

/// Whether `needle` occurs anywhere in `docker save IMAGE` (whose layers
/// are uncompressed tar files) or in `docker history --no-trunc IMAGE`;
/// what was searched, for the message.
fn traces(image: &str, needle: &str) -> (Vec<String>, String) {
    let saved = tempfile::NamedTempFile::new().expect("a temporary file");
    let path = saved.path().to_string_lossy().into_owned();
    let (status, _, stderr) = docker(&["save", "-o", &path, image], Path::new("."));
    assert!(
        status.success(),
        "docker save {image}: {}\n{stderr}",
        exit(status)
    );
    let bytes = std::fs::read(saved.path()).expect("reading the saved image");
    let mut found = Vec::new();
    if bytes
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
    {
        found.push(format!("a layer or the configuration of {image}"));
    }
    let (status, history, stderr) = docker(
        &["history", "--no-trunc", "--format", "{{.CreatedBy}}", image],
        Path::new("."),
    );
    assert!(
        status.success(),
        "docker history {image}: {}\n{stderr}",
        exit(status)
    );
    if history.contains(needle) {
        found.push(format!("the history of {image}"));
    }
    let layers = history.lines().count();
    (
        found,
        format!("{} bytes saved, {layers} history entries", bytes.len()),
    )
}

#[test]
fn a_private_module_downloads_with_the_netrc_secret_and_leaves_no_trace() {
    let Some(go) = required_tool("go", "module proxy") else {
        return;
    };
    if !docker_usable() {
        return;
    }
    let module = private_module();
    let proxy = ModuleProxy::start(&go, &[("example.test/private", "v1.0.0", module.path())])
        .unwrap_or_else(|problem| panic!("{problem}"));
    let project = Project::empty()
        .file(
            "go.mod",
            "module example.test/app\n\ngo 1.23\n\nrequire example.test/private v1.0.0\n",
        )
        .file("go.sum", &go_sum(&go, &proxy))
        .file("main.go", APP);
    project
        .godock(&["init", "--yes", "--no-syntax", "--private", "example.test"])
        .success();
    let dockerfile = project.read("Dockerfile");
    let secret = "--mount=type=secret,id=netrc,target=/root/.netrc,required=false";
    assert!(dockerfile.contains(secret), "{dockerfile}");
    assert!(
        project
            .read("Makefile")
            .contains("--secret id=netrc$(comma)src=$(NETRC)"),
        "{}",
        project.read("Makefile")
    );

    let images = Images::default();
    let nonce = format!(
        "{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default()
    );
    let trusting = format!("golang:godock-test-private-{}", run_id());
    golang_trusting(&proxy.ca(), "golang:1.23-trixie", &trusting, &images)
        .unwrap_or_else(|problem| panic!("{problem}"));
    let mut isolated = dockerfile.replace("golang:${GO_VERSION}-trixie", &trusting);
    for (cache, target) in [
        ("modules", "/go/pkg/mod"),
        ("go-build", "/root/.cache/go-build"),
    ] {
        isolated = isolated.replace(
            &format!("--mount=type=cache,target={target}"),
            &format!("--mount=type=cache,id=godock-test-private-{cache}-{nonce},target={target}"),
        );
    }
    let (_builder, isolated) = OwnBuilder::derive(
        &isolated,
        &format!("godock-test-private-base-{}", run_id()),
        &nonce,
        &images,
    )
    .unwrap_or_else(|problem| panic!("{problem}"));
    project.write("Dockerfile", &isolated);

    let image = format!("godock-test-private-{}", run_id());
    let builder_image = format!("{image}-builder");
    let goproxy = format!("GOPROXY={}", proxy.url());
    let netrc = proxy.write_netrc();
    let secret = format!("id=netrc,src={}", netrc.display());
    let build = |extra: &[&str], tag: &str| {
        let mut arguments = vec![
            "build",
            "--network=host",
            "--progress=plain",
            "--build-arg",
            &goproxy,
            // The proxy serves the private module: a corporate proxy's setup.
            "--build-arg",
            "GONOPROXY=none",
            "-t",
            tag,
        ];
        arguments.extend_from_slice(extra);
        arguments.push(".");
        let (status, stdout, stderr) = docker(&arguments, project.path());
        (
            status.success(),
            format!("{}\n{stdout}{stderr}", exit(status)),
        )
    };

    // Without the secret first: a build with it would leave the download
    // step in the build cache, whose key does not include the secret.
    images.add(&image);
    let (ok, log) = build(&[], &image);
    assert!(!ok, "the build succeeded without the .netrc secret:\n{log}");
    assert!(log.contains("401 Unauthorized"), "{log}");
    assert!(
        log.contains("godock: no .netrc for the private modules"),
        "the failed download does not say what is missing:\n{log}"
    );

    let (ok, log) = build(&["--secret", &secret], &image);
    assert!(
        ok,
        "the build with the .netrc secret failed:\n{log}\n{:#?}",
        proxy.requests()
    );
    assert!(
        proxy
            .requests()
            .iter()
            .any(|line| line.contains("v1.0.0.zip 200 credentials=right")),
        "{:#?}",
        proxy.requests()
    );
    let (status, stdout, stderr) = run_image(&image, "selftest");
    assert!(
        status.success() && stdout == "app ok\n",
        "{image} selftest: {}, {stdout:?} {stderr}",
        exit(status)
    );

    images.add(&builder_image);
    let (ok, log) = build(
        &["--secret", &secret, "--target", "compile-app"],
        &builder_image,
    );
    assert!(ok, "the builder stage with the secret failed:\n{log}");

    let mut found = Vec::new();
    let mut searched = Vec::new();
    for searched_image in [&image, &builder_image] {
        let (traces, what) = traces(searched_image, proxy.password());
        found.extend(traces);
        searched.push(format!("{searched_image}: {what}"));
    }
    eprintln!(
        "private modules: built without the secret: failed (401); with it: ok; searched {}",
        searched.join("; ")
    );
    assert!(
        found.is_empty(),
        "the .netrc password is in {}",
        found.join(", ")
    );
}
