//! Planning: facts + the user's settings + the build context → a [`Plan`],
//! every decision the templates lay out, one file per decision area. The
//! plan is data (`godock plan --json`), so the middle of the pipeline can be
//! read and tested on its own.
//!
//! Responsible for opinions, and pure: no file is read or written here, and
//! nothing is laid out (no Dockerfile or Makefile syntax: the templates do
//! that). The wizard asks about the same decision areas
//! ([`binaries::Selection`], [`publish`], [`cgo::default_preset`]) before
//! the one plan is made.
pub mod binaries;
pub mod cgo;
mod context;
pub mod debian;
pub mod defaults;
pub mod deploy;
pub mod files;
pub mod frontend;
pub mod go_runtime;
pub mod go_version;
pub mod modules;
pub mod pins;
pub mod publish;
mod runtime;
mod sources;
pub mod stamps;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Result;
use crate::knowledge::date::Date;
use crate::preset::PackageManager;
use crate::scan::{BuildContext, Facts};
use crate::settings::{Output, Setting, Settings};
pub use go_version::GoBuilder;
pub use sources::Origin;
pub use stamps::{BuildArgument, StampOrigin, Unstamped, VersionVariable};

/// godock's own `-ldflags` for every binary, before the version variables
/// and the user's: no symbol table or debug information.
pub const OWN_LDFLAGS: &str = "-s -w";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Plan {
    pub godock_version: String,
    pub module: String,
    pub preset: ChosenPreset,
    /// The builder's Go release, why, and what the project requires.
    pub go: GoPlan,
    /// The Debian release of the images, and why (`null`: none).
    pub debian: Option<debian::DebianPlan>,
    pub cgo: bool,
    /// Why cgo is on, in words (`null` when it is off).
    pub cgo_reason: Option<String>,
    /// Whether the builder runs on the build platform and cross-compiles
    /// (static builds), or natively on the target platform (cgo builds).
    pub cross_compile: bool,
    pub builder: BuilderPlan,
    pub download: Download,
    /// Private modules the build requires, by the user's patterns (`null`
    /// when none): the download mounts the `.netrc` build secret.
    pub private: Option<modules::Private>,
    /// What godock.toml records as `private`.
    pub extra_private: Vec<String>,
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
    /// Where the port came from: `--port`/godock.toml, or the evidence
    /// (`file:line: what names it`).
    pub port_source: Option<String>,
    /// Whether the scan found the port (no `--port`, no godock.toml `port`).
    pub port_detected: bool,
    /// Every port the primary binary may listen on, best first, with the
    /// evidence and how confident it is; only a confident one is exposed.
    pub port_candidates: Vec<publish::PortOption>,
    /// Whether the user chose no port (`--no-port`, `port = "none"`): no
    /// EXPOSE, whatever the scan finds.
    pub no_port: bool,
    /// `org.opencontainers.image.source`, when the module lives on a known forge.
    pub source_url: Option<String>,
    pub image: String,
    pub registry: String,
    pub platforms: Vec<String>,
    /// Whether the Dockerfile opens with a `# syntax=` directive.
    pub syntax: bool,
    /// Paths the build needs that .dockerignore must never exclude.
    pub keep_in_context: Vec<String>,
    /// The Node stages that build what embeds need.
    pub frontend: frontend::FrontendPlan,
    /// Main packages the scan found that this plan does not build.
    pub unselected: Vec<String>,
    /// Why each main package (and each `package main` without `func main`)
    /// is built or not.
    pub binary_reasons: BTreeMap<String, String>,
    /// Why godock chose what the user left open: `binaries`, `primary` and
    /// `port`, with the `file:line` of the evidence when there is some.
    pub reasons: BTreeMap<Setting, String>,
    pub warnings: Vec<String>,
    /// Extra files to write (`compose`, `github-actions`).
    pub outputs: Vec<Output>,
    /// Where each setting came from: `flag`, `godock.toml`, `environment`,
    /// `wizard`, `detected` (from the scan) or `default`.
    pub sources: BTreeMap<Setting, Origin>,
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
    /// The bases godock.lock pins, by image (with its tag) → digest: the
    /// Dockerfile names them `image:tag@digest`.
    pub pins: pins::Pins,
    /// How the images run once built (services, probes, resources).
    pub deploy: deploy::DeployPlan,
    /// Where godock's files go, beside the user's own, and the names of its
    /// Make targets.
    pub files: files::Files,
}

/// The Go release the builder runs (`plan --json`'s `go`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GoPlan {
    /// The version, the reason, the requirement and its file and line, and
    /// the policy's warnings.
    #[serde(flatten)]
    pub builder: GoBuilder,
    /// The decision in words, for the Dockerfile's comment and the summary.
    pub why: String,
    /// Whether the user chose the version (a flag, godock.toml, the
    /// environment), so that godock.toml keeps it rather than following go.mod.
    pub pinned: bool,
}

impl GoPlan {
    pub fn new(builder: GoBuilder) -> GoPlan {
        GoPlan {
            why: builder.explain(),
            pinned: matches!(builder.reason, go_version::Reason::Pinned { .. }),
            builder,
        }
    }
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
    /// The digest godock.lock pins it to (`null`: the tag alone).
    pub digest: Option<String>,
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
    /// Set when `go mod download` cannot work in this workspace: the step
    /// downloads the modules the go.mod files name instead.
    pub named: Option<modules::NamedModules>,
}

/// A binary to build, and its image stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The binary's file name and its Dockerfile stage (`--target NAME`).
    pub name: String,
    /// The main package, `.` or `./cmd/name`.
    pub package: String,
    /// Where the image carries it.
    pub path: String,
    pub primary: bool,
    /// Version variables the build sets through `-X`, each only when its
    /// build argument is given.
    pub version_variables: Vec<VersionVariable>,
    /// Version-like declarations the build does not stamp, and why.
    pub unstamped: Vec<Unstamped>,
    /// The user's `-ldflags`, after godock's own (the plan's `extra_ldflags`,
    /// trimmed).
    pub extra_ldflags: Option<String>,
    /// Names the stages around its image stage: `compile-KEY` compiles it
    /// alone, `binary-KEY` is where its image copies it from (that stage, or
    /// `compile-all` with `--build-arg BINARIES=all`). Its name, unless
    /// that clashes with another stage.
    pub stage_key: String,
}

impl Binary {
    /// The build arguments its `-X` flags read (`VERSION`, …), once each,
    /// in the order of its version variables.
    pub fn arguments(&self) -> Vec<&'static str> {
        let mut arguments: Vec<&'static str> = Vec::new();
        for variable in &self.version_variables {
            let name = variable.argument.name();
            if !arguments.contains(&name) {
                arguments.push(name);
            }
        }
        arguments
    }
}

/// `plan --json` also shows the `-ldflags` each binary gets when every
/// build argument is given (`${VERSION}` is its build argument; a stamp
/// whose argument is not given is left out); the templates lay out their
/// own forms from the parts.
impl Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut ldflags = OWN_LDFLAGS.to_string();
        for variable in &self.version_variables {
            ldflags.push_str(&format!(
                " -X {}=${{{}}}",
                variable.symbol(),
                variable.argument.name()
            ));
        }
        if let Some(extra) = &self.extra_ldflags {
            ldflags.push(' ');
            ldflags.push_str(extra);
        }
        let mut state = serializer.serialize_struct("Binary", 9)?;
        state.serialize_field("name", &self.name)?;
        state.serialize_field("package", &self.package)?;
        state.serialize_field("ldflags", &ldflags)?;
        state.serialize_field("path", &self.path)?;
        state.serialize_field("primary", &self.primary)?;
        state.serialize_field("version_variables", &self.version_variables)?;
        state.serialize_field("unstamped", &self.unstamped)?;
        state.serialize_field("arguments", &self.arguments())?;
        state.serialize_field("stage_key", &self.stage_key)?;
        state.end()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuntimePlan {
    pub image: String,
    /// The digest godock.lock pins it to (`null`: the tag alone).
    pub digest: Option<String>,
    /// The image, for the `org.opencontainers.image.base.name` label
    /// (`null` on scratch, which is no image).
    pub base_name: Option<String>,
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
    /// The plan for `facts` with the user's `settings`, built in `context`,
    /// on `today` (which decides the Go releases still supported).
    pub fn new(
        facts: &Facts,
        settings: &Settings,
        context: &BuildContext,
        today: Date,
    ) -> Result<Plan> {
        crate::stage::entered(crate::stage::Stage::Plan);
        let mut warnings = Vec::new();
        let selection = binaries::Selection::choose(facts, settings)?;
        let cgo = cgo::plan(facts, settings, &selection, &mut warnings)?;
        let images = debian::images(&cgo, settings, &mut warnings)?;
        let go = GoPlan::new(go_version::choose(facts, settings, context, today)?);
        warnings.extend(cgo.library_warnings.iter().cloned());
        let primary = selection.primary_name().to_string();
        if selection.primary_guessed {
            warnings.push(format!(
                "nothing says which binary the image runs, so the primary one is {primary} (the first); pass --primary NAME to choose (the wizard asks)"
            ));
        }
        let port_choice = publish::port(facts, settings, &selection.primary);
        let port_detected = port_choice.port.is_some() && settings.port.is_none();
        let (decided, reasons) = decided(&selection, &port_choice);
        let frames = context::Frames::new(facts, context);
        let binaries = selection.binaries(facts, settings.ldflags.as_deref());
        warnings.extend(stamps::warnings(&binaries));
        let names: Vec<String> = binaries.iter().map(|binary| binary.name.clone()).collect();
        let files = files::choose(facts, settings, context, &names, &mut warnings);
        let runtime = runtime::runtime(facts, &cgo, &images, &selection.selected);
        let image = publish::image(facts, settings);
        let registry = settings.registry.clone().unwrap_or_default();
        let platforms = publish::platforms(settings);
        let deploy = deploy::plan(
            facts,
            &binaries,
            port_choice.port,
            &publish::image_ref(&registry, &image),
            &runtime,
            &registry,
            cgo.cgo && platforms.iter().any(|platform| platform != "linux/amd64"),
        );
        let private = modules::private(facts, settings);
        let frontend = frontend::plan(
            &facts.frontends,
            settings,
            &frames.workdir,
            today,
            &mut warnings,
        );
        let mut builder = runtime::builder(&cgo, &images);
        modules::builder_packages(
            builder.package_manager,
            &mut builder.packages,
            private.as_ref(),
        );
        Ok(Plan {
            godock_version: env!("CARGO_PKG_VERSION").to_string(),
            module: facts.module.clone(),
            preset: ChosenPreset {
                name: cgo.preset.name.clone(),
                reference: cgo.reference.clone(),
                summary: cgo.preset.summary.clone(),
                reason: cgo.reason.clone(),
            },
            go,
            debian: images.debian.clone(),
            cgo: cgo.cgo,
            cgo_reason: cgo.cgo_reason.clone(),
            cross_compile: !cgo.cgo,
            builder,
            download: context::download(facts, context, &frames.module_dir),
            extra_private: modules::recorded_private(settings, private.as_ref()),
            private,
            vendor: facts.vendor,
            tags: runtime::tags(&cgo.preset, settings),
            tags_reason: runtime::tags_reason(&cgo.preset, settings),
            extra_tags: settings.tags.clone(),
            extra_ldflags: settings.ldflags.clone(),
            binaries,
            binaries_pinned: !settings.binaries.is_empty(),
            primary,
            runtime,
            port: port_choice.port,
            port_source: port_choice.source,
            port_detected,
            port_candidates: port_choice.candidates,
            no_port: publish::no_port(settings),
            source_url: publish::source_url(&facts.module),
            image,
            registry,
            platforms,
            syntax: settings.syntax,
            keep_in_context: context::keep_in_context(facts, context, &frames.workdir),
            frontend,
            unselected: selection.unselected(facts),
            binary_reasons: selection.reasons.clone(),
            reasons,
            warnings,
            outputs: settings.outputs.clone(),
            sources: sources::sources(settings, &decided),
            context: context.from_path.clone(),
            workdir: frames.workdir,
            module_dir: frames.module_dir,
            module_directories: frames.module_directories,
            workspace: facts.workspace.is_some(),
            pins: pins::Pins::new(),
            deploy,
            files,
        })
    }

    /// Where the user set `setting`, when they did.
    pub fn given(&self, setting: Setting) -> bool {
        self.sources
            .get(&setting)
            .is_some_and(|origin| origin.is_given())
    }
}

/// Where godock's own choices of the binaries, the primary and the port
/// came from (evidence or the scan), and why.
fn decided(
    selection: &binaries::Selection,
    port: &publish::PortDecision,
) -> (BTreeMap<Setting, Origin>, BTreeMap<Setting, String>) {
    let mut origins = BTreeMap::new();
    let mut reasons = BTreeMap::new();
    let ground = |ground: defaults::Ground| match ground {
        defaults::Ground::Evidence => Origin::Evidence,
        defaults::Ground::Convention => Origin::Detected,
    };
    if let Some((found, reason)) = &selection.binaries_default {
        origins.insert(Setting::Binaries, ground(*found));
        reasons.insert(Setting::Binaries, reason.clone());
    }
    if let Some((found, reason)) = &selection.primary_default {
        origins.insert(Setting::Primary, ground(*found));
        reasons.insert(Setting::Primary, reason.clone());
    }
    if let (Some(found), Some(source)) = (port.ground, &port.source) {
        origins.insert(Setting::Port, ground(found));
        reasons.insert(Setting::Port, source.clone());
    } else if port.port.is_none() && port.source.is_none() {
        reasons.insert(
            Setting::Port,
            if port.candidates.is_empty() {
                "no port found in the code the primary binary builds from: no EXPOSE".to_string()
            } else {
                "no confident port among the candidates: no EXPOSE".to_string()
            },
        );
    }
    (origins, reasons)
}

#[cfg(test)]
mod tests;
