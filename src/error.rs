//! Every way godock can fail: one variant per operation that failed,
//! carrying its inputs. `Display` says what went wrong and where (a file, a
//! line, a setting); [`Error::hint`] says what to do about it, printed on a
//! `hint:` line of its own. Errors are printed once, by [`crate::run`],
//! through the printer; nothing here prints.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such directory", path.display())]
    PathMissing { path: PathBuf },
    #[error("{}: not a directory; godock takes the directory of a Go module", path.display())]
    PathNotDirectory { path: PathBuf },
    #[error("no go.mod in {} or any directory below it (skipping testdata/, vendor/, node_modules/, _* and .*)", path.display())]
    NoGoMod { path: PathBuf },
    #[error("{chosen_by} {directory}: it must be a directory below {} (relative to it)", path.display())]
    ModuleNotBelow {
        chosen_by: String,
        directory: String,
        path: PathBuf,
    },
    #[error("{chosen_by} {directory}: there is no go.mod in {}", module.display())]
    ModuleWithoutGoMod {
        chosen_by: String,
        directory: String,
        module: PathBuf,
    },
    #[error("{}:{line}: {message}", path.display())]
    GoModSyntax {
        path: PathBuf,
        line: u32,
        message: String,
    },
    #[error("{}: no module directive", path.display())]
    GoModNoModule { path: PathBuf },
    #[error("{}:{line}: {message}", path.display())]
    GoWorkSyntax {
        path: PathBuf,
        line: u32,
        message: String,
    },
    #[error("{} does not use the module in {} ({module})", go_work.display(), directory.display())]
    WorkspaceLacksModule {
        go_work: PathBuf,
        module: String,
        directory: PathBuf,
        use_path: String,
    },
    #[error("{}:{line}: use {used}: {} has no go.mod", go_work.display(), directory.display())]
    WorkspaceMemberWithoutGoMod {
        go_work: PathBuf,
        line: u32,
        used: String,
        directory: PathBuf,
    },
    /// `required_by` is the go.mod that requires `old`.
    #[error("{}:{line}: replace {old} => {new}: {} has no go.mod, so Go cannot use it as a module, and {} requires {old}", file.display(), directory.display(), required_by.display())]
    ReplaceTargetWithoutGoMod {
        file: PathBuf,
        line: u32,
        old: String,
        new: String,
        directory: PathBuf,
        required_by: PathBuf,
    },
    /// `repository` says how the repository was found.
    #[error("{}:{line}: replace {old} => {new}: the target {new} lies outside {repository}; a Docker build context cannot reach it", file.display())]
    ReplaceTargetOutside {
        file: PathBuf,
        line: u32,
        old: String,
        new: String,
        repository: String,
    },
    #[error("{}:{line}: use {directory}: the module lies outside {repository}; a Docker build context cannot reach it", go_work.display())]
    WorkspaceModuleOutside {
        go_work: PathBuf,
        line: u32,
        directory: String,
        repository: String,
    },
    #[error("the directory {directory} lies outside {repository}; a Docker build context cannot reach it")]
    DirectoryOutside {
        directory: String,
        repository: String,
    },
    #[error("no main package in {} (module {module}): searched every directory below it for buildable non-test .go files saying `package main` (skipping testdata/, vendor/, _*, .* and nested modules){}{}", root.display(), unbuildable(skipped), stubs(without_main))]
    NoMainPackage {
        module: String,
        root: PathBuf,
        skipped: Vec<String>,
        /// Directories of `package main` files without `func main`.
        without_main: Vec<String>,
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
    #[error("unknown preset `{name}`; the built-in presets are {}, or a path to a preset file ending in .toml", available.join(", "))]
    PresetUnknown {
        name: String,
        available: Vec<String>,
    },
    #[error("{}: {message}", path.display())]
    PresetInvalid { path: PathBuf, message: String },
    /// `instead` names a preset that can.
    #[error("preset `{preset}` cannot serve this project: {reason}")]
    PresetRefused {
        preset: String,
        reason: String,
        instead: &'static str,
    },
    /// A cgo build whose builder and runtime images are on different
    /// Debian releases.
    #[error("preset `{preset}` builds cgo binaries on {built} (`{builder}`) but runs them on {runs} (`{runtime}`): a cgo binary needs the glibc it was linked against, and one built on a newer release fails on an older one (`GLIBC_2.38 not found`)")]
    DebianMismatch {
        preset: String,
        builder: String,
        runtime: String,
        built: String,
        runs: String,
    },
    /// A base image's digest could not be had from its registry.
    #[error("cannot pin {image}: {message}")]
    Registry {
        image: String,
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    RegistryMirror { message: String },
    #[error("unknown binary `{name}`; the main packages are: {}", available.join(", "))]
    BinaryUnknown {
        name: String,
        available: Vec<String>,
    },
    #[error("the primary binary `{primary}` is not among the binaries to build")]
    PrimaryNotBuilt { primary: String },
    #[error("{}: {message}", path.display())]
    ConfigInvalid { path: PathBuf, message: String },
    #[error("no godock.toml in {}{}", path.display(), context.as_ref().map(|context| format!(" or in {}, the build context of this module", context.display())).unwrap_or_default())]
    NoConfig {
        path: PathBuf,
        /// The build context, when it is not `path`.
        context: Option<PathBuf>,
    },
    #[error("{}: it is for the module in {}, but {} is the module in {module_dir} (relative to {})", context.join("godock.toml").display(), configured.as_deref().unwrap_or(". (it has no `module` key)"), path.display(), context.display())]
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
    #[error("{} exists and was not written by godock", path.display())]
    WouldClobber { path: PathBuf },
    #[error("{}, line {line}: {problem}, so godock cannot tell its block from your lines", path.display())]
    BrokenBlock {
        path: PathBuf,
        line: u32,
        problem: &'static str,
    },
    #[error("--ignore {rule}: there is no audit rule of that name")]
    UnknownRule {
        rule: String,
        known: Vec<&'static str>,
    },
    #[error("--fail-on {value}: not a severity")]
    UnknownSeverity { value: String },
    #[error("--format {value}: not an output format of audit")]
    UnknownFormat { value: String },
    #[error("{}: no Dockerfile of yours to audit", path.display())]
    NoDockerfile { path: PathBuf },
    #[error("{}: {reason}; nothing written", path.display())]
    UnsafeTarget { path: PathBuf, reason: String },
    #[error("{} was written by godock and edited since", path.display())]
    WouldLoseEdits { path: PathBuf, backup: PathBuf },
    /// `report` shows every conflicting run, one after the other.
    #[error("{}: your edits conflict with what godock writes now; nothing written\n{}", paths.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", "), report.trim_end_matches('\n'))]
    MergeConflict { paths: Vec<PathBuf>, report: String },
    #[error("stdin is not a terminal, so godock cannot ask for confirmation")]
    NeedsConfirmation,
    #[error("stdin is not a terminal, so godock cannot ask `{question}`")]
    NeedsAnswer { question: String, flag: String },
    #[error("cannot read the answer: {source}")]
    ReadAnswer { source: std::io::Error },
    /// The wizard was left (Ctrl-C when `interrupted`; Ctrl-D or Esc
    /// otherwise) before anything was written.
    #[error("cancelled, nothing written")]
    Cancelled { interrupted: bool },
    #[error("{variable}: {message}")]
    EnvironmentInvalid { variable: String, message: String },
    #[error("{flag}: {message}")]
    FlagInvalid { flag: String, message: String },
    /// A go or toolchain line (or a pinned version) that is no Go version.
    #[error("{file}: {message}")]
    GoVersionInvalid { file: String, message: String },
    /// A pinned Go version older than the project requires (the Go
    /// version policy's refusal, in words: `problem` names both versions
    /// and where each is written; `hint` says what to pin instead).
    #[error("{problem}")]
    GoVersionTooOld { problem: String, hint: String },
    #[error("unknown command `{name}`; the commands are {}", available.join(", "))]
    UnknownCommand {
        name: String,
        available: Vec<String>,
    },
    #[error("rendering {template}: {message}")]
    Render { template: String, message: String },
    #[error("cannot serialise {what}: {message}")]
    Serialize { what: &'static str, message: String },
}

impl Error {
    /// The error as the user reads it: `error: …`, and a `hint: …` line
    /// when there is one.
    pub fn report(&self) -> String {
        match self.hint() {
            Some(hint) => format!("error: {self}\nhint: {hint}"),
            None => format!("error: {self}"),
        }
    }

    /// What the user can do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::NoGoMod { .. } => "run `go mod init <module path>` to create one".to_string(),
            Error::PathNotDirectory { path } => format!(
                "pass the directory that holds it{}",
                path.parent()
                    .filter(|parent| !parent.as_os_str().is_empty())
                    .map(|parent| format!(": {}", parent.display()))
                    .unwrap_or_default()
            ),
            Error::GoModNoModule { .. } => {
                "add `module <path>` (for example with `go mod init`)".to_string()
            }
            Error::WorkspaceLacksModule { use_path, .. } => format!(
                "add `use {use_path}` to it, or pass --module with one of the modules it uses"
            ),
            Error::ReplaceTargetWithoutGoMod { old, new, .. } => format!(
                "run `go mod init {old}` in {new}, or remove the requirement and the replace"
            ),
            Error::ReplaceTargetOutside { .. }
            | Error::WorkspaceModuleOutside { .. }
            | Error::DirectoryOutside { .. } => {
                "move it into the repository, or run godock in a repository that holds it"
                    .to_string()
            }
            Error::NoMainPackage { .. } => "godock builds images of programs: add a main package (`package main` with a `func main()`, for example in cmd/NAME/main.go), or run godock on the module of a program; `godock scan` shows what it found here".to_string(),
            Error::PresetRefused { instead, .. } => format!("use --preset {instead}"),
            Error::Registry { hint, .. } => hint.clone()?,
            Error::RegistryMirror { .. } => "write it as host[:port][/prefix]: the registry that holds images under their own names (127.0.0.1:5000/golang)".to_string(),
            Error::DebianMismatch { .. } => "name images of one Debian release in the preset, or write ${DEBIAN_CODENAME} and ${DEBIAN_RELEASE} in them so that both follow the `debian` setting".to_string(),
            Error::PrimaryNotBuilt { primary } => format!("add it with --binary {primary}"),
            Error::NoConfig { path, .. } => format!(
                "run `godock init{}` first",
                if path.as_os_str() == "." {
                    String::new()
                } else {
                    format!(" {}", path.display())
                }
            ),
            Error::ConfigForAnotherModule {
                context, command, ..
            } => format!(
                "run `godock {command} {}` for the module it names, or move one of them",
                context.display()
            ),
            Error::WouldClobber { .. } => {
                "pass --force to overwrite it, or move it aside".to_string()
            }
            Error::UnknownRule { known, .. } => format!("the rules: {}", known.join(", ")),
            Error::UnknownSeverity { .. } => "one of: info, warning, error".to_string(),
            Error::UnknownFormat { .. } => "one of: text, json, sarif".to_string(),
            Error::NoDockerfile { .. } => {
                "name one with -f FILE, or run `godock init` to write one".to_string()
            }
            Error::BrokenBlock { .. } => {
                "delete godock's lines (`# godock: begin` to `# godock: end`) or pair them up, then run godock again".to_string()
            }
            Error::WouldLoseEdits { backup, .. } => format!(
                "pass --force to overwrite it (your version is kept as {}), or fold your edits into godock.toml",
                backup.display()
            ),
            Error::MergeConflict { paths, .. } => format!(
                "make your lines agree with godock's (a choice such as the Go version or the port belongs in godock.toml), then run godock again; or pass --force to take godock's lines where they conflict, keep your other edits, and save your file as {}",
                match paths.as_slice() {
                    [path] => format!("{}.orig", path.display()),
                    _ => "FILE.orig".to_string(),
                }
            ),
            Error::NeedsConfirmation => {
                "pass --yes to write the files, or --dry-run to see what would be written"
                    .to_string()
            }
            Error::GoVersionTooOld { hint, .. } => hint.clone(),
            Error::NeedsAnswer { flag, .. } => {
                format!("pass {flag}, or --yes to take the detected choices")
            }
            _ => return None,
        })
    }
}

/// The directories saying `package main` that build for no linux platform.
fn unbuildable(skipped: &[String]) -> String {
    if skipped.is_empty() {
        String::new()
    } else {
        format!(
            "; these directories say `package main` but do not build for linux: {}",
            skipped.join(", ")
        )
    }
}

fn stubs(without_main: &[String]) -> String {
    if without_main.is_empty() {
        String::new()
    } else {
        format!(
            "; these directories say `package main` but declare no `func main` (generate stubs are no programs): {}",
            without_main.join(", ")
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
