//! Questions to the user go through [`Prompter`], so that the commands can
//! be driven by a script in tests and are never able to hang a pipeline.
use std::io::{BufRead, IsTerminal, Write};

use crate::error::{Error, Result};

pub trait Prompter {
    /// A yes/no question; Enter gives `default`.
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;
}

/// Asks on the terminal: the question on stderr, the answer from stdin.
pub struct Terminal;

impl Prompter for Terminal {
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        let choices = if default { "[Y/n]" } else { "[y/N]" };
        loop {
            let mut stderr = std::io::stderr();
            let _ = write!(stderr, "{question} {choices} ");
            let _ = stderr.flush();
            let mut answer = String::new();
            let read = std::io::stdin()
                .lock()
                .read_line(&mut answer)
                .map_err(|error| Error::Other(format!("cannot read the answer: {error}")))?;
            if read == 0 {
                // End of input: nobody is there to answer.
                return Err(Error::NeedsConfirmation);
            }
            match answer.trim().to_ascii_lowercase().as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => {
                    let _ = writeln!(stderr, "Please answer y or n.");
                }
            }
        }
    }
}

/// For runs without a terminal and without `--yes`: every question is an
/// error naming the flag that answers it.
pub struct NoTerminal;

impl Prompter for NoTerminal {
    fn confirm(&mut self, _question: &str, _default: bool) -> Result<bool> {
        Err(Error::NeedsConfirmation)
    }
}

/// The prompter for this process: the terminal when stdin is one.
pub fn for_this_process() -> Box<dyn Prompter> {
    if std::io::stdin().is_terminal() {
        Box::new(Terminal)
    } else {
        Box::new(NoTerminal)
    }
}
