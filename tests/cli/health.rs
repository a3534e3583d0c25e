//! Health checks in the image and in compose: godock's probe for a program
//! that serves a health endpoint, the program's own health command when it
//! has one, and none (saying why) otherwise. The Docker tier proves the probe
//! on the healthserver example: its container turns `healthy`, and
//! `unhealthy` when /healthz answers 500; `docker compose up` of it turns
//! healthy too.
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::Project;
use crate::docker::{build, docker, docker_usable, run_id};

const PROBE_SOURCE: &str = ".godock/healthcheck/main.go";

#[test]
fn a_server_with_a_health_endpoint_gets_godocks_probe() {
    let project = Project::example("healthserver");
    project
        .godock(&["init", "--yes", "--output", "compose"])
        .success();
    let dockerfile = project.read("Dockerfile");
    assert!(dockerfile.contains(
        "COPY --from=healthcheck /out/healthcheck /usr/local/bin/healthcheck\n\
         HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \\\n    \
         CMD [\"/usr/local/bin/healthcheck\", \"http://127.0.0.1:8080/healthz\"]\n"
    ));
    let probe = project.read(PROBE_SOURCE);
    insta::assert_snapshot!("healthserver__probe", probe);
    assert!(probe.starts_with("// Written by godock"), "{probe}");
    assert!(probe.contains("package main"));
    let compose = project.read("compose.yaml");
    assert!(compose.contains(
        "      test: [\"CMD\", \"/usr/local/bin/healthcheck\", http://127.0.0.1:8080/healthz]\n"
    ));
    // The probe is godock's file: regen keeps it, check finds no drift.
    project.godock(&["check"]).success();
}

#[test]
fn a_program_with_a_health_command_checks_itself() {
    let project = Project::empty()
        .file("go.mod", "module example.com/selfcheck\n\ngo 1.23\n")
        .file(
            "main.go",
            "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n)\n\n\
             var check = flag.Bool(\"healthcheck\", false, \"check a running server\")\n\n\
             func main() {\n\tflag.Parse()\n\thttp.HandleFunc(\"/healthz\", nil)\n\t\
             _ = http.ListenAndServe(\":8080\", nil)\n}\n",
        );
    project
        .godock(&["init", "--yes", "--output", "compose"])
        .success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("CMD [\"/usr/local/bin/selfcheck\", \"--healthcheck\"]\n"),
        "{dockerfile}"
    );
    assert!(!dockerfile.contains("AS healthcheck"), "{dockerfile}");
    assert!(!project.exists(PROBE_SOURCE));
    assert!(project
        .read("compose.yaml")
        .contains("test: [\"CMD\", \"/usr/local/bin/selfcheck\", \"--healthcheck\"]\n"));
}

#[test]
fn a_server_without_a_health_endpoint_says_why_it_has_no_check() {
    let project = Project::example("hello");
    project
        .godock(&["init", "--yes", "--output", "compose"])
        .success();
    let dockerfile = project.read("Dockerfile");
    assert!(!dockerfile.contains("HEALTHCHECK --"), "{dockerfile}");
    assert!(
        dockerfile.contains("# No HEALTHCHECK: the program serves none of /healthz"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("# checkov:skip=CKV_DOCKER_2:"));
    assert!(!project.exists(PROBE_SOURCE));
    assert!(project.read("compose.yaml").contains("# No health check: "));
}

/// A container's health status, polled until it is `wanted` or `limit`
/// passes; the last status and the health log.
fn health_of(container: &str, wanted: &str, limit: Duration) -> (String, String) {
    let started = Instant::now();
    loop {
        let (_, status, _) = docker(
            &["inspect", "-f", "{{.State.Health.Status}}", container],
            Path::new("."),
        );
        let status = status.trim().to_string();
        if status == wanted || started.elapsed() > limit {
            let (_, log, _) = docker(
                &[
                    "inspect",
                    "-f",
                    "{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}",
                    container,
                ],
                Path::new("."),
            );
            return (status, log);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn the_probe_turns_healthy_and_unhealthy_when_the_endpoint_fails() {
    if !docker_usable() {
        return;
    }
    let project = Project::example("healthserver");
    project.godock(&["init", "--yes", "--no-syntax"]).success();
    let unique = run_id();
    let image = format!("godock-test-health-{unique}");
    build(&["-t", &image], project.path()).unwrap_or_else(|log| panic!("{log}"));
    let cases = [
        ("healthy", format!("godock-test-healthy-{unique}"), None),
        (
            "unhealthy",
            format!("godock-test-unhealthy-{unique}"),
            Some("HEALTHSERVER_UNHEALTHY=1"),
        ),
    ];
    let mut outcomes = Vec::new();
    for (wanted, container, environment) in &cases {
        // The image's own check, run every second instead of every ten.
        let mut arguments = vec![
            "run",
            "-d",
            "--read-only",
            "--name",
            container,
            "--health-interval=1s",
            "--health-retries=2",
        ];
        if let Some(environment) = environment {
            arguments.extend(["-e", environment]);
        }
        arguments.push(&image);
        let (status, _, stderr) = docker(&arguments, Path::new("."));
        assert!(status.success(), "docker run: {stderr}");
        let started = Instant::now();
        let (status, log) = health_of(container, wanted, Duration::from_secs(60));
        outcomes.push((wanted, status, log, started.elapsed()));
        docker(&["rm", "-f", container], Path::new("."));
    }
    docker(&["image", "rm", "-f", &image], Path::new("."));
    for (wanted, status, log, elapsed) in outcomes {
        eprintln!("health: {wanted} after {:.1} s", elapsed.as_secs_f64());
        assert_eq!(&status, wanted, "health log: {log}");
        if *wanted == "unhealthy" {
            assert!(log.contains("500 Internal Server Error"), "{log}");
        }
    }
}

#[test]
fn compose_up_turns_the_service_healthy() {
    if !docker_usable() {
        return;
    }
    let project = Project::example("healthserver");
    project
        .godock(&["init", "--yes", "--no-syntax", "--output", "compose"])
        .success();
    // The offline engine's BuildKit has no bridge network for RUN steps
    // (builds here take --network=host), and the host's port 8080 may be
    // taken: an override file changes both (and names the image), so the
    // check is the generated one, run every second.
    // The image gets a name of this run's, so that `down --rmi all` removes
    // only what this run built.
    let name = format!("godock-test-compose-{}", run_id());
    project.write(
        "compose.test.yaml",
        &format!(
            "services:\n  healthserver:\n    image: {name}\n    build:\n      network: host\n    ports: !reset []\n    healthcheck:\n      interval: 1s\n"
        ),
    );
    let compose = |arguments: &[&str]| {
        let mut all = vec![
            "compose",
            "-p",
            &name,
            "-f",
            "compose.yaml",
            "-f",
            "compose.test.yaml",
        ];
        all.extend_from_slice(arguments);
        docker(&all, project.path())
    };
    let started = Instant::now();
    let (up, stdout, stderr) = compose(&["up", "-d", "--build", "--wait", "--wait-timeout", "120"]);
    let elapsed = started.elapsed();
    let (_, ps, _) = compose(&["ps", "--format", "{{.Name}} {{.Status}}"]);
    compose(&["down", "--rmi", "all", "--volumes"]);
    assert!(up.success(), "docker compose up:\n{stdout}\n{stderr}\n{ps}");
    assert!(ps.contains("(healthy)"), "{ps}");
    eprintln!(
        "health: compose up --build --wait healthy after {:.1} s",
        elapsed.as_secs_f64()
    );
}

#[test]
fn regen_keeps_edits_to_compose_and_the_probe_and_removes_unedited_outputs() {
    let project = Project::example("healthserver");
    project
        .godock(&[
            "init",
            "--yes",
            "--output",
            "compose",
            "--output",
            "github-actions",
        ])
        .success();
    let compose = project.read("compose.yaml").replace(
        "    read_only: true\n",
        "    read_only: true\n    init: true\n",
    );
    project.write("compose.yaml", &compose);
    let probe = project.read(PROBE_SOURCE).replace(
        "net.DialTimeout(\"tcp\", host, 3*time.Second)",
        "net.DialTimeout(\"tcp\", host, 2*time.Second)",
    );
    project.write(PROBE_SOURCE, &probe);
    let go_mod = project.read("go.mod").replace("go 1.23\n", "go 1.26.0\n");
    project.write("go.mod", &go_mod);
    let run = project.godock(&["regen"]).success();
    run.says("updated: Dockerfile");
    assert!(project.read("Dockerfile").contains("ARG GO_VERSION=1.26\n"));
    assert!(project.read("compose.yaml").contains("    init: true\n"));
    assert!(project.read(PROBE_SOURCE).contains("host, 2*time.Second)"));
    project.godock(&["check"]).success();

    // Dropping the outputs removes the unedited workflow and keeps the
    // edited compose.yaml.
    project.replace_lines("godock.toml", "outputs = ", "outputs = []");
    project.godock(&["regen"]).success();
    assert!(!project.exists(".github/workflows/docker.yml"));
    assert!(project.read("compose.yaml").contains("    init: true\n"));
}
