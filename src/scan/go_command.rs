//! The environment godock runs the go command in, so that asking it
//! something leaves no trace: telemetry off (`GOTELEMETRY=off`, and a
//! configuration directory of godock's own whose telemetry mode file says
//! `off`, since the go command counts into the user's configuration
//! directory whatever the variable says), no build cache (`GOCACHE=off`),
//! and the user's `go env -w` file still read (`GOENV`). Nothing is written
//! under the user's home.
//!
//! Responsible for the environment only; what the go command is asked is
//! its caller's.
use std::path::PathBuf;
use std::process::Command;

/// A configuration directory for the go command, removed when dropped.
pub struct QuietGo {
    config: tempfile::TempDir,
    go_env: Option<PathBuf>,
}

impl QuietGo {
    /// Creates the directory (in the system's temporary directory) with
    /// telemetry off in it.
    pub fn new() -> std::io::Result<QuietGo> {
        let config = tempfile::Builder::new().prefix("godock-go-").tempdir()?;
        let telemetry = config.path().join("go/telemetry");
        std::fs::create_dir_all(&telemetry)?;
        std::fs::write(telemetry.join("mode"), "off")?;
        Ok(QuietGo {
            config,
            go_env: go_env_file(),
        })
    }

    /// Sets `command`'s environment: run in it, the go command writes
    /// nothing under the user's home.
    pub fn apply(&self, command: &mut Command) {
        command
            .env("GOTELEMETRY", "off")
            .env("GOCACHE", "off")
            .env("XDG_CONFIG_HOME", self.config.path());
        match &self.go_env {
            Some(file) => command.env("GOENV", file),
            None => command.env("GOENV", "off"),
        };
    }
}

/// The file `go env -w` writes, as the go command finds it: `$GOENV`, else
/// the user's configuration directory's `go/env`; `None` when `GOENV=off`
/// or there is no home.
pub fn go_env_file() -> Option<PathBuf> {
    match std::env::var_os("GOENV") {
        Some(value) if value == "off" => None,
        Some(value) if !value.is_empty() => Some(PathBuf::from(value)),
        _ => user_config_directory().map(|directory| directory.join("go/env")),
    }
}

/// Go's `os.UserConfigDir` on the systems godock runs on.
fn user_config_directory() -> Option<PathBuf> {
    let home = || {
        std::env::var_os("HOME")
            .filter(|home| !home.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(target_os = "macos") {
        return home().map(|home| home.join("Library/Application Support"));
    }
    match std::env::var_os("XDG_CONFIG_HOME") {
        Some(directory) if !directory.is_empty() => Some(PathBuf::from(directory)),
        _ => home().map(|home| home.join(".config")),
    }
}
