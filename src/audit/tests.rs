//! Each rule on a Dockerfile that breaks it and on one that does not, with
//! the facts of a real scan of a small module.
use std::path::Path;

use super::*;
use crate::evidence::dockerfile;
use crate::fixtures::{module, MAIN};
use crate::knowledge::date::Date;
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

/// A day on which Go 1.23 and distroless's Debian 12 images were still
/// supported, so that CLEAN is clean; the base-eol rule's tests say theirs.
fn before_eol() -> Date {
    Date::new(2025, 6, 1).unwrap()
}

/// The rules `dockerfile` breaks, with their lines, in the module of
/// `files` (go 1.23, one main package unless `files` says otherwise).
fn review(files: &[(&str, &str)], dockerfile: &str, ignored: &[Rule]) -> Vec<(&'static str, u32)> {
    findings_on(before_eol(), files, dockerfile, ignored)
        .into_iter()
        .map(|finding| (finding.rule.id(), finding.line))
        .collect()
}

/// [`review`]'s findings whole, on `today`.
fn findings_on(
    today: Date,
    files: &[(&str, &str)],
    dockerfile: &str,
    ignored: &[Rule],
) -> Vec<Finding> {
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
        today,
    };
    audit(&input, ignored)
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
    // Go 1.22 is also past its support (base-eol): that rule has its own test.
    let old = CLEAN.replace("golang:1.23-bookworm", "golang:1.22-bookworm");
    assert_eq!(review(&[], &old, &[Rule::BaseEol]), [("go-version", 1)]);
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
    assert_eq!(review(&[], &arg, &[Rule::BaseEol]), [("go-version", 2)]);
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
        "-o /app .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags=-s -o /worker ./cmd/worker\n",
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
fn gotoolchain_auto_on_an_older_builder_downloads_go_in_the_build() {
    let go_mod = ("go.mod", "module example.com/m\n\ngo 1.24.0\n");
    let auto = CLEAN.replace("WORKDIR /src\n", "ENV GOTOOLCHAIN=auto\nWORKDIR /src\n");
    // The build does not stop (go-version) but downloads Go 1.24.0.
    let found = findings_on(before_eol(), &[go_mod], &auto, &[]);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.rule.id(), f.line))
            .collect::<Vec<_>>(),
        [("go-toolchain", 2)]
    );
    assert!(
        found[0].message.contains("downloads Go 1.24.0"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].fix,
        "build on `FROM golang:1.24.0` and leave GOTOOLCHAIN as the golang image sets it (local)"
    );
    let argument = CLEAN.replace(
        "WORKDIR /src\n",
        "ARG GOTOOLCHAIN=go1.23.0+auto\nWORKDIR /src\n",
    );
    assert_eq!(review(&[go_mod], &argument, &[]), [("go-toolchain", 2)]);
    // A toolchain named outright is downloaded whatever go.mod says.
    let named = CLEAN.replace(
        "RUN CGO_ENABLED=0 go build",
        "RUN GOTOOLCHAIN=go1.25.1 CGO_ENABLED=0 go build",
    );
    assert_eq!(review(&[], &named, &[]), [("go-toolchain", 6)]);
    // local stops the build instead; a builder new enough downloads nothing.
    let local = auto.replace("GOTOOLCHAIN=auto", "GOTOOLCHAIN=local");
    assert_eq!(ids(&review(&[go_mod], &local, &[])), ["go-version"]);
    let new_enough = auto.replace("golang:1.23-bookworm", "golang:1.24-bookworm");
    assert_eq!(review(&[go_mod], &new_enough, &[]), []);
    assert_eq!(review(&[], &auto, &[]), []);
}

#[test]
fn end_of_life_bases_are_a_warning_on_the_day_of_the_review() {
    let today = Date::new(2026, 11, 29).unwrap();
    let found = findings_on(today, &[], CLEAN, &[]);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.rule.id(), f.line))
            .collect::<Vec<_>>(),
        [("base-eol", 1), ("base-eol", 8)]
    );
    assert!(
        found[0]
            .evidence
            .starts_with("Go 1.23 has had no security fixes since 2025-08-12"),
        "{}",
        found[0].evidence
    );
    assert!(
        found[1].evidence.contains("2026-09-01"),
        "{}",
        found[1].evidence
    );
    let current = CLEAN
        .replace("golang:1.23-bookworm", "golang:1.26-trixie")
        .replace("static-debian12", "static-debian13");
    assert!(findings_on(today, &[], &current, &[]).is_empty());
    // Debian 12 itself is supported: only distroless's images of it ended.
    let bookworm = current.replace(
        "gcr.io/distroless/static-debian13:nonroot",
        "debian:bookworm-slim",
    );
    assert!(findings_on(today, &[], &bookworm, &[]).is_empty());
    let bullseye = current.replace(
        "gcr.io/distroless/static-debian13:nonroot",
        "debian:bullseye-slim",
    );
    let found = findings_on(today, &[], &bullseye, &[]);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.rule.id(), f.line))
            .collect::<Vec<_>>(),
        [("base-eol", 8)]
    );
    // The same Dockerfile before the ends is clean.
    assert_eq!(review(&[], CLEAN, &[]), []);
}

#[test]
fn a_build_without_s_w_is_reported_and_one_with_s_or_a_variable_is_not() {
    let none = CLEAN.replace(" -ldflags='-s -w'", "");
    assert_eq!(review(&[], &none, &[]), [("strip", 6)]);
    let stamps_only = CLEAN.replace("-ldflags='-s -w'", "-ldflags='-X main.version=1'");
    assert_eq!(review(&[], &stamps_only, &[]), [("strip", 6)]);
    let s_alone = CLEAN.replace("-ldflags='-s -w'", "-ldflags=-s");
    assert_eq!(review(&[], &s_alone, &[]), []);
    let variable = CLEAN.replace("-ldflags='-s -w'", "-ldflags=\"$LDFLAGS\"");
    assert_eq!(review(&[], &variable, &[]), []);
}

#[test]
fn building_a_file_instead_of_a_package_is_reported_with_the_package_to_build() {
    let file = CLEAN.replace("-o /app .\n", "-o /app main.go\n");
    let found = findings_on(before_eol(), &[], &file, &[]);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.rule.id(), f.line))
            .collect::<Vec<_>>(),
        [("build-file", 6)]
    );
    assert_eq!(found[0].fix, "build the package: `go build .`");
    let files = [("cmd/api/main.go", MAIN)];
    let nested = CLEAN.replace("-o /app .\n", "-o /app cmd/api/main.go\n");
    let found = findings_on(before_eol(), &files, &nested, &[]);
    assert!(
        found
            .iter()
            .any(|f| f.fix == "build the package: `go build ./cmd/api`"),
        "{found:?}"
    );
    assert_eq!(review(&[], CLEAN, &[]), []);
}

#[test]
fn a_program_loading_time_zones_needs_zoneinfo_in_the_image() {
    let zones =
        "package main\n\nimport \"time\"\n\nfunc main() { time.LoadLocation(\"Europe/Paris\") }\n";
    let files = [("main.go", zones)];
    let scratch = CLEAN.replace("gcr.io/distroless/static-debian12:nonroot", "scratch");
    assert_eq!(review(&files, &scratch, &[]), [("tzdata", 8)]);
    let tagged = scratch.replace("-trimpath", "-trimpath -tags timetzdata");
    assert_eq!(review(&files, &tagged, &[]), []);
    let copied = scratch.replace(
        "COPY --from=build /app /app\n",
        "COPY --from=build /app /app\nCOPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo\n",
    );
    assert_eq!(review(&files, &copied, &[]), []);
    let alpine = CLEAN.replace("gcr.io/distroless/static-debian12:nonroot", "alpine:3.20");
    assert_eq!(review(&files, &alpine, &[]), [("tzdata", 8)]);
    let with_tzdata = alpine.replace(
        "COPY --from=build /app /app\n",
        "RUN apk add --no-cache tzdata\nCOPY --from=build /app /app\n",
    );
    assert_eq!(review(&files, &with_tzdata, &[]), []);
    // distroless has /usr/share/zoneinfo; a program importing time/tzdata
    // carries its own; one that loads no zone needs none.
    assert_eq!(review(&files, CLEAN, &[]), []);
    let embedded = "package main\n\nimport (\n\t\"time\"\n\t_ \"time/tzdata\"\n)\n\nfunc main() { time.LoadLocation(\"Europe/Paris\") }\n";
    assert_eq!(review(&[("main.go", embedded)], &scratch, &[]), []);
    assert_eq!(review(&[], &scratch, &[]), []);
}

#[test]
fn a_shell_form_healthcheck_on_a_shell_less_base_is_an_error() {
    let shell =
        format!("{CLEAN}HEALTHCHECK CMD wget -q -O- http://localhost:8080/healthz || exit 1\n");
    assert_eq!(review(&[], &shell, &[]), [("healthcheck-shell", 12)]);
    let scratch = shell.replace("gcr.io/distroless/static-debian12:nonroot", "scratch");
    assert_eq!(review(&[], &scratch, &[]), [("healthcheck-shell", 12)]);
    let sh = format!("{CLEAN}HEALTHCHECK CMD [\"/bin/sh\", \"-c\", \"/app health\"]\n");
    assert_eq!(review(&[], &sh, &[]), [("healthcheck-shell", 12)]);
    let exec = format!("{CLEAN}HEALTHCHECK CMD [\"/app\", \"healthcheck\"]\n");
    assert_eq!(review(&[], &exec, &[]), []);
    let debug = shell.replace(":nonroot", ":debug-nonroot");
    assert_eq!(review(&[], &debug, &[]), []);
    let debian = shell.replace(
        "gcr.io/distroless/static-debian12:nonroot",
        "debian:bookworm-slim",
    );
    assert_eq!(review(&[], &debian, &[]), []);
}

#[test]
fn a_stage_built_from_another_keeps_its_go_environment() {
    // -trimpath through GOFLAGS in the builder stage, go build in a stage
    // built FROM it: no trimpath finding.
    let split = CLEAN
        .replace(" -trimpath", "")
        .replace(
            "WORKDIR /src\n",
            "WORKDIR /src\nENV GOFLAGS=\"-trimpath ${GOFLAGS}\"\n",
        )
        .replace("COPY . .\nRUN", "COPY . .\n\nFROM build AS compile\nRUN")
        .replace("--from=build", "--from=compile");
    assert_eq!(review(&[], &split, &[]), []);
    // CGO_ENABLED=0 set in the parent reaches the child's build.
    let files = [("main.go", CGO_MAIN)];
    let cgo_off = split
        .replace("RUN CGO_ENABLED=0 go build", "RUN go build")
        .replace("WORKDIR /src\n", "WORKDIR /src\nENV CGO_ENABLED=0\n")
        .replace("static-debian12", "base-debian12");
    assert_eq!(ids(&review(&files, &cgo_off, &[])), ["cgo-disabled"]);
}

#[test]
fn every_rule_has_a_distinct_id_that_names_it_back() {
    for rule in Rule::ALL {
        assert_eq!(Rule::named(rule.id()), Some(rule));
    }
    assert_eq!(Rule::named("nope"), None);
}
