//! godock.toml's choices beyond the Dockerfile: extra outputs (compose,
//! GitHub Actions), extra build tags and ldflags, and the one precedence of
//! flags over godock.toml over `GODOCK_*` variables.
use yaml_rust2::{Yaml, YamlLoader};

use crate::common::{required_tool, Project};
use crate::hadolint::passes_hadolint;

/// Parses a generated YAML file: one document, a mapping.
#[track_caller]
fn yaml(text: &str) -> Yaml {
    let mut documents = YamlLoader::load_from_str(text)
        .unwrap_or_else(|error| panic!("not valid YAML: {error}\n{text}"));
    assert_eq!(documents.len(), 1, "{text}");
    let document = documents.remove(0);
    assert!(document.as_hash().is_some(), "not a mapping:\n{text}");
    document
}

#[test]
fn outputs_are_written_only_when_chosen() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    assert!(!project.exists("compose.yaml"));
    assert!(!project.exists(".github"));
    assert!(project.read("godock.toml").contains("\noutputs = []\n"));
}

#[test]
fn compose_and_github_actions() {
    let project = Project::example("multi");
    project
        .godock(&[
            "init",
            "--yes",
            "--port",
            "8080",
            "--registry",
            "ghcr.io/example",
            "--output",
            "compose",
            "--output",
            "github-actions",
        ])
        .success();
    let compose = project.read("compose.yaml");
    let workflow = project.read(".github/workflows/docker.yml");
    insta::assert_snapshot!("multi__compose", compose);
    insta::assert_snapshot!("multi__github_actions", workflow);

    let compose = yaml(&compose);
    let service = &compose["services"]["multi"];
    assert_eq!(service["build"]["context"].as_str(), Some("."));
    assert_eq!(service["build"]["target"].as_str(), Some("multi"));
    assert_eq!(service["image"].as_str(), Some("ghcr.io/example/multi"));
    assert_eq!(service["ports"][0].as_str(), Some("8080:8080"));
    assert_eq!(
        compose["services"].as_hash().map(|services| services.len()),
        Some(1),
        "the primary service only"
    );

    let workflow = yaml(&workflow);
    assert!(!workflow["on"]["push"].is_badvalue());
    assert!(!workflow["on"]["pull_request"].is_badvalue());
    let job = &workflow["jobs"]["docker-build"];
    assert_eq!(job["runs-on"].as_str(), Some("ubuntu-latest"));
    let steps = job["steps"].as_vec().expect("steps");
    assert_eq!(steps[0]["uses"].as_str(), Some("actions/checkout@v4"));
    assert!(steps
        .iter()
        .any(|step| step["run"].as_str() == Some("make docker-build")));
    // The Makefile the workflow runs has that target.
    assert!(project.read("Makefile").contains("\ndocker-build:"));

    // Both are generated files: godock.toml keeps the choice, regen
    // reproduces them, and a second init leaves them alone.
    let config = project.read("godock.toml");
    assert!(
        config.contains("\noutputs = [\"compose\", \"github-actions\"]\n"),
        "{config}"
    );
    let run = project.godock_writes_nothing(&["regen"]).success();
    run.says("unchanged: compose.yaml");
    run.says("unchanged: .github/workflows/docker.yml");
}

#[test]
fn compose_without_a_port_maps_none() {
    // multi's primary binary listens on no port godock can see.
    let project = Project::example("multi");
    project
        .godock(&["init", "--yes", "--output", "compose"])
        .success();
    let compose = yaml(&project.read("compose.yaml"));
    let service = &compose["services"]["multi"];
    assert_eq!(service["image"].as_str(), Some("multi"));
    assert!(service["ports"].is_badvalue());
}

#[test]
fn extra_tags_and_ldflags_reach_the_build() {
    let project = Project::example("hello");
    project
        .godock(&[
            "init",
            "--yes",
            "--preset",
            "scratch",
            "--tag",
            "netgo",
            "--ldflags",
            "-X main.edition=oss",
        ])
        .success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("-tags=timetzdata,netgo${GOFLAGS:+ ${GOFLAGS}}\""),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("# -tags=timetzdata,netgo: ")
            && dockerfile.contains("; netgo from godock.toml."),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("-X main.date=${BUILD_DATE}} -X main.edition=oss\" -o /out/hello ."),
        "{dockerfile}"
    );
    let makefile = project.read("Makefile");
    assert!(makefile.contains("-tags timetzdata,netgo"), "{makefile}");
    assert!(makefile.contains("-X main.edition=oss\""), "{makefile}");
    let config = project.read("godock.toml");
    assert!(config.contains("\ntags = [\"netgo\"]\n"), "{config}");
    assert!(
        config.contains("\nldflags = \"-X main.edition=oss\"\n"),
        "{config}"
    );
    // Kept by godock.toml: regen changes nothing.
    project.godock_writes_nothing(&["regen"]).success();
    if let Some(hadolint) = required_tool("hadolint", "hadolint") {
        let home = tempfile::tempdir().unwrap();
        passes_hadolint(&hadolint, home.path(), &project).unwrap();
    }
}

#[test]
fn flags_beat_godock_toml_which_beats_the_environment() {
    let project = Project::example("hello");
    let environment = [("GODOCK_PORT", "9090"), ("GODOCK_IMAGE", "from-env")];
    let plan = |arguments: &[&str]| -> serde_json::Value {
        let mut all = vec!["plan", "--json"];
        all.extend_from_slice(arguments);
        let run = project.godock_with(&environment, &all).success();
        serde_json::from_str(&run.stdout).unwrap()
    };
    let from_environment = plan(&[]);
    assert_eq!(from_environment["port"], 9090);
    assert_eq!(from_environment["image"], "from-env");
    assert_eq!(from_environment["sources"]["port"], "environment");
    assert_eq!(from_environment["sources"]["preset"], "detected");
    assert_eq!(from_environment["sources"]["registry"], "default");

    project.write("godock.toml", "port = 8080\n");
    let from_config = plan(&[]);
    assert_eq!(from_config["port"], 8080);
    assert_eq!(from_config["sources"]["port"], "godock.toml");
    assert_eq!(from_config["image"], "from-env");

    let from_flag = plan(&["--port", "7000"]);
    assert_eq!(from_flag["port"], 7000);
    assert_eq!(from_flag["sources"]["port"], "flag");
}

#[test]
fn the_environment_fills_init_and_a_bad_value_names_its_variable() {
    let project = Project::example("hello");
    let run = project
        .godock_with(&[("GODOCK_PORT", "http")], &["init", "--yes"])
        .code(2);
    assert_eq!(
        run.stderr,
        "error: GODOCK_PORT: `http` is not a port (1 to 65535), or `none`\n"
    );
    assert!(!project.exists("Dockerfile"));
    project
        .godock_with(
            &[("GODOCK_PRESET", "scratch"), ("GODOCK_OUTPUTS", "compose")],
            &["init", "--yes"],
        )
        .success();
    assert!(project
        .read("godock.toml")
        .contains("preset = \"scratch\"\n"));
    assert!(project.exists("compose.yaml"));
}

#[test]
fn godock_toml_values_are_checked_with_their_line() {
    let project = Project::example("hello").file(
        "godock.toml",
        "preset = \"distroless\"\noutputs = [\"compose\", \"helm\"]\n",
    );
    let run = project.godock_writes_nothing(&["init", "--yes"]).code(2);
    assert_eq!(
        run.stderr,
        "error: ./godock.toml: line 2: unknown output `helm`; the outputs are compose, github-actions\n"
    );
    project.write("godock.toml", "preset = \"tiny\"\n");
    let run = project.godock_writes_nothing(&["plan"]).code(2);
    run.says("godock.toml: line 1: unknown preset `tiny`; the built-in presets are distroless, distroless-cgo, scratch, alpine, debug");
}

#[test]
fn godock_toml_edits_flow_through_regen() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let config = project
        .read("godock.toml")
        .replace("\noutputs = []\n", "\noutputs = [\"compose\"]\n")
        .replace("\n# tags = [\"netgo\"]\n", "\ntags = [\"netgo\"]\n");
    project.write("godock.toml", &config);
    let run = project.godock(&["regen"]).success();
    run.says("created: compose.yaml");
    run.says("unchanged: godock.toml");
    assert!(project
        .read("Dockerfile")
        .contains("-tags=netgo${GOFLAGS:+ ${GOFLAGS}}\""));
    assert!(project.read("Makefile").contains("-tags netgo "));
    project.godock_writes_nothing(&["regen"]).success();
}
