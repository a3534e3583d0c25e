//! How the images run once built: which binaries are services, the port and
//! health endpoints each is probed on, the resources a cluster gives them
//! (and the GOMEMLIMIT that follows), and the numeric user they run as —
//! for the kubernetes, compose and bake outputs and the workflow.
//!
//! Pure and serialisable like the rest of the plan: no YAML or HCL here (the
//! templates lay these values out), no file read.
use std::collections::BTreeMap;

use serde::Serialize;

use super::{Binary, RuntimePlan};
use crate::plan::go_runtime::{gomemlimit, LimitSyntax};
use crate::scan::Facts;

/// Where the kubernetes output writes its manifests, relative to the context.
pub const KUBERNETES_DIRECTORY: &str = "deploy/kubernetes";

/// The Go source of godock's health probe, relative to the context: a
/// directory Go's `./...` patterns and godock's scan skip (it starts with
/// `.`), so the probe is never taken for one of the project's programs.
pub const PROBE_SOURCE: &str = ".godock/healthcheck/main.go";
/// Where images carry the probe, unless a binary of the project takes the name.
const PROBE_PATH: &str = "/usr/local/bin/healthcheck";
const PROBE_PATH_ASIDE: &str = "/usr/local/bin/godock-healthcheck";

/// The resources each Deployment asks for: defaults for a small Go service,
/// which the manifests say the user is expected to edit.
const CPU_REQUEST: &str = "100m";
const MEMORY_REQUEST: &str = "64Mi";
const CPU_LIMIT: &str = "500m";
const MEMORY_LIMIT: &str = "256Mi";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeployPlan {
    /// The binaries that run as services: every one that listens on a port,
    /// and the primary one.
    pub services: Vec<Service>,
    /// Binaries that are not services (no port, not the primary): tools and
    /// jobs, left out of the manifests.
    pub tools: Vec<String>,
    pub resources: Resources,
    /// Go's soft memory limit, about 90% of the memory limit, in Go's units.
    pub gomemlimit: String,
    /// The runtime user's numeric IDs, for `runAsUser`/`runAsGroup`.
    pub uid: u32,
    pub gid: u32,
    pub kubernetes_directory: &'static str,
    pub workflow: Workflow,
    /// Each binary's container health check, by binary name: the image's
    /// HEALTHCHECK and compose's `healthcheck` lay out the same one.
    pub healthchecks: BTreeMap<String, HealthCheck>,
    /// godock's probe, when a health check runs it: the Go file it is built
    /// from and where the images carry it.
    pub probe: Option<HealthProbe>,
}

/// godock's static HTTP probe (GET a URL, exit 0 on a 2xx answer), for
/// images without a shell, curl or wget.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HealthProbe {
    /// The Go file, relative to the context, that godock writes.
    pub source: &'static str,
    /// The Dockerfile stage that builds it: `healthcheck`, unless a
    /// binary's stage takes the name.
    pub stage: &'static str,
    /// Where the images carry the probe.
    pub path: &'static str,
}

/// How a container tells it is healthy, or why it cannot.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HealthCheck {
    /// The exec-form command, `None` when there is no health check.
    pub command: Option<Vec<String>>,
    /// Whether the command is godock's probe, copied into the image.
    pub probe: bool,
    /// What the check does, or why there is none, in words.
    pub why: String,
}

/// What the GitHub Actions workflow needs beyond the binaries.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Workflow {
    /// The host to log in to: the plan's registry's, or GitHub's container
    /// registry when the plan names none (then the images go under the
    /// repository's owner there).
    pub login_host: String,
    /// Whether that is GitHub's container registry, where the workflow's own
    /// token may push; elsewhere the login reads REGISTRY_USERNAME and
    /// REGISTRY_PASSWORD secrets.
    pub github_token: bool,
    /// Whether the build runs foreign platforms under QEMU: cgo builds run
    /// natively on each target platform; static ones cross-compile.
    pub emulation: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Resources {
    pub cpu_request: &'static str,
    pub memory_request: &'static str,
    pub cpu_limit: &'static str,
    pub memory_limit: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Service {
    /// The binary, its Dockerfile stage and compose service.
    pub binary: String,
    /// Its name as a Kubernetes object (a DNS label).
    pub kubernetes_name: String,
    /// The image, without a tag: the primary's is the plan's image, the
    /// others' carry their binary's name (as `make docker-build` tags them).
    pub image: String,
    pub port: Option<u16>,
    /// The port compose publishes it on: its own, unless another service
    /// took it first (then the next free one).
    pub host_port: Option<u16>,
    /// How the orchestrator checks it; `None` without a port.
    pub probe: Option<Probe>,
    /// A port below 1024: the unprivileged user can bind it only when the
    /// pod lowers `net.ipv4.ip_unprivileged_port_start` to it (adding
    /// NET_BIND_SERVICE does nothing for a non-root process that cannot
    /// escalate privileges).
    pub unprivileged_port_start: Option<u16>,
    pub primary: bool,
}

/// HTTP probes on health endpoints the scan found, else a TCP probe on the
/// port (both paths `None`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Probe {
    pub liveness_path: Option<String>,
    pub readiness_path: Option<String>,
    /// The one path the image's HEALTHCHECK and compose's health check GET.
    pub health_path: Option<String>,
}

/// What to deploy, from the binaries, the primary's port and the scan.
pub(super) fn plan(
    facts: &Facts,
    binaries: &[Binary],
    primary_port: Option<u16>,
    image_ref: &str,
    runtime: &RuntimePlan,
    registry: &str,
    emulation: bool,
) -> DeployPlan {
    let uid = numeric_id(&runtime.uid);
    let gid = numeric_id(&runtime.gid);
    let mut services = Vec::new();
    let mut tools = Vec::new();
    // kustomization.yaml sits beside the manifests, named by service.
    let mut taken: Vec<String> = vec!["kustomization".to_string()];
    for binary in binaries {
        let port = if binary.primary {
            primary_port
        } else {
            facts
                .ports
                .get(&binary.package)
                .and_then(|ports| ports.first().copied())
        };
        if port.is_none() && !binary.primary {
            tools.push(binary.name.clone());
            continue;
        }
        let endpoints = facts
            .health_endpoints
            .get(&binary.package)
            .map_or(&[][..], Vec::as_slice);
        let mut kubernetes_name = dns_label(&binary.name);
        let base = kubernetes_name.clone();
        let mut counter = 2;
        while taken.contains(&kubernetes_name) {
            kubernetes_name = format!("{base}-{counter}");
            counter += 1;
        }
        taken.push(kubernetes_name.clone());
        services.push(Service {
            binary: binary.name.clone(),
            kubernetes_name,
            image: if binary.primary {
                image_ref.to_string()
            } else {
                format!("{image_ref}-{}", binary.name)
            },
            port,
            host_port: None,
            probe: port.map(|_| probe(endpoints)),
            unprivileged_port_start: port.filter(|port| *port < 1024 && uid != 0),
            primary: binary.primary,
        });
    }
    // The primary first: it is what the files describe first.
    services.sort_by_key(|service| !service.primary);
    let mut published: Vec<u16> = Vec::new();
    for service in &mut services {
        let Some(mut port) = service.port else {
            continue;
        };
        while published.contains(&port) && port < u16::MAX {
            port += 1;
        }
        published.push(port);
        service.host_port = Some(port);
    }
    let probe_path = if binaries.iter().any(|binary| binary.path == PROBE_PATH) {
        PROBE_PATH_ASIDE
    } else {
        PROBE_PATH
    };
    let healthchecks: BTreeMap<String, HealthCheck> = binaries
        .iter()
        .map(|binary| {
            let service = services
                .iter()
                .find(|service| service.binary == binary.name);
            let commands = facts
                .health_commands
                .get(&binary.package)
                .map_or(&[][..], Vec::as_slice);
            (
                binary.name.clone(),
                healthcheck(binary, service, commands, probe_path),
            )
        })
        .collect();
    let probe = healthchecks
        .values()
        .any(|check| check.probe)
        .then_some(HealthProbe {
            source: PROBE_SOURCE,
            stage: if binaries.iter().any(|binary| binary.name == "healthcheck") {
                "godock-healthcheck"
            } else {
                "healthcheck"
            },
            path: probe_path,
        });
    DeployPlan {
        services,
        tools,
        resources: Resources {
            cpu_request: CPU_REQUEST,
            memory_request: MEMORY_REQUEST,
            cpu_limit: CPU_LIMIT,
            memory_limit: MEMORY_LIMIT,
        },
        gomemlimit: gomemlimit(MEMORY_LIMIT, LimitSyntax::Kubernetes)
            .expect("the default memory limit is a Kubernetes quantity"),
        uid,
        gid,
        kubernetes_directory: KUBERNETES_DIRECTORY,
        workflow: workflow(registry, emulation),
        healthchecks,
        probe,
    }
}

/// A binary's health check: its own health command when it has one (it
/// knows best what healthy means), else godock's probe on the health
/// endpoint it serves, else none, and why.
fn healthcheck(
    binary: &Binary,
    service: Option<&Service>,
    commands: &[Vec<String>],
    probe_path: &str,
) -> HealthCheck {
    if let Some(arguments) = commands.first() {
        let mut command = vec![binary.path.clone()];
        command.extend(arguments.iter().cloned());
        return HealthCheck {
            why: format!(
                "the program checks its own health (`{} {}`)",
                binary.name,
                arguments.join(" ")
            ),
            command: Some(command),
            probe: false,
        };
    }
    let Some(service) = service else {
        return HealthCheck {
            command: None,
            probe: false,
            why: "not a service (no port): nothing to probe".to_string(),
        };
    };
    let endpoint = service.port.zip(
        service
            .probe
            .as_ref()
            .and_then(|probe| probe.health_path.clone()),
    );
    match endpoint {
        Some((port, path)) => HealthCheck {
            command: Some(vec![
                probe_path.to_string(),
                format!("http://127.0.0.1:{port}{path}"),
            ]),
            probe: true,
            why: format!(
                "godock's probe GETs {path} on port {port} (it needs no shell, curl or wget in the image)"
            ),
        },
        None if service.port.is_none() => HealthCheck {
            command: None,
            probe: false,
            why: "the program listens on no port godock found, and has no health command"
                .to_string(),
        },
        None => HealthCheck {
            command: None,
            probe: false,
            why: format!(
                "the program serves none of {} and has no health command; an open port does not say it is healthy",
                crate::go::source::HEALTH_PATHS.join(" ")
            ),
        },
    }
}

fn workflow(registry: &str, emulation: bool) -> Workflow {
    // GitHub's container registry (data/registries.toml) when the plan names
    // none: the workflow logs in there with its own token.
    let github = crate::knowledge::registries::Registries::embedded()
        .github
        .domain
        .as_str();
    let host = registry.split('/').next().unwrap_or_default();
    let login_host = if host.is_empty() { github } else { host };
    Workflow {
        login_host: login_host.to_string(),
        github_token: login_host == github,
        emulation,
    }
}

/// Liveness prefers `/livez`, readiness `/readyz`; either falls back to the
/// general endpoints in the order `/healthz`, `/health`, `/ping`.
fn probe(endpoints: &[String]) -> Probe {
    let pick = |preferred: &str| {
        [preferred, "/healthz", "/health", "/ping"]
            .into_iter()
            .find(|path| endpoints.iter().any(|found| found == path))
            .map(str::to_string)
    };
    Probe {
        liveness_path: pick("/livez"),
        readiness_path: pick("/readyz"),
        health_path: pick("/healthz").or_else(|| pick("/livez")),
    }
}

/// A user or group ID as the preset writes it. Presets are checked to name
/// numeric IDs (a name cannot be verified by `runAsNonRoot`); a name falls
/// back to 65532, the distroless `nonroot` user.
fn numeric_id(id: &str) -> u32 {
    id.parse().unwrap_or(65532)
}

/// A Kubernetes object name (RFC 1123 label) for a binary's name, which is
/// already lowercase letters, digits, `-`, `_` and `.`.
fn dns_label(name: &str) -> String {
    let label: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(63)
        .collect();
    let label = label.trim_matches('-');
    if label.is_empty() {
        "app".to_string()
    } else {
        label.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_prefer_the_specific_endpoints() {
        let paths = |list: &[&str]| list.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let both = probe(&paths(&["/healthz", "/readyz"]));
        assert_eq!(both.liveness_path.as_deref(), Some("/healthz"));
        assert_eq!(both.readiness_path.as_deref(), Some("/readyz"));
        assert_eq!(both.health_path.as_deref(), Some("/healthz"));
        let ping = probe(&paths(&["/ping"]));
        assert_eq!(ping.liveness_path.as_deref(), Some("/ping"));
        assert_eq!(ping.readiness_path.as_deref(), Some("/ping"));
        let none = probe(&[]);
        assert_eq!(none.liveness_path, None);
        assert_eq!(none.health_path, None);
    }

    fn binary(name: &str) -> Binary {
        Binary {
            name: name.to_string(),
            package: ".".to_string(),
            path: format!("/usr/local/bin/{name}"),
            primary: true,
            version_variables: Vec::new(),
            unstamped: Vec::new(),
            extra_ldflags: None,
            stage_key: name.to_string(),
        }
    }

    fn service(port: Option<u16>, endpoints: &[&str]) -> Service {
        let endpoints: Vec<String> = endpoints.iter().map(|p| p.to_string()).collect();
        Service {
            binary: "api".to_string(),
            kubernetes_name: "api".to_string(),
            image: "api".to_string(),
            port,
            host_port: port,
            probe: port.map(|_| probe(&endpoints)),
            unprivileged_port_start: None,
            primary: true,
        }
    }

    #[test]
    fn the_programs_own_health_command_comes_before_the_probe() {
        let api = binary("api");
        let own = vec![vec!["--healthcheck".to_string()]];
        let served = service(Some(8080), &["/healthz"]);
        let check = healthcheck(&api, Some(&served), &own, PROBE_PATH);
        assert_eq!(
            check.command,
            Some(vec![
                "/usr/local/bin/api".to_string(),
                "--healthcheck".to_string()
            ])
        );
        assert!(!check.probe);
        let check = healthcheck(&api, Some(&served), &[], PROBE_PATH);
        assert_eq!(
            check.command,
            Some(vec![
                PROBE_PATH.to_string(),
                "http://127.0.0.1:8080/healthz".to_string()
            ])
        );
        assert!(check.probe);
    }

    #[test]
    fn no_health_check_without_an_endpoint_or_a_command_says_why() {
        let api = binary("api");
        let bare = healthcheck(&api, Some(&service(Some(8080), &[])), &[], PROBE_PATH);
        assert_eq!(bare.command, None);
        assert!(bare.why.contains("serves none of"), "{}", bare.why);
        let portless = healthcheck(&api, Some(&service(None, &[])), &[], PROBE_PATH);
        assert!(portless.why.contains("no port"), "{}", portless.why);
        let tool = healthcheck(&api, None, &[], PROBE_PATH);
        assert!(tool.why.contains("not a service"), "{}", tool.why);
    }

    #[test]
    fn names_become_dns_labels() {
        assert_eq!(dns_label("api"), "api");
        assert_eq!(dns_label("my_app.v2"), "my-app-v2");
        assert_eq!(dns_label("x-"), "x");
        assert_eq!(dns_label(&"a".repeat(80)).len(), 63);
    }

    #[test]
    fn the_default_memory_limit_gives_go_ninety_percent() {
        assert_eq!(
            gomemlimit(MEMORY_LIMIT, LimitSyntax::Kubernetes).unwrap(),
            "230MiB"
        );
    }
}
