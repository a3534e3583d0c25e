//! The terminal's prompts as plain lines, for a terminal that cannot draw
//! menus: a question on stderr, an answer from stdin, Enter for the
//! default, and the question again after an answer that does not fit. The
//! end of input (Ctrl-D) cancels; so does Ctrl-C on the terminal, which
//! [`Keyboard`] reports as an interruption (exit 130).
use std::io::Write;

use super::answer::{Answer, Answers};
use super::interrupt::{self, Keyboard};
use super::{Check, Prompter, Question};
use crate::error::{Error, Result};

/// Asks through lines of text: the terminal's stdin and stderr, or any
/// reader and writer in tests.
pub struct Lines<R, W> {
    input: R,
    output: W,
}

/// The terminal: questions on stderr, answers from stdin.
pub type Terminal = Lines<Keyboard, std::io::Stderr>;

impl Terminal {
    pub fn terminal() -> Terminal {
        Lines::new(Keyboard::default(), std::io::stderr())
    }
}

impl<R: Answers, W: Write> Lines<R, W> {
    pub fn new(input: R, output: W) -> Self {
        Lines { input, output }
    }

    pub fn into_output(self) -> W {
        self.output
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
    }

    /// Prints `prompt` and reads an answer, trimmed; the end of input
    /// (Ctrl-D) cancels the wizard, and so does Ctrl-C.
    fn answer(&mut self, prompt: &str) -> Result<String> {
        let _ = write!(self.output, "{prompt}");
        let _ = self.output.flush();
        interrupt::question_waits();
        let read = self
            .input
            .next_answer()
            .map_err(|source| Error::ReadAnswer { source })?;
        let cancelled = match read {
            Answer::Line(answer) => {
                interrupt::question_answered();
                return Ok(answer.trim().to_string());
            }
            // Nobody is there to answer.
            Answer::End => Error::Cancelled { interrupted: false },
            Answer::Interrupted => Error::Cancelled { interrupted: true },
        };
        // The cancellation goes on a line of its own, not after the prompt.
        let _ = writeln!(self.output);
        Err(cancelled)
    }
}

/// Why an answer names none of the items, in words that keep to their line:
/// a terminal without menus echoes arrow keys as escape sequences.
fn not_an_item(answer: &str, expected: &str) -> String {
    if answer.contains('\u{1b}') {
        format!("Arrow keys do not work in this terminal: {expected}.")
    } else {
        format!(
            "`{}` is not one of them: {expected}.",
            crate::settings::validate::shown(answer)
        )
    }
}

/// The index of the item `answer` names: its number from 1, or its first word.
fn find_item(items: &[String], answer: &str) -> Option<usize> {
    if let Ok(number) = answer.parse::<usize>() {
        return (1..=items.len()).contains(&number).then(|| number - 1);
    }
    items
        .iter()
        .position(|item| item.split_whitespace().next() == Some(answer))
}

impl<R: Answers, W: Write> Prompter for Lines<R, W> {
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        let choices = if default { "[Y/n]" } else { "[y/N]" };
        loop {
            let answer = self.answer(&format!("{question} {choices} "))?;
            match answer.to_ascii_lowercase().as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.say("Please answer y or n."),
            }
        }
    }

    fn select(&mut self, question: &Question, items: &[String], default: usize) -> Result<usize> {
        self.say(&format!("{}:", question.text));
        for (index, item) in items.iter().enumerate() {
            self.say(&format!("  {}) {item}", index + 1));
        }
        loop {
            let prompt = format!("Choose 1-{} [{}]: ", items.len(), default + 1);
            let answer = self.answer(&prompt)?;
            if answer.is_empty() {
                return Ok(default);
            }
            match find_item(items, &answer) {
                Some(index) => return Ok(index),
                None => self.say(&not_an_item(
                    &answer,
                    &format!("enter a number from 1 to {}, or a name", items.len()),
                )),
            }
        }
    }

    fn multi_select(
        &mut self,
        question: &Question,
        items: &[String],
        defaults: &[bool],
        check: Check<[usize]>,
    ) -> Result<Vec<usize>> {
        // `none` is offered only where no item at all is an answer.
        let none_allowed = check(&[]).is_ok();
        self.say(&format!(
            "{} (numbers or names, separated by spaces or commas{}):",
            question.text,
            if none_allowed {
                "; `none` for none"
            } else {
                ""
            }
        ));
        for (index, item) in items.iter().enumerate() {
            let mark = if defaults.get(index) == Some(&true) {
                "x"
            } else {
                " "
            };
            self.say(&format!("  [{mark}] {}) {item}", index + 1));
        }
        let marked: Vec<usize> = (0..items.len())
            .filter(|index| defaults.get(*index) == Some(&true))
            .collect();
        let shown = if marked.is_empty() {
            "none".to_string()
        } else {
            marked
                .iter()
                .map(|index| (index + 1).to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        loop {
            let answer = self.answer(&format!("Choose [{shown}]: "))?;
            let chosen = match answer.as_str() {
                "" => Ok(marked.clone()),
                "none" | "-" if none_allowed => Ok(Vec::new()),
                _ => answer
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|word| !word.is_empty())
                    .map(|word| {
                        find_item(items, word).ok_or_else(|| {
                            not_an_item(
                                word,
                                &format!("enter numbers from 1 to {}, or names", items.len()),
                            )
                        })
                    })
                    .collect::<std::result::Result<Vec<usize>, String>>(),
            };
            let checked = chosen.and_then(|mut chosen| {
                chosen.sort_unstable();
                chosen.dedup();
                check(&chosen).map(|()| chosen)
            });
            match checked {
                Ok(chosen) => return Ok(chosen),
                Err(message) => self.say(&message),
            }
        }
    }

    fn input(&mut self, question: &Question, default: &str, check: Check<str>) -> Result<String> {
        let shown = if default.is_empty() { "none" } else { default };
        loop {
            let answer = self.answer(&format!("{} [{shown}]: ", question.text))?;
            let answer = if answer.is_empty() {
                default.to_string()
            } else {
                answer
            };
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(message) => self.say(&message),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::NoTerminal;

    const PORT: Question = Question {
        text: "Port",
        flag: "--port N",
    };

    fn lines(input: &str) -> Lines<&[u8], Vec<u8>> {
        Lines::new(input.as_bytes(), Vec::new())
    }

    fn output(prompter: Lines<&[u8], Vec<u8>>) -> String {
        String::from_utf8(prompter.into_output()).unwrap()
    }

    fn is_port(answer: &str) -> std::result::Result<(), String> {
        answer
            .parse::<u16>()
            .map(|_| ())
            .map_err(|_| format!("`{answer}` is not a port"))
    }

    #[test]
    fn input_asks_again_until_the_answer_fits() {
        let mut prompter = lines("abc\n\n9090\n");
        let answer = prompter.input(&PORT, "", &is_port).unwrap();
        assert_eq!(answer, "9090");
        let output = output(prompter);
        assert_eq!(output.matches("Port [none]: ").count(), 3, "{output}");
        assert!(output.contains("`abc` is not a port"), "{output}");
    }

    #[test]
    fn enter_takes_the_default() {
        let mut prompter = lines("\n\n\n\n");
        assert_eq!(prompter.input(&PORT, "8080", &is_port).unwrap(), "8080");
        let items = ["distroless - x".to_string(), "scratch - y".to_string()];
        assert_eq!(prompter.select(&PORT, &items, 1).unwrap(), 1);
        let chosen = prompter
            .multi_select(&PORT, &items, &[true, false], &|_| Ok(()))
            .unwrap();
        assert_eq!(chosen, vec![0]);
        assert!(prompter.confirm("Write?", true).unwrap());
    }

    #[test]
    fn choices_by_number_or_name_and_bad_ones_ask_again() {
        let items = [
            "distroless - x".to_string(),
            "scratch - y".to_string(),
            "debug - z".to_string(),
        ];
        let mut prompter = lines("7\nscratch\n");
        assert_eq!(prompter.select(&PORT, &items, 0).unwrap(), 1);
        let mut prompter = lines("3, distroless 3\n");
        let chosen = prompter
            .multi_select(&PORT, &items, &[false; 3], &|_| Ok(()))
            .unwrap();
        assert_eq!(chosen, vec![0, 2]);
        let mut prompter = lines("x\n2\n");
        let chosen = prompter
            .multi_select(&PORT, &items, &[true, false, false], &|_| Ok(()))
            .unwrap();
        assert_eq!(chosen, vec![1]);
        assert!(output(prompter).contains("`x` is not one of them"));
    }

    #[test]
    fn the_end_of_input_cancels_and_no_terminal_names_the_flag() {
        let error = lines("abc\n").input(&PORT, "", &is_port).unwrap_err();
        assert!(
            matches!(error, Error::Cancelled { interrupted: false }),
            "{error}"
        );
        assert_eq!(error.to_string(), "cancelled, nothing written");
        let error = lines("").confirm("Write?", true).unwrap_err();
        assert!(matches!(error, Error::Cancelled { .. }), "{error}");
        let error = NoTerminal.select(&PORT, &[], 0).unwrap_err();
        assert_eq!(
            error.report(),
            "error: stdin is not a terminal, so godock cannot ask `Port`\nhint: pass --port N, or --yes to take the detected choices"
        );
    }

    #[test]
    fn arrow_keys_are_refused_in_words_that_keep_to_their_line() {
        let items = ["distroless - x".to_string(), "scratch - y".to_string()];
        let mut prompter = lines("\u{1b}[A\n2\n");
        assert_eq!(prompter.select(&PORT, &items, 0).unwrap(), 1);
        let output = output(prompter);
        assert!(
            output.contains(
                "Arrow keys do not work in this terminal: enter a number from 1 to 2, or a name."
            ),
            "{output}"
        );
        assert!(!output.contains('\u{1b}'), "{output:?}");
    }

    #[test]
    fn none_is_offered_only_when_it_is_an_answer() {
        let items = ["api".to_string(), "worker".to_string()];
        let at_least_one = |chosen: &[usize]| {
            if chosen.is_empty() {
                Err("choose at least one".to_string())
            } else {
                Ok(())
            }
        };
        let mut prompter = lines("none\n2\n");
        let chosen = prompter
            .multi_select(&PORT, &items, &[true, false], &at_least_one)
            .unwrap();
        assert_eq!(chosen, vec![1]);
        let said = output(prompter);
        assert!(!said.contains("`none` for none"), "{said}");
        assert!(said.contains("`none` is not one of them"), "{said}");
        let mut prompter = lines("none\n");
        let chosen = prompter
            .multi_select(&PORT, &items, &[true, false], &|_| Ok(()))
            .unwrap();
        assert!(chosen.is_empty());
        assert!(output(prompter).contains("`none` for none"));
    }
}
