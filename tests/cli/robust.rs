//! Trees that try to break the scanner: symbolic links, unreadable entries,
//! files that are not UTF-8 or not Go, a 50 MB file, a fifo. Each gives a
//! warning or a clear error naming the file, within a time limit: never a
//! hang, never a panic.
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{skip, Project, Run};

const MAIN: &str = "package main\n\nfunc main() {}\n";
const GO_MOD: &str = "module example.com/robust\n\ngo 1.22\n";

/// More than any of these trees needs, even in a debug build on a busy machine.
const LIMIT: Duration = Duration::from_secs(120);

fn project() -> Project {
    Project::empty()
        .file("go.mod", GO_MOD)
        .file("main.go", MAIN)
}

/// Runs godock in the project and fails, rather than hangs, past [`LIMIT`].
fn godock(project: &Project, arguments: &[&str]) -> Run {
    let output = project
        .command(arguments)
        .timeout(LIMIT)
        .output()
        .expect("godock runs");
    checked(project.run_of(&output))
}

/// The run, after asserting godock neither panicked nor was killed.
fn checked(run: Run) -> Run {
    assert!(
        !run.stderr.contains("panicked"),
        "godock panicked:\n{}",
        run.stderr
    );
    assert_ne!(
        run.code, -1,
        "godock was killed (timeout?):\n{}",
        run.stderr
    );
    run
}

fn scan(project: &Project) -> serde_json::Value {
    let run = godock(project, &["scan", "--json"]).success();
    serde_json::from_str(&run.stdout).expect("scan --json prints JSON")
}

fn warnings(facts: &serde_json::Value) -> Vec<String> {
    facts["warnings"]
        .as_array()
        .expect("warnings is a list")
        .iter()
        .map(|warning| warning.as_str().unwrap().to_string())
        .collect()
}

fn strings(facts: &serde_json::Value, key: &str) -> Vec<String> {
    facts[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .iter()
        .map(|value| value.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_symlink_loop_is_not_followed() {
    let project = project().file("internal/a/a.go", "package a\n");
    symlink("..", project.path().join("internal/a/up")).unwrap();
    symlink(".", project.path().join("self")).unwrap();
    let facts = scan(&project);
    assert_eq!(
        warnings(&facts),
        [
            "internal/a/up: symbolic link to a directory above it (a loop); not followed (go ./... does not follow it either)",
            "self: symbolic link to a directory above it (a loop); not followed (go ./... does not follow it either)",
        ]
    );
    assert_eq!(strings(&facts, "packages"), [".", "./internal/a"]);
}

#[test]
fn symlinks_to_outside_the_module_are_named() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("extra.go"), "package main\n").unwrap();
    std::fs::create_dir(outside.path().join("cmd")).unwrap();
    std::fs::write(outside.path().join("cmd/main.go"), MAIN).unwrap();
    let project = project().file("internal/x/x.go", "package x\n");
    symlink(outside.path().join("cmd"), project.path().join("cmd")).unwrap();
    symlink(
        outside.path().join("extra.go"),
        project.path().join("extra.go"),
    )
    .unwrap();
    // A link to a Go file inside the module is that file, as for Go.
    std::fs::create_dir_all(project.path().join("cmd2")).unwrap();
    symlink("../main.go", project.path().join("cmd2/main.go")).unwrap();
    symlink("gone.go", project.path().join("broken.go")).unwrap();

    let facts = scan(&project);
    let outside = std::fs::canonicalize(outside.path()).unwrap();
    assert_eq!(
        warnings(&facts),
        [
            "broken.go: broken symbolic link (No such file or directory (os error 2)); ignored".to_string(),
            format!("cmd: symbolic link to {}, outside the module; not followed (go ./... does not follow it either)", outside.join("cmd").display()),
            format!("extra.go: symbolic link to {}, outside the module and so outside the Docker build context; ignored", outside.join("extra.go").display()),
        ]
    );
    assert_eq!(strings(&facts, "main_packages"), [".", "./cmd2"]);
}

#[test]
fn a_file_that_is_not_utf8_is_warned_about_and_still_read() {
    let project = project();
    std::fs::write(
        project.path().join("main.go"),
        b"// caf\xe9 (Latin-1)\npackage main\n\nvar version = \"dev\"\n\nfunc main() {}\n",
    )
    .unwrap();
    let facts = scan(&project);
    assert_eq!(
        warnings(&facts),
        ["main.go: not valid UTF-8 (byte 6); the Go compiler rejects such files"]
    );
    assert_eq!(strings(&facts, "main_packages"), ["."]);
    assert_eq!(facts["version_variables"]["."][0], "version");
}

#[test]
fn names_that_are_not_utf8_do_not_break_the_scan() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let project = project();
    let directory = project.path().join(OsStr::from_bytes(b"d\xff"));
    std::fs::create_dir(&directory).unwrap();
    std::fs::write(
        directory.join(OsStr::from_bytes(b"x\xfe.go")),
        "package d\n",
    )
    .unwrap();
    let facts = scan(&project);
    // Go refuses the name in an import path too: skipped, and said so.
    assert_eq!(strings(&facts, "packages"), ["."]);
    let warnings = warnings(&facts);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("d\u{fffd}: the go command refuses this directory"),
        "{warnings:?}"
    );
}

/// Found by fuzzing: the first read (8 KiB) stopping on the first `/` of a
/// comment line made a Go file look like junk.
#[test]
fn a_header_comment_cut_by_the_first_read_is_read_on() {
    let mut source = format!("// {}\n", "x".repeat(59));
    while source.len() + 64 <= 8191 {
        source.push_str(&format!("// {}\n", "y".repeat(60)));
    }
    assert_eq!(source.len(), 8191, "the 8192nd byte starts a comment");
    source.push_str("// end of the licence\n\npackage lib\n\nimport _ \"embed\"\n");
    let project = project().file("lib/lib.go", &source);
    let facts = scan(&project);
    assert!(warnings(&facts).is_empty(), "{facts}");
    assert_eq!(strings(&facts, "packages"), [".", "./lib"]);
}

/// Pseudo-random bytes, the same every run.
fn junk(length: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_junk_named_go_is_not_go() {
    let project = project();
    std::fs::write(project.path().join("blob.go"), junk(1 << 20)).unwrap();
    std::fs::create_dir(project.path().join("empty")).unwrap();
    std::fs::write(project.path().join("empty/empty.go"), b"").unwrap();
    let facts = scan(&project);
    assert_eq!(
        warnings(&facts),
        [
            "blob.go: not a Go source file (no package clause); ignored",
            "empty/empty.go: not a Go source file (no package clause); ignored",
        ]
    );
}

/// A generated Go file of about `size` bytes: many small functions.
fn generated(package: &str, size: usize) -> String {
    let mut source = format!(
        "// Code generated by a test. DO NOT EDIT.\n\npackage {package}\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n"
    );
    let mut i = 0;
    while source.len() < size {
        source.push_str(&format!(
            "func f{i}(s string) string {{\n\tif strings.HasPrefix(s, \"x{i}\") {{\n\t\treturn fmt.Sprintf(\"%s-%d\", s, {i})\n\t}}\n\treturn s\n}}\n\n"
        ));
        i += 1;
    }
    source.push_str("var version = \"dev\"\n");
    if package == "main" {
        source.push_str("\nfunc main() {}\n");
    }
    source
}

/// Peak memory of a run, when /usr/bin/time is there to measure it.
fn peak_kilobytes(project: &Project, arguments: &[&str]) -> Option<u64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        skip("the memory check: no /usr/bin/time");
        return None;
    }
    let report = project.path().with_extension("time");
    let output = Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(assert_cmd::cargo::cargo_bin("godock"))
        .args(arguments)
        .current_dir(project.path())
        .output()
        .unwrap();
    checked(project.run_of(&output)).success();
    let text = std::fs::read_to_string(&report).unwrap();
    let _ = std::fs::remove_file(&report);
    text.trim().lines().last()?.parse().ok()
}

#[test]
fn a_50_mb_file_is_read_once_and_quickly() {
    const SIZE: usize = 50 << 20;
    let project = Project::empty()
        .file("go.mod", GO_MOD)
        .file("main.go", &generated("main", SIZE))
        .file("internal/big/big.go", &generated("big", SIZE));
    let start = Instant::now();
    let facts = scan(&project);
    let took = start.elapsed();
    assert_eq!(strings(&facts, "packages"), [".", "./internal/big"]);
    assert_eq!(facts["version_variables"]["."][0], "version");
    assert!(warnings(&facts).is_empty(), "{facts}");
    assert!(took < Duration::from_secs(60), "a 50 MB file took {took:?}");
    // Own files are read whole (version variables, ports in any package a
    // main reaches), each once and dropped when read: not a token per word
    // (that was 600 MB).
    if let Some(peak) = peak_kilobytes(&project, &["scan", "--json"]) {
        assert!(peak < 150 * 1024, "peak memory {peak} KB");
    }
}

#[test]
fn a_directory_named_like_go_source_is_a_directory() {
    let project = project().file("pkg.go/inner.go", "package inner\n");
    let facts = scan(&project);
    assert!(warnings(&facts).is_empty(), "{facts}");
    assert_eq!(strings(&facts, "packages"), [".", "./pkg.go"]);
}

#[test]
fn a_go_mod_directory_is_not_a_module() {
    // Below the root it marks no module boundary (as for Go): its tree is ours.
    let project = project().file("sub/go.mod/x.go", "package x\n");
    let facts = scan(&project);
    assert_eq!(strings(&facts, "packages"), [".", "./sub/go.mod"]);
    assert!(strings(&facts, "nested_modules").is_empty());

    // At the root there is no go.mod to read.
    let project = Project::empty().file("go.mod/x.go", "package x\n");
    let run = godock(&project, &["scan", "--json"]).code(2);
    assert!(
        run.stderr.contains("no go.mod in"),
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_fifo_named_go_is_not_read() {
    let project = project();
    let fifo = project.path().join("pipe.go");
    let status = Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|status| status.success()) {
        skip("the fifo check: mkfifo is not available");
        return;
    }
    let facts = scan(&project);
    assert_eq!(
        warnings(&facts),
        ["pipe.go: not a regular file (a named pipe); ignored"]
    );
}

/// Runs godock as `nobody`, who cannot read what mode 000 hides (root can
/// read anything, and the tests run as root here). `None` when that is not
/// possible, with the reason printed.
fn godock_as_nobody(project: &Project, arguments: &[&str]) -> Option<Run> {
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .map(Path::new)
        .find(|path| path.exists());
    let Some(setpriv) = setpriv else {
        skip("a check as nobody: setpriv is not installed");
        return None;
    };
    let probe = Command::new(setpriv)
        .args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "true",
        ])
        .status();
    if !probe.is_ok_and(|status| status.success()) {
        skip("a check as nobody: cannot switch to nobody (not root?)");
        return None;
    }
    let binary = assert_cmd::cargo::cargo_bin("godock");
    // nobody must reach the binary and the project's root.
    let status = Command::new(setpriv)
        .args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "test",
            "-x",
        ])
        .arg(&binary)
        .status();
    if !status.is_ok_and(|status| status.success()) {
        skip(&format!(
            "a check as nobody: nobody cannot run {}",
            binary.display()
        ));
        return None;
    }
    std::fs::set_permissions(project.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = assert_cmd::Command::new(setpriv)
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(&binary)
        .args(arguments)
        .current_dir(project.path())
        .env_remove("GODOCK_E2E")
        .timeout(LIMIT)
        .output()
        .unwrap();
    Some(checked(project.run_of(&output)))
}

fn hide(project: &Project, path: &str) {
    std::fs::set_permissions(
        project.path().join(path),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
}

#[test]
fn an_unreadable_directory_is_an_error_naming_it() {
    let project = project().file("internal/secret/s.go", "package secret\n");
    hide(&project, "internal/secret");
    let Some(run) = godock_as_nobody(&project, &["scan", "--json"]) else {
        return;
    };
    let run = run.code(2);
    assert_eq!(
        run.stderr,
        "error: cannot read ./internal/secret: Permission denied (os error 13)\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn an_unreadable_go_file_is_an_error_naming_it() {
    let project = project().file("internal/secret/s.go", "package secret\n");
    hide(&project, "internal/secret/s.go");
    let Some(run) = godock_as_nobody(&project, &["scan", "--json"]) else {
        return;
    };
    let run = run.code(2);
    assert_eq!(
        run.stderr,
        "error: cannot read ./internal/secret/s.go: Permission denied (os error 13)\n"
    );
}

#[test]
fn unreadable_directories_go_ignores_are_not_read() {
    let project = project()
        .file("_private/p.go", "package p\n")
        .file("testdata/t.go", "package t\n")
        .file(".cache/c.go", "package c\n");
    for directory in ["_private", "testdata", ".cache"] {
        hide(&project, directory);
    }
    let Some(run) = godock_as_nobody(&project, &["scan", "--json"]) else {
        return;
    };
    let facts: serde_json::Value = serde_json::from_str(&run.success().stdout).unwrap();
    assert_eq!(strings(&facts, "packages"), ["."]);
}
