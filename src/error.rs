//! Every way godock can fail: one variant per operation that failed,
//! carrying its inputs. Printed once, by [`crate::run`], through the
//! printer.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no go.mod in {} or any directory below it (skipping testdata/, vendor/, node_modules/, _* and .*); run `go mod init <module path>` to create one", path.display())]
    NoGoMod { path: PathBuf },
    #[error("{chosen_by} {directory}: {message}")]
    ModuleChoice {
        chosen_by: String,
        directory: String,
        message: String,
    },
    #[error("{}:{line}: {message}", path.display())]
    GoWorkSyntax {
        path: PathBuf,
        line: u32,
        message: String,
    },
    #[error("{} does not use the module in {} ({module}); add `use {use_path}` to it, or pass --module with one of the modules it uses", go_work.display(), directory.display())]
    WorkspaceLacksModule {
        go_work: PathBuf,
        module: String,
        directory: PathBuf,
        use_path: String,
    },
    /// A `replace` or `use` directory the build cannot have: it lacks a
    /// go.mod, or lies outside the repository.
    #[error("{}:{line}: {message}", path.display())]
    LocalDirectory {
        path: PathBuf,
        line: u32,
        message: String,
    },
    #[error("{message}")]
    OutsideRepository { message: String },
    #[error("{}:{line}: {message}", path.display())]
    GoModSyntax {
        path: PathBuf,
        line: u32,
        message: String,
    },
    #[error("{}: no module directive; add `module <path>` (for example with `go mod init`)", path.display())]
    GoModNoModule { path: PathBuf },
    #[error("no main package in {}: searched every directory below it for buildable non-test .go files saying `package main` (skipping testdata/, vendor/, _*, .* and nested modules){}", root.display(), no_main_hint(skipped))]
    NoMainPackage {
        module: String,
        root: PathBuf,
        skipped: Vec<String>,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not valid UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("unknown preset `{name}`; the built-in presets are {}, or pass a path to a preset file ending in .toml", available.join(", "))]
    PresetUnknown {
        name: String,
        available: Vec<String>,
    },
    #[error("{}: {message}", path.display())]
    PresetInvalid { path: PathBuf, message: String },
    #[error("preset `{preset}` cannot serve this project: {reason}; use --preset distroless-cgo")]
    PresetRefused { preset: String, reason: String },
    #[error("unknown binary `{name}`; the main packages are: {}", available.join(", "))]
    BinaryUnknown {
        name: String,
        available: Vec<String>,
    },
    #[error("the primary binary `{primary}` is not among the binaries to build; add it with --binary {primary}")]
    PrimaryNotBuilt { primary: String },
    #[error("{}: {message}", path.display())]
    ConfigInvalid { path: PathBuf, message: String },
    #[error("no godock.toml in {}{}: run `godock init{}` first", path.display(), context.as_ref().map(|context| format!(" or in {}, the build context of this module", context.display())).unwrap_or_default(), if path.as_os_str() == "." { String::new() } else { format!(" {}", path.display()) })]
    NoConfig {
        path: PathBuf,
        /// The build context, when it is not `path`.
        context: Option<PathBuf>,
    },
    #[error("{}: it is for the module in {}, but {} is the module in {module_dir} (relative to {}); run `godock {command} {}` for the module it names, or move one of them", context.join("godock.toml").display(), configured.as_deref().unwrap_or(". (it has no `module` key)"), path.display(), context.display(), context.display())]
    ConfigForAnotherModule {
        /// The build context, where that godock.toml lives.
        context: PathBuf,
        /// The module its `module` key names.
        configured: Option<String>,
        path: PathBuf,
        /// `path`'s module, relative to the context.
        module_dir: String,
        command: &'static str,
    },
    #[error("{} exists and was not written by godock; pass --force to overwrite it, or move it aside", path.display())]
    WouldClobber { path: PathBuf },
    #[error("{} was written by godock and edited since; pass --force to overwrite it (your version is kept as {}), or fold your edits into godock.toml", path.display(), backup.display())]
    WouldLoseEdits { path: PathBuf, backup: PathBuf },
    /// `report` shows every conflicting run, one after the other.
    #[error("{}: your edits conflict with what godock writes now; nothing written\n{report}hint: make your lines agree with godock's (a choice such as the Go version or the port belongs in godock.toml), then run godock again; or pass --force to take godock's version and keep yours as {}", paths.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", "), backups_of(paths))]
    MergeConflict { paths: Vec<PathBuf>, report: String },
    #[error("stdin is not a terminal, so godock cannot ask for confirmation; pass --yes to write the files, or --dry-run to see what would be written")]
    NeedsConfirmation,
    #[error("{variable}: {message}")]
    EnvironmentInvalid { variable: String, message: String },
    #[error("{flag}: {message}")]
    FlagInvalid { flag: String, message: String },
    #[error("stdin is not a terminal, so godock cannot ask `{question}`; pass {flag}, or --yes to take the detected choices")]
    NeedsAnswer { question: String, flag: String },
    #[error("cannot read the answer: {source}")]
    ReadAnswer { source: std::io::Error },
    #[error("rendering {template}: {message}")]
    Render { template: String, message: String },
    #[error("cannot serialise {what}: {message}")]
    Serialize { what: &'static str, message: String },
}

fn backups_of(paths: &[PathBuf]) -> String {
    match paths {
        [path] => format!("{}.orig", path.display()),
        _ => "FILE.orig".to_string(),
    }
}

fn no_main_hint(skipped: &[String]) -> String {
    if skipped.is_empty() {
        String::new()
    } else {
        format!(
            "; these directories say `package main` but do not build for linux: {}",
            skipped.join(", ")
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A TOML error on one line: toml's message, with the line it points at.
pub fn toml_message(error: &toml::de::Error, text: &str) -> String {
    let message = error.message().trim_end().to_string();
    match error.span() {
        Some(span) => {
            let line = text
                .get(..span.start)
                .map_or(1, |before| before.matches('\n').count() + 1);
            format!("line {line}: {message}")
        }
        None => message,
    }
}
