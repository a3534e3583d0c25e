//! The Docker tier: every example is built with every preset it can be built
//! with here, and the images are run. Each image's primary binary (and each
//! other binary, through its `--target`) must pass its selftest on a
//! read-only root file system; the image must run as the plan's numeric,
//! non-root user; presets without a shell must carry none; and build
//! arguments must reach the binary and the labels.
//!
//! Skipped, saying why, without a usable Docker engine; GODOCK_E2E=1 (CI)
//! makes that a failure. Builds need BuildKit and `--network=host` (the
//! offline engine has no bridge), and no `# syntax=` line (the built-in
//! frontend cannot fetch one), hence `godock init --no-syntax`.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{buildable_presets, required_tool, Example, Project, EXAMPLES};

/// The build arguments the version check passes, and what `hello version`
/// must then print.
const VERSION_ARGUMENTS: [&str; 6] = [
    "--build-arg",
    "VERSION=1.2.3",
    "--build-arg",
    "COMMIT=abc1234",
    "--build-arg",
    "BUILD_DATE=2024-01-01",
];
const VERSION_OUTPUT: &str = "hello 1.2.3 abc1234 2024-01-01\n";

#[test]
fn every_example_builds_and_runs_with_every_buildable_preset() {
    if !docker_usable() {
        return;
    }
    eprintln!(
        "docker tier: alpine is covered by hadolint and the snapshots only: \
         there is no offline Alpine image to build on"
    );
    let mut images = Images::default();
    let mut failures = Vec::new();
    let mut timings = Vec::new();
    let started = Instant::now();
    for example in &EXAMPLES {
        let default = default_preset(example);
        for preset in buildable_presets(example) {
            let case = Case {
                example,
                preset,
                default: *preset == default,
            };
            let case_started = Instant::now();
            let outcome = case.check(&mut images);
            let elapsed = case_started.elapsed();
            let verdict = if outcome.problems.is_empty() {
                "ok"
            } else {
                "FAILED"
            };
            eprintln!(
                "docker tier: {}/{preset}: {verdict}; build {}, everything {}",
                example.name,
                seconds(outcome.build),
                seconds(elapsed)
            );
            timings.push(format!("{}/{preset} {}", example.name, seconds(elapsed)));
            if !outcome.problems.is_empty() {
                failures.push(format!(
                    "=== {}/{preset}\n{}",
                    example.name,
                    outcome.problems.join("\n")
                ));
            }
        }
    }
    eprintln!(
        "docker tier: {} builds in {} ({})",
        timings.len(),
        seconds(started.elapsed()),
        timings.join(", ")
    );
    drop(images);
    assert!(
        failures.is_empty(),
        "{} of {} example/preset pairs fail the Docker tier:\n\n{}",
        failures.len(),
        timings.len(),
        failures.join("\n\n")
    );
}

/// One example built with one preset.
struct Case<'a> {
    example: &'a Example,
    preset: &'a str,
    /// Whether `preset` is the one godock picks for the example unasked.
    default: bool,
}

struct Outcome {
    /// How long the image's own build took.
    build: Duration,
    problems: Vec<String>,
}

impl Case<'_> {
    fn image(&self) -> String {
        format!("godock-test-{}-{}", self.example.name, self.preset)
    }

    /// The version check runs on hello built with its default preset.
    fn checks_version(&self) -> bool {
        self.example.name == "hello" && self.default
    }

    fn check(&self, images: &mut Images) -> Outcome {
        let mut outcome = Outcome {
            build: Duration::ZERO,
            problems: Vec::new(),
        };
        let project = Project::example(self.example.name);
        let run = project.godock(&["init", "--yes", "--no-syntax", "--preset", self.preset]);
        if run.code != 0 {
            outcome.problems.push(format!(
                "`godock init --yes --no-syntax --preset {}` exited {}\nstderr:\n{}",
                self.preset, run.code, run.stderr
            ));
            return outcome;
        }
        let plan = match Plan::read(&project, self.preset) {
            Ok(plan) => plan,
            Err(problem) => {
                outcome.problems.push(problem);
                return outcome;
            }
        };

        let image = self.image();
        let mut arguments = vec!["-t", image.as_str()];
        if self.checks_version() {
            arguments.extend(VERSION_ARGUMENTS);
        }
        let build_started = Instant::now();
        images.add(&image);
        let built = build(&arguments, project.path());
        outcome.build = build_started.elapsed();
        if let Err(log) = built {
            let dockerfile = project.read("Dockerfile");
            outcome.problems.push(format!(
                "`docker build` failed\n--- build log (tail)\n{log}\n--- Dockerfile\n{dockerfile}"
            ));
            return outcome;
        }
        let problems = &mut outcome.problems;

        // The primary, as a plain `docker build .` produces it.
        let (status, stdout, stderr) = run_image(&image, "selftest");
        let expected = format!("{} ok\n", plan.primary);
        if !status.success() || stdout != expected {
            problems.push(format!(
                "`docker run {image} selftest`: {}, stdout {stdout:?} (expected {expected:?})\nstderr:\n{stderr}",
                exit(status)
            ));
        }

        // Every binary, through its own stage.
        if plan.binaries.len() > 1 {
            for name in &plan.binaries {
                let target = format!("{image}-{name}");
                images.add(&target);
                if let Err(log) = build(&["--target", name, "-t", &target], project.path()) {
                    problems.push(format!("`docker build --target {name}` failed\n{log}"));
                    continue;
                }
                let (status, stdout, stderr) = run_image(&target, "selftest");
                let expected = format!("{name} ok\n");
                if !status.success() || stdout != expected {
                    problems.push(format!(
                        "`docker run {target} selftest`: {}, stdout {stdout:?} (expected {expected:?})\nstderr:\n{stderr}",
                        exit(status)
                    ));
                }
            }
        }

        // A numeric, non-root user, the one the plan names.
        let (status, stdout, stderr) = docker(
            &["inspect", "-f", "{{.Config.User}}", &image],
            project.path(),
        );
        let user = stdout.trim();
        if !status.success() {
            problems.push(format!(
                "`docker inspect {image}`: {}\n{stderr}",
                exit(status)
            ));
        } else if user != plan.user {
            problems.push(format!(
                "the image's user is {user:?}, the plan's {:?}",
                plan.user
            ));
        } else if !numeric_non_root(user) {
            problems.push(format!(
                "the image's user {user:?} is not a numeric non-root user"
            ));
        }

        // No shell unless the preset promises one (debug's is busybox, on PATH).
        let shell = if plan.shell { "sh" } else { "/bin/sh" };
        let (status, _, stderr) = docker(
            &[
                "run",
                "--rm",
                "--network=none",
                "--entrypoint",
                shell,
                &image,
                "-c",
                "true",
            ],
            project.path(),
        );
        match (plan.shell, status.code()) {
            (true, Some(0)) => {}
            (true, _) => problems.push(format!(
                "the plan says the image has a shell, but `sh -c true` {}\n{stderr}",
                exit(status)
            )),
            // 126 and 127: docker could not start /bin/sh in the container.
            (false, Some(126 | 127)) => {}
            (false, _) => problems.push(format!(
                "the image should have no /bin/sh, but `/bin/sh -c true` {} \
                 (expected 127, not found)\n{stderr}",
                exit(status)
            )),
        }

        if self.checks_version() {
            let (status, stdout, stderr) = run_image(&image, "version");
            if !status.success() || stdout != VERSION_OUTPUT {
                problems.push(format!(
                    "built with {}, `docker run {image} version`: {}, stdout {stdout:?} (expected {VERSION_OUTPUT:?})\n{stderr}",
                    VERSION_ARGUMENTS.join(" "),
                    exit(status)
                ));
            }
            let (_, label, _) = docker(
                &[
                    "inspect",
                    "-f",
                    r#"{{index .Config.Labels "org.opencontainers.image.version"}}"#,
                    &image,
                ],
                project.path(),
            );
            if label.trim() != "1.2.3" {
                problems.push(format!(
                    "built with VERSION=1.2.3, the label org.opencontainers.image.version is {:?}",
                    label.trim()
                ));
            }
        }
        outcome
    }
}

/// What the tier reads from `godock plan --json`.
struct Plan {
    binaries: Vec<String>,
    primary: String,
    user: String,
    shell: bool,
}

impl Plan {
    fn read(project: &Project, preset: &str) -> Result<Plan, String> {
        let run = project.godock(&["plan", "--json", "--preset", preset]);
        if run.code != 0 {
            return Err(format!(
                "`godock plan --json --preset {preset}` exited {}\n{}",
                run.code, run.stderr
            ));
        }
        let json: Value = serde_json::from_str(&run.stdout).map_err(|error| {
            format!("`godock plan --json` is not JSON: {error}\n{}", run.stdout)
        })?;
        let text = |value: &Value| value.as_str().map(str::to_string);
        let plan = (|| {
            Some(Plan {
                binaries: json["binaries"]
                    .as_array()?
                    .iter()
                    .map(|binary| text(&binary["name"]))
                    .collect::<Option<_>>()?,
                primary: text(&json["primary"])?,
                user: text(&json["runtime"]["user"])?,
                shell: json["runtime"]["shell"].as_bool()?,
            })
        })();
        plan.ok_or_else(|| {
            format!(
                "`godock plan --json` lacks binaries[].name, primary, runtime.user or runtime.shell:\n{}",
                run.stdout
            )
        })
    }
}

/// The preset godock picks for an example when none is named.
fn default_preset(example: &Example) -> String {
    let run = Project::example(example.name)
        .godock(&["plan", "--json"])
        .success();
    let json: Value = serde_json::from_str(&run.stdout).expect("`godock plan --json` prints JSON");
    json["preset"]["name"]
        .as_str()
        .expect("the plan names its preset")
        .to_string()
}

/// "65532:65532" or "65532": numbers, and the user is not root.
fn numeric_non_root(user: &str) -> bool {
    let numeric = !user.is_empty()
        && user
            .split(':')
            .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()));
    numeric
        && user
            .split(':')
            .next()
            .and_then(|uid| uid.parse::<u32>().ok())
            != Some(0)
}

/// Debian's client when it is there: it drives the engine's built-in BuildKit.
fn program() -> PathBuf {
    let debian = Path::new("/usr/bin/docker");
    if debian.is_file() {
        debian.to_path_buf()
    } else {
        PathBuf::from("docker")
    }
}

/// Runs docker with `arguments` in `directory`; returns its status, stdout
/// and stderr.
fn docker(arguments: &[&str], directory: &Path) -> (ExitStatus, String, String) {
    let output = Command::new(program())
        .args(arguments)
        .current_dir(directory)
        .env("DOCKER_BUILDKIT", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("running {}: {error}", program().display()));
    (
        output.status,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `docker run --rm --read-only --network=none IMAGE ARGUMENT`.
fn run_image(image: &str, argument: &str) -> (ExitStatus, String, String) {
    docker(
        &[
            "run",
            "--rm",
            "--read-only",
            "--network=none",
            image,
            argument,
        ],
        Path::new("."),
    )
}

/// `docker build --network=host … .`; on failure, the tail of the build log.
fn build(arguments: &[&str], directory: &Path) -> Result<(), String> {
    let mut all = vec!["build", "--network=host", "--progress=plain"];
    all.extend_from_slice(arguments);
    all.push(".");
    let (status, stdout, stderr) = docker(&all, directory);
    if status.success() {
        return Ok(());
    }
    Err(format!(
        "{}\n{}{}",
        exit(status),
        tail(&stdout, 10),
        tail(&stderr, 40)
    ))
}

/// Whether the tier can run: docker installed and its engine answering.
fn docker_usable() -> bool {
    if required_tool("docker", "Docker").is_none() {
        return false;
    }
    let (status, stdout, stderr) = docker(&["info"], Path::new("."));
    if status.success() {
        return true;
    }
    // `docker info` prints the engine's error among its report, on stdout.
    let errors: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .map(str::trim)
        .filter(|line| line.contains("rror") || line.contains("Cannot connect"))
        .collect();
    let reason = format!(
        "`{} info` {}: {}",
        program().display(),
        exit(status),
        errors.join("; ")
    );
    if std::env::var_os("GODOCK_E2E").is_some_and(|value| value == "1") {
        panic!("GODOCK_E2E=1 but the Docker engine is not usable, so the Docker tier cannot be skipped: {reason}");
    }
    eprintln!("skipping the Docker tier: {reason} (set GODOCK_E2E=1 to make this a failure)");
    false
}

/// The images the tier built, removed when it ends, even by a panic.
#[derive(Default)]
struct Images(Vec<String>);

impl Images {
    fn add(&mut self, image: &str) {
        self.0.push(image.to_string());
    }
}

impl Drop for Images {
    fn drop(&mut self) {
        if self.0.is_empty() {
            return;
        }
        let mut arguments = vec!["rmi", "-f"];
        arguments.extend(self.0.iter().map(String::as_str));
        // Best effort: an image whose build failed does not exist.
        let _ = docker(&arguments, Path::new("."));
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    all[start..]
        .iter()
        .map(|line| format!("{line}\n"))
        .collect()
}

fn exit(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exited {code}"),
        None => "was killed by a signal".to_string(),
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}
