//! The wizard's questions as menus on a real terminal, through dialoguer:
//! arrow keys move in a list with the default highlighted (type to filter a
//! long one), space ticks a checkbox, an input is checked as it is typed in,
//! and Enter takes the default.
//!
//! Leaving is clean: Esc (or `q` in a list) cancels, and so does Ctrl-D,
//! which the key reader sees only through a [`Relay`]; Ctrl-C cancels with
//! exit 130 (see [`super::interrupt`]). An interrupted question puts the
//! cursor back before it answers [`Error::Cancelled`].
use std::cell::OnceCell;

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, FuzzySelect, Input, MultiSelect, Select};

use super::interrupt;
use super::relay::Relay;
use super::{Check, Prompter, Question};
use crate::error::{Error, Result};

/// Lists longer than this filter as one types.
const LONG_LIST: usize = 7;

pub struct Menus {
    term: Term,
    theme: Box<dyn Theme>,
    /// Started at the first question; `None` if it could not start.
    relay: OnceCell<Option<Relay>>,
}

impl Menus {
    /// Menus on stderr; coloured when `colour`, plain text otherwise.
    pub fn new(colour: bool) -> Menus {
        dialoguer::console::set_colors_enabled_stderr(colour);
        let theme: Box<dyn Theme> = if colour {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Menus {
            term: Term::stderr(),
            theme,
            relay: OnceCell::new(),
        }
    }

    /// Runs one question: SIGINT ends it rather than the process, Ctrl-D
    /// reaches it through a [`Relay`] (without one if the relay cannot
    /// start: Ctrl-D then does nothing), and an interrupted or failed
    /// question leaves the cursor visible.
    fn ask<T>(&self, question: impl FnOnce() -> dialoguer::Result<Option<T>>) -> Result<T> {
        interrupt::question_waits();
        let relay = self.relay.get_or_init(|| Relay::start().ok());
        let answer = question();
        let ctrl_d = relay.as_ref().is_some_and(Relay::take_ctrl_d);
        match answer {
            Ok(Some(answer)) => {
                interrupt::question_answered();
                Ok(answer)
            }
            // Esc, or `q` in a list.
            Ok(None) => {
                interrupt::question_answered();
                Err(Error::Cancelled { interrupted: false })
            }
            // The process ends next: SIGINT stays caught until then.
            Err(dialoguer::Error::IO(source)) => {
                let _ = self.term.show_cursor();
                let _ = self.term.write_line("");
                if source.kind() == std::io::ErrorKind::Interrupted {
                    Err(Error::Cancelled {
                        interrupted: !ctrl_d,
                    })
                } else {
                    Err(Error::ReadAnswer { source })
                }
            }
        }
    }
}

impl Prompter for Menus {
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        self.ask(|| {
            Confirm::with_theme(self.theme.as_ref())
                .with_prompt(question)
                .default(default)
                .interact_on_opt(&self.term)
        })
    }

    fn select(&mut self, question: &Question, items: &[String], default: usize) -> Result<usize> {
        self.ask(|| {
            if items.len() > LONG_LIST {
                FuzzySelect::with_theme(self.theme.as_ref())
                    .with_prompt(format!("{} (type to filter)", question.text))
                    .items(items)
                    .default(default)
                    .interact_on_opt(&self.term)
            } else {
                Select::with_theme(self.theme.as_ref())
                    .with_prompt(question.text)
                    .items(items)
                    .default(default)
                    .interact_on_opt(&self.term)
            }
        })
    }

    fn multi_select(
        &mut self,
        question: &Question,
        items: &[String],
        defaults: &[bool],
        check: Check<[usize]>,
    ) -> Result<Vec<usize>> {
        let mut ticked = defaults.to_vec();
        loop {
            let chosen = self.ask(|| {
                MultiSelect::with_theme(self.theme.as_ref())
                    .with_prompt(format!("{} (space ticks, Enter takes them)", question.text))
                    .items(items)
                    .defaults(&ticked)
                    .interact_on_opt(&self.term)
            })?;
            match check(&chosen) {
                Ok(()) => return Ok(chosen),
                Err(message) => {
                    let _ = self.term.write_line(&message);
                    ticked = (0..items.len())
                        .map(|index| chosen.contains(&index))
                        .collect();
                }
            }
        }
    }

    fn input(&mut self, question: &Question, default: &str, check: Check<str>) -> Result<String> {
        let answer = self.ask(|| {
            let mut input = Input::<String>::with_theme(self.theme.as_ref())
                .with_prompt(question.text)
                .allow_empty(true)
                .validate_with(|answer: &String| check(answer.trim()));
            if !default.is_empty() {
                input = input.default(default.to_string());
            }
            input.interact_text_on(&self.term).map(Some)
        })?;
        Ok(answer.trim().to_string())
    }
}
