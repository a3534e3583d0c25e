//! The one place godock talks to the terminal: data on stdout, messages on
//! stderr. A closed stdout (`godock scan --json | head`) is not an error.
#![allow(clippy::print_stdout, clippy::print_stderr)]
use std::io::Write;

#[derive(Debug, Default)]
pub struct Printer;

impl Printer {
    /// Data: what the command was asked to produce.
    pub fn data(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = stdout.write_all(b"\n");
        }
        let _ = stdout.flush();
    }

    /// A message about what godock did or will do.
    pub fn message(&self, text: &str) {
        eprintln!("{text}");
    }

    pub fn warning(&self, text: &str) {
        eprintln!("warning: {text}");
    }

    pub fn hint(&self, text: &str) {
        eprintln!("hint: {text}");
    }

    pub fn error(&self, text: &str) {
        eprintln!("error: {text}");
    }
}
