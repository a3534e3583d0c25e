//! The wizard, driven through a pseudo-terminal as a user would: the files it
//! writes must equal those the equivalent flags write with `--yes`.
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::common::Project;

/// Every `exp_*` gives up after this long, and the child is killed when the
/// session is dropped: a wizard that waits for the wrong thing fails, it
/// never hangs the suite.
const TIMEOUT_MS: u64 = 30_000;

/// `godock init` in `project`, in a pseudo-terminal of its own that
/// cannot draw menus (`TERM=dumb`): the line prompter asks.
fn spawn_init(project: &Project, arguments: &[&str]) -> PtySession {
    spawn(project, arguments, &[("TERM", "dumb")])
}

/// `godock init` in `project`, in a pseudo-terminal of its own, with
/// `environment` and none of the user's GODOCK_* or colour variables.
pub(crate) fn spawn(
    project: &Project,
    arguments: &[&str],
    environment: &[(&str, &str)],
) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_godock"));
    command
        .arg("init")
        .args(arguments)
        .current_dir(project.path())
        .env("SOURCE_DATE_EPOCH", crate::common::SOURCE_DATE_EPOCH)
        .env("GOMODCACHE", &*crate::common::EMPTY_MODULE_CACHE)
        .env("GOPROXY", "off")
        .env_remove("GOFLAGS");
    for name in crate::common::godock_variables() {
        command.env_remove(name);
    }
    // CI counts as a colour terminal for anstream: the wizard's output is
    // compared as plain text wherever the tests run.
    for name in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI"] {
        command.env_remove(name);
    }
    command.envs(environment.iter().copied());
    rexpect::session::spawn_command(command, Some(TIMEOUT_MS)).expect("godock runs in a pty")
}

/// The registry question, as the line prompter asks it.
const REGISTRY: &str = "Registry `make docker-push` pushes to (empty for none) [none]: ";

/// Waits for `prompt`, then types `answer` and Enter.
#[track_caller]
fn answer(session: &mut PtySession, prompt: &str, answer: &str) -> String {
    let before = session
        .exp_string(prompt)
        .unwrap_or_else(|error| panic!("waiting for {prompt:?}: {error}"));
    session.send_line(answer).expect("typing an answer");
    before
}

/// Waits for godock to finish and returns everything it printed since the
/// last answer, asserting it exited with `code`.
#[track_caller]
pub(crate) fn finish(session: &mut PtySession, code: i32) -> String {
    let rest = session.exp_eof().expect("godock finishes");
    match session.process().wait().expect("godock exits") {
        WaitStatus::Exited(_, status) => assert_eq!(status, code, "{rest}"),
        other => panic!("godock did not exit normally: {other:?}\n{rest}"),
    }
    rest
}

#[test]
fn enter_through_the_wizard_writes_what_yes_writes() {
    let by_wizard = Project::example("hello");
    let mut session = spawn_init(&by_wizard, &[]);
    let shown = answer(&mut session, "Choose 1-", "");
    for detected in [
        "godock found:",
        "module    github.com/example/hello",
        "Go        1.26: go.mod's go line requires Go 1.23, whose release line receives no security fixes: Go 1.26, the oldest release that does, builds it",
        "binaries  hello (.); primary hello",
        "cgo       off: no package imports \"C\"",
        "embedded  nothing",
        "port      8080 (main.go:40: an environment variable's default (PORT))",
        "Preset:",
        "1) distroless - no cgo: a static binary needs no libc",
    ] {
        assert!(
            shown.contains(detected),
            "{detected:?} missing from:\n{shown}"
        );
    }
    let port = answer(&mut session, "Choose 1-3 [1]: ", "");
    assert!(
        port.contains("1) 8080 - main.go:40: an environment variable's default (PORT)\r\n  2) none - no EXPOSE"),
        "{port}"
    );
    answer(&mut session, "Image name [hello]: ", "");
    answer(&mut session, REGISTRY, "");
    answer(&mut session, "Choose [none]: ", "");
    let proposed = answer(&mut session, "Write these files? [Y/n] ", "");
    assert!(
        proposed.contains("godock: will create: Dockerfile"),
        "{proposed}"
    );
    let rest = finish(&mut session, 0);
    assert!(rest.contains("godock: created: Dockerfile"), "{rest}");

    let by_flags = Project::example("hello");
    by_flags.godock(&["init", "--yes"]).success();
    assert_eq!(by_wizard.listing(), by_flags.listing());
}

#[test]
fn answers_write_what_the_equivalent_flags_write() {
    let by_wizard = Project::example("hello");
    let mut session = spawn_init(&by_wizard, &[]);
    answer(&mut session, "Choose 1-", "scratch");
    answer(&mut session, "Choose 1-3 [1]: ", "other");
    answer(&mut session, "Port hello listens on [none]: ", "abc");
    // Not a port: the same question again, with the reason.
    let refused = answer(&mut session, "Port hello listens on [none]: ", "9090");
    assert!(refused.contains("`abc` is not a port"), "{refused}");
    answer(&mut session, "Image name [hello]: ", "");
    answer(&mut session, REGISTRY, "");
    answer(&mut session, "Choose [none]: ", "compose");
    answer(&mut session, "Write these files? [Y/n] ", "y");
    finish(&mut session, 0);

    let by_flags = Project::example("hello");
    by_flags
        .godock(&[
            "init", "--yes", "--preset", "scratch", "--port", "9090", "--output", "compose",
        ])
        .success();
    assert_eq!(by_wizard.listing(), by_flags.listing());
    assert!(by_wizard
        .read("godock.toml")
        .contains("preset = \"scratch\"\n"));
    assert!(by_wizard.read("Dockerfile").contains("EXPOSE 9090\n"));
    assert!(by_wizard.exists("compose.yaml"));
}

#[test]
fn flags_are_not_asked_again_and_no_means_nothing_written() {
    let project = Project::example("multi");
    let mut session = spawn_init(
        &project,
        &[
            "--preset",
            "debug",
            "--binary",
            "api",
            "--port",
            "8080",
            "--image",
            "api",
            "--registry",
            "ghcr.io/acme",
            "--output",
            "github-actions",
        ],
    );
    let shown = answer(&mut session, "Write these files? [Y/n] ", "n");
    assert!(
        !shown.contains("Choose"),
        "a given value was asked:\n{shown}"
    );
    assert!(
        shown.contains("chosen    binaries api (flag), image api (flag), outputs github-actions (flag), port 8080 (flag), preset debug (flag), registry ghcr.io/acme (flag)"),
        "{shown}"
    );
    let rest = finish(&mut session, 0);
    assert!(rest.contains("godock: nothing written"), "{rest}");
    assert!(!project.exists("Dockerfile"));
}

#[test]
fn several_binaries_ask_which_and_the_primary() {
    let project = Project::example("multi");
    let mut session = spawn_init(&project, &["--preset", "distroless"]);
    let shown = answer(&mut session, "Choose [1,2,3]: ", "api worker");
    // The plan's order, the primary last, in every list; a tool says why
    // it is not built by default.
    assert!(
        shown.contains(
            "binaries  api (./cmd/api), worker (./cmd/worker), multi (./cmd/multi); primary multi"
        ),
        "{shown}"
    );
    assert!(shown.contains("[x] 1) api (./cmd/api)"), "{shown}");
    assert!(shown.contains("[x] 3) multi (./cmd/multi)"), "{shown}");
    assert!(
        shown.contains("[ ] 4) gen (./tools/gen) - not under cmd/: tools are not built by default"),
        "{shown}"
    );
    let primary = answer(&mut session, "Choose 1-2 [2]: ", "api");
    assert!(
        primary.contains("1) worker (./cmd/worker)\r\n  2) api (./cmd/api) - the first"),
        "{primary}"
    );
    answer(&mut session, "Choose 1-3 [1]: ", "");
    answer(&mut session, "Image name [multi]: ", "");
    answer(&mut session, REGISTRY, "");
    answer(&mut session, "Choose [none]: ", "");
    answer(&mut session, "Write these files? [Y/n] ", "");
    finish(&mut session, 0);
    let config = project.read("godock.toml");
    assert!(
        config.contains("binaries = [\"worker\", \"api\"]\n"),
        "{config}"
    );
    assert!(config.contains("primary = \"api\"\n"), "{config}");
}

#[test]
fn the_end_of_input_at_a_question_cancels_and_writes_nothing() {
    let project = Project::example("hello");
    let before = project.listing();
    let mut session = spawn_init(&project, &[]);
    session
        .exp_string("Choose 1-")
        .expect("the preset question");
    session.send_control('d').expect("typing Ctrl-D");
    let rest = finish(&mut session, 2);
    assert!(
        rest.contains("godock: cancelled, nothing written"),
        "{rest}"
    );
    assert_eq!(project.listing(), before);
}
