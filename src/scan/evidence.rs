//! What the repository's own build files say about this project's
//! programs: read once ([`crate::evidence::collect`], under the build
//! context) and mapped onto its main packages — which binaries recipes
//! build, which ship in images, which one an image or the `web` process
//! runs, and which ports an existing Dockerfile exposes. Facts only, each
//! with its `file:line`: which source wins is the plan's decision.
use super::build_evidence::{BinaryEvidence, BuildEvidence, PortEvidence, Recipe, Says};
use super::facts::Module;
use super::paths::{join, normalize, prefix_package};
use crate::evidence::dockerfile::{Command, Dockerfile, Kind};
use crate::evidence::go_build::GoBuild;
use crate::evidence::goreleaser::{GoReleaser, ImageKind, Skip};
use crate::evidence::{Evidence, Location, Source};

/// How the evidence's paths relate to the project.
pub(super) struct Frame<'a> {
    /// The build context, relative to the scanned path.
    pub root: String,
    /// The build root, relative to the build context.
    pub build_root: String,
    pub modules: &'a [Module],
    pub main_packages: &'a [String],
}

/// Reads the repository's build files once, under the build context (the
/// module's directory when the context cannot be known, for `godock scan`
/// of a module the plan would refuse), and maps them onto `main_packages`.
pub(super) fn gather(
    location: &super::Location,
    modules: &[Module],
    main_packages: &[String],
) -> (Option<Evidence>, BuildEvidence) {
    let (root, build_root) = match location.build_context() {
        Ok(context) => (
            context.from_path.clone(),
            context.relative(&location.build_root),
        ),
        Err(_) => (
            location.module_root.clone(),
            location.between(&location.module_root, &location.build_root),
        ),
    };
    let evidence = crate::evidence::collect(&super::paths::within(&location.path, &root));
    let frame = Frame {
        root,
        build_root,
        modules,
        main_packages,
    };
    let summary = summarize(&evidence, &frame);
    (Some(evidence), summary)
}

/// Maps `evidence` onto the main packages of `frame`.
pub(super) fn summarize(evidence: &Evidence, frame: &Frame) -> BuildEvidence {
    let mut summary = BuildEvidence {
        root: frame.root.clone(),
        generated: evidence
            .generated
            .iter()
            .map(|path| path.display().to_string())
            .collect(),
        ..BuildEvidence::default()
    };
    let mut mapper = Mapper {
        frame,
        summary: &mut summary,
    };
    if let Some(config) = &evidence.goreleaser {
        mapper.goreleaser(config);
    }
    for (source, build) in evidence.go_builds() {
        let recipe = match source {
            Source::GoReleaser | Source::Dockerfile => continue,
            Source::Promu => Recipe::Promu,
            Source::Makefile => Recipe::Makefile,
            Source::Justfile => Recipe::Justfile,
            Source::Taskfile => Recipe::Taskfile,
            Source::Script => Recipe::Script,
        };
        mapper.build(&build, recipe);
    }
    for dockerfile in evidence.dockerfiles.iter().filter(|file| counts(file)) {
        mapper.dockerfile(dockerfile);
    }
    if let Some(procfile) = &evidence.procfile {
        for process in &procfile.processes {
            let says = if process.name == "web" {
                Says::Runs
            } else {
                Says::Shipped
            };
            let location = process.location.to_string();
            let Some(command) = process.commands.first() else {
                continue;
            };
            match (command.program(), command.words.get(1).map(String::as_str)) {
                (Some("go"), Some("run")) => {
                    let written = command.words[2..]
                        .iter()
                        .find(|word| !word.starts_with('-'));
                    if let Some(written) = written {
                        mapper.packages(None, written, None, says, Recipe::Procfile, &location);
                    }
                }
                (Some(program), _) => {
                    mapper.named(program, says, Recipe::Procfile, &location);
                }
                _ => {}
            }
        }
    }
    summary
}

/// Whether a Dockerfile speaks for the project's image: not one for
/// development or tests (`Dockerfile.dev`, `test/e2e/Dockerfile`).
fn counts(dockerfile: &Dockerfile) -> bool {
    const DEVELOPMENT: [&str; 8] = [
        "dev", "devel", "test", "tests", "debug", "local", "ci", "e2e",
    ];
    let name = dockerfile
        .file
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let for_development = name
        .split(['.', '-', '_'])
        .any(|word| DEVELOPMENT.contains(&word));
    let directory = dockerfile
        .file
        .parent()
        .map(|parent| parent.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    !for_development
        && crate::knowledge::binaries::tools()
            .rule_for(&directory)
            .is_none()
}

struct Mapper<'a, 'b> {
    frame: &'a Frame<'a>,
    summary: &'b mut BuildEvidence,
}

impl Mapper<'_, '_> {
    fn push(
        &mut self,
        package: String,
        name: Option<String>,
        says: Says,
        recipe: Recipe,
        location: &str,
    ) {
        let evidence = BinaryEvidence {
            package,
            name,
            says,
            recipe,
            location: location.to_string(),
        };
        if !self.summary.binaries.contains(&evidence) {
            self.summary.binaries.push(evidence);
        }
    }

    fn unmatched(&mut self, what: String) {
        if !self.summary.unmatched.contains(&what) {
            self.summary.unmatched.push(what);
        }
    }

    /// The main packages `written` (a package path, import path, `.go`
    /// file or `./...` pattern, relative to `directory`) names.
    fn resolve(&self, directory: Option<&str>, written: &str) -> Vec<String> {
        let mains = self.frame.main_packages;
        let written = written.trim().trim_end_matches('/');
        let written = match written.strip_suffix(".go") {
            Some(_) => written.rsplit_once('/').map_or(".", |(parent, _)| parent),
            None => written,
        };
        let mut modules: Vec<&Module> = self.frame.modules.iter().collect();
        modules.sort_by_key(|module| std::cmp::Reverse(module.module.len()));
        let by_import = modules.iter().find_map(|module| {
            let rest = written.strip_prefix(&module.module)?;
            (rest.is_empty() || rest.starts_with('/'))
                .then(|| prefix_package(&module.package, &format!(".{rest}")))
        });
        let package = by_import.or_else(|| {
            // Relative to where the recipe runs; an absolute directory (a
            // Dockerfile's WORKDIR) is where the context was copied to.
            let base = directory.filter(|d| !d.starts_with('/')).unwrap_or(".");
            let path = normalize(&join(base, written));
            let below = match self.frame.build_root.as_str() {
                "." => Some(path.as_str()),
                root if path == root => Some("."),
                root => path.strip_prefix(&format!("{root}/")),
            }?;
            Some(super::paths::package_form(below))
        });
        let Some(package) = package else {
            return Vec::new();
        };
        match package.strip_suffix("/...") {
            Some(prefix) => mains
                .iter()
                .filter(|main| *main == prefix || main.starts_with(&format!("{prefix}/")))
                .cloned()
                .collect(),
            None if package == "./..." || package == "..." => mains.to_vec(),
            None => mains
                .iter()
                .filter(|main| **main == package)
                .cloned()
                .collect(),
        }
    }

    fn packages(
        &mut self,
        directory: Option<&str>,
        written: &str,
        name: Option<String>,
        says: Says,
        recipe: Recipe,
        location: &str,
    ) {
        let found = self.resolve(directory, written);
        if found.is_empty() {
            self.unmatched(format!("{location}: {written}"));
        }
        for package in found {
            self.push(package, name.clone(), says, recipe, location);
        }
    }

    /// A program named `name` (an ENTRYPOINT's, a Procfile command's): a
    /// binary a recipe named so, else a main package named so. Returns the
    /// packages it is.
    /// Whether `path`'s base name is a binary a recipe built or a main
    /// package's default name (a copied `ca-certificates.crt` is neither).
    fn names_a_program(&self, path: &str) -> bool {
        let name = base_name(path.trim_end_matches('/'));
        self.summary
            .binaries
            .iter()
            .any(|known| known.name.as_deref() == Some(name.as_str()))
            || self
                .frame
                .main_packages
                .iter()
                .any(|main| default_name(main, self.frame.modules) == name)
    }

    fn named(&mut self, name: &str, says: Says, recipe: Recipe, location: &str) -> Vec<String> {
        let name = name.rsplit('/').next().unwrap_or(name);
        let by_recipe: Vec<String> = self
            .summary
            .binaries
            .iter()
            .filter(|known| known.name.as_deref() == Some(name))
            .map(|known| known.package.clone())
            .collect();
        let found: Vec<String> = if by_recipe.is_empty() {
            self.frame
                .main_packages
                .iter()
                .filter(|main| default_name(main, self.frame.modules) == name)
                .cloned()
                .collect()
        } else {
            by_recipe
        };
        if found.is_empty() {
            self.unmatched(format!("{location}: {name}"));
        }
        for package in &found {
            self.push(
                package.clone(),
                Some(name.to_string()),
                says,
                recipe,
                location,
            );
        }
        found
    }

    /// A `go build` of a recipe: what it builds, under the name `-o` gives.
    fn build(&mut self, build: &GoBuild, recipe: Recipe) {
        let location = build.location.to_string();
        let name = build
            .output
            .as_ref()
            .and_then(|output| output.as_literal())
            .filter(|output| !output.ends_with('/'))
            .map(base_name);
        let written: Vec<&str> = build
            .packages
            .iter()
            .filter_map(|package| package.as_literal())
            .collect();
        let written = if written.is_empty() && build.packages.is_empty() {
            vec!["."]
        } else {
            written
        };
        for package in written {
            self.packages(
                build.directory.as_deref(),
                package,
                name.clone(),
                Says::Built,
                recipe,
                &location,
            );
        }
    }

    /// goreleaser's builds, and the images (`dockers`, `kos`) that ship them.
    fn goreleaser(&mut self, config: &GoReleaser) {
        let project = config.project_name.clone();
        let mut built: Vec<(Option<String>, Vec<String>, Option<String>)> = Vec::new();
        for build in config
            .builds
            .iter()
            .filter(|b| b.is_go() && b.skip != Skip::Yes)
        {
            let name = match build.binary.as_deref() {
                Some(binary) if !binary.contains("{{") => Some(base_name(binary)),
                _ => project.clone(),
            };
            let location = build.location.to_string();
            let main = build.main.as_deref().unwrap_or(".");
            let packages = self.resolve(build.dir.as_deref(), main);
            if packages.is_empty() {
                self.unmatched(format!("{location}: {main}"));
            }
            for package in &packages {
                self.push(
                    package.clone(),
                    name.clone(),
                    Says::Built,
                    Recipe::GoReleaser,
                    &location,
                );
            }
            built.push((build.id.clone().or_else(|| project.clone()), packages, name));
        }
        if !config.builds_declared {
            // goreleaser then builds `.` under the project's name.
            let location = Location::new(&config.file, 1).to_string();
            let packages = self.resolve(None, ".");
            for package in &packages {
                self.push(
                    package.clone(),
                    project.clone(),
                    Says::Built,
                    Recipe::GoReleaser,
                    &location,
                );
            }
            built.push((project.clone(), packages, project.clone()));
        }
        for image in &config.images {
            let location = image.location.to_string();
            if let (ImageKind::Ko, Some(main)) = (image.kind, image.main.as_deref()) {
                self.packages(None, main, None, Says::Runs, Recipe::GoReleaser, &location);
                continue;
            }
            let shipped: Vec<&(Option<String>, Vec<String>, Option<String>)> = built
                .iter()
                .filter(|(id, _, _)| {
                    image.ids.is_empty() || id.as_ref().is_some_and(|id| image.ids.contains(id))
                })
                .collect();
            let says = match shipped
                .iter()
                .map(|(_, packages, _)| packages.len())
                .sum::<usize>()
            {
                1 => Says::Runs,
                _ => Says::Shipped,
            };
            for (_, packages, name) in shipped {
                for package in packages {
                    self.push(
                        package.clone(),
                        name.clone(),
                        says,
                        Recipe::GoReleaser,
                        &location,
                    );
                }
            }
        }
    }

    /// An existing Dockerfile: what it builds, what its final stage runs,
    /// and the ports it exposes.
    fn dockerfile(&mut self, dockerfile: &Dockerfile) {
        for build in dockerfile.go_builds() {
            self.build(&build, Recipe::Dockerfile);
        }
        let Some(last) = dockerfile.final_stage() else {
            return;
        };
        let entrypoint_set = last
            .instructions
            .iter()
            .any(|other| matches!(other.kind, Kind::Entrypoint { .. }));
        let mut runs = Vec::new();
        let mut ports = Vec::new();
        for instruction in &last.instructions {
            let location = instruction.location.to_string();
            match &instruction.kind {
                Kind::Entrypoint { command } | Kind::Cmd { command } => {
                    // A CMD after an ENTRYPOINT holds its arguments.
                    if matches!(instruction.kind, Kind::Cmd { .. }) && entrypoint_set {
                        continue;
                    }
                    let program = match command {
                        Command::Exec(words) => words.first().cloned(),
                        Command::Shell(text) => text.split_whitespace().next().map(str::to_string),
                    };
                    if let Some(program) = program {
                        runs.extend(self.named(
                            &program,
                            Says::Runs,
                            Recipe::Dockerfile,
                            &location,
                        ));
                    }
                }
                // A program copied from a build stage ships in the image.
                Kind::Copy(copy) if copy.from.is_some() => {
                    for source in &copy.sources {
                        if self.names_a_program(source) {
                            self.named(source, Says::Shipped, Recipe::Dockerfile, &location);
                        }
                    }
                }
                Kind::Expose { ports: exposed } => {
                    for port in exposed {
                        if let Some(first) = port.first {
                            ports.push(PortEvidence {
                                port: first,
                                protocol: port.protocol.clone(),
                                location: location.clone(),
                                runs: Vec::new(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        for mut port in ports {
            port.runs.clone_from(&runs);
            self.summary.ports.push(port);
        }
    }
}

/// `bin/api` → `api`; `api.exe` → `api`.
fn base_name(path: &str) -> String {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.strip_suffix(".exe").unwrap_or(base).to_string()
}

/// The name `go build` gives a main package's binary: its directory's, or
/// the module's last element for a module's root.
fn default_name(package: &str, modules: &[Module]) -> String {
    match modules.iter().find(|module| module.package == package) {
        Some(module) => super::module_name(&module.module).to_string(),
        None => package.rsplit('/').next().unwrap_or(package).to_string(),
    }
}
