//! One answer to a plain-line question, and where answers come from: the
//! terminal's keyboard ([`super::interrupt::Keyboard`], which also reports
//! Ctrl-C) or any reader of lines in tests. Data only: asking is
//! [`super::lines`]'s.
use std::io::{self, BufRead};

/// What reading an answer gave.
pub enum Answer {
    /// A line, without its newline.
    Line(String),
    /// The end of input (Ctrl-D on a terminal).
    End,
    /// Ctrl-C while the question waited.
    Interrupted,
}

/// Where answers come from: the terminal's [`super::interrupt::Keyboard`], or any reader of
/// lines in tests (which cannot be interrupted).
pub trait Answers {
    fn next_answer(&mut self) -> io::Result<Answer>;
}

impl<R: BufRead> Answers for R {
    fn next_answer(&mut self) -> io::Result<Answer> {
        let mut line = String::new();
        if self.read_line(&mut line)? == 0 {
            return Ok(Answer::End);
        }
        if line.ends_with('\n') {
            line.pop();
        }
        Ok(Answer::Line(line))
    }
}
