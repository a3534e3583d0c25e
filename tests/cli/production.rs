//! The files that take the image to production: Kubernetes manifests
//! (checked against the "restricted" Pod Security Standard here and against
//! Kubernetes' JSON schemas by kubernetes-validate), the bake file (parsed
//! by `docker buildx bake --print`), and their upkeep by regen.
use std::path::Path;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::{required_tool, Project};

/// Every YAML document of a generated file.
#[track_caller]
fn documents(text: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(text)
        .unwrap_or_else(|error| panic!("not valid YAML: {error}\n{text}"))
}

/// The manifests of deploy/kubernetes/, kustomization.yaml apart, by file name.
fn manifests(project: &Project) -> Vec<(String, Vec<Yaml>)> {
    let directory = project.path().join("deploy/kubernetes");
    let mut files: Vec<(String, Vec<Yaml>)> = std::fs::read_dir(&directory)
        .expect("deploy/kubernetes/")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "kustomization.yaml")
        .map(|name| {
            let text = project.read(&format!("deploy/kubernetes/{name}"));
            (name, documents(&text))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Bytes of a Kubernetes memory quantity in Mi or Gi, or of Go's MiB.
fn mebibytes(quantity: &str) -> u64 {
    let (number, unit) = quantity.split_at(quantity.find(|c: char| c.is_alphabetic()).unwrap());
    let number: u64 = number.parse().unwrap();
    match unit {
        "Mi" | "MiB" => number,
        "Gi" | "GiB" => number * 1024,
        other => panic!("unexpected unit {other} in {quantity}"),
    }
}

/// The "restricted" Pod Security Standard (kubernetes.io/docs/concepts/
/// security/pod-security-standards), as far as a Deployment's pod template
/// states it, plus godock's own promises (read-only root with a /tmp, no
/// service account token, GOMEMLIMIT at about 90% of the memory limit).
fn assert_restricted(file: &str, deployment: &Yaml) {
    let pod = &deployment["spec"]["template"]["spec"];
    let context = &pod["securityContext"];
    assert_eq!(context["runAsNonRoot"].as_bool(), Some(true), "{file}");
    let uid = context["runAsUser"].as_i64().expect("a numeric runAsUser");
    assert!(uid > 0, "{file}: runAsUser {uid}");
    assert!(
        context["runAsGroup"].as_i64().is_some_and(|gid| gid > 0),
        "{file}"
    );
    assert_eq!(
        context["seccompProfile"]["type"].as_str(),
        Some("RuntimeDefault"),
        "{file}"
    );
    for sysctl in context["sysctls"].as_vec().into_iter().flatten() {
        // The baseline standard's safe set.
        assert_eq!(
            sysctl["name"].as_str(),
            Some("net.ipv4.ip_unprivileged_port_start"),
            "{file}"
        );
    }
    assert_eq!(
        pod["automountServiceAccountToken"].as_bool(),
        Some(false),
        "{file}"
    );
    for host in ["hostNetwork", "hostPID", "hostIPC"] {
        assert!(pod[host].is_badvalue(), "{file}: {host}");
    }
    for volume in pod["volumes"].as_vec().expect("volumes") {
        let kinds: Vec<&str> = volume
            .as_hash()
            .unwrap()
            .keys()
            .filter_map(Yaml::as_str)
            .filter(|key| *key != "name")
            .collect();
        assert_eq!(kinds, ["emptyDir"], "{file}: only emptyDir volumes");
    }
    let containers = pod["containers"].as_vec().expect("containers");
    assert_eq!(containers.len(), 1, "{file}");
    for container in containers {
        let context = &container["securityContext"];
        assert_eq!(
            context["allowPrivilegeEscalation"].as_bool(),
            Some(false),
            "{file}"
        );
        assert_eq!(
            context["readOnlyRootFilesystem"].as_bool(),
            Some(true),
            "{file}"
        );
        let dropped: Vec<&str> = context["capabilities"]["drop"]
            .as_vec()
            .expect("capabilities.drop")
            .iter()
            .filter_map(Yaml::as_str)
            .collect();
        assert_eq!(dropped, ["ALL"], "{file}");
        assert!(context["capabilities"]["add"].is_badvalue(), "{file}");
        assert!(context["privileged"].as_bool() != Some(true), "{file}");
        let tmp = container["volumeMounts"]
            .as_vec()
            .expect("volumeMounts")
            .iter()
            .any(|mount| mount["mountPath"].as_str() == Some("/tmp"));
        assert!(tmp, "{file}: a writable /tmp");
        let limit = container["resources"]["limits"]["memory"]
            .as_str()
            .expect("a memory limit");
        assert!(
            container["resources"]["requests"]["memory"]
                .as_str()
                .is_some(),
            "{file}"
        );
        assert!(
            container["resources"]["limits"]["cpu"].as_str().is_some(),
            "{file}"
        );
        let gomemlimit = container["env"]
            .as_vec()
            .expect("env")
            .iter()
            .find(|variable| variable["name"].as_str() == Some("GOMEMLIMIT"))
            .and_then(|variable| variable["value"].as_str())
            .expect("GOMEMLIMIT");
        let (limit, soft) = (mebibytes(limit), mebibytes(gomemlimit));
        assert!(
            soft * 100 >= limit * 88 && soft * 100 <= limit * 91,
            "{file}: GOMEMLIMIT {gomemlimit} is not about 90% of {limit}Mi"
        );
    }
}

/// kubernetes-validate, offline with its bundled schemas, rejecting unknown
/// fields: every manifest must pass.
fn assert_schemas_accept(project: &Project) {
    let Some(validator) = required_tool("kubernetes-validate", "Kubernetes schema") else {
        return;
    };
    for (name, _) in manifests(project) {
        let path = project.path().join("deploy/kubernetes").join(&name);
        let output = Command::new(&validator)
            .args(["--strict", "--quiet"])
            .arg(&path)
            .output()
            .expect("kubernetes-validate runs");
        assert!(
            output.status.success(),
            "kubernetes-validate rejects {name}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn container(deployment: &Yaml) -> &Yaml {
    &deployment["spec"]["template"]["spec"]["containers"][0]
}

#[test]
fn kubernetes_deploys_every_service_hardened() {
    let project = Project::example("multi");
    project
        .godock(&[
            "init",
            "--yes",
            "--registry",
            "ghcr.io/example",
            "--output",
            "kubernetes",
        ])
        .success();
    let files = manifests(&project);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    // api listens on 8080; multi is the primary; worker and gen are neither.
    assert_eq!(names, ["api.yaml", "multi.yaml"]);
    insta::assert_snapshot!(
        "multi__kubernetes_api",
        project.read("deploy/kubernetes/api.yaml")
    );
    let kustomization = project.read("deploy/kubernetes/kustomization.yaml");
    insta::assert_snapshot!("multi__kustomization", kustomization);

    let mut images = Vec::new();
    for (name, documents) in &files {
        let deployment = documents
            .iter()
            .find(|document| document["kind"].as_str() == Some("Deployment"))
            .expect("a Deployment");
        assert_restricted(name, deployment);
        images.push(container(deployment)["image"].as_str().unwrap().to_string());
    }
    // api: a Service on its port and TCP probes (it registers no health
    // endpoint); multi: no port, so no Service and no probe.
    let api = &files[0].1;
    assert_eq!(api.len(), 2);
    assert_eq!(api[1]["kind"].as_str(), Some("Service"));
    assert_eq!(api[1]["spec"]["ports"][0]["port"].as_i64(), Some(8080));
    let api_container = container(&api[0]);
    assert_eq!(
        api_container["ports"][0]["containerPort"].as_i64(),
        Some(8080)
    );
    assert_eq!(
        api_container["livenessProbe"]["tcpSocket"]["port"].as_str(),
        Some("main")
    );
    assert_eq!(
        api_container["image"].as_str(),
        Some("ghcr.io/example/multi-api")
    );
    let multi = &files[1].1;
    assert_eq!(multi.len(), 1, "no Service without a port");
    assert!(container(&multi[0])["livenessProbe"].is_badvalue());

    // The kustomization lists every manifest and sets every image.
    let kustomization = &documents(&kustomization)[0];
    let resources: Vec<&str> = kustomization["resources"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    let mut listed = resources.clone();
    listed.sort_unstable();
    assert_eq!(listed, names);
    let mut set: Vec<String> = kustomization["images"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|image| image["name"].as_str().unwrap().to_string())
        .collect();
    set.sort();
    images.sort();
    assert_eq!(set, images);
    assert_schemas_accept(&project);
    project.godock_writes_nothing(&["regen"]).success();
}

#[test]
fn kubernetes_probes_the_health_endpoint_the_program_registers() {
    let project = Project::example("chiservice");
    project
        .godock(&["init", "--yes", "--port", "8080", "--output", "kubernetes"])
        .success();
    let documents = documents(&project.read("deploy/kubernetes/chiservice.yaml"));
    let container = container(&documents[0]);
    for probe in ["livenessProbe", "readinessProbe"] {
        assert_eq!(
            container[probe]["httpGet"]["path"].as_str(),
            Some("/healthz")
        );
        assert_eq!(container[probe]["httpGet"]["port"].as_str(), Some("main"));
    }
    assert_restricted("chiservice.yaml", &documents[0]);
    assert_schemas_accept(&project);
}

#[test]
fn kubernetes_lets_the_non_root_user_bind_a_low_port() {
    let project = Project::example("hello");
    project
        .godock(&["init", "--yes", "--port", "80", "--output", "kubernetes"])
        .success();
    let documents = documents(&project.read("deploy/kubernetes/hello.yaml"));
    let sysctls = &documents[0]["spec"]["template"]["spec"]["securityContext"]["sysctls"];
    assert_eq!(
        sysctls[0]["name"].as_str(),
        Some("net.ipv4.ip_unprivileged_port_start")
    );
    assert_eq!(sysctls[0]["value"].as_str(), Some("80"));
    assert_restricted("hello.yaml", &documents[0]);
    assert_schemas_accept(&project);
}

#[test]
fn a_hand_edit_survives_a_go_bump_and_dropping_the_output_removes_unedited_files() {
    let project = Project::example("multi");
    project
        .godock(&[
            "init",
            "--yes",
            "--output",
            "kubernetes",
            "--output",
            "bake",
        ])
        .success();
    let edited = project
        .read("deploy/kubernetes/api.yaml")
        .replace("  replicas: 1\n", "  replicas: 3\n");
    project.write("deploy/kubernetes/api.yaml", &edited);
    let go_mod = project.read("go.mod");
    project.replace_lines("go.mod", "go ", "go 1.26.0");
    assert_ne!(project.read("go.mod"), go_mod);
    let run = project.godock(&["regen"]).success();
    run.says("updated: Dockerfile");
    run.says("unchanged: deploy/kubernetes/api.yaml");
    assert!(project
        .read("deploy/kubernetes/api.yaml")
        .contains("  replicas: 3\n"));
    assert!(project.read("Dockerfile").contains("ARG GO_VERSION=1.26\n"));
    // A change the manifest shows (the registry) merges with the edit.
    let config = project
        .read("godock.toml")
        .replace("registry = \"\"", "registry = \"ghcr.io/example\"");
    project.write("godock.toml", &config);
    let run = project.godock(&["regen"]).success();
    run.says("updated: deploy/kubernetes/api.yaml (your edits kept)");
    let api = project.read("deploy/kubernetes/api.yaml");
    assert!(api.contains("  replicas: 3\n"), "{api}");
    assert!(api.contains("image: ghcr.io/example/multi-api\n"), "{api}");

    // Drop the outputs: the unedited files go, the edited one stays.
    project.replace_lines("godock.toml", "outputs = ", "outputs = []");
    project.godock(&["regen"]).success();
    assert!(!project.exists("docker-bake.hcl"));
    assert!(!project.exists("deploy/kubernetes/multi.yaml"));
    assert!(!project.exists("deploy/kubernetes/kustomization.yaml"));
    assert!(project
        .read("deploy/kubernetes/api.yaml")
        .contains("  replicas: 3\n"));
}

/// `docker buildx bake --print` of a target: its JSON definition.
fn bake_print(directory: &Path, targets: &[&str]) -> serde_json::Value {
    let output = Command::new("docker")
        .args(["buildx", "bake", "--print"])
        .args(targets)
        .current_dir(directory)
        .env("TAG", "v1.2.3")
        .output()
        .expect("docker buildx bake --print runs");
    assert!(
        output.status.success(),
        "docker buildx bake --print rejects docker-bake.hcl:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("bake prints JSON")
}

#[test]
fn bake_targets_every_binary() {
    let project = Project::example("multi");
    project
        .godock(&[
            "init",
            "--yes",
            "--registry",
            "ghcr.io/example",
            "--output",
            "bake",
        ])
        .success();
    insta::assert_snapshot!("multi__bake", project.read("docker-bake.hcl"));
    if required_tool("docker", "bake").is_none() {
        return;
    }
    let default = bake_print(project.path(), &[]);
    let targets = default["target"].as_object().unwrap();
    assert_eq!(targets.keys().collect::<Vec<_>>(), ["multi"]);
    assert_eq!(targets["multi"]["target"], "multi");
    assert_eq!(targets["multi"]["tags"][0], "ghcr.io/example/multi:v1.2.3");
    assert_eq!(targets["multi"]["args"]["VERSION"], "");

    let release = bake_print(project.path(), &["release"]);
    let targets = release["target"].as_object().unwrap();
    assert_eq!(targets.len(), 3, "{release:#}");
    let api = &targets["api-release"];
    assert_eq!(api["target"], "api");
    assert_eq!(api["tags"][0], "ghcr.io/example/multi-api:v1.2.3");
    assert_eq!(
        api["platforms"],
        serde_json::json!(["linux/amd64", "linux/arm64"])
    );
    assert!(
        api["attest"]
            .as_array()
            .is_some_and(|attest| attest.len() == 2),
        "{api:#}"
    );
}

/// A real `docker buildx bake` of the default group: bake 0.13 has no
/// `network` attribute in HCL or `--set`, and this engine's build steps need
/// the host network, so a compose-format file merged after docker-bake.hcl
/// sets it (bake reads compose's `build.network`); nothing else changes.
#[test]
fn bake_builds_the_default_target() {
    use crate::docker::{docker, docker_usable, run_id};
    if !docker_usable() {
        return;
    }
    let project = Project::example("healthserver");
    project
        .godock(&["init", "--yes", "--no-syntax", "--output", "bake"])
        .success();
    project.write(
        "network.yaml",
        "services:\n  healthserver:\n    build:\n      network: host\n",
    );
    let tag = format!("godock-test-bake-{}:dev", run_id());
    let set_tag = format!("healthserver.tags={tag}");
    let started = std::time::Instant::now();
    let (status, stdout, stderr) = docker(
        &[
            "buildx",
            "bake",
            "-f",
            "docker-bake.hcl",
            "-f",
            "network.yaml",
            "--set",
            &set_tag,
            "--progress",
            "plain",
        ],
        project.path(),
    );
    let elapsed = started.elapsed();
    let selftest = docker(&["run", "--rm", &tag, "selftest"], project.path());
    docker(&["image", "rm", "-f", &tag], project.path());
    assert!(status.success(), "docker buildx bake:\n{stdout}\n{stderr}");
    assert_eq!(selftest.1, "healthserver ok\n", "{}", selftest.2);
    eprintln!(
        "bake: default group built in {:.1} s",
        elapsed.as_secs_f64()
    );
}
