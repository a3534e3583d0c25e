//! The one place the evidence layer touches the disk: given a repository
//! root, find the files that say how it is built, read each safely, and hand
//! the text to the pure readers.
//!
//! Safely means: regular files only (a FIFO, device or socket is refused, so
//! a read can never block), a symbolic link is followed only when it points
//! to a file inside the root, a symlinked directory is never walked, and a
//! file larger than [`MAX_FILE_SIZE`] is not read. A file that cannot be
//! read or parsed is a warning naming it; the rest is still collected.
//! Paths in every record are relative to the root.
//!
//! No opinions: every source found is returned, with its provenance; which
//! one wins is the plan's decision.
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::dockerfile::{self, Dockerfile};
use super::dockerignore::DockerIgnore;
use super::go_build::GoBuild;
use super::goreleaser::{self, GoReleaser};
use super::justfile::{self, Justfile};
use super::makefile::{self, Makefile, MakefileSource};
use super::procfile::{self, Procfile};
use super::promu::{self, Promu, VersionFile};
use super::script::{self, BuildScript};
use super::taskfile::{self, Taskfile};
use super::Warning;

/// Files above this size are not read (a build recipe is a few KiB).
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// How deep below the root Dockerfiles and ignore files are looked for.
const SEARCH_DEPTH: usize = 3;
/// How many directory entries the search looks at before it stops.
const SEARCH_ENTRIES: usize = 20_000;
/// Directories the search never enters.
const SKIPPED_DIRECTORIES: [&str; 5] = [
    "vendor",
    "node_modules",
    "testdata",
    "third_party",
    "target",
];
/// Included Makefiles read at most.
const MAX_INCLUDED_FILES: usize = 32;

/// Everything a repository says about how it is built.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub root: PathBuf,
    pub dockerfiles: Vec<Dockerfile>,
    /// `.dockerignore` files and Dockerfile-specific ones
    /// (`Dockerfile.release.dockerignore`).
    pub dockerignores: Vec<DockerIgnore>,
    pub makefile: Option<Makefile>,
    pub goreleaser: Option<GoReleaser>,
    pub promu: Option<Promu>,
    pub procfile: Option<Procfile>,
    pub justfile: Option<Justfile>,
    pub taskfile: Option<Taskfile>,
    /// Build scripts that run `go build` or `go install`.
    pub scripts: Vec<BuildScript>,
    /// Files that could not be read, and other problems of the collection
    /// itself; see [`Evidence::all_warnings`] for the parsers' too.
    pub warnings: Vec<Warning>,
    /// Files godock wrote (its marker on their first line): not read as
    /// evidence, since they say what godock chose, not the repository.
    pub generated: Vec<PathBuf>,
}

/// Which kind of file a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Dockerfile,
    Makefile,
    GoReleaser,
    Promu,
    Justfile,
    Taskfile,
    Script,
}

impl Evidence {
    /// Every `go build`/`go install` found, with the kind of file it came
    /// from (its `location` names the file and line).
    pub fn go_builds(&self) -> Vec<(Source, GoBuild)> {
        let mut builds: Vec<(Source, GoBuild)> = Vec::new();
        let mut add = |source: Source, found: &mut dyn Iterator<Item = GoBuild>| {
            builds.extend(found.map(|build| (source, build)));
        };
        for dockerfile in &self.dockerfiles {
            add(Source::Dockerfile, &mut dockerfile.go_builds().into_iter());
        }
        if let Some(makefile) = &self.makefile {
            add(Source::Makefile, &mut makefile.go_builds.iter().cloned());
        }
        if let Some(config) = &self.goreleaser {
            let found = config
                .builds
                .iter()
                .filter_map(|build| build.go_build.clone());
            add(Source::GoReleaser, &mut found.into_iter());
        }
        if let Some(promu) = &self.promu {
            add(Source::Promu, &mut promu.go_builds.iter().cloned());
        }
        if let Some(justfile) = &self.justfile {
            add(Source::Justfile, &mut justfile.go_builds.iter().cloned());
        }
        if let Some(taskfile) = &self.taskfile {
            add(Source::Taskfile, &mut taskfile.go_builds.iter().cloned());
        }
        for script in &self.scripts {
            add(Source::Script, &mut script.go_builds.iter().cloned());
        }
        builds
    }

    /// Every warning: the collection's, then each file's.
    pub fn all_warnings(&self) -> Vec<&Warning> {
        let mut warnings: Vec<&Warning> = self.warnings.iter().collect();
        warnings.extend(self.dockerfiles.iter().flat_map(|file| &file.warnings));
        warnings.extend(self.dockerignores.iter().flat_map(|file| &file.warnings));
        warnings.extend(self.makefile.iter().flat_map(|file| &file.warnings));
        warnings.extend(self.goreleaser.iter().flat_map(|file| &file.warnings));
        warnings.extend(self.promu.iter().flat_map(|file| &file.warnings));
        warnings.extend(self.procfile.iter().flat_map(|file| &file.warnings));
        warnings.extend(self.taskfile.iter().flat_map(|file| &file.warnings));
        warnings
    }
}

/// Finds and reads every evidence file under `root`.
pub fn collect(root: &Path) -> Evidence {
    let mut reader = Reader::new(root);
    let mut evidence = Evidence {
        root: root.to_path_buf(),
        dockerfiles: Vec::new(),
        dockerignores: Vec::new(),
        makefile: None,
        goreleaser: None,
        promu: None,
        procfile: None,
        justfile: None,
        taskfile: None,
        scripts: Vec::new(),
        warnings: Vec::new(),
        generated: Vec::new(),
    };
    evidence.goreleaser = reader
        .first_of(&goreleaser::FILE_NAMES, "goreleaser")
        .map(|(path, text)| goreleaser::parse(&text, &path));
    let (mut dockerfiles, ignores) = reader.search();
    if let Some(config) = &evidence.goreleaser {
        for image in &config.images {
            if let Some(named) = image.dockerfile.as_deref().and_then(relative) {
                if !dockerfiles.contains(&named) {
                    dockerfiles.push(named);
                }
            }
        }
    }
    for path in dockerfiles {
        if let Some(text) = reader.read(&path) {
            evidence.dockerfiles.push(dockerfile::parse(&text, &path));
        }
    }
    for path in ignores {
        if let Some(text) = reader.read(&path) {
            evidence
                .dockerignores
                .push(DockerIgnore::parse(&text, &path));
        }
    }
    evidence.makefile = reader.makefile();
    evidence.promu = reader.read(Path::new(promu::FILE_NAME)).map(|text| {
        let mut config = promu::parse(&text, Path::new(promu::FILE_NAME));
        config.version_file = reader
            .read(Path::new("VERSION"))
            .and_then(|text| VersionFile::parse(&text, Path::new("VERSION")));
        config
    });
    evidence.procfile = reader
        .read(Path::new(procfile::FILE_NAME))
        .map(|text| procfile::parse(&text, Path::new(procfile::FILE_NAME)));
    evidence.justfile = reader
        .first_of(&justfile::FILE_NAMES, "just")
        .map(|(path, text)| justfile::parse(&text, &path));
    evidence.taskfile = reader
        .first_of(&taskfile::FILE_NAMES, "task")
        .map(|(path, text)| taskfile::parse(&text, &path));
    for path in reader.scripts() {
        if let Some(text) = reader.read(&path) {
            let found = script::parse(&text, &path);
            if !found.go_builds.is_empty() {
                evidence.scripts.push(found);
            }
        }
    }
    evidence.warnings = reader.warnings;
    evidence.generated = reader.generated;
    evidence
}

/// A path written in a config, when it stays inside the repository.
fn relative(written: &str) -> Option<PathBuf> {
    makefile::include_path(Path::new("x"), written)
}

struct Reader<'root> {
    root: &'root Path,
    canonical_root: Option<PathBuf>,
    warnings: Vec<Warning>,
    generated: Vec<PathBuf>,
}

impl<'root> Reader<'root> {
    fn new(root: &'root Path) -> Reader<'root> {
        Reader {
            root,
            canonical_root: fs::canonicalize(root).ok(),
            warnings: Vec::new(),
            generated: Vec::new(),
        }
    }

    /// The text of `relative`, or `None` when it does not exist, may not be
    /// read (then with a warning) or was written by godock (then listed in
    /// `generated`).
    fn read(&mut self, relative: &Path) -> Option<String> {
        match read_safely(self.root, self.canonical_root.as_deref(), relative) {
            Ok(Some((text, _))) if super::marker::is_generated(&text) => {
                self.generated.push(relative.to_path_buf());
                None
            }
            Ok(Some((text, warning))) => {
                self.warnings.extend(warning);
                Some(text)
            }
            Ok(None) => None,
            Err(message) => {
                self.warnings.push(Warning::file(relative, message));
                None
            }
        }
    }

    /// The first of `names` that exists, as `tool` looks for them; another
    /// one that also exists is a warning (the tool ignores it).
    fn first_of(&mut self, names: &[&str], tool: &str) -> Option<(PathBuf, String)> {
        let mut found: Option<(PathBuf, String)> = None;
        for name in names {
            let path = PathBuf::from(name);
            if found.is_some() {
                if exists(self.root, &path) {
                    let chosen = found
                        .as_ref()
                        .map(|(chosen, _)| chosen.display().to_string());
                    self.warnings.push(Warning::file(
                        &path,
                        format!(
                            "{tool} reads {} and ignores this file",
                            chosen.unwrap_or_default()
                        ),
                    ));
                }
                continue;
            }
            if let Some(text) = self.read(&path) {
                found = Some((path, text));
            }
        }
        found
    }

    /// The Makefile make would read (GNUmakefile, makefile, Makefile) and
    /// the files it includes.
    fn makefile(&mut self) -> Option<Makefile> {
        let (path, text) = self.first_of(&["GNUmakefile", "makefile", "Makefile"], "make")?;
        let root = makefile::parse(&text, &path);
        let mut sources: BTreeMap<PathBuf, MakefileSource> = BTreeMap::new();
        let mut tried: Vec<PathBuf> = Vec::new();
        loop {
            let evaluated = makefile::evaluate(&root, &sources);
            let wanted: Vec<PathBuf> = evaluated
                .includes
                .iter()
                .filter_map(|include| include.path.clone())
                .filter(|path| !tried.contains(path))
                .collect();
            if wanted.is_empty() || tried.len() >= MAX_INCLUDED_FILES {
                return Some(evaluated);
            }
            for path in wanted {
                tried.push(path.clone());
                if let Some(text) = self.read(&path) {
                    sources.insert(path.clone(), makefile::parse(&text, &path));
                }
            }
        }
    }

    /// Dockerfiles and ignore files within [`SEARCH_DEPTH`] directories of
    /// the root, in a stable order.
    fn search(&mut self) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let mut dockerfiles = Vec::new();
        let mut ignores = Vec::new();
        let mut pending = vec![(PathBuf::new(), 0usize)];
        let mut seen = 0usize;
        while let Some((directory, depth)) = pending.pop() {
            let Ok(entries) = fs::read_dir(self.root.join(&directory)) else {
                continue;
            };
            let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
            entries.sort_by_key(fs::DirEntry::file_name);
            for entry in entries.into_iter().rev() {
                seen += 1;
                if seen > SEARCH_ENTRIES {
                    self.warnings.push(Warning::file(
                        Path::new("."),
                        format!("more than {SEARCH_ENTRIES} entries; the search for Dockerfiles stopped there"),
                    ));
                    return (dockerfiles, ignores);
                }
                let name = entry.file_name().to_string_lossy().to_string();
                let path = directory.join(&name);
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    let skipped = name.starts_with('.')
                        || name.starts_with('_')
                        || SKIPPED_DIRECTORIES.contains(&name.as_str());
                    if depth + 1 < SEARCH_DEPTH && !skipped {
                        pending.push((path, depth + 1));
                    }
                } else if is_dockerfile(&name) {
                    dockerfiles.push(path);
                } else if name == ".dockerignore" || name.ends_with(".dockerignore") {
                    ignores.push(path);
                }
            }
        }
        dockerfiles.sort();
        ignores.sort();
        (dockerfiles, ignores)
    }

    /// `build.sh`, `scripts/*.sh`, `hack/*.sh`, `build/*.sh`, and
    /// `script/*` (scripts-to-rule-them-all names have no extension).
    fn scripts(&mut self) -> Vec<PathBuf> {
        let mut paths = vec![PathBuf::from("build.sh")];
        for (directory, any_name) in [
            ("scripts", false),
            ("hack", false),
            ("build", false),
            ("script", true),
        ] {
            let Ok(entries) = fs::read_dir(self.root.join(directory)) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().to_string())
                .filter(|name| name.ends_with(".sh") || (any_name && !name.contains('.')))
                .collect();
            names.sort();
            paths.extend(
                names
                    .into_iter()
                    .map(|name| Path::new(directory).join(name)),
            );
        }
        paths.retain(|path| exists(self.root, path));
        paths.sort();
        paths
    }
}

fn is_dockerfile(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.ends_with(".dockerignore")
        && (lower == "dockerfile"
            || lower == "containerfile"
            || lower.starts_with("dockerfile.")
            || lower.starts_with("containerfile.")
            || lower.ends_with(".dockerfile")
            || lower.ends_with(".containerfile"))
}

fn exists(root: &Path, relative: &Path) -> bool {
    fs::symlink_metadata(root.join(relative)).is_ok()
}

/// Reads `relative` under `root`: `Ok(None)` when it does not exist or is a
/// directory, `Err` with the reason when it may not be read, and a warning
/// beside the text when it was not UTF-8.
fn read_safely(
    root: &Path,
    canonical_root: Option<&Path>,
    relative: &Path,
) -> Result<Option<(String, Option<Warning>)>, String> {
    let path = root.join(relative);
    let metadata = match fs::symlink_metadata(&path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read: {error}")),
    };
    let canonical =
        fs::canonicalize(&path).map_err(|_| "a symbolic link to nothing; not read".to_string())?;
    let inside = canonical_root.is_some_and(|root| canonical.starts_with(root));
    if !inside {
        return Err(if metadata.file_type().is_symlink() {
            "a symbolic link to a file outside the repository; not read".to_string()
        } else {
            "reached through a symbolic link that leaves the repository; not read".to_string()
        });
    }
    let target = fs::metadata(&canonical).map_err(|error| format!("cannot read: {error}"))?;
    if target.is_dir() {
        return Ok(None);
    }
    if !target.is_file() {
        return Err("not a regular file (a FIFO, socket or device); not read".to_string());
    }
    if target.len() > MAX_FILE_SIZE {
        return Err(format!(
            "{} bytes, more than the {} MiB godock reads; not read",
            target.len(),
            MAX_FILE_SIZE / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::new();
    fs::File::open(&canonical)
        .and_then(|file| file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes))
        .map_err(|error| format!("cannot read: {error}"))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "grew past {} MiB while read; not read",
            MAX_FILE_SIZE / (1024 * 1024)
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some((text, None))),
        Err(error) => Ok(Some((
            String::from_utf8_lossy(error.as_bytes()).into_owned(),
            Some(Warning::file(
                relative,
                "not valid UTF-8; read with replacement characters",
            )),
        ))),
    }
}

#[cfg(test)]
mod tests;
