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
) -> (Evidence, BuildEvidence) {
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
    (evidence, summary)
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

    /// A program named `name` (an ENTRYPOINT's, a Procfile command's): a
    /// binary a recipe named so, else a main package named so. Returns the
    /// packages it is.
    fn named(&mut self, name: &str, says: Says, recipe: Recipe, location: &str) -> Vec<String> {
        let name = name.rsplit('/').next().unwrap_or(name);
        let mut by_recipe: Vec<String> = Vec::new();
        // A program built, then copied, is named by two statements.
        for known in &self.summary.binaries {
            if known.name.as_deref() == Some(name) && !by_recipe.contains(&known.package) {
                by_recipe.push(known.package.clone());
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Files of a case: path and text.
    type Files<'a> = &'a [(&'a str, &'a str)];

    const MAINS: [&str; 5] = [
        ".",
        "./cmd/api",
        "./cmd/worker",
        "./tools/gen",
        "./hack/lint",
    ];

    fn module(package: &str, path: &str) -> Module {
        Module {
            dir: package.trim_start_matches("./").to_string(),
            module: path.to_string(),
            go: None,
            go_sum: true,
            package: package.to_string(),
            main_packages: Vec::new(),
            requires: Vec::new(),
            used_at: None,
        }
    }

    /// The evidence `files` hold, mapped onto [`MAINS`] of module
    /// example.com/app at the build root.
    fn summary(files: &[(&str, &str)]) -> BuildEvidence {
        summary_in(files, ".", &MAINS)
    }

    fn summary_in(files: &[(&str, &str)], build_root: &str, mains: &[&str]) -> BuildEvidence {
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let evidence = crate::evidence::collect(root.path());
        let modules = [module(".", "example.com/app")];
        let main_packages: Vec<String> = mains.iter().map(|main| main.to_string()).collect();
        let frame = Frame {
            root: ".".to_string(),
            build_root: build_root.to_string(),
            modules: &modules,
            main_packages: &main_packages,
        };
        summarize(&evidence, &frame)
    }

    /// Each statement as `package name says recipe location`.
    fn said(summary: &BuildEvidence) -> Vec<String> {
        summary
            .binaries
            .iter()
            .map(|found| {
                format!(
                    "{} {} {:?} {:?} {}",
                    found.package,
                    found.name.as_deref().unwrap_or("-"),
                    found.says,
                    found.recipe,
                    found.location
                )
            })
            .collect()
    }

    #[test]
    fn build_files_map_onto_main_packages() {
        let cases: &[(&str, Files, &[&str])] = &[
            (
                "goreleaser builds, and the image of one build runs it",
                &[(
                    ".goreleaser.yaml",
                    "project_name: app\nbuilds:\n  - id: api\n    main: ./cmd/api\n    binary: api\n  - id: worker\n    main: ./cmd/worker/main.go\n    binary: worker\ndockers:\n  - ids: [api]\n    image_templates: [\"example/api\"]\n",
                )],
                &[
                    "./cmd/api api Built GoReleaser .goreleaser.yaml:3",
                    "./cmd/worker worker Built GoReleaser .goreleaser.yaml:6",
                    "./cmd/api api Runs GoReleaser .goreleaser.yaml:10",
                ],
            ),
            (
                "goreleaser without builds builds the root under the project's name",
                &[(".goreleaser.yml", "project_name: app\nrelease:\n  draft: true\n")],
                &[". app Built GoReleaser .goreleaser.yml:1"],
            ),
            (
                "an image of two builds ships both and runs neither",
                &[(
                    ".goreleaser.yaml",
                    "builds:\n  - id: api\n    main: ./cmd/api\n  - id: worker\n    main: ./cmd/worker\ndockers:\n  - image_templates: [\"example/app\"]\n",
                )],
                &[
                    "./cmd/api - Built GoReleaser .goreleaser.yaml:2",
                    "./cmd/worker - Built GoReleaser .goreleaser.yaml:4",
                    "./cmd/api - Shipped GoReleaser .goreleaser.yaml:7",
                    "./cmd/worker - Shipped GoReleaser .goreleaser.yaml:7",
                ],
            ),
            (
                "a Dockerfile builds, copies and runs a program, by its -o name",
                &[(
                    "Dockerfile",
                    "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/server ./cmd/api\nFROM scratch\nCOPY --from=build /out/server /server\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nEXPOSE 8080\nENTRYPOINT [\"/server\"]\n",
                )],
                &[
                    "./cmd/api server Built Dockerfile Dockerfile:4",
                    "./cmd/api server Shipped Dockerfile Dockerfile:6",
                    "./cmd/api server Runs Dockerfile Dockerfile:9",
                ],
            ),
            (
                "an ENTRYPOINT names a main package by its directory",
                &[(
                    "Dockerfile",
                    "FROM golang:1.26 AS build\nRUN go build ./...\nFROM scratch\nCOPY --from=build /go/bin/worker /worker\nENTRYPOINT [\"/worker\", \"--serve\"]\n",
                )],
                &[
                    ". - Built Dockerfile Dockerfile:2",
                    "./cmd/api - Built Dockerfile Dockerfile:2",
                    "./cmd/worker - Built Dockerfile Dockerfile:2",
                    "./tools/gen - Built Dockerfile Dockerfile:2",
                    "./hack/lint - Built Dockerfile Dockerfile:2",
                    "./cmd/worker worker Shipped Dockerfile Dockerfile:4",
                    "./cmd/worker worker Runs Dockerfile Dockerfile:5",
                ],
            ),
            (
                "Dockerfiles for development or under a tool's directory say nothing",
                &[
                    (
                        "Dockerfile.dev",
                        "FROM golang:1.26\nRUN go build -o /api ./cmd/api\nENTRYPOINT [\"/api\"]\n",
                    ),
                    (
                        "test/e2e/Dockerfile",
                        "FROM golang:1.26\nRUN go build -o /gen ./tools/gen\nENTRYPOINT [\"/gen\"]\n",
                    ),
                    (
                        "hack/Dockerfile",
                        "FROM golang:1.26\nRUN go build -o /lint ./hack/lint\nENTRYPOINT [\"/lint\"]\n",
                    ),
                ],
                &[],
            ),
            (
                "a Procfile's web process runs what the Makefile builds under that name",
                &[
                    (
                        "Makefile",
                        "build:\n\tgo build -o bin/web ./cmd/api\n\tgo build -o bin/ ./cmd/worker\n",
                    ),
                    ("Procfile", "web: bin/web --port $PORT\nworker: go run ./cmd/worker\n"),
                ],
                &[
                    "./cmd/api web Built Makefile Makefile:2",
                    "./cmd/worker - Built Makefile Makefile:3",
                    "./cmd/api web Runs Procfile Procfile:1",
                    "./cmd/worker - Shipped Procfile Procfile:2",
                ],
            ),
            (
                "import paths, package patterns and a module's root",
                &[(
                    "Makefile",
                    "all:\n\tgo build example.com/app/cmd/worker\n\tgo build -o bin/ ./cmd/...\n\tgo build -o app .\n",
                )],
                &[
                    "./cmd/worker - Built Makefile Makefile:2",
                    "./cmd/api - Built Makefile Makefile:3",
                    "./cmd/worker - Built Makefile Makefile:3",
                    ". app Built Makefile Makefile:4",
                ],
            ),
            (
                "a file godock wrote is not evidence",
                &[(
                    "Dockerfile",
                    "# Written by godock 0.1.0: edit godock.toml, or keep your edits.\nFROM golang:1.26 AS build\nRUN go build -o /out/api ./cmd/api\nFROM scratch\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n",
                )],
                &[],
            ),
        ];
        for (what, files, want) in cases {
            assert_eq!(said(&summary(files)), *want, "{what}");
        }
    }

    #[test]
    fn what_names_no_main_package_is_unmatched() {
        let summary = summary(&[
            (
                "Makefile",
                "build:\n\tgo build -o bin/old ./cmd/old\n\tgo build -o bin/api ./cmd/api\n",
            ),
            ("Procfile", "web: ./server\n"),
        ]);
        assert_eq!(said(&summary), ["./cmd/api api Built Makefile Makefile:3"]);
        assert_eq!(
            summary.unmatched,
            ["Makefile:2: ./cmd/old", "Procfile:1: server"]
        );
    }

    #[test]
    fn the_final_stage_exposes_ports_for_what_it_runs() {
        let summary = summary(&[(
            "Dockerfile",
            "FROM golang:1.26 AS build\nEXPOSE 9999\nRUN go build -o /api ./cmd/api\nFROM scratch\nCOPY --from=build /api /api\nEXPOSE 8080 53/udp\nENTRYPOINT [\"/api\"]\n",
        )]);
        let ports: Vec<(u16, &str, &str, Vec<String>)> = summary
            .ports
            .iter()
            .map(|port| {
                (
                    port.port,
                    port.protocol.as_str(),
                    port.location.as_str(),
                    port.runs.clone(),
                )
            })
            .collect();
        assert_eq!(
            ports,
            [
                (8080, "tcp", "Dockerfile:6", vec!["./cmd/api".to_string()]),
                (53, "udp", "Dockerfile:6", vec!["./cmd/api".to_string()]),
            ]
        );
    }

    #[test]
    fn paths_are_read_from_the_build_root_below_the_context() {
        // The build context is the repository; the module lives in svc/.
        let summary = summary_in(
            &[(
                "Makefile",
                "build:\n\tgo build -o bin/api ./svc/cmd/api\n\tcd svc && go build -o ../bin/svc .\n",
            )],
            "svc",
            &[".", "./cmd/api"],
        );
        assert_eq!(
            said(&summary),
            [
                "./cmd/api api Built Makefile Makefile:2",
                ". svc Built Makefile Makefile:3",
            ]
        );
    }
}
