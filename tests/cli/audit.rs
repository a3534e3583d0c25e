//! `godock audit` on the examples with Dockerfiles of their own: one that
//! breaks several rules, a clean one, `-f`, `--json`, `--ignore`,
//! `--fail-on` and the exit codes.
use crate::common::Project;

/// What a hand-written Dockerfile for a Go service often looks like.
const TYPICAL: &str = "FROM golang:1.20
WORKDIR /src
COPY . .
RUN go mod download
RUN CGO_ENABLED=0 go build -a -installsuffix cgo -o /app .

FROM scratch
COPY --from=0 /app /app
ENTRYPOINT [\"/app\"]
";

/// The same service, done right.
const CLEAN: &str = "FROM golang:1.26-trixie AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /app .

FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /app /app
USER 65532:65532
ENTRYPOINT [\"/app\"]
";

#[test]
fn a_typical_dockerfile_gets_its_findings_and_exit_1() {
    let project = Project::example("hello")
        .file("Dockerfile", TYPICAL)
        .file(".env", "TOKEN=x\n");
    let run = project.godock_writes_nothing(&["audit"]).code(1);
    insta::assert_snapshot!("typical_text", run.stdout);
    let json = project.godock(&["audit", "--json"]).code(1);
    insta::assert_snapshot!("typical_json", json.stdout);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(parsed["dockerfiles"][0], "Dockerfile");
    // Only errors fail with --fail-on error (scratch without CA certificates
    // is one); --ignore switches rules off.
    let errors_only = project.godock(&["audit", "--fail-on", "error", "--ignore", "go-version"]);
    errors_only.code(1);
}

#[test]
fn a_clean_dockerfile_exits_0() {
    let project = Project::example("hello").file("Dockerfile", CLEAN);
    let run = project.godock(&["audit"]).success();
    insta::assert_snapshot!("clean_text", run.stdout);
}

#[test]
fn an_ignore_comment_silences_its_instruction_only() {
    let silenced = TYPICAL.replace(
        "FROM golang:1.20\n",
        "# godock:ignore go-version\nFROM golang:1.20\n",
    );
    let project = Project::example("hello").file("Dockerfile", &silenced);
    let run = project.godock(&["audit"]).code(1);
    assert!(!run.stdout.contains("[go-version]"), "{}", run.stdout);
    assert!(run.stdout.contains("[cache-order]"), "{}", run.stdout);
}

#[test]
fn a_named_file_is_audited_and_errors_exit_2() {
    let project = Project::example("hello").file("build/Dockerfile.release", CLEAN);
    let run = project
        .godock(&["audit", "-f", "build/Dockerfile.release"])
        .success();
    assert!(
        run.stdout
            .starts_with("godock audit: build/Dockerfile.release\n"),
        "{}",
        run.stdout
    );
    project.godock(&["audit", "-f", "nope"]).code(2);
    project
        .godock(&["audit", "--ignore", "nope"])
        .code(2)
        .says("hint: the rules: go-version");
    // No Dockerfile of the user's: nothing to audit.
    let bare = Project::example("hello");
    bare.godock(&["audit"])
        .code(2)
        .says("no Dockerfile of yours to audit");
    // godock's own Dockerfile is godock's to keep right, not audit's.
    bare.godock(&["init", "--yes"]).success();
    bare.godock(&["audit"]).code(2);
}
