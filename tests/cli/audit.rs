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
    // init beside it says so in one line; without a Dockerfile of the
    // user's it says nothing of audit.
    project
        .godock(&["init", "--yes"])
        .success()
        .says("godock: your Dockerfile: `godock audit` finds nothing to fix\n");
    let bare = Project::example("hello");
    let run = bare.godock(&["init", "--yes"]).success();
    assert!(!run.stderr.contains("godock audit"), "{}", run.stderr);
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

/// Validates `log` against OASIS's SARIF 2.1.0 schema (tests/sarif) with
/// Python's jsonschema; false when that cannot run here (said, and a
/// failure under GODOCK_E2E=1).
fn valid_sarif(log: &str) -> bool {
    use std::io::Write;
    let Some(python) = crate::common::required_tool("python3", "SARIF schema") else {
        return false;
    };
    let has_jsonschema = std::process::Command::new(&python)
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !has_jsonschema {
        crate::common::skip(
            "the SARIF schema tier: Python's jsonschema is not installed (pip install jsonschema)",
        );
        return false;
    }
    let validator = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sarif/validate.py");
    let mut child = std::process::Command::new(&python)
        .arg(validator)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(log.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the SARIF log does not validate:\n{}\n{log}",
        String::from_utf8_lossy(&output.stdout)
    );
    true
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let project = Project::example("hello")
        .file("Dockerfile", TYPICAL)
        .file(".env", "TOKEN=x\n");
    let run = project.godock(&["audit", "--format", "sarif"]).code(1);
    insta::assert_snapshot!("typical_sarif", run.stdout);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let text = project.godock(&["audit"]).code(1).stdout;
    // One result per finding of the text output, each at its file:line.
    assert_eq!(
        results.len(),
        text.matches("\n  fix: ").count(),
        "{}",
        run.stdout
    );
    assert!(results.iter().any(|result| result["ruleId"] == "go-version"
        && result["level"] == "error"
        && result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1));
    valid_sarif(&run.stdout);
    // A clean Dockerfile gives a log with every rule and no result.
    let clean = Project::example("hello").file("Dockerfile", CLEAN);
    let run = clean.godock(&["audit", "--format", "sarif"]).success();
    valid_sarif(&run.stdout);
    // A format audit does not know, or two at once, is an error.
    project
        .godock(&["audit", "--format", "xml"])
        .code(2)
        .says("hint: one of: text, json, sarif");
    project
        .godock(&["audit", "--json", "--format", "sarif"])
        .code(2);
}
