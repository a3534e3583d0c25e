//! Each rule on a Dockerfile that breaks it and on one that does not, with
//! the facts of a real scan of a small module.
use std::path::Path;

use super::*;
use crate::evidence::dockerfile;
use crate::fixtures::{module, MAIN};
use crate::scan::context_needs::context_needs;

const CGO_MAIN: &str = "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n";
const TLS_MAIN: &str =
    "package main\n\nimport \"net/http\"\n\nfunc main() { http.Get(\"https://example.com\") }\n";

/// A Dockerfile that every rule is happy with, for a one-binary module.
const CLEAN: &str = "FROM golang:1.23-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
USER 65532:65532
ENTRYPOINT [\"/app\"]
";

/// The rules `dockerfile` breaks, with their lines, in the module of
/// `files` (go 1.23, one main package unless `files` says otherwise).
fn review(files: &[(&str, &str)], dockerfile: &str, ignored: &[Rule]) -> Vec<(&'static str, u32)> {
    let mut all = vec![("main.go", MAIN), ("go.sum", "")];
    all.retain(|(path, _)| !files.iter().any(|(given, _)| given == path));
    all.extend_from_slice(files);
    let directory = module(&all);
    let location = crate::scan::locate(directory.path(), None).unwrap();
    let context = location.build_context().unwrap();
    let facts = crate::scan::scan(&location).unwrap();
    let parsed = dockerfile::parse(dockerfile, Path::new("Dockerfile"));
    let needs = context_needs(&facts, &context);
    let evidence = facts.context_files.evidence.as_ref().unwrap();
    let ignore = evidence
        .dockerignores
        .iter()
        .find(|ignore| ignore.file == Path::new(".dockerignore"));
    let input = Input {
        facts: &facts,
        dockerfile: &parsed,
        dockerignore: ignore,
        needs: &needs,
        context_files: &facts.context_files,
    };
    audit(&input, ignored)
        .into_iter()
        .map(|finding| (finding.rule.id(), finding.line))
        .collect()
}

fn ids(found: &[(&'static str, u32)]) -> Vec<&'static str> {
    found.iter().map(|(id, _)| *id).collect()
}

#[test]
fn a_clean_dockerfile_has_no_findings() {
    assert_eq!(review(&[], CLEAN, &[]), []);
}

#[test]
fn go_version_older_than_go_mod_is_an_error() {
    let old = CLEAN.replace("golang:1.23-bookworm", "golang:1.22-bookworm");
    assert_eq!(review(&[], &old, &[]), [("go-version", 1)]);
    let patch = CLEAN.replace("golang:1.23-bookworm", "golang:1.23.1");
    let go_mod = ("go.mod", "module example.com/m\n\ngo 1.23.4\n");
    assert_eq!(review(&[go_mod], &patch, &[]), [("go-version", 1)]);
    // A minor line is its newest patch; a newer Go is fine.
    let line = CLEAN.replace("golang:1.23-bookworm", "golang:1.23");
    assert_eq!(review(&[go_mod], &line, &[]), []);
    let newer = CLEAN.replace("golang:1.23-bookworm", "golang:1.24-bookworm");
    assert_eq!(review(&[], &newer, &[]), []);
}

#[test]
fn an_unpinned_golang_is_reported_and_arg_expansion_is_followed() {
    let floating = CLEAN.replace("golang:1.23-bookworm", "golang:alpine");
    assert_eq!(ids(&review(&[], &floating, &[])), ["go-unpinned"]);
    let arg = format!(
        "ARG GO=1.21\n{}",
        CLEAN.replace("golang:1.23-bookworm", "golang:${GO}")
    );
    assert_eq!(review(&[], &arg, &[]), [("go-version", 2)]);
}

#[test]
fn cgo_disabled_for_a_cgo_program_is_an_error() {
    let files = [("main.go", CGO_MAIN)];
    let runtime = CLEAN.replace("static-debian12", "base-debian12");
    let found = review(&files, &runtime, &[]);
    assert_eq!(ids(&found), ["cgo-disabled"]);
    let enabled = runtime.replace("CGO_ENABLED=0", "CGO_ENABLED=1");
    assert_eq!(review(&files, &enabled, &[]), []);
    // A pure Go program with CGO_ENABLED=0 is what it should be.
    assert_eq!(review(&[], &runtime, &[]), []);
}

#[test]
fn a_cgo_binary_on_a_base_without_glibc_is_an_error() {
    let files = [("main.go", CGO_MAIN)];
    let on = CLEAN.replace("CGO_ENABLED=0", "CGO_ENABLED=1");
    assert_eq!(review(&files, &on, &[]), [("cgo-runtime", 8)]);
    let scratch = on.replace("gcr.io/distroless/static-debian12:nonroot", "scratch");
    assert_eq!(ids(&review(&files, &scratch, &[])), ["cgo-runtime"]);
    let alpine = on.replace("gcr.io/distroless/static-debian12:nonroot", "alpine:3.20");
    assert_eq!(ids(&review(&files, &alpine, &[])), ["cgo-runtime"]);
    let base = on.replace("static-debian12", "base-debian12");
    assert_eq!(review(&files, &base, &[]), []);
}

#[test]
fn a_cgo_binary_built_and_run_on_different_debian_releases_is_a_warning() {
    let files = [("main.go", CGO_MAIN)];
    let on = CLEAN
        .replace("CGO_ENABLED=0", "CGO_ENABLED=1")
        .replace("golang:1.23-bookworm", "golang:1.23-trixie")
        .replace("static-debian12", "base-debian12");
    assert_eq!(review(&files, &on, &[]), [("cgo-glibc", 8)]);
    // The same mismatch is no concern for a static binary.
    let pure = on.replace("CGO_ENABLED=1", "CGO_ENABLED=0");
    assert_eq!(review(&[], &pure, &[]), []);
}

#[test]
fn go_mod_download_after_copying_everything_busts_the_cache() {
    let late = CLEAN.replace(
        "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n",
        "COPY . .\nRUN go mod download\n",
    );
    assert_eq!(review(&[], &late, &[]), [("cache-order", 4)]);
    let mounted = late.replace(
        "RUN go mod download",
        "RUN --mount=type=cache,target=/go/pkg/mod go mod download",
    );
    assert_eq!(review(&[], &mounted, &[]), []);
}

#[test]
fn main_packages_the_dockerfile_does_not_build_are_listed() {
    let files = [("main.go", MAIN), ("cmd/worker/main.go", MAIN)];
    assert_eq!(ids(&review(&files, CLEAN, &[])), ["binaries-missing"]);
    let both = CLEAN.replace(
        "-o /app .\n",
        "-o /app .\nRUN CGO_ENABLED=0 go build -trimpath -o /worker ./cmd/worker\n",
    );
    assert_eq!(review(&files, &both, &[]), []);
}

#[test]
fn build_flags_without_trimpath_or_with_installsuffix_are_reported() {
    let plain = CLEAN.replace(" -trimpath", "");
    assert_eq!(review(&[], &plain, &[]), [("trimpath", 6)]);
    let old = CLEAN.replace("-trimpath", "-trimpath -a -installsuffix cgo");
    assert_eq!(review(&[], &old, &[]), [("installsuffix", 6)]);
}

#[test]
fn running_as_root_or_as_a_name_is_reported() {
    let root = CLEAN
        .replace("USER 65532:65532\n", "USER root\n")
        .replace(":nonroot", ":debug");
    assert_eq!(review(&[], &root, &[]), [("runs-as-root", 10)]);
    let none = CLEAN
        .replace("USER 65532:65532\n", "")
        .replace(":nonroot", ":debug");
    assert_eq!(review(&[], &none, &[]), [("runs-as-root", 8)]);
    let named = CLEAN.replace("USER 65532:65532", "USER app");
    assert_eq!(review(&[], &named, &[]), [("user-name", 10)]);
}

#[test]
fn scratch_without_ca_certificates_fails_a_tls_program() {
    let files = [("main.go", TLS_MAIN)];
    let scratch = CLEAN.replace("gcr.io/distroless/static-debian12:nonroot", "scratch");
    assert_eq!(review(&files, &scratch, &[]), [("ca-certificates", 8)]);
    let with = scratch.replace(
        "COPY --from=build /app /app\n",
        "COPY --from=build /app /app\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n",
    );
    assert_eq!(review(&files, &with, &[]), []);
    assert_eq!(review(&[], &scratch, &[]), []);
}

#[test]
fn latest_or_untagged_bases_are_reported() {
    let latest = CLEAN.replace("gcr.io/distroless/static-debian12:nonroot", "debian:latest");
    assert_eq!(review(&[], &latest, &[]), [("base-unpinned", 8)]);
    let untagged = CLEAN.replace("gcr.io/distroless/static-debian12:nonroot", "debian");
    assert_eq!(review(&[], &untagged, &[]), [("base-unpinned", 8)]);
    let tagged = CLEAN.replace(
        "gcr.io/distroless/static-debian12:nonroot",
        "debian:bookworm-slim",
    );
    assert_eq!(review(&[], &tagged, &[]), []);
}

#[test]
fn a_dockerignore_that_hides_an_embedded_file_is_an_error() {
    let embed = "package main\n\nimport _ \"embed\"\n\n//go:embed README.md\nvar readme string\n\nfunc main() {}\n";
    let files = [
        ("main.go", embed),
        ("README.md", "hi"),
        (".dockerignore", ".git\n*.md\n"),
    ];
    assert_eq!(review(&files, CLEAN, &[]), [("context-hidden", 2)]);
    let files = [
        ("main.go", embed),
        ("README.md", "hi"),
        (".dockerignore", ".git\n*.md\n!README.md\n"),
    ];
    assert_eq!(review(&files, CLEAN, &[]), []);
}

#[test]
fn secrets_the_dockerignore_lets_in_are_a_warning() {
    let files = [(".env", "TOKEN=x"), (".dockerignore", ".git\n")];
    assert_eq!(ids(&review(&files, CLEAN, &[])), ["context-secret"]);
    let files = [(".env", "TOKEN=x"), (".dockerignore", ".git\n.env\n")];
    assert_eq!(review(&files, CLEAN, &[]), []);
}

#[test]
fn ignore_comments_and_ignored_rules_silence_a_finding() {
    let plain = CLEAN.replace(" -trimpath", "");
    let commented = plain.replace(
        "RUN CGO_ENABLED=0",
        "# godock:ignore trimpath\nRUN CGO_ENABLED=0",
    );
    assert_eq!(review(&[], &commented, &[]), []);
    assert_eq!(review(&[], &plain, &[Rule::Trimpath]), []);
    let other = plain.replace(
        "RUN CGO_ENABLED=0",
        "# godock:ignore runs-as-root\nRUN CGO_ENABLED=0",
    );
    assert_eq!(ids(&review(&[], &other, &[])), ["trimpath"]);
}

#[test]
fn every_rule_has_a_distinct_id_that_names_it_back() {
    for rule in Rule::ALL {
        assert_eq!(Rule::named(rule.id()), Some(rule));
    }
    assert_eq!(Rule::named("nope"), None);
}
