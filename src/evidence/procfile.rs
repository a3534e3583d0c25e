//! A Procfile (Heroku, foreman, Dokku): process types and the commands they
//! run (`web: ./bin/server --port $PORT`). Lines that are not `name:
//! command` are warnings; comments and blank lines are skipped.
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::shell::{self, SimpleCommand};
use super::{without_bom, Location, Warning};

pub const FILE_NAME: &str = "Procfile";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procfile {
    pub file: PathBuf,
    pub processes: Vec<Process>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Process {
    pub location: Location,
    /// `web`, `worker`, `release`.
    pub name: String,
    pub command: String,
    /// The command's simple commands (`bin/migrate && bin/server`).
    pub commands: Vec<SimpleCommand>,
}

pub fn parse(text: &str, file: &Path) -> Procfile {
    let mut procfile = Procfile {
        file: file.to_path_buf(),
        processes: Vec::new(),
        warnings: Vec::new(),
    };
    for (index, line) in without_bom(text).lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let named = trimmed.split_once(':').filter(|(name, _)| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || "_-".contains(character))
        });
        match named {
            Some((name, command)) => {
                let command = command.trim().to_string();
                procfile.processes.push(Process {
                    location: Location::new(file, number),
                    name: name.to_string(),
                    commands: shell::commands(&command),
                    command,
                });
            }
            None => procfile.warnings.push(Warning::at(
                file,
                number,
                "not a process line: expected `name: command`",
            )),
        }
    }
    procfile
}

impl Procfile {
    pub fn process(&self, name: &str) -> Option<&Process> {
        self.processes.iter().find(|process| process.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_types_and_their_commands() {
        let text = "# processes\nweb: bin/widget-server --listen :$PORT\nworker: env QUEUE=default bin/widget-worker\nrelease: ./bin/migrate up && echo done\n\nbroken line\n";
        let procfile = parse(text, Path::new("Procfile"));
        let names: Vec<_> = procfile
            .processes
            .iter()
            .map(|process| process.name.as_str())
            .collect();
        assert_eq!(names, ["web", "worker", "release"]);
        let web = procfile.process("web").expect("web");
        assert_eq!(web.location.line, 2);
        assert_eq!(
            web.commands[0].words,
            ["bin/widget-server", "--listen", ":$PORT"]
        );
        let worker = procfile.process("worker").expect("worker");
        assert_eq!(worker.commands[0].program(), Some("widget-worker"));
        assert_eq!(
            procfile.process("release").map(|p| p.commands.len()),
            Some(2)
        );
        assert_eq!(procfile.warnings.len(), 1);
        assert_eq!(procfile.warnings[0].line, Some(6));
    }
}
