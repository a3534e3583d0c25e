//! The one place godock talks to the terminal: data on stdout, messages,
//! warnings, hints and errors on stderr. `--quiet` keeps stderr to errors
//! (and their hints). A closed stdout (`godock scan --json | head`) is not
//! an error. It prints what it is given and decides nothing.
#![allow(clippy::print_stdout, clippy::print_stderr)]
#[cfg(not(test))]
use std::io::Write;

use crate::error::Error;

#[derive(Debug, Default)]
pub struct Printer {
    quiet: bool,
}

impl Printer {
    /// A printer; a quiet one says nothing on stderr but errors.
    pub fn new(quiet: bool) -> Printer {
        Printer { quiet }
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
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    pub fn warning(&self, text: &str) {
        if !self.quiet {
            eprintln!("warning: {text}");
        }
    }

    /// What to do next.
    pub fn hint(&self, text: &str) {
        if !self.quiet {
            eprintln!("hint: {text}");
        }
    }

    /// An error, on one line (and those its report needs), then its hint:
    /// printed even when quiet.
    pub fn error(&self, error: &Error) {
        eprintln!("{}", error.report());
    }
}
