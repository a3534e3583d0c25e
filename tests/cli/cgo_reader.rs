//! Who decides cgo in dependencies: `go list -deps`, when a go command on
//! PATH can answer offline, over godock's own reading, which answers when it
//! cannot (no go on PATH, modules missing from the module cache) and says so.
//! godock runs the go command so that it fetches nothing and changes nothing.
use std::os::unix::fs::PermissionsExt;

use crate::common::{required_tool, Project};

/// A PATH with the usual tools and no go command.
const PATH_WITHOUT_GO: &str = "/usr/bin:/bin";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("godock prints JSON")
}

/// A module whose one dependency is vendored: a package with a pure-Go file
/// and a cgo file, each behind a release tag (`go1.99`) no Go release has
/// reached. godock's own reading holds every release tag satisfied (it does
/// not know the builder's release), so it counts the cgo file; the go
/// command knows its own release and builds the pure file.
fn vendored_release_tagged() -> Project {
    Project::empty()
        .file(
            "go.mod",
            "module example.com/tagged\n\ngo 1.22\n\nrequire example.com/cdep v1.0.0\n",
        )
        .file(
            "vendor/modules.txt",
            "# example.com/cdep v1.0.0\n## explicit; go 1.22\nexample.com/cdep\n",
        )
        .file(
            "vendor/example.com/cdep/cdep.go",
            "package cdep\n\n// Name says which build this is.\nfunc Name() string { return name }\n",
        )
        .file(
            "vendor/example.com/cdep/pure.go",
            "//go:build !go1.99\n\npackage cdep\n\nconst name = \"pure\"\n",
        )
        .file(
            "vendor/example.com/cdep/withc.go",
            "//go:build go1.99\n\npackage cdep\n\n// #include <stdlib.h>\nimport \"C\"\n\nconst name = \"cgo\"\n",
        )
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/cdep\"\n)\n\nfunc main() { fmt.Println(cdep.Name()) }\n",
        )
}

#[test]
fn go_list_answers_over_godocks_reading_of_vendored_code() {
    if required_tool("go", "go list").is_none() {
        return;
    }
    let project = vendored_release_tagged();
    let before = project.listing();

    let facts = json(&project.godock(&["scan", "--json"]).success().stdout);
    assert_eq!(facts["cgo_reader"]["reader"], "go_list", "{facts:#}");
    let detail = facts["cgo_reader"]["detail"].as_str().unwrap();
    for said in ["GOFLAGS=-mod=vendor", "GOPROXY=off", "GOTOOLCHAIN=local"] {
        assert!(detail.contains(said), "{detail}");
    }
    assert_eq!(facts["cgo_mains"], serde_json::json!([]), "{facts:#}");
    assert_eq!(facts["cgo_requires"], serde_json::json!([]), "{facts:#}");
    let plan = json(&project.godock(&["plan", "--json"]).success().stdout);
    assert_eq!(plan["cgo"], false);
    assert_eq!(plan["preset"]["name"], "distroless");

    // Without a go command, godock's own reading decides: the cgo file.
    let facts = json(
        &project
            .godock_with(&[("PATH", PATH_WITHOUT_GO)], &["scan", "--json"])
            .success()
            .stdout,
    );
    assert_eq!(facts["cgo_reader"]["reader"], "godock", "{facts:#}");
    assert_eq!(facts["cgo_reader"]["detail"], "no `go` command on PATH");
    assert_eq!(facts["cgo_mains"], serde_json::json!(["."]));
    assert_eq!(facts["cgo_requires"][0]["kind"], "vendored_package");
    assert_eq!(
        facts["cgo_requires"][0]["file"],
        "vendor/example.com/cdep/withc.go"
    );
    // Vendored code is all there to read: nothing to warn about.
    assert_eq!(facts["warnings"], serde_json::json!([]), "{facts:#}");
    let plan = json(
        &project
            .godock_with(&[("PATH", PATH_WITHOUT_GO)], &["plan", "--json"])
            .success()
            .stdout,
    );
    assert_eq!(plan["cgo"], true);
    assert_eq!(plan["preset"]["name"], "distroless-cgo");

    assert!(
        project.listing() == before,
        "scan and plan changed the project"
    );
}

/// A module that requires a module data/cgo.toml knows links libpcap, and
/// imports a package of another module that is not vendored: godock cannot
/// read it, and the empty module cache of the tests does not hold it.
fn unread_dependency() -> Project {
    Project::empty()
        .file(
            "go.mod",
            "module example.com/dep\n\ngo 1.22\n\nrequire (\n\tgithub.com/google/gopacket v1.1.19\n\texample.com/other v1.0.0\n)\n",
        )
        .file(
            "go.sum",
            "example.com/other v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nexample.com/other v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        )
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/other\"\n)\n\nfunc main() { fmt.Println(other.X) }\n",
        )
}

#[test]
fn without_go_on_path_godock_reads_alone_and_warns() {
    let project = unread_dependency();
    let facts = json(
        &project
            .godock_with(&[("PATH", PATH_WITHOUT_GO)], &["scan", "--json"])
            .success()
            .stdout,
    );
    assert_eq!(facts["cgo_reader"]["reader"], "godock");
    assert_eq!(facts["cgo_reader"]["detail"], "no `go` command on PATH");
    assert_eq!(
        facts["warnings"],
        serde_json::json!(["cgo: `go list` could not answer (no `go` command on PATH), so godock judged cgo in the dependencies it cannot read by data/cgo.toml's known modules alone"])
    );
    // go.mod's requirement alone does not decide cgo: static, with a warning
    // naming the module and how to switch.
    let plan = json(
        &project
            .godock_with(&[("PATH", PATH_WITHOUT_GO)], &["plan", "--json"])
            .success()
            .stdout,
    );
    assert_eq!(plan["cgo"], false);
    assert_eq!(plan["preset"]["name"], "distroless");
    assert_eq!(
        plan["warnings"],
        serde_json::json!(["cgo: go.mod requires github.com/google/gopacket, which links the system's libpcap through cgo; godock cannot read the dependencies that may import it (`go list` did not answer: no `go` command on PATH), so it builds . without cgo (a build that needs it then fails, loudly); if the programs need it, use --preset distroless-cgo"])
    );
    project
        .godock_with(&[("PATH", PATH_WITHOUT_GO)], &["plan"])
        .success()
        .says("warning: cgo: `go list` could not answer (no `go` command on PATH)")
        .says("use --preset distroless-cgo");
}

#[test]
fn go_list_never_downloads_to_answer() {
    if required_tool("go", "go list").is_none() {
        return;
    }
    let project = unread_dependency();
    let before = project.listing();
    let cache = tempfile::tempdir().unwrap();
    // A proxy that would refuse the connection: godock's GOPROXY=off wins
    // over the caller's, so the go command never tries it.
    let run = project
        .godock_with(
            &[
                ("GOMODCACHE", cache.path().to_str().unwrap()),
                ("GOPROXY", "http://127.0.0.1:1"),
                ("GOFLAGS", "-mod=mod"),
            ],
            &["scan", "--json"],
        )
        .success();
    let facts = json(&run.stdout);
    assert_eq!(facts["cgo_reader"]["reader"], "godock");
    assert_eq!(
        facts["cgo_reader"]["detail"],
        "`go list` cannot load everything offline: module lookup disabled by GOPROXY=off"
    );
    let warning = facts["warnings"][0].as_str().unwrap();
    assert!(
        warning.ends_with("`go mod download` puts the modules where it reads them"),
        "{warning}"
    );
    // Nothing downloaded (the go command leaves only lock files), nothing
    // in the project changed (no go.sum rewritten by -mod=mod).
    let downloaded: Vec<_> = walkdir(cache.path())
        .into_iter()
        .filter(|path| path.extension().is_none_or(|extension| extension != "lock"))
        .collect();
    assert!(downloaded.is_empty(), "{downloaded:?}");
    assert!(project.listing() == before, "scan changed the project");
}

/// Every file below `directory`.
fn walkdir(directory: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_go_command_runs_offline_readonly_and_without_telemetry() {
    // A `go` that records its arguments and environment, then fails.
    let tools = tempfile::tempdir().unwrap();
    let record = tools.path().join("record");
    let go = tools.path().join("go");
    std::fs::write(
        &go,
        format!(
            "#!/bin/sh\n{{ echo \"ARGS $*\"; env; }} >> '{}'\necho 'go: stand-in' >&2\nexit 1\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&go, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{PATH_WITHOUT_GO}", tools.path().display());
    let project = unread_dependency();
    let facts = json(
        &project
            .godock_with(
                &[
                    ("PATH", path.as_str()),
                    ("GOTELEMETRY", "on"),
                    ("GOFLAGS", "-mod=mod"),
                    ("GOTOOLCHAIN", "auto"),
                ],
                &["scan", "--json"],
            )
            .success()
            .stdout,
    );
    assert_eq!(facts["cgo_reader"]["reader"], "godock");
    assert_eq!(
        facts["cgo_reader"]["detail"],
        "`go list` failed: go: stand-in"
    );
    let recorded = std::fs::read_to_string(&record).unwrap();
    // One run per platform godock builds for.
    assert_eq!(
        recorded.matches("ARGS list -e -deps").count(),
        2,
        "{recorded}"
    );
    for line in [
        "GOTELEMETRY=off",
        "GOPROXY=off",
        "GOFLAGS=-mod=readonly",
        "GOTOOLCHAIN=local",
        "GOWORK=off",
        "CGO_ENABLED=1",
        "GOOS=linux",
        "GOARCH=amd64",
        "GOARCH=arm64",
    ] {
        assert!(
            recorded.lines().any(|recorded| recorded == line),
            "{line} not in {recorded}"
        );
    }
    for line in ["GOTELEMETRY=on", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=auto"] {
        assert!(!recorded.lines().any(|recorded| recorded == line), "{line}");
    }
}
