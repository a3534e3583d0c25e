//! A project in a temporary directory and a way to run godock in it.
#![allow(dead_code)]
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// An example project under examples/, with what the Docker tier checks.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub name: &'static str,
    /// Whether the program needs cgo (so static presets refuse it, or build
    /// its pure-Go fallback when every cgo package has one).
    pub cgo: bool,
    /// Whether its module lies at its root (no go.work, no module below):
    /// the Docker tier builds those; workspace.rs builds the others.
    pub single_module: bool,
}

/// Every example under examples/, by name, found by listing the directory:
/// a new example needs no list edited. Whether it needs cgo is what `godock
/// scan` finds (which its facts snapshot pins).
pub static ALL_EXAMPLES: LazyLock<Vec<Example>> = LazyLock::new(|| {
    let mut names: Vec<String> = std::fs::read_dir(repository().join("examples"))
        .expect("examples/ exists")
        .map(|entry| entry.expect("examples/ can be listed"))
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.file_name().into_string().expect("a UTF-8 name"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let root = repository().join("examples").join(&name);
            let single_module = root.join("go.mod").is_file() && !root.join("go.work").is_file();
            let project = Project::example(&name);
            let facts = project.godock(&["scan", "--json"]).success();
            let facts: serde_json::Value =
                serde_json::from_str(&facts.stdout).expect("scan --json prints JSON");
            Example {
                cgo: facts["cgo_mains"]
                    .as_array()
                    .is_some_and(|mains| !mains.is_empty()),
                name: Box::leak(name.into_boxed_str()),
                single_module,
            }
        })
        .collect()
});

/// The examples the Docker tier builds: those with a single module at their
/// root.
pub static EXAMPLES: LazyLock<Vec<Example>> = LazyLock::new(|| {
    ALL_EXAMPLES
        .iter()
        .filter(|example| example.single_module)
        .map(|example| Example { ..*example })
        .collect()
});

/// The example called `name`.
pub fn example(name: &str) -> &'static Example {
    ALL_EXAMPLES
        .iter()
        .find(|example| example.name == name)
        .unwrap_or_else(|| panic!("no example {name} under examples/"))
}

/// An example that godock cannot yet build, and the open issue that will
/// fix it. The Docker tier asserts that its build still fails, and with
/// `says` in the build log (so that it fails for the known reason, not
/// another); once it builds, the tier fails until the entry goes.
pub struct KnownFailure {
    pub example: &'static str,
    pub issue: u32,
    pub why: &'static str,
    pub says: &'static str,
}

/// The examples the Docker tier expects to fail, with why. Delete an entry
/// when its issue lands.
pub const KNOWN_FAILURES: [KnownFailure; 0] = [];

/// The known failure of an example, if it has one.
pub fn known_failure(example: &str) -> Option<&'static KnownFailure> {
    KNOWN_FAILURES
        .iter()
        .find(|failure| failure.example == example)
}

/// Presets built and run by the Docker tier for a program; alpine has no
/// offline stand-in image here, so hadolint and snapshots cover it alone.
pub fn buildable_presets(example: &Example) -> &'static [&'static str] {
    if example.cgo {
        &["distroless-cgo", "debug"]
    } else {
        &["distroless", "scratch", "debug"]
    }
}

/// Presets whose output is snapshotted and linted for a program.
pub fn applicable_presets(example: &Example) -> &'static [&'static str] {
    if example.cgo {
        &["distroless-cgo", "debug", "alpine"]
    } else {
        &["distroless", "scratch", "debug", "alpine", "distroless-cgo"]
    }
}

/// The day every test runs godock on, 2026-11-29 (the date of its table of
/// Go releases: Go 1.26 and 1.27 supported), so that no snapshot changes
/// when an estimated date of the table passes.
pub const SOURCE_DATE_EPOCH: &str = "1795910400";

pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Project {
    directory: tempfile::TempDir,
}

impl Project {
    /// A copy of `examples/<name>`.
    pub fn example(name: &str) -> Project {
        let project = Project::empty();
        copy_tree(&repository().join("examples").join(name), project.path());
        project
    }

    pub fn empty() -> Project {
        Project {
            directory: tempfile::Builder::new()
                .prefix("godock-test-")
                .tempdir()
                .expect("a temporary directory"),
        }
    }

    /// Adds (or replaces) a file, creating its directories.
    pub fn file(self, path: &str, content: &str) -> Project {
        self.write(path, content);
        self
    }

    pub fn write(&self, path: &str, content: &str) {
        let target = self.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, content).unwrap();
    }

    pub fn path(&self) -> &Path {
        self.directory.path()
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path))
            .unwrap_or_else(|error| panic!("reading {path}: {error}"))
    }

    /// Rewrites each line of `path` that starts with `prefix` as `line`;
    /// panics when none does, since the test would then prove nothing.
    pub fn replace_lines(&self, path: &str, prefix: &str, line: &str) {
        let text = self.read(path);
        assert!(
            text.lines().any(|old| old.starts_with(prefix)),
            "{path} has no line starting with {prefix:?}:\n{text}"
        );
        let rewritten: String = text
            .lines()
            .map(|old| if old.starts_with(prefix) { line } else { old })
            .map(|kept| format!("{kept}\n"))
            .collect();
        self.write(path, &rewritten);
    }

    pub fn exists(&self, path: &str) -> bool {
        self.path().join(path).exists()
    }

    /// Every file below the project, relative, sorted: to prove nothing was written.
    pub fn listing(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        list(self.path(), self.path(), &mut files);
        files.sort();
        files
    }

    /// Runs godock with `arguments` in the project, with an empty stdin
    /// (assert_cmd's default), so that a prompt can never wait for input.
    pub fn godock(&self, arguments: &[&str]) -> Run {
        self.godock_with(&[], arguments)
    }

    /// [`Project::godock`] with `environment` set: no `GODOCK_*` variable of
    /// the caller's reaches godock, only these.
    pub fn godock_with(&self, environment: &[(&str, &str)], arguments: &[&str]) -> Run {
        let output = self
            .command(arguments)
            .envs(environment.iter().copied())
            .output()
            .expect("godock runs");
        self.run_of(&output)
    }

    /// [`Project::godock`] run in `directory`, below the project.
    pub fn godock_in(&self, directory: &str, arguments: &[&str]) -> Run {
        let output = self
            .command(arguments)
            .current_dir(self.path().join(directory))
            .output()
            .expect("godock runs");
        self.run_of(&output)
    }

    /// godock with `arguments`, run in the project, without the caller's
    /// `GODOCK_*` variables: for a run that needs more set up than
    /// [`Project::godock`] does (a timeout, another directory).
    pub fn command(&self, arguments: &[&str]) -> assert_cmd::Command {
        let mut command =
            assert_cmd::Command::cargo_bin("godock").expect("the godock binary is built");
        command
            .args(arguments)
            .current_dir(self.path())
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .env("GOMODCACHE", &*EMPTY_MODULE_CACHE)
            .env("GOPROXY", "off")
            .env_remove("GOFLAGS");
        for name in godock_variables() {
            command.env_remove(name);
        }
        command
    }

    /// A finished run, with the project's path shown as `[PROJECT]`.
    pub fn run_of(&self, output: &std::process::Output) -> Run {
        let filter = |bytes: &[u8]| {
            String::from_utf8_lossy(bytes).replace(&self.path().display().to_string(), "[PROJECT]")
        };
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: filter(&output.stdout),
            stderr: filter(&output.stderr),
        }
    }
}

impl Project {
    /// Runs godock and asserts that it left every file byte-identical.
    #[track_caller]
    pub fn godock_writes_nothing(&self, arguments: &[&str]) -> Run {
        let before = self.listing();
        let run = self.godock(arguments);
        assert_eq!(
            self.listing(),
            before,
            "`godock {}` must write nothing\nstderr:\n{}",
            arguments.join(" "),
            run.stderr
        );
        run
    }
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn success(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stderr (godock's messages) holds `text`, showing all of
    /// it when not.
    #[track_caller]
    pub fn says(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// The whole run, for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn list(root: &Path, directory: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(directory).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            list(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap().display().to_string();
            files.push((relative, std::fs::read(&path).unwrap()));
        }
    }
}

/// The module cache godock's `go list` sees in every test: one holding no
/// module. What the scan says of cgo in dependencies (`cgo_reader`,
/// `cgo_requires`, the warnings) would otherwise depend on what this machine
/// happens to have downloaded, and a fresh CI machine has nothing. `go list`
/// still answers where it can offline (vendor/, code in the repository),
/// and fails where it cannot, as it does in a fresh clone; GOPROXY=off keeps
/// it from fetching (godock sets that too), so the directory only ever
/// gains the go command's empty lock files.
pub static EMPTY_MODULE_CACHE: LazyLock<PathBuf> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-module-cache");
    std::fs::create_dir_all(&path).expect("an empty module cache under target/tmp");
    path
});

/// The `GODOCK_*` variables set around the tests (a developer's own, or
/// `GODOCK_E2E`): godock under test must not see them.
pub fn godock_variables() -> Vec<String> {
    std::env::vars()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("GODOCK_"))
        .collect()
}

/// An executable on PATH, if there is one.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|directory| directory.join(program))
            .find(|candidate| candidate.is_file())
    })
}

/// Whether a tier that needs `tool` must run: GODOCK_E2E=1 (CI) makes a
/// missing tool a failure; elsewhere the tier is skipped, saying why.
pub fn required_tool(tool: &str, tier: &str) -> Option<PathBuf> {
    let path = which(tool);
    if path.is_none() {
        skip(&format!("the {tier} tier: `{tool}` is not installed"));
    }
    path
}

/// A test that cannot run here says why, past the test harness's capture so
/// that a plain `cargo test` shows it; under `GODOCK_E2E=1` (CI) it fails
/// instead, since CI installs everything the tests need.
#[track_caller]
pub fn skip(what: &str) {
    if std::env::var_os("GODOCK_E2E").is_some_and(|value| value == "1") {
        panic!("GODOCK_E2E=1 but this cannot run, and CI must not skip it: {what}");
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "skipping {what} (set GODOCK_E2E=1 to make this a failure)"
    );
}
