//! SIGINT (Ctrl-C) while a question waits: it ends the question, not the
//! process, so that the wizard can say "cancelled, nothing written" and
//! `main` can exit 130. Outside a question, SIGINT does what it always does.
//!
//! Both prompters use it: the menus read keys in raw mode, where Ctrl-C is
//! a byte the key reader answers with "interrupted" (and a SIGINT it raises
//! itself); the line prompter reads a terminal in its ordinary mode, where
//! Ctrl-C is a signal, so [`Keyboard`] waits for a line and for SIGINT at
//! once.
//!
//! Responsible for the signal's disposition and for reading the terminal's
//! lines; it must not print or decide anything about the wizard.
use std::io::{self, Read};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use rustix::event::{poll, PollFd, PollFlags};

use super::answer::{Answer, Answers};

/// Whether SIGINT does what it does by default (end the process): true but
/// while a question waits.
static DEFAULT_ON_INTERRUPT: AtomicBool = AtomicBool::new(true);

/// The end of a pipe that receives a byte at every SIGINT, once installed.
static WAKE_UP: OnceLock<Option<UnixStream>> = OnceLock::new();

/// Installs, once, the SIGINT handler that ends the process by default but
/// not while a question waits, and the pipe that tells [`Keyboard`] of one.
/// Without them (if installing fails), Ctrl-C ends the process as before:
/// nothing is written either way.
fn catch_interrupts() -> Option<&'static UnixStream> {
    WAKE_UP
        .get_or_init(|| {
            signal_hook::flag::register_conditional_default(
                signal_hook::consts::SIGINT,
                &DEFAULT_ON_INTERRUPT,
            )
            .ok()?;
            let (reader, writer) = UnixStream::pair().ok()?;
            reader.set_nonblocking(true).ok()?;
            signal_hook::low_level::pipe::register(signal_hook::consts::SIGINT, writer).ok()?;
            Some(reader)
        })
        .as_ref()
}

/// A question starts waiting: SIGINT ends the question from now on.
pub fn question_waits() {
    catch_interrupts();
    DEFAULT_ON_INTERRUPT.store(false, Ordering::SeqCst);
}

/// A question was answered: SIGINT ends the process again. After an
/// interrupted question it is not called: the process ends next, and
/// SIGINT stays caught until then.
pub fn question_answered() {
    DEFAULT_ON_INTERRUPT.store(true, Ordering::SeqCst);
}

/// Reads away the wake-up bytes of interruptions already seen.
fn drain(wake_up: &UnixStream) {
    let mut bytes = [0u8; 64];
    while matches!((&*wake_up).read(&mut bytes), Ok(read) if read > 0) {}
}

/// The terminal's stdin, read a line at a time as the terminal hands lines
/// over, and answering [`Answer::Interrupted`] when Ctrl-C is pressed while
/// it waits.
#[derive(Default)]
pub struct Keyboard {
    /// Read but not yet answered: the rest of a line, or lines typed ahead.
    pending: Vec<u8>,
    ended: bool,
}

impl Keyboard {
    /// The first whole line pending, without its newline.
    fn take_line(&mut self) -> Option<String> {
        let end = self.pending.iter().position(|&byte| byte == b'\n')?;
        let line: Vec<u8> = self.pending.drain(..=end).collect();
        Some(String::from_utf8_lossy(&line[..end]).into_owned())
    }

    /// Waits until stdin can be read (`Ok(true)`) or SIGINT came (`Ok(false)`).
    fn wait(&self, wake_up: Option<&UnixStream>) -> io::Result<bool> {
        let stdin = io::stdin();
        loop {
            let mut fds = vec![PollFd::new(&stdin, PollFlags::IN)];
            if let Some(wake_up) = wake_up {
                fds.push(PollFd::new(wake_up, PollFlags::IN));
            }
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(error) => return Err(error.into()),
            }
            if fds.get(1).is_some_and(|fd| !fd.revents().is_empty()) {
                return Ok(false);
            }
            if !fds[0].revents().is_empty() {
                return Ok(true);
            }
        }
    }
}

impl Answers for Keyboard {
    fn next_answer(&mut self) -> io::Result<Answer> {
        let wake_up = catch_interrupts();
        if let Some(wake_up) = wake_up {
            drain(wake_up);
        }
        loop {
            if let Some(line) = self.take_line() {
                return Ok(Answer::Line(line));
            }
            if self.ended {
                return Ok(Answer::End);
            }
            if !self.wait(wake_up)? {
                return Ok(Answer::Interrupted);
            }
            let mut bytes = [0u8; 1024];
            let read = match rustix::io::read(io::stdin().as_fd(), &mut bytes) {
                Ok(read) => read,
                Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => continue,
                Err(error) => return Err(error.into()),
            };
            if read == 0 {
                // Ctrl-D: what was typed on the line is its last answer.
                self.ended = true;
                if !self.pending.is_empty() {
                    self.pending.push(b'\n');
                }
            }
            self.pending.extend_from_slice(&bytes[..read]);
        }
    }
}
