//! Asking the go command, when one is on PATH and can answer offline,
//! which packages each main package's build reaches and which of them have
//! cgo files: `go list -deps -json` with `CGO_ENABLED=1`, `GOOS=linux` and
//! each GOARCH godock builds for. godock can read its own and vendored
//! code, but not dependencies outside the repository; the go command reads
//! them from the module cache.
//!
//! It must change nothing and fetch nothing: `GOFLAGS=-mod=readonly` (or
//! `-mod=vendor` with vendor/; never `-mod=mod`, which may rewrite go.mod
//! and go.sum), `GOPROXY=off`, `GOTOOLCHAIN=local`, and `GOWORK=off`
//! outside a workspace godock uses; and it must leave no trace under the
//! user's home ([`super::go_command`]). A package it cannot load
//! (a module missing from the cache), a go.mod asking for a newer Go, an
//! error, or no answer within [`TIMEOUT`] means it cannot answer; the scan
//! then keeps its own reading and says why.
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::Deserialize;
use wait_timeout::ChildExt;

use super::go_command::QuietGo;
use crate::go::platform::LINUX_PLATFORMS;

/// How long `go list` may take before godock stops waiting for it.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What the go command says about a package (the fields asked for).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Listed {
    dir: String,
    import_path: String,
    name: String,
    standard: bool,
    cgo_files: Vec<String>,
    go_files: Vec<String>,
    ignored_go_files: Vec<String>,
    module: Option<ListedModule>,
    error: Option<ListedError>,
    deps_errors: Vec<ListedError>,
    deps: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct ListedModule {
    path: String,
    version: String,
    main: bool,
    replace: Option<Box<ListedModule>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct ListedError {
    err: String,
}

/// Where a package with cgo files lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the repository: a module in use or a local replace target.
    Own,
    /// Under a module's vendor/.
    Vendored,
    /// In the module cache: a dependency godock cannot read itself.
    Dependency,
}

/// A non-standard package with cgo files that a main package reaches.
#[derive(Debug, Clone)]
pub struct CgoPackage {
    pub import_path: String,
    pub place: Place,
    /// Its directory.
    pub dir: PathBuf,
    /// Its module's path and version, when it belongs to one.
    pub module: Option<String>,
    pub version: Option<String>,
    pub cgo_files: Vec<String>,
    /// Every other Go file of it, built or not: to tell whether it also
    /// builds without cgo.
    pub other_files: Vec<String>,
}

/// What `go list` answered: per main package (as given), the cgo packages
/// its build reaches on any of the platforms.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub cgo: BTreeMap<String, Vec<CgoPackage>>,
    /// How it was asked, for the facts.
    pub asked: String,
}

/// How to ask.
pub struct Question<'a> {
    /// Where the go command runs: the build root.
    pub directory: &'a Path,
    /// Main packages relative to it (`.`, `./cmd/api`).
    pub mains: &'a [String],
    /// vendor/ is used: `-mod=vendor`.
    pub vendor: bool,
    /// godock builds in the go.work that governs the module; otherwise any
    /// go.work is switched off.
    pub workspace: bool,
    /// The go command to run.
    pub go: &'a Path,
}

/// Asks the go command; an error says why it could not answer.
pub fn ask(question: &Question) -> Result<Answer, String> {
    let mode = if question.vendor && !question.workspace {
        "-mod=vendor"
    } else {
        "-mod=readonly"
    };
    let quiet = QuietGo::new()
        .map_err(|error| format!("cannot make a configuration directory for `go list`: {error}"))?;
    let quiet = &quiet;
    let answers: Vec<Result<Vec<Listed>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = LINUX_PLATFORMS
            .iter()
            .map(|(_, goarch)| scope.spawn(move || list(question, quiet, mode, goarch)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err("go list panicked".into()))
            })
            .collect()
    });
    let mut answer = Answer {
        cgo: BTreeMap::new(),
        asked: format!(
            "go list -deps with CGO_ENABLED=1 GOFLAGS={mode} GOPROXY=off GOTOOLCHAIN=local, for {}",
            LINUX_PLATFORMS
                .iter()
                .map(|(goos, goarch)| format!("{goos}/{goarch}"))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    };
    let directory = canonical(question.directory);
    for listed in answers {
        let listed = listed?;
        merge(&mut answer, &listed, question.mains, &directory)?;
    }
    Ok(answer)
}

/// One `go list` run for `goarch`.
fn list(
    question: &Question,
    quiet: &QuietGo,
    mode: &str,
    goarch: &str,
) -> Result<Vec<Listed>, String> {
    let mut command = Command::new(question.go);
    quiet.apply(&mut command);
    command
        .args([
            "list",
            "-e",
            "-deps",
            "-json=Dir,ImportPath,Name,Standard,CgoFiles,GoFiles,IgnoredGoFiles,Module,Error,DepsErrors,Deps",
            "--",
        ])
        .args(question.mains)
        .current_dir(question.directory)
        .env("CGO_ENABLED", "1")
        .env("GOOS", "linux")
        .env("GOARCH", goarch)
        .env("GOFLAGS", mode)
        .env("GOPROXY", "off")
        .env("GOTOOLCHAIN", "local")
        .env_remove("GO111MODULE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !question.workspace {
        command.env("GOWORK", "off");
    }
    let mut child = command.spawn().map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => "no `go` command on PATH".to_string(),
        _ => format!("cannot run {}: {error}", question.go.display()),
    })?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let (output, errors) = std::thread::scope(|scope| {
        let output = scope.spawn(move || {
            let mut bytes = Vec::new();
            stdout.as_mut().map(|out| out.read_to_end(&mut bytes));
            bytes
        });
        let errors = scope.spawn(move || {
            let mut text = String::new();
            stderr.as_mut().map(|err| err.read_to_string(&mut text));
            text
        });
        let status = match child.wait_timeout(TIMEOUT) {
            Ok(Some(status)) => Ok(status),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!(
                    "`go list` gave no answer within {}s",
                    TIMEOUT.as_secs()
                ))
            }
            Err(error) => Err(format!("waiting for `go list`: {error}")),
        };
        (
            status.map(|status| (status, output.join().unwrap_or_default())),
            errors.join().unwrap_or_default(),
        )
    });
    let (status, output) = output?;
    if !status.success() {
        let first = errors.lines().find(|line| !line.trim().is_empty());
        return Err(format!(
            "`go list` failed: {}",
            first.unwrap_or("no message").trim()
        ));
    }
    let mut listed = Vec::new();
    for package in serde_json::Deserializer::from_slice(&output).into_iter::<Listed>() {
        let package = package
            .map_err(|error| format!("`go list` printed what godock cannot read: {error}"))?;
        if let Some(error) = package.error.as_ref().or(package.deps_errors.first()) {
            return Err(format!(
                "`go list` cannot load everything offline: {}",
                first_clause(&error.err)
            ));
        }
        listed.push(package);
    }
    Ok(listed)
}

/// Adds what one platform's listing says to `answer`.
fn merge(
    answer: &mut Answer,
    listed: &[Listed],
    mains: &[String],
    directory: &Path,
) -> Result<(), String> {
    let by_path: BTreeMap<&str, &Listed> = listed
        .iter()
        .map(|package| (package.import_path.as_str(), package))
        .collect();
    for main in mains {
        let dir = canonical(&directory.join(main));
        let Some(entry) = listed
            .iter()
            .find(|package| package.name == "main" && canonical(Path::new(&package.dir)) == dir)
        else {
            return Err(format!("`go list` did not list {main}"));
        };
        let found = answer.cgo.entry(main.clone()).or_default();
        let reached = std::iter::once(entry.import_path.as_str())
            .chain(entry.deps.iter().map(String::as_str));
        for import in reached {
            let Some(package) = by_path.get(import) else {
                continue;
            };
            if package.standard || package.cgo_files.is_empty() {
                continue;
            }
            if found
                .iter()
                .any(|known| known.import_path == package.import_path)
            {
                continue;
            }
            found.push(cgo_package(package, directory));
        }
    }
    Ok(())
}

fn cgo_package(package: &Listed, directory: &Path) -> CgoPackage {
    let dir = PathBuf::from(&package.dir);
    let module = package.module.as_ref();
    let local_replace = module
        .and_then(|module| module.replace.as_ref())
        .is_some_and(|replace| replace.version.is_empty());
    let place = if canonical(&dir).starts_with(directory.join("vendor")) {
        Place::Vendored
    } else if module.is_some_and(|module| module.main) || local_replace {
        Place::Own
    } else {
        Place::Dependency
    };
    let mut other_files = package.go_files.clone();
    other_files.extend(package.ignored_go_files.iter().cloned());
    CgoPackage {
        import_path: package.import_path.clone(),
        place,
        dir,
        module: module.map(|module| module.path.clone()),
        version: module
            .map(|module| module.version.clone())
            .filter(|version| !version.is_empty()),
        cgo_files: package.cgo_files.clone(),
        other_files,
    }
}

/// The first line of a go command error, without a trailing clause that
/// introduces the lines after it (`…; to add:`).
fn first_clause(error: &str) -> &str {
    let line = error.lines().next().unwrap_or_default().trim();
    match line.rsplit_once("; ") {
        Some((before, after)) if after.ends_with(':') => before,
        _ => line,
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The go command on PATH, if there is one.
pub fn go_on_path() -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|directory| directory.join("go"))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::first_clause;

    #[test]
    fn a_go_error_is_cut_to_its_first_clause() {
        for (error, want) in [
            (
                "missing go.sum entry for module providing package example.com/other (imported by example.com/dep); to add:\n\tgo get example.com/dep",
                "missing go.sum entry for module providing package example.com/other (imported by example.com/dep)",
            ),
            (
                "module example.com/x: not found; GOPROXY=off",
                "module example.com/x: not found; GOPROXY=off",
            ),
            ("", ""),
        ] {
            assert_eq!(first_clause(error), want, "{error:?}");
        }
    }
}
