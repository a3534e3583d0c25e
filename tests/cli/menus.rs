//! The wizard's menus (dialoguer) on a terminal that can draw them, driven
//! through a pseudo-terminal with the keys a user presses: arrow keys,
//! space to tick a checkbox, Enter, Ctrl-C. The files must equal those the
//! equivalent flags write, and a cancelled wizard writes nothing.
use rexpect::session::PtySession;

use crate::common::Project;
use crate::wizard::{finish, spawn};

const DOWN: &str = "\u{1b}[B";
const ENTER: &str = "\r";
const SPACE: &str = " ";

/// Waits for `prompt` on the screen, then presses `keys`; returns what was
/// shown before the prompt.
#[track_caller]
fn press(session: &mut PtySession, prompt: &str, keys: &[&str]) -> String {
    let before = session
        .exp_string(prompt)
        .unwrap_or_else(|error| panic!("waiting for {prompt:?}: {error}"));
    for key in keys {
        session.send(key).expect("pressing a key");
    }
    session.flush().expect("pressing keys");
    before
}

/// The first word of the answer a finished question shows (`Preset:
/// scratch - …` in the plain theme), in what the screen showed.
#[track_caller]
fn answered<'a>(screen: &'a str, question: &str) -> &'a str {
    let start = screen
        .rfind(question)
        .unwrap_or_else(|| panic!("{question:?} was not answered:\n{screen}"));
    screen[start + question.len()..]
        .split_whitespace()
        .next()
        .unwrap_or_else(|| panic!("{question:?} has no answer:\n{screen}"))
}

/// SGR sequences (`ESC [ … m`): colour and bold. Cursor movements are the
/// menus' own and stay.
fn has_colour(screen: &str) -> bool {
    screen.match_indices("\u{1b}[").any(|(at, _)| {
        screen[at + 2..]
            .chars()
            .find(|c| !c.is_ascii_digit() && *c != ';')
            == Some('m')
    })
}

#[test]
fn arrow_keys_and_space_write_what_the_flags_write_and_no_color_means_no_colour() {
    let by_menus = Project::example("hello");
    let mut session = spawn(
        &by_menus,
        &[],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
    );
    let mut screen = String::new();
    // The third preset, the second port choice (none), a typed image, the
    // default registry, the second extra file ticked, then yes.
    screen += &press(&mut session, "Preset", &[DOWN, DOWN, ENTER]);
    screen += &press(
        &mut session,
        "Port hello listens on (EXPOSE)",
        &[DOWN, ENTER],
    );
    screen += &press(&mut session, "Image name", &["w", "e", "b", ENTER]);
    screen += &press(&mut session, "Registry", &[ENTER]);
    screen += &press(&mut session, "Extra files to write", &[DOWN, SPACE, ENTER]);
    screen += &press(&mut session, "Write these files?", &["y"]);
    screen += &finish(&mut session, 0);

    assert!(screen.contains("> distroless - no cgo"), "{screen}");
    let preset = answered(&screen, "Preset: ");
    assert_ne!(preset, "distroless", "{screen}");
    assert_eq!(
        answered(&screen, "Port hello listens on (EXPOSE): "),
        "none"
    );
    let output = answered(&screen, "(space ticks, Enter takes them): ");
    assert!(!has_colour(&screen), "NO_COLOR, yet:\n{screen:?}");
    assert!(screen.contains("godock: created: Dockerfile"), "{screen}");

    let by_flags = Project::example("hello");
    by_flags
        .godock(&[
            "init",
            "--yes",
            "--preset",
            preset,
            "--no-port",
            "--image",
            "web",
            "--output",
            output,
        ])
        .success();
    assert_eq!(by_menus.listing(), by_flags.listing());
    let dockerfile = by_menus.read("Dockerfile");
    assert!(!dockerfile.contains("EXPOSE"), "{dockerfile}");
}

#[test]
fn ctrl_c_in_a_menu_writes_nothing_exits_130_and_shows_the_cursor() {
    let project = Project::example("hello");
    let before = project.listing();
    let mut session = spawn(&project, &[], &[("TERM", "xterm-256color")]);
    let mut screen = press(&mut session, "Preset", &[ENTER]);
    screen += &press(&mut session, "Port hello listens on (EXPOSE)", &[DOWN]);
    session.send_control('c').expect("pressing Ctrl-C");
    let rest = finish(&mut session, 130);
    // A terminal that takes colour gets the coloured theme.
    assert!(has_colour(&screen), "{screen:?}");
    assert!(
        rest.contains("godock: cancelled, nothing written"),
        "{rest}"
    );
    // The menu hid the cursor; leaving shows it again.
    assert!(rest.contains("\u{1b}[?25h"), "{rest:?}");
    assert_eq!(project.listing(), before);
}

#[test]
fn esc_leaves_with_nothing_written() {
    let project = Project::example("hello");
    let before = project.listing();
    let mut session = spawn(&project, &[], &[("TERM", "xterm-256color")]);
    press(&mut session, "Preset", &["\u{1b}"]);
    let rest = finish(&mut session, 2);
    assert!(
        rest.contains("godock: cancelled, nothing written"),
        "{rest}"
    );
    assert_eq!(project.listing(), before);
}

#[test]
fn ctrl_d_in_a_menu_or_an_input_writes_nothing_and_shows_the_cursor() {
    // Each question, with the keys that answer the ones before it.
    type Keys<'a> = &'a [(&'a str, &'a [&'a str])];
    let questions: [(&str, Keys); 3] = [
        ("Preset", &[]),
        ("Port hello listens on (EXPOSE)", &[("Preset", &[ENTER])]),
        (
            "Image name",
            &[
                ("Preset", &[ENTER]),
                ("Port hello listens on (EXPOSE)", &[ENTER]),
            ],
        ),
    ];
    for (question, before_it) in questions {
        let project = Project::example("hello");
        let before = project.listing();
        let mut session = spawn(&project, &[], &[("TERM", "xterm-256color")]);
        for (earlier, keys) in before_it {
            press(&mut session, earlier, keys);
        }
        // In the image name's input, after a letter typed.
        let keys: &[&str] = if question == "Image name" {
            &["w"]
        } else {
            &[]
        };
        press(&mut session, question, keys);
        session.send_control('d').expect("pressing Ctrl-D");
        let rest = finish(&mut session, 2);
        assert!(
            rest.contains("godock: cancelled, nothing written"),
            "{question}: {rest}"
        );
        assert!(rest.contains("\u{1b}[?25h"), "{question}: {rest:?}");
        assert_eq!(project.listing(), before, "{question}");
    }
}

#[test]
fn the_terminal_modes_after_a_cancelled_wizard_are_those_before_it() {
    let project = Project::example("hello");
    let mut command = std::process::Command::new("sh");
    command
        .args([
            "-c",
            "stty -g; \"$0\" init; echo \"exit $?\"; stty -g",
            env!("CARGO_BIN_EXE_godock"),
        ])
        .current_dir(project.path())
        .env("TERM", "xterm-256color");
    for name in crate::common::godock_variables() {
        command.env_remove(name);
    }
    let mut session =
        rexpect::session::spawn_command(command, Some(30_000)).expect("sh runs in a pty");
    let mut screen = press(&mut session, "Preset", &[ENTER]);
    screen += &press(&mut session, "Port hello listens on (EXPOSE)", &[]);
    session.send_control('d').expect("pressing Ctrl-D");
    screen += &session.exp_eof().expect("sh finishes");
    let modes: Vec<&str> = screen
        .lines()
        .map(str::trim)
        .filter(|line| line.matches(':').count() > 10)
        .collect();
    assert!(screen.contains("exit 2"), "{screen}");
    assert_eq!(modes.len(), 2, "{screen}");
    assert_eq!(modes[0], modes[1], "{screen}");
}
