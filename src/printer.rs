//! The one place godock talks to the terminal: data on stdout, messages,
//! warnings, hints and errors on stderr. `--quiet` keeps stderr to errors
//! (and their hints); `--verbose` adds why each decision was taken. A closed
//! stdout (`godock scan --json | head`) is not an error. It prints what it
//! is given and decides nothing.
//!
//! The prefixes (`error:`, `warning:`, `hint:`, `created:` …) take colour on
//! a terminal, through `anstream`, which leaves it out under `NO_COLOR`,
//! `CLICOLOR=0`, `TERM=dumb` and when stderr is not a terminal; the wizard's
//! theme follows the same choice ([`Printer::colour`]).
#![allow(clippy::print_stdout, clippy::print_stderr)]
use std::fmt::Display;
#[cfg(not(test))]
use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::error::Error;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const OUTCOME: Style = AnsiColor::Green.on_default().bold();
const DETAIL: Style = Style::new().dimmed();

/// How much godock says on stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only (`--quiet`).
    Quiet,
    #[default]
    Normal,
    /// Also why each decision was taken (`--verbose`).
    Verbose,
}

impl Verbosity {
    pub fn from_flags(quiet: bool, verbose: bool) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

#[derive(Debug, Default)]
pub struct Printer {
    verbosity: Verbosity,
    /// Whether stderr takes colour: anstream's choice for it.
    colour: bool,
}

impl Printer {
    /// A printer for this process: colour when stderr takes it.
    pub fn new(verbosity: Verbosity) -> Printer {
        Printer {
            verbosity,
            colour: anstream::AutoStream::choice(&std::io::stderr())
                != anstream::ColorChoice::Never,
        }
    }

    /// A printer that says nothing on stderr but errors.
    pub fn quiet() -> Printer {
        Printer::new(Verbosity::Quiet)
    }

    /// Whether messages on stderr take colour (the wizard follows it).
    pub fn colour(&self) -> bool {
        self.colour
    }

    /// Data: what the command was asked to produce.
    pub fn data(&self, text: &str) {
        let newline = if text.ends_with('\n') { "" } else { "\n" };
        // The test harness captures `print!`, not writes to stdout.
        #[cfg(test)]
        print!("{text}{newline}");
        #[cfg(not(test))]
        {
            let mut stdout = std::io::stdout().lock();
            let _ = write!(stdout, "{text}{newline}");
            let _ = stdout.flush();
        }
    }

    /// A message about what godock did or will do.
    pub fn message(&self, text: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.line(&text);
        }
    }

    /// What happened to a file, or will: `godock: created: Dockerfile`.
    pub fn outcome(&self, label: &str, text: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.line(&format_args!(
                "godock: {}: {text}",
                self.styled(OUTCOME, label)
            ));
        }
    }

    pub fn warning(&self, text: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.line(&format_args!("{} {text}", self.styled(WARNING, "warning:")));
        }
    }

    /// What to do next.
    pub fn hint(&self, text: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.line(&format_args!("{} {text}", self.styled(HINT, "hint:")));
        }
    }

    /// Why a decision was taken: said with `--verbose` only.
    pub fn detail(&self, text: &str) {
        if self.verbosity == Verbosity::Verbose {
            self.line(&format_args!("{} {text}", self.styled(DETAIL, "why:")));
        }
    }

    /// An error, on one line (and those its report needs), then its hint:
    /// printed even when quiet. A cancelled wizard is one plain line.
    pub fn error(&self, error: &Error) {
        if let Error::Cancelled { .. } = error {
            self.line(&format_args!("godock: {error}"));
            return;
        }
        self.line(&format_args!("{} {error}", self.styled(ERROR, "error:")));
        if let Some(hint) = error.hint() {
            self.line(&format_args!("{} {hint}", self.styled(HINT, "hint:")));
        }
    }

    /// `text` in `style` when colour is on.
    fn styled(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    fn line(&self, text: &dyn Display) {
        #[cfg(test)]
        eprintln!("{text}");
        #[cfg(not(test))]
        {
            // anstream passes the styles on, or translates them for a
            // console that needs it; they are only there when colour is on.
            let choice = if self.colour {
                anstream::ColorChoice::Always
            } else {
                anstream::ColorChoice::Never
            };
            let mut stderr = anstream::AutoStream::new(std::io::stderr().lock(), choice);
            let _ = writeln!(stderr, "{text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_only_when_colour_is_on() {
        let plain = Printer {
            verbosity: Verbosity::Normal,
            colour: false,
        };
        assert_eq!(plain.styled(ERROR, "error:"), "error:");
        let coloured = Printer {
            colour: true,
            ..plain
        };
        assert_eq!(
            coloured.styled(ERROR, "error:"),
            "\u{1b}[1m\u{1b}[31merror:\u{1b}[0m"
        );
    }

    #[test]
    fn quiet_and_verbose_come_from_the_flags() {
        assert_eq!(Verbosity::from_flags(true, false), Verbosity::Quiet);
        assert_eq!(Verbosity::from_flags(false, true), Verbosity::Verbose);
        assert_eq!(Verbosity::from_flags(false, false), Verbosity::Normal);
    }
}
