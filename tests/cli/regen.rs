//! `godock regen`, `godock check` and `--diff`: the files follow go.mod and
//! godock.toml, hand edits survive, a conflict writes nothing.
use crate::common::Project;

/// hello on Go 1.26, initialised, with a line added by hand to the builder.
fn hello_on_go_1_26_with_a_hand_edit() -> Project {
    let project = Project::example("hello");
    project.write("go.mod", "module github.com/example/hello\n\ngo 1.26.0\n");
    project.godock(&["init", "--yes"]).success();
    let edited = project
        .read("Dockerfile")
        .replace("WORKDIR /src\n", "WORKDIR /src\nRUN echo added-by-hand\n");
    assert!(edited.contains("added-by-hand"));
    project.write("Dockerfile", &edited);
    project
}

/// go.mod asks for the next Go release: the builder must follow.
fn bump_go(project: &Project) {
    project.write("go.mod", "module github.com/example/hello\n\ngo 1.27.0\n");
}

/// Modification time and inode of every file: a rename changes the inode,
/// even within one timestamp tick.
#[cfg(unix)]
fn stamps(project: &Project) -> Vec<(String, std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt;
    project
        .listing()
        .into_iter()
        .map(|(path, _)| {
            let metadata = std::fs::metadata(project.path().join(&path)).unwrap();
            (path, metadata.modified().unwrap(), metadata.ino())
        })
        .collect()
}

#[test]
fn a_go_bump_is_stale_and_regen_keeps_a_hand_added_line() {
    let project = hello_on_go_1_26_with_a_hand_edit();
    // Hand edits alone are not staleness: they merge into themselves.
    let run = project.godock_writes_nothing(&["check"]).success();
    run.says("every generated file is up to date");

    bump_go(&project);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(
        run.stdout.contains("-ARG GO_VERSION=1.26\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+ARG GO_VERSION=1.27\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.transcript());

    let run = project.godock(&["regen"]).success();
    run.says("godock: updated: Dockerfile (your edits kept)");
    let dockerfile = project.read("Dockerfile");
    assert!(dockerfile.contains("ARG GO_VERSION=1.27\n"), "{dockerfile}");
    assert!(
        dockerfile.contains("WORKDIR /src\nRUN echo added-by-hand\n"),
        "{dockerfile}"
    );
    project.godock_writes_nothing(&["check"]).success();
    // The lock's base is godock's render, not the merged file.
    let lock = project.read("godock.lock");
    assert!(lock.contains("go_version = \"1.27\""), "{lock}");
    assert!(!lock.contains("added-by-hand"), "{lock}");
}

#[test]
fn a_conflicting_edit_stops_regen_and_writes_nothing_until_force() {
    let project = hello_on_go_1_26_with_a_hand_edit();
    let edited = project
        .read("Dockerfile")
        .replace("ARG GO_VERSION=1.26\n", "ARG GO_VERSION=1.26.5\n");
    project.write("Dockerfile", &edited);
    bump_go(&project);

    let run = project.godock_writes_nothing(&["regen"]).code(2);
    insta::assert_snapshot!(run.stderr);
    project.godock_writes_nothing(&["regen", "--diff"]).code(2);
    project.godock_writes_nothing(&["init", "--yes"]).code(2);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    run.says(
        "godock: stale: Dockerfile: your edits at lines 6-7 conflict with what regen would write",
    );

    // --force takes godock's line where the edit conflicts, and keeps the
    // edit that merged cleanly.
    let run = project.godock(&["regen", "--force"]).success();
    run.says("updated: Dockerfile (your edits kept, but godock's lines taken where they conflicted: lines 6-7; your file kept as Dockerfile.orig)");
    assert_eq!(project.read("Dockerfile.orig"), edited);
    let dockerfile = project.read("Dockerfile");
    assert!(dockerfile.contains("ARG GO_VERSION=1.27\n"), "{dockerfile}");
    assert!(
        dockerfile.contains("WORKDIR /src\nRUN echo added-by-hand\n"),
        "{dockerfile}"
    );
    project.godock_writes_nothing(&["check"]).success();
    // A second --force keeps the first backup: the next one takes a free name.
    let edited_again = dockerfile.replace("ARG GO_VERSION=1.27\n", "ARG GO_VERSION=1.27.1\n");
    project.write("Dockerfile", &edited_again);
    project.write("go.mod", "module github.com/example/hello\n\ngo 1.26.0\n");
    let run = project.godock(&["regen", "--force"]).success();
    run.says("your file kept as Dockerfile.orig.1)");
    assert_eq!(project.read("Dockerfile.orig"), edited);
    assert_eq!(project.read("Dockerfile.orig.1"), edited_again);
}

#[test]
fn a_new_main_package_adds_its_target() {
    let project = Project::example("multi");
    project.godock(&["init", "--yes"]).success();
    project.write("cmd/x/main.go", "package main\n\nfunc main() {}\n");
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(
        run.stdout.contains("+FROM runtime AS x\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+x = \"./cmd/x\"\n"), "{}", run.stdout);
    project.godock(&["regen"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(dockerfile.contains("FROM runtime AS x\n"), "{dockerfile}");
    assert!(dockerfile.contains("-o /out/x ./cmd/x"), "{dockerfile}");
    project.godock_writes_nothing(&["check"]).success();
}

#[test]
fn a_removed_main_package_removes_its_target_and_keeps_hand_edits() {
    let project = Project::example("multi");
    project.godock(&["init", "--yes"]).success();
    let edited = project.read("Dockerfile").replace(
        "LABEL org.opencontainers.image.title=\"api\"\n",
        "LABEL org.opencontainers.image.title=\"api\"\nLABEL team=\"payments\"\n",
    );
    assert!(edited.contains("team=\"payments\""));
    project.write("Dockerfile", &edited);
    std::fs::remove_dir_all(project.path().join("cmd/worker")).unwrap();
    project.godock_writes_nothing(&["check"]).code(1);
    project.godock(&["regen"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(!dockerfile.contains("AS worker"), "{dockerfile}");
    assert!(!dockerfile.contains("/out/worker"), "{dockerfile}");
    assert!(dockerfile.contains("FROM runtime AS api\n"), "{dockerfile}");
    assert!(
        dockerfile.contains("LABEL team=\"payments\"\n"),
        "{dockerfile}"
    );
    project.godock_writes_nothing(&["check"]).success();
}

#[test]
fn godock_toml_edits_flow_through_regen_and_check() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let config = project
        .read("godock.toml")
        .replace("preset = \"distroless\"", "preset = \"scratch\" # smallest");
    project.write("godock.toml", &config);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(
        run.stdout.contains("+FROM scratch AS runtime\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("-preset = \"distroless\"\n+preset = \"scratch\"\n"),
        "the lock's facts say why:\n{}",
        run.stdout
    );
    project.godock(&["regen"]).success();
    assert!(project
        .read("Dockerfile")
        .contains("FROM scratch AS runtime\n"));
    assert_eq!(project.read("godock.toml"), config, "the user's text stays");
    project.godock_writes_nothing(&["check"]).success();
}

#[test]
fn diff_shows_what_would_change_and_writes_nothing() {
    let project = Project::example("hello");
    let run = project
        .godock_writes_nothing(&["init", "--yes", "--diff"])
        .success();
    assert!(
        run.stdout.contains("--- /dev/null\n+++ b/Dockerfile\n"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("godock: would create: Dockerfile"));

    let project = hello_on_go_1_26_with_a_hand_edit();
    bump_go(&project);
    let run = project
        .godock_writes_nothing(&["regen", "--diff"])
        .success();
    assert!(
        run.stdout.contains("-ARG GO_VERSION=1.26\n")
            && run.stdout.contains("+ARG GO_VERSION=1.27\n"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("-RUN echo added-by-hand"),
        "the hand edit survives:\n{}",
        run.stdout
    );
    run.says("godock: would update: Dockerfile (your edits kept)");
    assert!(run.stderr.contains("dry run: nothing written"));
}

#[cfg(unix)]
#[test]
fn a_regen_with_nothing_to_change_writes_nothing_and_says_so() {
    let project = hello_on_go_1_26_with_a_hand_edit();
    let before = stamps(&project);
    let run = project.godock_writes_nothing(&["regen"]).success();
    run.says("godock: every file is up to date; nothing written");
    assert_eq!(stamps(&project), before);
}

#[test]
fn a_deleted_generated_file_is_stale_and_comes_back() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let ignore = project.read(".dockerignore");
    std::fs::remove_file(project.path().join(".dockerignore")).unwrap();
    let run = project.godock_writes_nothing(&["check"]).code(1);
    run.says("godock: stale: .dockerignore: missing");
    project.godock(&["regen"]).success();
    assert_eq!(project.read(".dockerignore"), ignore);
}

#[test]
fn check_needs_godock_toml_and_says_so() {
    let project = Project::example("hello");
    let run = project.godock_writes_nothing(&["check"]).code(2);
    insta::assert_snapshot!(run.stderr, @r"
    error: no godock.toml in .
    hint: run `godock init` first
    ");
}

#[test]
fn a_lock_from_godock_0_1_still_works() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    // godock 0.1 recorded hashes only.
    let hashes: Vec<String> = ["Dockerfile", ".dockerignore", "Makefile", "godock.toml"]
        .iter()
        .map(|file| {
            format!(
                "\"{file}\" = \"{}\"",
                godock::write::sha256(&project.read(file))
            )
        })
        .collect();
    project.write(
        "godock.lock",
        &format!(
            "godock_version = \"0.1.0\"\n\n[files]\n{}\n",
            hashes.join("\n")
        ),
    );
    // Unedited files update; the lock gains its bases.
    project.write("go.mod", "module github.com/example/hello\n\ngo 1.27.0\n");
    project.godock(&["regen"]).success();
    assert!(project.read("godock.lock").contains("[files.Dockerfile]"));
    assert!(project.read("Dockerfile").contains("ARG GO_VERSION=1.27\n"));
}

#[test]
fn a_toolchain_line_added_to_go_mod_is_stale() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    project.write(
        "go.mod",
        "module github.com/example/hello\n\ngo 1.23\n\ntoolchain go1.27.1\n",
    );
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(
        run.stdout.contains("+ARG GO_VERSION=1.27\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+go_version_source = \"go.mod's toolchain line requires Go 1.27.1 or newer: the newest 1.27 patch builds it, with every security fix\"\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_embed_added_or_removed_is_stale() {
    let project = Project::example("embedded");
    project.godock(&["init", "--yes"]).success();
    let main = project.read("main.go");
    let without = main.replace("//go:embed bin/motd.txt\n", "");
    assert_ne!(without, main);
    project.write("main.go", &without);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(
        run.stdout.contains("--- a/.dockerignore\n") && run.stdout.contains("-!bin/motd.txt\n"),
        "{}",
        run.stdout
    );
    project.godock(&["regen"]).success();
    project.godock_writes_nothing(&["check"]).success();
    project.write("main.go", &main);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(run.stdout.contains("+!bin/motd.txt\n"), "{}", run.stdout);
}

#[test]
fn a_go_version_pinned_in_godock_toml_stays_pinned() {
    let project = Project::example("hello");
    project.godock(&["init", "--yes"]).success();
    let config = project
        .read("godock.toml")
        .replace("# go_version = \"1.26\"", "go_version = \"1.26.3\"");
    assert!(config.contains("\ngo_version = \"1.26.3\"\n"), "{config}");
    project.write("godock.toml", &config);
    project.godock(&["regen"]).success();
    assert!(project
        .read("Dockerfile")
        .contains("ARG GO_VERSION=1.26.3\n"));
    assert_eq!(project.read("godock.toml"), config);
    assert!(!project.exists("godock.toml.orig"));
    project.godock_writes_nothing(&["check"]).success();
}

#[test]
fn a_changed_expose_survives_a_go_bump() {
    let project = Project::example("hello");
    project.write("go.mod", "module github.com/example/hello\n\ngo 1.26.0\n");
    project
        .godock(&["init", "--yes", "--port", "8080"])
        .success();
    let edited = project
        .read("Dockerfile")
        .replace("EXPOSE 8080\n", "EXPOSE 9090\n");
    assert!(edited.contains("EXPOSE 9090\n"));
    project.write("Dockerfile", &edited);
    bump_go(&project);
    project.godock(&["regen"]).success();
    assert_eq!(
        project.read("Dockerfile"),
        edited
            .replace("ARG GO_VERSION=1.26\n", "ARG GO_VERSION=1.27\n")
            .replace(
                "# Go 1.26: go.mod's go line requires Go 1.26.0 or newer: the newest 1.26 patch",
                "# Go 1.27: go.mod's go line requires Go 1.27.0 or newer: the newest 1.27 patch"
            )
    );
}

#[test]
fn a_conflict_in_one_file_stops_the_others_too() {
    let project = Project::example("hello");
    project
        .godock(&["init", "--yes", "--port", "8080"])
        .success();
    let dockerfile = project
        .read("Dockerfile")
        .replace("EXPOSE 8080\n", "EXPOSE 9090\n");
    project.write("Dockerfile", &dockerfile);
    let config = project
        .read("godock.toml")
        .replace("port = 8080", "port = 8081");
    project.write("godock.toml", &config);
    // The Makefile alone would update cleanly; the Dockerfile conflicts.
    let run = project.godock(&["regen", "--dry-run"]).code(2);
    run.says("./Dockerfile: your edits conflict with what godock writes now");
    project.godock_writes_nothing(&["regen"]).code(2);
    assert!(project.read("Makefile").contains("8080:8080"));
    project.godock(&["regen", "--force"]).success();
    assert!(project.read("Makefile").contains("8081:8081"));
    assert!(project.read("Dockerfile").contains("EXPOSE 8081\n"));
    assert_eq!(project.read("Dockerfile.orig"), dockerfile);
}

/// hello initialised with both extra outputs.
fn hello_with_both_outputs() -> Project {
    let project = Project::example("hello");
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
    assert!(project.exists("compose.yaml"));
    assert!(project.exists(".github/workflows/docker.yml"));
    project
}

/// Drops every extra output from godock.toml by hand.
fn drop_outputs(project: &Project) {
    let config = project.read("godock.toml").replace(
        "outputs = [\"compose\", \"github-actions\"]",
        "outputs = []",
    );
    assert!(config.contains("outputs = []"), "{config}");
    project.write("godock.toml", &config);
}

#[test]
fn an_output_dropped_from_godock_toml_is_stale_and_regen_removes_it() {
    let project = hello_with_both_outputs();
    drop_outputs(&project);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    assert!(
        run.stdout.contains("--- a/compose.yaml\n+++ /dev/null\n"),
        "the diff shows it deleted:\n{}",
        run.stdout
    );
    run.says("godock: stale: compose.yaml: no longer generated; regen would remove it");
    let run = project
        .godock_writes_nothing(&["regen", "--diff"])
        .success();
    assert!(run
        .stdout
        .contains("--- a/.github/workflows/docker.yml\n+++ /dev/null\n"));
    run.says("godock: would remove: compose.yaml");
    project
        .godock_writes_nothing(&["regen", "--dry-run"])
        .success();

    let run = project.godock(&["regen"]).success();
    run.says("godock: removed: compose.yaml");
    assert!(run
        .stderr
        .contains("godock: removed: .github/workflows/docker.yml"));
    assert!(!project.exists("compose.yaml"));
    assert!(!project.exists(".github"), "the directories it made go too");
    let lock = project.read("godock.lock");
    assert!(!lock.contains("[files.\"compose.yaml\"]"), "{lock}");
    assert!(lock.contains("[files.Dockerfile]"), "{lock}");
    project.godock_writes_nothing(&["check"]).success();
    project.godock_writes_nothing(&["regen"]).success();
}

#[test]
fn an_edited_output_no_longer_generated_is_kept_with_a_warning_and_forgotten() {
    let project = hello_with_both_outputs();
    let compose = format!("{}    # mine\n", project.read("compose.yaml"));
    project.write("compose.yaml", &compose);
    project.write(".github/workflows/lint.yml", "on: push\n");
    drop_outputs(&project);
    let run = project.godock_writes_nothing(&["check"]).code(1);
    run.says(
        "godock: stale: compose.yaml: no longer generated, and edited by hand; regen would keep it",
    );
    assert!(!run.stdout.contains("+++ /dev/null\n-"), "{}", run.stdout);
    let run = project.godock(&["regen"]).success();
    run.says("warning: kept: compose.yaml (no longer generated, but edited since godock wrote it");
    assert_eq!(project.read("compose.yaml"), compose);
    // The unedited workflow goes; the user's own file beside it stays.
    assert!(!project.exists(".github/workflows/docker.yml"));
    assert_eq!(project.read(".github/workflows/lint.yml"), "on: push\n");
    assert!(!project
        .read("godock.lock")
        .contains("[files.\"compose.yaml\"]"));
    // godock no longer owns it: nothing stale, nothing to do.
    project.godock_writes_nothing(&["check"]).success();
}

#[test]
fn a_failed_regen_removes_nothing() {
    let project = hello_with_both_outputs();
    drop_outputs(&project);
    // A conflict in the Dockerfile stops the whole run, removals too.
    let dockerfile = project.read("Dockerfile");
    project.write(
        "Dockerfile",
        &dockerfile.replace("ARG GO_VERSION=1.26\n", "ARG GO_VERSION=1.26.5\n"),
    );
    project.write("go.mod", "module github.com/example/hello\n\ngo 1.24\n");
    let run = project.godock_writes_nothing(&["regen"]).code(2);
    run.says("conflict");
    assert!(project.exists("compose.yaml"));
}

#[test]
fn no_outputs_and_no_tags_clear_godock_toml_from_the_command_line() {
    let project = Project::example("hello");
    project
        .godock(&["init", "--yes", "--output", "compose", "--tag", "netgo"])
        .success();
    assert!(project.read("godock.toml").contains("\ntags = [\"netgo\"]"));
    let run = project
        .godock(&["init", "--yes", "--no-outputs", "--no-tags"])
        .success();
    run.says("godock: removed: compose.yaml");
    assert!(!project.exists("compose.yaml"));
    let config = project.read("godock.toml");
    assert!(config.contains("\noutputs = []\n"), "{config}");
    assert!(!config.contains("\ntags = ["), "{config}");
    assert!(!project.read("Dockerfile").contains("netgo"));
    project.godock_writes_nothing(&["check"]).success();
    // Clearing and choosing at once is a contradiction clap refuses.
    let run = project
        .godock_writes_nothing(&["init", "--yes", "--no-outputs", "--output", "compose"])
        .code(2);
    run.says("cannot be used with");
}
