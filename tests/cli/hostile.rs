//! The hostile-input tier: names and values a cloned repository or a config
//! can hold, tried as classes rather than one payload each. Every row puts
//! each payload where the repository controls a value (a package directory,
//! a workspace `use` path, a replace target, the module's directory, an
//! embed pattern, the checkout's own directory, a preset file, a setting)
//! and runs scan → plan → render → write through the real binary, then
//! `make -n`, `make help` and `make -n build` on what was written.
//!
//! A row holds when: godock exits 0 or 2; exit 2 writes nothing and says one
//! `error:` line; no command of a payload ran (no file named [`SENTINEL`]
//! appears in the repository, beside it or in the home directory the test
//! gives); and nothing outside the repository changed.
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Project, Run};

/// What every payload tries to create.
const SENTINEL: &str = "PWNED";

/// Each one a way a name has broken out of its place in some format.
const PAYLOADS: [&str; 16] = [
    "x`touch PWNED`",
    "x;touch PWNED",
    "x$(touch PWNED)",
    "x${HOME}",
    "x\nRUN touch PWNED",
    "x\n$(shell touch PWNED)",
    "$(shell touch PWNED)",
    "a b",
    "it's",
    "say \"hi\"",
    "back\\slash",
    "a,target=etc",
    "#x",
    "x|touch PWNED",
    "héllo",
    "x&&touch PWNED",
];

const MAIN: &str = "package main\n\nfunc main() {}\n";

/// A repository at `repo/` inside a scratch directory that also holds a
/// sibling project and the home directory every command gets.
struct Scene {
    project: Project,
    repo: PathBuf,
}

impl Scene {
    fn new(repo_name: &str) -> Scene {
        let project = Project::empty()
            .file("sibling/keep.txt", "a neighbour's file\n")
            .file("home/.profile", "# home\n")
            // The Makefile's `$(shell go env …)` runs Go, whose telemetry
            // (on by default, "local") would count into the home directory:
            // off, as `go telemetry off` leaves it, so the home stays as it was.
            .file("home/.config/go/telemetry/mode", "off 2026-11-29");
        let repo = project.path().join(repo_name);
        std::fs::create_dir_all(&repo).unwrap();
        Scene { project, repo }
    }

    fn file(self, path: &str, content: &str) -> Scene {
        let target = self.repo.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
        self
    }

    fn home(&self) -> PathBuf {
        self.project.path().join("home")
    }

    fn godock(&self, environment: &[(&str, &str)], arguments: &[&str]) -> Run {
        let output = self
            .project
            .command(arguments)
            .current_dir(&self.repo)
            .env("HOME", self.home())
            .envs(environment.iter().copied())
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("godock runs");
        self.project.run_of(&output)
    }

    /// Every file outside the repository.
    fn outside(&self) -> Vec<(String, Vec<u8>)> {
        let repo = self.repo.strip_prefix(self.project.path()).unwrap();
        self.project
            .listing()
            .into_iter()
            .filter(|(path, _)| !Path::new(path).starts_with(repo))
            .collect()
    }

    fn make(&self, arguments: &[&str]) {
        let output = Command::new("make")
            .args(arguments)
            .current_dir(&self.repo)
            .env("HOME", self.home())
            .envs(go_caches())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .expect("make runs");
        // `make -n` may fail (no go.sum, no docker): what matters is what
        // it ran, which the sentinel shows.
        let _ = output;
    }

    fn assert_no_sentinel(&self, what: &str) {
        let found: Vec<String> = self
            .project
            .listing()
            .into_iter()
            .map(|(path, _)| path)
            .filter(|path| path.ends_with(SENTINEL))
            .collect();
        assert!(found.is_empty(), "{what}: a payload ran: {found:?}");
    }
}

/// The go command's caches as they are outside the test, so that a build
/// under the test's home directory does not start cold.
fn go_caches() -> Vec<(String, String)> {
    ["GOCACHE", "GOMODCACHE"]
        .iter()
        .filter_map(|name| {
            let output = Command::new("go").args(["env", name]).output().ok()?;
            let value = String::from_utf8(output.stdout).ok()?.trim().to_string();
            (!value.is_empty()).then(|| (name.to_string(), value))
        })
        .collect()
}

/// Runs `godock init --yes` in the scene and checks the row's promises.
#[track_caller]
fn holds(scene: &Scene, what: &str, arguments: &[&str], environment: &[(&str, &str)]) -> Run {
    let repo_before = scene.project.listing();
    let outside_before = scene.outside();
    let mut all = vec!["init", "--yes"];
    all.extend_from_slice(arguments);
    let run = scene.godock(environment, &all);
    assert!(
        !run.stderr.contains("panicked"),
        "{what}: godock panicked\n{}",
        run.stderr
    );
    match run.code {
        0 => {
            let dockerfile = std::fs::read_to_string(scene.repo.join("Dockerfile")).unwrap();
            let shape = instructions(&dockerfile);
            assert!(
                !shape.iter().any(|word| word == "RUN" || word == "USER")
                    || shape.iter().filter(|word| *word == "USER").count() == 1,
                "{what}: {shape:?}"
            );
            assert!(
                !dockerfile
                    .lines()
                    .any(|line| line.trim_start().starts_with("RUN touch")
                        || line.trim_start().starts_with("$(shell")),
                "{what}: a payload became an instruction:\n{dockerfile}"
            );
            let makefile = std::fs::read_to_string(scene.repo.join("Makefile")).unwrap();
            assert!(
                !makefile.lines().any(|line| line.starts_with("$(shell")),
                "{what}: a payload became a Makefile line:\n{makefile}"
            );
            for make in [
                &["-n"][..],
                &["help"],
                &["-n", "build"],
                &["-n", "docker-build"],
            ] {
                scene.make(make);
            }
        }
        2 => {
            assert_eq!(
                scene.project.listing(),
                repo_before,
                "{what}: a refused run wrote something\n{}",
                run.stderr
            );
            let errors = run
                .stderr
                .lines()
                .filter(|line| line.starts_with("error:"))
                .count();
            assert_eq!(errors, 1, "{what}: one error line\n{}", run.stderr);
        }
        code => panic!("{what}: exit {code}\n{}", run.stderr),
    }
    scene.assert_no_sentinel(what);
    assert_eq!(
        scene.outside(),
        outside_before,
        "{what}: a file outside the repository changed"
    );
    run
}

/// The instructions of a Dockerfile, in order (continuations joined,
/// comments left out): a payload that adds one shows here.
fn instructions(dockerfile: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut continued = false;
    for line in dockerfile.lines() {
        let trimmed = line.trim_start();
        if !continued && !trimmed.is_empty() && !trimmed.starts_with('#') {
            words.push(
                trimmed
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        if !(trimmed.starts_with('#') && continued) {
            continued = trimmed.ends_with('\\');
        }
    }
    words
}

/// A path element the file system can hold: `/` cannot be in a name.
fn name(payload: &str) -> String {
    payload.replace('/', "_")
}

/// A Go string literal, for go.mod and go.work (which take quoted paths).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn a_package_directory_go_refuses_is_reported_not_rendered() {
    for payload in PAYLOADS {
        let directory = format!("cmd/{}", name(payload));
        let scene = Scene::new("repo")
            .file("go.mod", "module example.com/hostile\n\ngo 1.22\n")
            .file("cmd/ok/main.go", MAIN)
            .file(&format!("{directory}/main.go"), MAIN);
        let run = holds(&scene, &directory, &[], &[]).code(0);
        run.says("the go command refuses this directory");
        let dockerfile = std::fs::read_to_string(scene.repo.join("Dockerfile")).unwrap();
        assert!(dockerfile.contains("./cmd/ok"), "{dockerfile}");
        assert!(
            !dockerfile.contains(&directory),
            "{payload:?}: {dockerfile}"
        );
    }
}

#[test]
fn workspace_use_paths_mean_themselves_or_are_refused() {
    for payload in PAYLOADS {
        let directory = name(payload);
        let scene = Scene::new("repo")
            .file(
                "go.work",
                &format!(
                    "go 1.22\n\nuse (\n\t./api\n\t{}\n)\n",
                    quoted(&format!("./{directory}"))
                ),
            )
            .file("api/go.mod", "module example.com/api\n\ngo 1.22\n")
            .file("api/main.go", MAIN)
            .file(
                &format!("{directory}/go.mod"),
                "module example.com/lib\n\ngo 1.22\n",
            )
            .file(&format!("{directory}/lib.go"), "package lib\n");
        holds(&scene, &format!("use {payload:?}"), &[], &[]);
    }
}

#[test]
fn replace_targets_mean_themselves_or_are_refused() {
    for payload in PAYLOADS {
        let directory = name(payload);
        let scene = Scene::new("repo")
            .file(
                "go.mod",
                &format!(
                    "module example.com/hostile\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => {}\n",
                    quoted(&format!("./{directory}"))
                ),
            )
            .file("main.go", MAIN)
            .file(
                &format!("{directory}/go.mod"),
                "module example.com/lib\n\ngo 1.22\n",
            )
            .file(&format!("{directory}/lib.go"), "package lib\n");
        holds(&scene, &format!("replace => {payload:?}"), &[], &[]);
    }
}

#[test]
fn a_module_below_a_hostile_directory_means_itself_or_is_refused() {
    for payload in PAYLOADS {
        let directory = name(payload);
        let scene = Scene::new("repo")
            .file(
                &format!("{directory}/go.mod"),
                "module example.com/hostile\n\ngo 1.22\n",
            )
            .file(&format!("{directory}/main.go"), MAIN)
            .file(
                "go.work",
                &format!("go 1.22\n\nuse {}\n", quoted(&format!("./{directory}"))),
            );
        holds(&scene, &format!("module in {payload:?}"), &[], &[]);
    }
}

#[test]
fn embed_patterns_mean_themselves_or_are_refused() {
    for payload in PAYLOADS {
        let pattern = format!("static/{}", name(payload));
        let source = format!(
            "package main\n\nimport _ \"embed\"\n\n//go:embed {}\nvar page string\n\nfunc main() {{ _ = page }}\n",
            quoted(&pattern)
        );
        let scene = Scene::new("repo")
            .file("go.mod", "module example.com/hostile\n\ngo 1.22\n")
            .file("main.go", &source)
            .file("static/index.html", "<p>hi</p>\n");
        let run = holds(&scene, &format!("embed {payload:?}"), &[], &[]);
        if run.code == 0 {
            let ignore = std::fs::read_to_string(scene.repo.join(".dockerignore")).unwrap();
            assert!(
                !ignore
                    .lines()
                    .any(|line| line.trim() == "!**" || line.trim() == "!*"),
                "{payload:?}: {ignore}"
            );
        }
    }
}

/// The checkout's own directory is named by whoever cloned it, or by the
/// archive it came from: the Makefile must not paste it into a recipe.
#[test]
fn a_checkout_in_a_hostile_directory_runs_nothing() {
    for payload in PAYLOADS.iter().filter(|payload| !payload.contains('\n')) {
        let scene = Scene::new(&name(payload))
            .file("go.work", "go 1.22\n\nuse ./svc\n")
            .file("svc/go.mod", "module example.com/svc\n\ngo 1.22\n")
            .file("svc/cmd/api/main.go", MAIN);
        holds(&scene, &format!("checkout in {payload:?}"), &[], &[]).code(0);
        scene.make(&["build"]);
        scene.assert_no_sentinel(&format!("make build in {payload:?}"));
        assert!(
            scene.repo.join("bin/api").is_file(),
            "{payload:?}: make build puts the binary in bin/"
        );
    }
}

/// Settings are refused at their source, naming it, whichever it is.
#[test]
fn hostile_settings_are_refused_naming_their_source() {
    let values = [
        ("registry", "--registry", "GODOCK_REGISTRY"),
        ("image", "--image", "GODOCK_IMAGE"),
        ("platforms", "--platform", "GODOCK_PLATFORMS"),
    ];
    for payload in PAYLOADS {
        for (key, flag, variable) in values {
            let scene = Scene::new("repo")
                .file("go.mod", "module example.com/hostile\n\ngo 1.22\n")
                .file("main.go", MAIN);
            let what = format!("{flag} {payload:?}");
            holds(&scene, &what, &[flag, payload], &[])
                .code(2)
                .says(flag);
            holds(&scene, &what, &[], &[(variable, payload)])
                .code(2)
                .says(variable);
            let toml = if key == "platforms" {
                format!("{key} = [{}]\n", quoted(payload))
            } else {
                format!("{key} = {}\n", quoted(payload))
            };
            let scene = scene.file("godock.toml", &toml);
            holds(&scene, &what, &[], &[]).code(2).says("godock.toml");
        }
    }
}

/// A preset file's strings reach the Dockerfile: each is checked for what
/// it stands for.
#[test]
fn a_hostile_preset_file_is_refused() {
    let base = include_str!("../../presets/distroless.toml");
    for payload in PAYLOADS {
        for (from, field) in [
            ("summary = \"", "summary"),
            ("image = \"gcr.io", "runtime.image"),
        ] {
            let text = base.replacen(
                from,
                &format!(
                    "{from}{}",
                    payload
                        .replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace('\n', "\\n")
                ),
                1,
            );
            let scene = Scene::new("repo")
                .file("go.mod", "module example.com/hostile\n\ngo 1.22\n")
                .file("main.go", MAIN)
                .file("evil.toml", &text);
            let run = holds(
                &scene,
                &format!("{field} {payload:?}"),
                &["--preset", "./evil.toml"],
                &[],
            );
            if run.code == 0 {
                let dockerfile = std::fs::read_to_string(scene.repo.join("Dockerfile")).unwrap();
                let users = dockerfile
                    .lines()
                    .filter(|line| line.starts_with("USER "))
                    .count();
                assert_eq!(users, 1, "{field} {payload:?}: {dockerfile}");
            }
        }
    }
}
