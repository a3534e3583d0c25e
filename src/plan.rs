//! Planning: facts + the user's settings + a preset → a [`Plan`], every
//! decision the templates lay out. The plan is data (`godock plan --json`),
//! so the middle of the pipeline can be read and tested on its own.
use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::knowledge::cgo as known;
use crate::preset::{CgoPolicy, LibrarySource, PackageManager, Preset, Provision};
use crate::scan::paths::{file_in, join, prefix_package};
use crate::scan::{module_name, BuildContext, CgoKind, CgoRequirement, Facts};
use crate::settings::{Settings, Source};

/// The Go release assumed when go.mod has no `go` directive and no flag says.
pub const FALLBACK_GO_VERSION: &str = "1.23";
const DEFAULT_PLATFORMS: [&str; 2] = ["linux/amd64", "linux/arm64"];
/// Stage names the Dockerfile uses itself; binaries never take them.
const RESERVED_STAGES: [&str; 3] = ["build", "runtime", "scratch"];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Plan {
    pub godock_version: String,
    pub module: String,
    pub preset: ChosenPreset,
    pub go_version: String,
    /// Where the Go version came from (`toolchain directive`, `go directive`, …).
    pub go_version_source: String,
    /// Whether the user chose the Go version (flag or godock.toml), so that
    /// godock.toml keeps it rather than following go.mod.
    pub go_version_pinned: bool,
    pub cgo: bool,
    /// Why cgo is on, in words (`null` when it is off).
    pub cgo_reason: Option<String>,
    /// Whether the builder runs on the build platform and cross-compiles
    /// (static builds), or natively on the target platform (cgo builds).
    pub cross_compile: bool,
    pub builder: BuilderPlan,
    pub download: Download,
    pub vendor: bool,
    pub tags: Vec<String>,
    pub tags_reason: Option<String>,
    /// The user's build tags (godock.toml's `tags`), already in `tags`.
    pub extra_tags: Vec<String>,
    /// The user's `-ldflags` (godock.toml's `ldflags`), already in each binary's.
    pub extra_ldflags: Option<String>,
    /// Binaries in build order; the primary one is last, so that a plain
    /// `docker build .` produces it.
    pub binaries: Vec<Binary>,
    /// Whether the user chose the binaries (flag or godock.toml); when not,
    /// godock.toml leaves them out so that a new main package is picked up.
    pub binaries_pinned: bool,
    pub primary: String,
    pub runtime: RuntimePlan,
    pub port: Option<u16>,
    /// Where the port came from: `--port`/godock.toml, or the file that listens.
    pub port_source: Option<String>,
    /// Whether the scan found the port (no `--port`, no godock.toml `port`).
    pub port_detected: bool,
    /// `org.opencontainers.image.source`, when the module lives on a known forge.
    pub source_url: Option<String>,
    pub image: String,
    pub registry: String,
    pub platforms: Vec<String>,
    /// Whether the Dockerfile opens with a `# syntax=` directive.
    pub syntax: bool,
    /// Paths the build needs that .dockerignore must never exclude.
    pub keep_in_context: Vec<String>,
    /// Main packages the scan found that this plan does not build.
    pub unselected: Vec<String>,
    pub warnings: Vec<String>,
    /// Extra files to write (`compose`, `github-actions`).
    pub outputs: Vec<String>,
    /// Where each setting came from: `flag`, `godock.toml`, `environment`,
    /// `wizard`, `detected` (from the scan) or `default`.
    pub sources: BTreeMap<String, String>,
    /// The build context, relative to the scanned path: where the Dockerfile,
    /// .dockerignore, Makefile and godock.toml are written. The scanned path,
    /// unless the build needs more of the repository (a go.work above it,
    /// replace targets outside the module): then the smallest directory
    /// holding all of it.
    pub context: String,
    /// Where the go command runs in the builder, relative to the context:
    /// the go.work's directory, else the module root.
    pub workdir: String,
    /// The module root, relative to the context (godock.toml's `module`).
    pub module_dir: String,
    /// Every module in use, relative to the context.
    pub module_directories: Vec<String>,
    /// Whether the build runs in a go.work workspace.
    pub workspace: bool,
    /// The file the Go version comes from: go.work when the workspace names
    /// a release, else go.mod.
    pub go_version_file: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChosenPreset {
    pub name: String,
    /// How godock.toml refers to it: a built-in name or the user's file path.
    pub reference: String,
    pub summary: String,
    /// Why this preset: the user chose it, or what the scan found.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BuilderPlan {
    pub image: String,
    pub package_manager: PackageManager,
    /// Packages to install before building (cgo toolchains on Alpine).
    pub packages: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Download {
    /// False with vendor/: everything is already in the context.
    pub enabled: bool,
    /// The go.mod/go.sum files the download step binds, relative to the
    /// context (local replace targets need theirs too).
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Binary {
    /// The binary's file name and its Dockerfile stage (`--target NAME`).
    pub name: String,
    /// The main package, `.` or `./cmd/name`.
    pub package: String,
    /// `-ldflags` for `go build`.
    pub ldflags: String,
    /// Where the image carries it.
    pub path: String,
    pub primary: bool,
    /// Version variables the build sets through `-X`.
    pub version_variables: Vec<VersionVariable>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VersionVariable {
    pub name: String,
    /// The Dockerfile ARG that feeds it: VERSION, COMMIT or BUILD_DATE.
    pub argument: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuntimePlan {
    pub image: String,
    pub user: String,
    pub shell: bool,
    pub package_manager: PackageManager,
    pub packages: Vec<String>,
    pub create_user: bool,
    pub copy_ca_certificates: bool,
    pub create_passwd: bool,
    pub uid: String,
    pub gid: String,
    /// C libraries the binaries link beyond the C library (`z`, `sqlite3`).
    pub libraries: Vec<String>,
    /// Copy those libraries' shared objects from the build stage (runtime
    /// images without a package manager).
    pub copy_libraries: bool,
    /// The preset would copy CA certificates, but no binary needs them.
    pub ca_certificates_unneeded: bool,
}

impl Plan {
    pub fn new(facts: &Facts, settings: &Settings, context: &BuildContext) -> Result<Plan> {
        crate::stage::entered(crate::stage::Stage::Plan);
        if facts.main_packages.is_empty() {
            return Err(Error::NoMainPackage {
                root: crate::scan::paths::within(&facts.path, &facts.build_root),
                skipped: facts.unbuildable_mains.clone(),
            });
        }
        let mut warnings = Vec::new();
        let workdir = context.relative(&facts.build_root);
        let module_dir = context.relative(&facts.module_root);
        let module_directories = if facts.modules.is_empty() {
            vec![module_dir.clone()]
        } else {
            facts
                .modules
                .iter()
                .map(|module| context.relative(&module.dir))
                .collect()
        };
        let names = binary_names(facts);
        let selected = select_binaries(facts, &names, &settings.binaries)?;
        let primary = choose_primary(facts, &names, &selected, settings.primary.as_deref())?;

        let needs_cgo: Vec<&String> = selected
            .iter()
            .filter(|package| facts.cgo_mains.contains(package))
            .collect();
        let (preset, reason) = choose_preset(settings, &needs_cgo)?;
        let reference = match &settings.preset {
            Some(choice) => choice.reference.clone(),
            None => preset.name.clone(),
        };
        let requirements: Vec<&CgoRequirement> = facts
            .cgo_requires
            .iter()
            .filter(|requirement| requirement.mains.iter().any(|main| selected.contains(main)))
            .collect();
        // A static preset can still build a program whose every cgo package
        // has a `//go:build !cgo` fallback: it builds that fallback.
        let fallback_only =
            !requirements.is_empty() && requirements.iter().all(|requirement| requirement.fallback);
        if preset.cgo == CgoPolicy::Never && !needs_cgo.is_empty() && fallback_only {
            warnings.push(format!(
                "preset {} builds without cgo, so {} {} the pure-Go fallback of {} instead of the cgo code",
                preset.name,
                list(&needs_cgo),
                if needs_cgo.len() == 1 { "gets" } else { "get" },
                requirements
                    .iter()
                    .map(|requirement| requirement.package.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else if preset.cgo == CgoPolicy::Never && !needs_cgo.is_empty() {
            return Err(Error::PresetRefused {
                preset: preset.name.clone(),
                reason: format!(
                    "it builds static binaries only (CGO_ENABLED=0), but {} {} cgo; use --preset distroless-cgo",
                    list(&needs_cgo),
                    if needs_cgo.len() == 1 { "uses" } else { "use" },
                ),
            });
        }
        let cgo = match preset.cgo {
            CgoPolicy::Never => false,
            CgoPolicy::Auto => !needs_cgo.is_empty(),
            CgoPolicy::Always => true,
        };
        let cgo_reason = if cgo && !requirements.is_empty() {
            Some(cgo_reason(&requirements))
        } else if cgo && !needs_cgo.is_empty() {
            // Facts that name cgo mains but no requirements (built by hand).
            Some(format!(
                "cgo is on because {} {} \"C\"",
                facts.cgo_packages.join(", "),
                if facts.cgo_packages.len() == 1 {
                    "imports"
                } else {
                    "import"
                }
            ))
        } else if cgo {
            Some(format!(
                "cgo is on because preset {} always builds with it",
                preset.name
            ))
        } else {
            None
        };
        let cxx = cgo && !facts.cxx_packages.is_empty();

        let (go_version, go_version_source) = go_version(facts, settings, &mut warnings)?;
        let mut sources = sources(settings, &go_version_source);

        let user = preset.runtime.user.clone();
        let (uid, gid) = match user.split_once(':') {
            Some((uid, gid)) => (uid.to_string(), gid.to_string()),
            None => (user.clone(), user.clone()),
        };
        let (builder_packages, runtime_packages, libraries) = if cgo {
            c_libraries(facts, &requirements, &preset, &mut warnings)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let copy_libraries =
            preset.runtime.libraries == LibrarySource::Copy && !libraries.is_empty();
        let mut packages = preset.runtime.packages.clone();
        if preset.runtime.libraries == LibrarySource::Install {
            push_unique(&mut packages, runtime_packages);
        }
        let ca_certificates_unneeded = preset.runtime.copy_ca_certificates
            && preset
                .runtime
                .only_when_needed
                .contains(&Provision::CaCertificates)
            && !selected
                .iter()
                .any(|main| facts.runtime_needs.may_need_ca_certificates(main));
        let runtime = RuntimePlan {
            image: preset.runtime_image(cgo, cxx).to_string(),
            user,
            shell: preset.runtime.shell,
            package_manager: preset.runtime.package_manager,
            packages,
            create_user: preset.runtime.create_user,
            copy_ca_certificates: preset.runtime.copy_ca_certificates && !ca_certificates_unneeded,
            create_passwd: preset.runtime.create_passwd,
            uid,
            gid,
            libraries,
            copy_libraries,
            ca_certificates_unneeded,
        };
        let (port, port_source) = choose_port(facts, settings, &primary);
        if port.is_some() && settings.port.is_none() {
            sources.insert("port".to_string(), "detected".to_string());
        }

        let mut binaries: Vec<Binary> = selected
            .iter()
            .map(|package| {
                binary(
                    facts,
                    &names,
                    package,
                    *package == primary,
                    settings.ldflags.as_deref(),
                )
            })
            .collect();
        binaries.sort_by_key(|binary| binary.primary);

        let unselected = facts
            .main_packages
            .iter()
            .filter(|package| !selected.contains(package))
            .cloned()
            .collect();

        let image = settings
            .image
            .clone()
            .unwrap_or_else(|| docker_name(module_name(&facts.module)));
        let platforms = if settings.platforms.is_empty() {
            DEFAULT_PLATFORMS.iter().map(|p| p.to_string()).collect()
        } else {
            settings.platforms.clone()
        };

        Ok(Plan {
            godock_version: env!("CARGO_PKG_VERSION").to_string(),
            module: facts.module.clone(),
            preset: ChosenPreset {
                name: preset.name.clone(),
                reference,
                summary: preset.summary.clone(),
                reason,
            },
            go_version,
            go_version_source,
            go_version_pinned: settings.go_version.is_some(),
            cgo,
            cgo_reason,
            cross_compile: !cgo,
            builder: BuilderPlan {
                image: preset.builder.image.clone(),
                package_manager: preset.builder.package_manager,
                packages: if cgo {
                    let mut packages = preset.builder.cgo_packages.clone();
                    push_unique(&mut packages, builder_packages);
                    packages
                } else {
                    Vec::new()
                },
            },
            download: download(facts, context, &module_dir),
            vendor: facts.vendor,
            tags: tags(&preset, settings),
            tags_reason: tags_reason(&preset, settings),
            extra_tags: settings.tags.clone(),
            extra_ldflags: settings.ldflags.clone(),
            primary: names[&primary].clone(),
            binaries,
            binaries_pinned: !settings.binaries.is_empty(),
            runtime,
            port_detected: port.is_some() && settings.port.is_none(),
            port,
            port_source,
            source_url: source_url(&facts.module),
            image,
            registry: settings.registry.clone().unwrap_or_default(),
            platforms,
            syntax: settings.syntax,
            keep_in_context: keep_in_context(facts, context, &workdir),
            unselected,
            warnings,
            outputs: settings.outputs.clone(),
            sources,
            context: context.from_path.clone(),
            workdir,
            module_dir,
            module_directories,
            workspace: facts.workspace.is_some(),
            go_version_file: match &facts.workspace {
                Some(workspace) if workspace.go.is_some() || workspace.toolchain.is_some() => {
                    "go.work".to_string()
                }
                _ => "go.mod".to_string(),
            },
        })
    }
}

/// The preset's build tags, then the user's.
fn tags(preset: &Preset, settings: &Settings) -> Vec<String> {
    let mut tags = preset.tags.clone();
    for tag in &settings.tags {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags
}

fn tags_reason(preset: &Preset, settings: &Settings) -> Option<String> {
    // Not where the tags came from: init writes them into godock.toml, and
    // the files must not change when regen reads them back from there.
    let extra = (!settings.tags.is_empty())
        .then(|| format!("{} from godock.toml", settings.tags.join(",")));
    match (preset.tags_reason.clone(), extra) {
        (Some(reason), Some(extra)) => Some(format!("{reason}; {extra}")),
        (reason, extra) => reason.or(extra),
    }
}

/// Where every setting came from: the user's sources, else the scan or a default.
fn sources(settings: &Settings, go_version_source: &str) -> BTreeMap<String, String> {
    const DECIDED: [(&str, &str); 12] = [
        ("preset", "detected"),
        ("binaries", "detected"),
        ("primary", "detected"),
        ("port", "default"),
        ("go_version", "detected"),
        ("syntax", "default"),
        ("image", "detected"),
        ("registry", "default"),
        ("platforms", "default"),
        ("tags", "default"),
        ("ldflags", "default"),
        ("outputs", "default"),
    ];
    DECIDED
        .iter()
        .map(|(key, decided)| {
            let source = match settings.sources.get(key) {
                Some(source) => source.label(),
                None if *key == "go_version" && go_version_source == "fallback" => "default",
                None => decided,
            };
            (key.to_string(), source.to_string())
        })
        .collect()
}

/// Why cgo is on, in words: the own packages importing "C", then vendored
/// packages and known modules.
fn cgo_reason(requirements: &[&CgoRequirement]) -> String {
    let mut own: Vec<&str> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for requirement in requirements {
        match requirement.kind {
            CgoKind::OwnFile => {
                if !own.contains(&requirement.package.as_str()) {
                    own.push(&requirement.package);
                }
            }
            CgoKind::VendoredPackage => {
                let text = format!("vendored {} imports \"C\"", requirement.package);
                if !others.contains(&text) {
                    others.push(text);
                }
            }
            CgoKind::KnownModule => {
                let text = format!("{} {}", requirement.package, requirement.why);
                if !others.contains(&text) {
                    others.push(text);
                }
            }
        }
    }
    let mut reasons = Vec::new();
    if !own.is_empty() {
        let verb = if own.len() == 1 { "imports" } else { "import" };
        reasons.push(format!("{} {verb} \"C\"", own.join(", ")));
    }
    reasons.extend(others);
    format!("cgo is on because {}", reasons.join("; "))
}

/// The builder's and the runtime's packages for the C libraries the cgo
/// code of the selected binaries links, from data/cgo.toml, and the names of
/// the libraries beyond the C library. A library the table does not know is
/// a warning naming the file and the flag.
fn c_libraries(
    facts: &Facts,
    requirements: &[&CgoRequirement],
    preset: &Preset,
    warnings: &mut Vec<String>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let table = known::table();
    let sources: Vec<&str> = requirements
        .iter()
        .flat_map(|requirement| {
            [
                requirement.file.as_deref(),
                Some(requirement.package.as_str()),
            ]
        })
        .flatten()
        .collect();
    let pick = |library: &known::Library, manager: PackageManager, builder: bool| {
        let distribution = match manager {
            PackageManager::Apt => library.debian.as_ref(),
            PackageManager::Apk => library.alpine.as_ref(),
        };
        distribution
            .map(|d| {
                if builder {
                    d.builder.clone()
                } else {
                    d.runtime.clone()
                }
            })
            .unwrap_or_default()
    };
    let (mut builder, mut runtime, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for library in &facts.cgo_libraries {
        if !sources.contains(&library.source.as_str()) {
            continue;
        }
        if library.flag.starts_with("#cgo pkg-config:") {
            let tool = match preset.builder.package_manager {
                PackageManager::Apt => &table.pkg_config.debian,
                PackageManager::Apk => &table.pkg_config.alpine,
            };
            push_unique(&mut builder, tool.clone());
        }
        match table.library(&library.name) {
            Some(known) if known.libc => {}
            Some(known) => {
                push_unique(
                    &mut builder,
                    pick(known, preset.builder.package_manager, true),
                );
                push_unique(
                    &mut runtime,
                    pick(known, preset.runtime.package_manager, false),
                );
                push_unique(&mut names, vec![library.name.clone()]);
            }
            None => {
                warnings.push(format!(
                    "{}: {}: godock does not know which packages provide this library; add its development package to builder.cgo_packages in a preset file (--preset my.toml)",
                    library.source, library.flag
                ));
                push_unique(&mut names, vec![library.name.clone()]);
            }
        }
    }
    (builder, runtime, names)
}

fn push_unique(list: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// The port to EXPOSE on the primary binary's image: the user's (`--port`,
/// godock.toml, `GODOCK_PORT` or the wizard); else the first port the primary binary listens on. Ports of
/// other binaries stay unexposed: the Dockerfile exposes the primary's only.
fn choose_port(facts: &Facts, settings: &Settings, primary: &str) -> (Option<u16>, Option<String>) {
    if let Some(port) = settings.port {
        let source = settings
            .sources
            .get("port")
            .map_or("the settings", |source| source.label());
        return (Some(port), Some(source.to_string()));
    }
    match facts.ports.get(primary).and_then(|ports| ports.first()) {
        Some(port) => (
            Some(*port),
            Some(format!("main package {primary} listens on it")),
        ),
        None => (None, None),
    }
}

fn list(packages: &[&String]) -> String {
    packages
        .iter()
        .map(|package| package.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn choose_preset(settings: &Settings, needs_cgo: &[&String]) -> Result<(Preset, String)> {
    Ok(match &settings.preset {
        Some(choice) => (
            Preset::load(&choice.load)?,
            choice.source.describe().to_string(),
        ),
        None if needs_cgo.is_empty() => (
            Preset::load(crate::preset::DEFAULT)?,
            "no cgo: a static binary needs no libc".to_string(),
        ),
        None => (
            Preset::load(crate::preset::DEFAULT_CGO)?,
            format!("cgo: {} needs glibc at run time", list(needs_cgo)),
        ),
    })
}

/// Names for every main package, unique: the directory's name (the module's
/// name for the root package). On a clash the root package, then the one
/// under cmd/, keeps the plain name and the others are named by their path.
fn binary_names(facts: &Facts) -> BTreeMap<String, String> {
    let roots = module_roots(facts);
    let plain = |package: &str| -> String {
        match roots.iter().find(|(root, _)| root == package) {
            Some((_, module)) => docker_name(module_name(module)),
            None => docker_name(package.rsplit('/').next().unwrap_or(package)),
        }
    };
    let rank = |package: &str| -> u8 {
        let under_cmd = |root: &str| {
            package
                .strip_prefix(&format!("{}/", prefix_package(root, "cmd")))
                .is_some_and(|name| !name.contains('/'))
        };
        if roots.iter().any(|(root, _)| root == package) {
            0
        } else if roots.iter().any(|(root, _)| under_cmd(root)) {
            1
        } else {
            2
        }
    };
    // The scanned module's packages take the plain names before the others'.
    let primary_root = primary_module_root(facts);
    let in_primary = |package: &str| {
        package == primary_root
            || primary_root == "."
            || package.starts_with(&format!("{primary_root}/"))
    };
    let mut packages: Vec<&String> = facts.main_packages.iter().collect();
    packages.sort_by_key(|package| (rank(package), !in_primary(package), package.as_str()));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: Vec<String> = RESERVED_STAGES.iter().map(|s| s.to_string()).collect();
    for package in packages {
        let mut name = plain(package);
        if taken.contains(&name) {
            name = docker_name(&package.trim_start_matches("./").replace('/', "-"));
        }
        let base = name.clone();
        let mut counter = 2;
        while taken.contains(&name) {
            name = format!("{base}-{counter}");
            counter += 1;
        }
        taken.push(name.clone());
        names.insert(package.clone(), name);
    }
    names
}

/// A valid image name and Dockerfile stage name: lowercase letters, digits,
/// `-`, `_`, `.`, starting with a letter.
fn docker_name(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.insert_str(0, "app-");
    }
    name
}

/// The binaries asked for, by name or by package path; by default the root
/// package and every main package under cmd/, or every main package when
/// neither exists.
fn select_binaries(
    facts: &Facts,
    names: &BTreeMap<String, String>,
    wanted: &[String],
) -> Result<Vec<String>> {
    if wanted.is_empty() {
        let roots = module_roots(facts);
        let conventional: Vec<String> = facts
            .main_packages
            .iter()
            .filter(|package| {
                roots.iter().any(|(root, _)| {
                    *package == root
                        || package.starts_with(&format!("{}/", prefix_package(root, "cmd")))
                })
            })
            .cloned()
            .collect();
        return Ok(if conventional.is_empty() {
            facts.main_packages.clone()
        } else {
            conventional
        });
    }
    let mut selected = Vec::new();
    for want in wanted {
        let package = find_package(names, want)?;
        if !selected.contains(&package) {
            selected.push(package);
        }
    }
    selected.sort();
    Ok(selected)
}

fn find_package(names: &BTreeMap<String, String>, want: &str) -> Result<String> {
    let as_path = if want == "." || want.starts_with("./") {
        want.trim_end_matches('/').to_string()
    } else {
        format!("./{}", want.trim_end_matches('/'))
    };
    names
        .iter()
        .find(|(package, name)| *name == want || **package == as_path)
        .map(|(package, _)| package.clone())
        .ok_or_else(|| Error::BinaryUnknown {
            name: want.to_string(),
            available: names
                .iter()
                .map(|(package, name)| format!("{name} ({package})"))
                .collect(),
        })
}

/// The primary binary: the one asked for; else the one under
/// cmd/<module name>; else the root package; else the first.
fn choose_primary(
    facts: &Facts,
    names: &BTreeMap<String, String>,
    selected: &[String],
    wanted: Option<&str>,
) -> Result<String> {
    if let Some(want) = wanted {
        let package = find_package(names, want)?;
        if !selected.contains(&package) {
            return Err(Error::Other(format!(
                "the primary binary `{want}` is not among the binaries to build; add it with --binary {want}"
            )));
        }
        return Ok(package);
    }
    let root = primary_module_root(facts);
    let by_module = prefix_package(&root, &format!("cmd/{}", facts.module_name()));
    Ok([by_module.as_str(), root.as_str()]
        .iter()
        .find(|candidate| selected.iter().any(|package| package == *candidate))
        .map(|package| package.to_string())
        .unwrap_or_else(|| selected[0].clone()))
}

/// Each module's root as a package path from the build root, with its
/// module path: the scanned module alone when the facts list no modules.
fn module_roots(facts: &Facts) -> Vec<(String, String)> {
    if facts.modules.is_empty() {
        return vec![(".".to_string(), facts.module.clone())];
    }
    facts
        .modules
        .iter()
        .map(|module| (module.package.clone(), module.module.clone()))
        .collect()
}

/// The scanned module's root as a package path from the build root.
fn primary_module_root(facts: &Facts) -> String {
    facts
        .modules
        .iter()
        .find(|module| module.dir == facts.module_root)
        .map_or_else(|| ".".to_string(), |module| module.package.clone())
}

fn binary(
    facts: &Facts,
    names: &BTreeMap<String, String>,
    package: &str,
    primary: bool,
    extra_ldflags: Option<&str>,
) -> Binary {
    let name = names[package].clone();
    let version_variables: Vec<VersionVariable> = facts
        .version_variables
        .get(package)
        .into_iter()
        .flatten()
        .filter_map(|variable| {
            let argument = match variable.as_str() {
                "version" | "Version" => "VERSION",
                "commit" | "Commit" => "COMMIT",
                "date" | "Date" | "buildDate" | "BuildDate" => "BUILD_DATE",
                _ => return None,
            };
            Some(VersionVariable {
                name: variable.clone(),
                argument: argument.to_string(),
            })
        })
        .collect();
    let mut ldflags = "-s -w".to_string();
    for variable in &version_variables {
        ldflags.push_str(&format!(
            " -X main.{}=${{{}}}",
            variable.name, variable.argument
        ));
    }
    if let Some(extra) = extra_ldflags
        .map(str::trim)
        .filter(|extra| !extra.is_empty())
    {
        ldflags.push(' ');
        ldflags.push_str(extra);
    }
    Binary {
        path: format!("/usr/local/bin/{name}"),
        name,
        package: package.to_string(),
        ldflags,
        primary,
        version_variables,
    }
}

/// The Go version for the builder image: a flag or godock.toml; else the
/// `toolchain` directive (`go1.23.4` → `1.23.4`) unless it is older than the
/// `go` directive; else the `go` directive as written.
fn go_version(
    facts: &Facts,
    settings: &Settings,
    warnings: &mut Vec<String>,
) -> Result<(String, String)> {
    if let Some((version, source)) = &settings.go_version {
        if !crate::go::version::is_release(version) {
            return Err(Error::GoVersionInvalid {
                value: version.clone(),
            });
        }
        let source = match source {
            Source::Flag => "--go-version",
            Source::Config => "godock.toml",
            Source::Environment => "GODOCK_GO_VERSION",
            Source::Prompt => "the wizard",
        };
        return Ok((version.clone(), source.to_string()));
    }
    let toolchain = facts
        .toolchain
        .as_deref()
        .and_then(|toolchain| toolchain.strip_prefix("go"))
        .filter(|version| crate::go::version::is_release(version));
    let go = facts
        .go
        .as_deref()
        .filter(|version| crate::go::version::is_release(version));
    match (toolchain, go) {
        (Some(toolchain), Some(go))
            if crate::go::version::compare(toolchain, go) == Ordering::Less =>
        {
            Ok((go.to_string(), "go directive".to_string()))
        }
        (Some(toolchain), _) => Ok((toolchain.to_string(), "toolchain directive".to_string())),
        (None, Some(go)) => Ok((go.to_string(), "go directive".to_string())),
        (None, None) => {
            warnings.push(format!(
                "go.mod names no Go release godock can use; building with Go {FALLBACK_GO_VERSION} (pass --go-version to choose)"
            ));
            Ok((FALLBACK_GO_VERSION.to_string(), "fallback".to_string()))
        }
    }
}

/// The files `go mod download` needs, relative to the context: go.work and
/// go.work.sum in a workspace, each module's go.mod and go.sum, and the
/// go.mod of each local replace target.
fn download(facts: &Facts, context: &BuildContext, module_dir: &str) -> Download {
    let mut files = Vec::new();
    if let Some(workspace) = &facts.workspace {
        let directory = context.relative(&workspace.dir);
        files.push(file_in(&directory, "go.work"));
        if workspace.go_work_sum {
            files.push(file_in(&directory, "go.work.sum"));
        }
    }
    if facts.modules.is_empty() {
        files.push(file_in(module_dir, "go.mod"));
        if facts.go_sum {
            files.push(file_in(module_dir, "go.sum"));
        }
    }
    for module in &facts.modules {
        let directory = context.relative(&module.dir);
        files.push(file_in(&directory, "go.mod"));
        if module.go_sum {
            files.push(file_in(&directory, "go.sum"));
        }
    }
    for replace in &facts.local_replaces {
        let file = file_in(&context.relative(&replace.dir), "go.mod");
        if !files.contains(&file) {
            files.push(file);
        }
    }
    Download {
        enabled: !facts.vendor,
        files,
    }
}

/// The top-level directories templates/dockerignore.tera excludes (build
/// output, documentation). A test keeps the two lists in step.
pub const EXCLUDED_DIRECTORIES: [&str; 4] = ["bin", "dist", "build", "docs"];

/// Paths .dockerignore must leave in the context, whatever it excludes:
/// every `//go:embed` target, every local replace target, and every excluded
/// directory that holds Go packages (swag's generated `docs` package, say).
fn keep_in_context(facts: &Facts, context: &BuildContext, workdir: &str) -> Vec<String> {
    // Packages and embeds are relative to the build root; the context's
    // .dockerignore patterns to the context.
    let in_context = |package: &str| join(workdir, package);
    let mut keep: Vec<String> = EXCLUDED_DIRECTORIES
        .iter()
        .filter(|directory| {
            let below = format!("{directory}/");
            facts.packages.iter().any(|package| {
                let package = in_context(package);
                package == **directory || package.starts_with(&below)
            })
        })
        .map(|directory| directory.to_string())
        .collect();
    for (package, patterns) in &facts.embed {
        let directory = in_context(package);
        for pattern in patterns {
            let pattern = pattern.strip_prefix("all:").unwrap_or(pattern);
            let path = file_in(&directory, pattern);
            if !keep.contains(&path) {
                keep.push(path);
            }
        }
    }
    for replace in &facts.local_replaces {
        let directory = context.relative(&replace.dir);
        if directory != "." && !keep.contains(&directory) {
            keep.push(directory);
        }
    }
    keep
}

/// `https://github.com/owner/repo` for modules on a forge that serves the
/// repository at the module path's first three elements.
fn source_url(module: &str) -> Option<String> {
    const FORGES: [&str; 5] = [
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "codeberg.org",
        "git.sr.ht",
    ];
    let mut parts = module.split('/');
    let host = parts.next()?;
    let owner = parts.next()?;
    let repository = parts.next()?;
    FORGES
        .contains(&host)
        .then(|| format!("https://{host}/{owner}/{repository}"))
}

#[cfg(test)]
mod tests;
