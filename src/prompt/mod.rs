//! Questions to the user go through [`Prompter`], so that the commands can
//! be driven by a script in tests and are never able to hang a pipeline:
//! [`Menus`] asks with arrow-key menus on a terminal that can draw them,
//! [`Lines`] asks in plain lines on one that cannot (`TERM=dumb`, or stderr
//! not a terminal), and [`NoTerminal`] answers every question with an error
//! naming the flag that answers it. Leaving a question (Ctrl-C, Ctrl-D, Esc)
//! is [`Error::Cancelled`]: nothing has been written yet.
//!
//! Responsible for asking and reading answers; it must not know what the
//! questions mean (the wizard does) or check an answer beyond the check it
//! is given.
mod answer;
mod interrupt;
mod lines;
mod menus;
mod relay;
#[cfg(test)]
pub mod scripted;

use std::io::IsTerminal;

pub use lines::{Lines, Terminal};
pub use menus::Menus;

use crate::error::{Error, Result};

/// A question of the wizard, and the flag that answers it without asking.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    pub text: &'a str,
    pub flag: &'a str,
}

/// Checks an answer; the message says what would fit, and the question is
/// asked again.
pub type Check<'a, T> = &'a dyn Fn(&T) -> std::result::Result<(), String>;

pub trait Prompter {
    /// Whether anyone can answer; without a terminal every question fails.
    fn can_ask(&self) -> bool {
        true
    }
    /// A yes/no question; Enter gives `default`.
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;
    /// One of `items`, by index; Enter gives `default`.
    fn select(&mut self, question: &Question, items: &[String], default: usize) -> Result<usize>;
    /// Any of `items`, by index in ascending order; Enter gives the ones
    /// `defaults` marks.
    fn multi_select(
        &mut self,
        question: &Question,
        items: &[String],
        defaults: &[bool],
        check: Check<[usize]>,
    ) -> Result<Vec<usize>>;
    /// A line of text, trimmed; Enter gives `default` (which may be empty).
    fn input(&mut self, question: &Question, default: &str, check: Check<str>) -> Result<String>;
}

fn needs_answer(question: &Question) -> Error {
    Error::NeedsAnswer {
        question: question.text.to_string(),
        flag: question.flag.to_string(),
    }
}

/// For runs without a terminal and without `--yes`: every question is an
/// error naming the flag that answers it.
pub struct NoTerminal;

impl Prompter for NoTerminal {
    fn can_ask(&self) -> bool {
        false
    }

    fn confirm(&mut self, _question: &str, _default: bool) -> Result<bool> {
        Err(Error::NeedsConfirmation)
    }

    fn select(&mut self, question: &Question, _: &[String], _: usize) -> Result<usize> {
        Err(needs_answer(question))
    }

    fn multi_select(
        &mut self,
        question: &Question,
        _: &[String],
        _: &[bool],
        _: Check<[usize]>,
    ) -> Result<Vec<usize>> {
        Err(needs_answer(question))
    }

    fn input(&mut self, question: &Question, _: &str, _: Check<str>) -> Result<String> {
        Err(needs_answer(question))
    }
}

/// The prompter for this process: menus when stdin and stderr are a
/// terminal that can draw them (`colour` for their theme), lines on a dumb
/// one, none without a terminal.
pub fn for_this_process(colour: bool) -> Box<dyn Prompter> {
    if !std::io::stdin().is_terminal() {
        return Box::new(NoTerminal);
    }
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    if std::io::stderr().is_terminal() && !dumb {
        Box::new(Menus::new(colour))
    } else {
        Box::new(Terminal::terminal())
    }
}
