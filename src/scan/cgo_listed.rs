//! Why each main package needs cgo, as `go list` answered it (see
//! [`super::golist`]): every package with cgo files its build reaches, own,
//! vendored or a dependency's, and the C libraries the dependencies' `#cgo`
//! lines link. Reads the headers of those packages' files (in the module
//! cache too) to tell whether a package also builds without cgo.
use std::collections::BTreeMap;
use std::path::Path;

use super::facts::{CgoKind, CgoLibrary, CgoReader, CgoReaderKind, CgoRequirement};
use super::golist::{self, Answer, CgoPackage, Place, Question};
use super::graph::Packages;
use super::locate::Location;
use super::paths::{display_path, package_form, relative};
use crate::go::build_constraint::{has_cgo_fallback, platforms_built, CgoFileBuild};
use crate::go::platform::{Platform, LINUX_PLATFORMS};
use crate::go::source;
use crate::knowledge::cgo as known;

/// Why the programs need cgo, and who said so.
pub(super) struct Cgo {
    pub requirements: Vec<CgoRequirement>,
    pub libraries: Vec<CgoLibrary>,
    pub reader: CgoReader,
    /// Said when godock could not ask `go list` and cannot read some
    /// dependency itself.
    pub warning: Option<String>,
}

/// Why each of `mains` needs cgo: `go list`'s answer when the go command
/// `go` can give one offline and the programs reach code outside the
/// repository (or vendored); else godock's own reading of the graph.
pub(super) fn read(
    graph: &Packages,
    mains: &[String],
    location: &Location,
    build_root: &Path,
    go: Option<&Path>,
) -> Cgo {
    let (unseen, vendored) = graph.reaches_beyond();
    let own = |detail: String| {
        let requirements = graph.cgo_requirements();
        Cgo {
            libraries: graph.cgo_libraries(&requirements),
            requirements,
            reader: CgoReader {
                reader: CgoReaderKind::Godock,
                detail,
            },
            warning: None,
        }
    };
    if !unseen && !vendored {
        return own(
            "every package the programs reach is in the repository or the standard library"
                .to_string(),
        );
    }
    let Some(go) = go else {
        let mut cgo = own("no `go` command on PATH".to_string());
        cgo.warning = unseen.then(|| not_asked("no `go` command on PATH"));
        return cgo;
    };
    let question = Question {
        directory: build_root,
        mains,
        vendor: build_root.join("vendor/modules.txt").is_file(),
        workspace: location.workspace.is_some(),
        go,
    };
    match golist::ask(&question) {
        Ok(answer) => {
            let (requirements, mut libraries) = requirements(&answer, build_root);
            for library in graph.cgo_libraries(&requirements) {
                if !libraries.contains(&library) {
                    libraries.push(library);
                }
            }
            Cgo {
                requirements,
                libraries,
                reader: CgoReader {
                    reader: CgoReaderKind::GoList,
                    detail: answer.asked,
                },
                warning: None,
            }
        }
        Err(reason) => {
            let mut cgo = own(reason.clone());
            cgo.warning = unseen.then(|| not_asked(&reason));
            cgo
        }
    }
}

/// The warning for a `go list` that could not answer.
fn not_asked(reason: &str) -> String {
    let hint = if reason.contains("cannot load") {
        "; `go mod download` puts the modules where it reads them"
    } else {
        ""
    };
    format!(
        "cgo: `go list` could not answer ({reason}), so godock judged cgo in the dependencies it cannot read by data/cgo.toml's known modules alone{hint}"
    )
}

/// The requirements `answer` shows, and the C libraries of the
/// dependencies among them (own and vendored ones the graph reads).
/// `build_root` is the directory the go command ran in.
pub(super) fn requirements(
    answer: &Answer,
    build_root: &Path,
) -> (Vec<CgoRequirement>, Vec<CgoLibrary>) {
    let table = known::table();
    let root = std::fs::canonicalize(build_root).unwrap_or_else(|_| build_root.to_path_buf());
    let mut found: BTreeMap<String, CgoRequirement> = BTreeMap::new();
    let mut libraries: Vec<CgoLibrary> = Vec::new();
    for (main, packages) in &answer.cgo {
        for package in packages {
            let requirement = found
                .entry(package.import_path.clone())
                .or_insert_with(|| requirement(package, &root, table, &mut libraries));
            if !requirement.mains.contains(main) {
                requirement.mains.push(main.clone());
            }
        }
    }
    let mut requirements: Vec<CgoRequirement> = found.into_values().collect();
    requirements.sort_by(|a, b| (a.kind, &a.package).cmp(&(b.kind, &b.package)));
    (requirements, libraries)
}

fn requirement(
    package: &CgoPackage,
    root: &Path,
    table: &known::Table,
    libraries: &mut Vec<CgoLibrary>,
) -> CgoRequirement {
    let first = package.cgo_files.first().cloned().unwrap_or_default();
    let stub = table.stubs_without_cgo(&package.import_path);
    let fallback = builds_without_cgo(package) && !stub;
    let (kind, name, file, module, why) = match package.place {
        Place::Own => {
            let dir = std::fs::canonicalize(&package.dir).unwrap_or_else(|_| package.dir.clone());
            let directory = package_form(&relative(root, &dir));
            let file = display_path(&directory, &first);
            (
                CgoKind::OwnFile,
                directory,
                Some(file),
                None,
                "imports \"C\"".to_string(),
            )
        }
        Place::Vendored => (
            CgoKind::VendoredPackage,
            package.import_path.clone(),
            Some(format!("vendor/{}/{first}", package.import_path)),
            package.module.clone(),
            "imports \"C\"".to_string(),
        ),
        Place::Dependency => match table.known_module(&package.import_path) {
            Some(known) => (
                CgoKind::KnownModule,
                package.import_path.clone(),
                None,
                Some(known.prefix.clone()),
                known.why.clone(),
            ),
            None => {
                for (file, directives) in directives(package) {
                    let source = format!("{}/{file}", package.import_path);
                    for library in super::graph::directive_libraries(&directives, &source) {
                        if !libraries.contains(&library) {
                            libraries.push(library);
                        }
                    }
                }
                let module = match (&package.module, &package.version) {
                    (Some(module), Some(version)) => Some(format!("{module}@{version}")),
                    (module, _) => module.clone(),
                };
                (
                    CgoKind::DependencyPackage,
                    package.import_path.clone(),
                    None,
                    module,
                    format!("has cgo files ({})", package.cgo_files.join(", ")),
                )
            }
        },
    };
    CgoRequirement {
        kind,
        package: name,
        file,
        module,
        why,
        fallback,
        certain: true,
        mains: Vec::new(),
    }
}

/// The `#cgo` lines of each cgo file of `package`.
fn directives(package: &CgoPackage) -> Vec<(String, Vec<String>)> {
    package
        .cgo_files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read(package.dir.join(file)).ok()?;
            Some((
                file.clone(),
                source::parse_header(&text).header.cgo_directives,
            ))
        })
        .collect()
}

/// Whether `package` still builds for linux with cgo off as its author
/// meant it to (see [`has_cgo_fallback`]): a static build compiles it.
fn builds_without_cgo(package: &CgoPackage) -> bool {
    let platforms = |cgo: bool| -> Vec<Platform> {
        LINUX_PLATFORMS
            .iter()
            .map(|(goos, goarch)| Platform { goos, goarch, cgo })
            .collect()
    };
    let (without, with) = (platforms(false), platforms(true));
    let files: Vec<CgoFileBuild> = package
        .other_files
        .iter()
        .map(|name| (name, false))
        .chain(package.cgo_files.iter().map(|name| (name, true)))
        .filter_map(|(name, cgo_file)| {
            let text = std::fs::read(package.dir.join(name)).ok()?;
            let header = source::parse_header(&text).header;
            let built = |platforms: &[Platform]| {
                platforms_built(
                    name,
                    header.go_build.as_deref(),
                    &header.plus_build,
                    platforms,
                )
                .is_ok_and(|built| built.contains(&true))
            };
            Some(CgoFileBuild {
                imports_c: cgo_file || header.imports.iter().any(|import| import == "C"),
                without_cgo: built(&without),
                with_cgo: built(&with),
            })
        })
        .collect();
    has_cgo_fallback(&files)
}
