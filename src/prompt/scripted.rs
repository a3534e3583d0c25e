//! Prompters for tests: one that answers from a script and records what it
//! was asked, and one for which being asked anything is a bug.
use super::{Check, Prompter, Question};
use crate::error::Result;

/// One answer of a script: what a user types.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// Enter: the default.
    Enter,
    /// An item by its first word, or text for an input.
    Say(&'static str),
    /// Several items by their first words.
    Pick(&'static [&'static str]),
    No,
}

/// Answers from a script, and records the questions, what Enter would have
/// answered each (the default), and the answers refused (each refusal takes
/// the next answer, as the terminal asks again).
pub struct Scripted {
    pub answers: Vec<Answer>,
    pub asked: Vec<String>,
    /// Per question asked: the default item, the default text, the items
    /// ticked (joined by `, `), or `yes`/`no`.
    pub defaults: Vec<String>,
    pub refused: Vec<String>,
}

impl Scripted {
    pub fn new(answers: &[Answer]) -> Scripted {
        Scripted {
            answers: answers.to_vec(),
            asked: Vec::new(),
            defaults: Vec::new(),
            refused: Vec::new(),
        }
    }

    fn next(&mut self, question: &str) -> Answer {
        self.asked.push(question.to_string());
        assert!(!self.answers.is_empty(), "no answer left for: {question}");
        self.answers.remove(0)
    }

    fn index(items: &[String], name: &str) -> usize {
        items
            .iter()
            .position(|item| item.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("`{name}` is not among {items:?}"))
    }
}

impl Prompter for Scripted {
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        self.defaults
            .push(if default { "yes" } else { "no" }.to_string());
        Ok(match self.next(question) {
            Answer::Enter => default,
            Answer::No => false,
            other => panic!("{question}: cannot answer {other:?}"),
        })
    }

    fn select(&mut self, question: &Question, items: &[String], default: usize) -> Result<usize> {
        self.defaults.push(items[default].clone());
        Ok(match self.next(question.text) {
            Answer::Enter => default,
            Answer::Say(name) => Self::index(items, name),
            other => panic!("{}: cannot answer {other:?}", question.text),
        })
    }

    fn multi_select(
        &mut self,
        question: &Question,
        items: &[String],
        defaults: &[bool],
        check: Check<[usize]>,
    ) -> Result<Vec<usize>> {
        let ticked: Vec<&str> = (0..items.len())
            .filter(|index| defaults[*index])
            .map(|index| items[index].as_str())
            .collect();
        self.defaults.push(ticked.join(", "));
        loop {
            let chosen: Vec<usize> = match self.next(question.text) {
                Answer::Enter => (0..items.len()).filter(|index| defaults[*index]).collect(),
                Answer::Pick(names) => {
                    let mut chosen: Vec<usize> =
                        names.iter().map(|name| Self::index(items, name)).collect();
                    chosen.sort_unstable();
                    chosen
                }
                other => panic!("{}: cannot answer {other:?}", question.text),
            };
            match check(&chosen) {
                Ok(()) => return Ok(chosen),
                Err(message) => self.refused.push(message),
            }
        }
    }

    fn input(&mut self, question: &Question, default: &str, check: Check<str>) -> Result<String> {
        self.defaults.push(default.to_string());
        loop {
            let answer = match self.next(question.text) {
                Answer::Enter => default.to_string(),
                Answer::Say(text) => text.to_string(),
                other => panic!("{}: cannot answer {other:?}", question.text),
            };
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(message) => self.refused.push(message),
            }
        }
    }
}

/// For `--yes`: being asked anything is a bug.
pub struct MustNotAsk;

impl Prompter for MustNotAsk {
    fn confirm(&mut self, question: &str, _default: bool) -> Result<bool> {
        panic!("--yes must never prompt, but asked: {question}");
    }

    fn select(&mut self, question: &Question, _: &[String], _: usize) -> Result<usize> {
        panic!("--yes must never prompt, but asked: {}", question.text);
    }

    fn multi_select(
        &mut self,
        question: &Question,
        _: &[String],
        _: &[bool],
        _: Check<[usize]>,
    ) -> Result<Vec<usize>> {
        panic!("--yes must never prompt, but asked: {}", question.text);
    }

    fn input(&mut self, question: &Question, _: &str, _: Check<str>) -> Result<String> {
        panic!("--yes must never prompt, but asked: {}", question.text);
    }
}
