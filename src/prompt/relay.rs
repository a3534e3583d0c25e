//! Ctrl-D in dialoguer's menus. dialoguer reads keys through `console`,
//! which puts stdin in raw mode, where Ctrl-D is the byte 0x04 that no
//! dialoguer prompt answers: pressed in a menu, it did nothing. From the
//! first menu on, a [`Relay`] puts a pseudo-terminal in the place of stdin
//! and copies the user's keys into it, turning Ctrl-D into Ctrl-C (which
//! every prompt answers with "interrupted") and noting that it did, so that
//! the menu can cancel as Ctrl-D does at the line prompts. One relay serves
//! every question, so keys typed ahead between two menus reach the next.
//!
//! Responsible for the pseudo-terminal, the copying thread, and putting
//! stdin and the terminal's modes back as they were; it must not know
//! what any other key means, nor print anything.
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use rustix::event::{poll, PollFd, PollFlags};
use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;
use rustix::pty::OpenptFlags;
use rustix::termios::{tcgetattr, tcgetwinsize, tcsetattr, tcsetwinsize, OptionalActions, Termios};

const CTRL_C: u8 = 0x03;
const CTRL_D: u8 = 0x04;

/// The user's keys, relayed from the terminal through a pseudo-terminal
/// standing in for stdin until the relay is dropped.
pub struct Relay {
    /// The user's terminal (what stdin was), in raw mode while relaying.
    terminal: Arc<OwnedFd>,
    /// The terminal's modes before, put back at the end.
    modes: Termios,
    stop: OwnedFd,
    copying: Option<JoinHandle<()>>,
    ctrl_d: Arc<AtomicBool>,
}

impl Relay {
    /// Starts relaying stdin's keys; an error leaves stdin as it was.
    pub fn start() -> io::Result<Relay> {
        let terminal = rustix::io::dup(io::stdin())?;
        let modes = tcgetattr(&terminal)?;
        let mut raw = modes.clone();
        raw.make_raw();
        // Output to the terminal keeps its newline translation.
        raw.output_modes = modes.output_modes;

        let leader = rustix::pty::openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY)?;
        rustix::pty::grantpt(&leader)?;
        rustix::pty::unlockpt(&leader)?;
        let name = rustix::pty::ptsname(&leader, Vec::new())?;
        let follower = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        // Raw throughout: nothing is echoed, buffered by line or signalled
        // in between the key reader's own raw reads.
        tcsetattr(&follower, OptionalActions::Now, &raw)?;
        if let Ok(size) = tcgetwinsize(&terminal) {
            let _ = tcsetwinsize(&follower, size);
        }
        let (stop_reading, stop) = rustix::pipe::pipe()?;

        tcsetattr(&terminal, OptionalActions::Now, &raw)?;
        if let Err(error) = rustix::stdio::dup2_stdin(&follower) {
            let _ = tcsetattr(&terminal, OptionalActions::Now, &modes);
            return Err(error.into());
        }
        let terminal = Arc::new(terminal);
        let ctrl_d = Arc::new(AtomicBool::new(false));
        let copying = {
            let (terminal, ctrl_d) = (Arc::clone(&terminal), Arc::clone(&ctrl_d));
            std::thread::spawn(move || copy_keys(&terminal, &leader, &stop_reading, &ctrl_d))
        };
        Ok(Relay {
            terminal,
            modes,
            stop,
            copying: Some(copying),
            ctrl_d,
        })
    }

    /// Whether Ctrl-D was pressed since the last time this was asked.
    pub fn take_ctrl_d(&self) -> bool {
        self.ctrl_d.swap(false, Ordering::SeqCst)
    }
}

impl Drop for Relay {
    /// Stops relaying and puts stdin and the terminal back as they were.
    fn drop(&mut self) {
        let Some(copying) = self.copying.take() else {
            return;
        };
        let _ = rustix::io::write(&self.stop, &[0]);
        let _ = copying.join();
        let _ = rustix::stdio::dup2_stdin(self.terminal.as_fd());
        let _ = tcsetattr(self.terminal.as_fd(), OptionalActions::Now, &self.modes);
    }
}

/// Copies keys from `terminal` to `leader` until `stop` is readable or the
/// terminal goes away, Ctrl-D becoming Ctrl-C.
fn copy_keys(terminal: &OwnedFd, leader: &OwnedFd, stop: &OwnedFd, ctrl_d: &AtomicBool) {
    let mut keys = [0u8; 256];
    loop {
        let mut fds = [
            PollFd::new(terminal, PollFlags::IN),
            PollFd::new(stop, PollFlags::IN),
        ];
        match poll(&mut fds, None) {
            Ok(_) => {}
            Err(Errno::INTR) => continue,
            Err(_) => return,
        }
        if !fds[1].revents().is_empty() {
            return;
        }
        if fds[0].revents().is_empty() {
            continue;
        }
        let read = match rustix::io::read(terminal, &mut keys) {
            Ok(0) => return,
            Ok(read) => read,
            Err(Errno::INTR | Errno::AGAIN) => continue,
            Err(_) => return,
        };
        for key in &mut keys[..read] {
            if *key == CTRL_D {
                ctrl_d.store(true, Ordering::SeqCst);
                *key = CTRL_C;
            }
        }
        if write_all(leader, &keys[..read]).is_err() {
            return;
        }
    }
}

fn write_all(fd: &OwnedFd, mut bytes: &[u8]) -> rustix::io::Result<()> {
    while !bytes.is_empty() {
        match rustix::io::write(fd, bytes) {
            Ok(written) => bytes = &bytes[written..],
            Err(Errno::INTR) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}
