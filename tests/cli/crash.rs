//! Crash consistency: `godock regen` killed at every rename, every fsync
//! and every unlink it makes in turn (strace's fault injector sends it
//! SIGKILL at the Nth call), then the state checked the way a user would
//! meet it. After each kill:
//! - every file is either as it was before the run or as the run would have
//!   left it (the temporary files and the journal apart);
//! - `godock check` tells the truth: exit 0 only when the files are exactly
//!   what a finished run leaves, exit 1 otherwise;
//! - the next `godock regen` finishes: the project is then byte for byte
//!   what an uninterrupted run leaves, with no `.godock-*` file anywhere,
//!   and `check` agrees.
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::{required_tool, Project, Run};

/// The multi example, written with compose and the workflow, then edited
/// so that regen updates three files, removes one and rewrites the lock.
fn before_regen() -> Project {
    let project = Project::example("multi");
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
    let config = project
        .read("godock.toml")
        .replace(
            "outputs = [\"compose\", \"github-actions\"]",
            "outputs = [\"compose\"]",
        )
        .replace("# port = 8080", "port = 9090")
        .replace("image = \"multi\"", "image = \"multi2\"");
    project.write("godock.toml", &config);
    project
}

type Files = BTreeMap<String, Vec<u8>>;

fn files(project: &Project) -> Files {
    project.listing().into_iter().collect()
}

/// The files as a user sees them: godock's temporary files and journal
/// apart.
fn visible(files: &Files) -> Files {
    files
        .iter()
        .filter(|(path, _)| {
            !path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .starts_with(".godock-")
        })
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

/// `godock regen` under strace, killed at the `call`th call of `syscalls`;
/// `None` when the run had fewer such calls and finished.
fn regen_killed_at(project: &Project, strace: &Path, syscalls: &str, call: usize) -> Option<Run> {
    let godock = assert_cmd::cargo::cargo_bin("godock");
    let output = Command::new(strace)
        .args(["-qq", "-o", "/dev/null", "-e"])
        .arg(format!("inject={syscalls}:signal=KILL:when={call}"))
        .arg(godock)
        .arg("regen")
        .current_dir(project.path())
        .env("SOURCE_DATE_EPOCH", crate::common::SOURCE_DATE_EPOCH)
        .output()
        .expect("strace runs");
    let run = project.run_of(&output);
    match run.code {
        0 => None,
        // strace reports the tracee's death by SIGKILL as 128 + 9.
        137 | -1 => Some(run),
        _ => panic!(
            "regen under strace ({syscalls} #{call}) failed otherwise:\n{}",
            run.transcript()
        ),
    }
}

/// A copy of `project` (the state before the run) to kill a run in.
fn copy_of(project: &Project) -> Project {
    let copy = Project::empty();
    let status = Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", project.path().display()))
        .arg(copy.path())
        .status()
        .unwrap();
    assert!(status.success());
    copy
}

#[test]
fn a_regen_killed_at_any_step_is_finished_by_the_next_and_check_tells_the_truth() {
    let Some(strace) = required_tool("strace", "crash-consistency") else {
        return;
    };
    let before = before_regen();
    let old = files(&before);
    let finished = copy_of(&before);
    finished.godock(&["regen"]).success();
    let new = files(&finished);
    assert_ne!(old, new, "the edit must make regen change files");
    let mut outcomes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for syscalls in ["rename", "fsync", "unlink"] {
        for call in 1.. {
            let project = copy_of(&before);
            let Some(killed) = regen_killed_at(&project, &strace, syscalls, call) else {
                assert_eq!(files(&project), new, "an unkilled run under strace");
                break;
            };
            let after_kill = files(&project);
            let left = visible(&after_kill);
            for path in left.keys().chain(old.keys()).chain(new.keys()) {
                let now = left.get(path);
                assert!(
                    now == old.get(path) || now == new.get(path),
                    "{syscalls} #{call}: {path} is neither old nor new after the kill\n{}",
                    killed.transcript()
                );
            }
            let complete = after_kill == new;
            let check = project.godock(&["check"]);
            assert_eq!(
                check.code,
                if complete { 0 } else { 1 },
                "{syscalls} #{call}: check must say whether the files are up to date\n{}",
                check.transcript()
            );
            let entry = outcomes.entry(syscalls).or_default();
            if left == old {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
            project.godock(&["regen"]).success();
            assert_eq!(
                files(&project),
                new,
                "{syscalls} #{call}: the next regen must finish the interrupted one"
            );
            project.godock(&["check"]).success();
        }
    }
    // The figures for the closing note: kills that left the old state and
    // kills that left some new files, per system call.
    eprintln!("crash-consistency kills (old state, part or all new): {outcomes:?}");
    for syscalls in ["rename", "fsync"] {
        let (old_states, new_states) = outcomes[syscalls];
        assert!(old_states > 0 && new_states > 0, "{syscalls}: {outcomes:?}");
    }
}
