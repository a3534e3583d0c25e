use super::binaries::{docker_name, names as binary_names};
use super::defaults::{self, Ground};
use super::publish::source_url;
use super::*;
use crate::error::Result;
use crate::go::source::Settable;
use crate::knowledge::version::Stamped;
use crate::preset::Preset;
use crate::scan::{
    BinaryEvidence, CgoKind, CgoRequirement, Confidence, LocalReplace, Module, PortCandidate,
    PortPattern, Recipe, Repository, RuntimeNeeds, Says, VersionStamp, Workspace,
};
use crate::settings::{PortChoice, PresetSetting, Source};

fn facts(module: &str, mains: &[&str]) -> Facts {
    Facts {
        module_root: ".".into(),
        module: module.into(),
        go: Some("1.23".into()),
        toolchain: None,
        vendor: false,
        go_work: false,
        go_sum: true,
        requires: 0,
        required_modules: vec![],
        member_requires: vec![],
        local_replaces: vec![],
        packages: mains.iter().map(|m| m.to_string()).collect(),
        main_packages: mains.iter().map(|m| m.to_string()).collect(),
        main_stubs: vec![],
        cgo_packages: vec![],
        cxx_packages: vec![],
        cgo_mains: vec![],
        embed: BTreeMap::new(),
        version_variables: BTreeMap::new(),
        version_stamps: BTreeMap::new(),
        nested_modules: vec![],
        warnings: vec![],
        cgo_requires: vec![],
        cgo_libraries: vec![],
        runtime_needs: Default::default(),
        frontends: Vec::new(),
        ports: BTreeMap::new(),
        health_endpoints: BTreeMap::new(),
        health_commands: BTreeMap::new(),
        port_candidates: BTreeMap::new(),
        missing_embeds: vec![],
        cgo_reader: crate::scan::CgoReader {
            reader: crate::scan::CgoReaderKind::Godock,
            detail: "built by hand".into(),
        },
        build_evidence: Default::default(),
        repository_name: None,
        modules: vec![],
        workspace: None,
        build_root: ".".into(),
        repository: Repository {
            root: ".".into(),
            path: ".".into(),
            git: false,
        },
        unbuildable_mains: vec![],
        path: ".".into(),
        context_files: Default::default(),
    }
}

fn replace(old: &str, new: &str, dir: &str, file: &str, line: u32) -> LocalReplace {
    LocalReplace {
        old: old.into(),
        new: new.into(),
        dir: dir.into(),
        file: file.into(),
        line,
    }
}

/// The day the tests plan on: the releases table's date (Go 1.26 and 1.27
/// supported), fixed so that no test changes when an estimate passes.
fn today() -> Date {
    Date::parse("2026-11-29").unwrap()
}

/// A version-like declaration of `package` (`main` or an import path) in
/// `file` at line 3, `-X` settable unless `settable` says otherwise.
fn declared(package: &str, name: &str, file: &str, settable: Settable) -> VersionStamp {
    VersionStamp {
        package: package.into(),
        name: name.into(),
        stamps: Stamped::for_name(name),
        file: Some(file.into()),
        line: Some(3),
        settable,
        default: None,
        library: None,
    }
}

/// `names` declared as settable version variables of the main package `main`.
fn with_main_versions(facts: &mut Facts, main: &str, names: &[&str]) {
    facts.version_stamps.insert(
        main.into(),
        names
            .iter()
            .map(|name| declared("main", name, "main.go", Settable::Yes))
            .collect(),
    );
}

/// A plan of `facts`, built in the scanned path (the repository's root).
fn new(facts: &Facts, settings: &Settings) -> Result<Plan> {
    Plan::new(facts, settings, &BuildContext::at_path(), today())
}

fn plan(facts: &Facts) -> Plan {
    new(facts, &Settings::default()).unwrap()
}

#[test]
fn binaries_are_named_after_their_directory_and_the_root_after_the_module() {
    let facts = facts(
        "example.com/tool/v2",
        &[".", "./cmd/api", "./internal/cmd/x"],
    );
    let names = binary_names(&facts);
    assert_eq!(names["."], "tool");
    assert_eq!(names["./cmd/api"], "api");
    assert_eq!(names["./internal/cmd/x"], "x");
}

#[test]
fn clashing_names_are_disambiguated_not_merged() {
    let facts = facts(
        "example.com/api",
        &[
            ".",
            "./cmd/api",
            "./tools/api",
            "./cmd/build",
            "./x/Runtime",
        ],
    );
    let names = binary_names(&facts);
    assert_eq!(names["."], "api");
    assert_eq!(names["./cmd/api"], "cmd-api");
    assert_eq!(names["./tools/api"], "tools-api");
    // Stage names the Dockerfile uses itself are never given to a binary.
    assert_eq!(names["./cmd/build"], "cmd-build");
    assert_eq!(names["./x/Runtime"], "x-runtime");
    let mut unique: Vec<&String> = names.values().collect();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
}

#[test]
fn default_selection_is_root_and_cmd_and_primary_is_cmd_module_name() {
    let facts = facts(
        "github.com/example/multi",
        &["./cmd/api", "./cmd/multi", "./cmd/worker", "./tools/gen"],
    );
    let plan = plan(&facts);
    let built: Vec<&str> = plan.binaries.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(built, ["api", "worker", "multi"]);
    assert_eq!(plan.primary, "multi");
    assert!(plan.binaries.last().unwrap().primary);
    assert_eq!(plan.unselected, ["./tools/gen"]);
}

#[test]
fn without_root_or_cmd_every_main_is_built_and_the_first_is_primary() {
    let facts = facts("example.com/m", &["./a", "./b"]);
    let plan = plan(&facts);
    assert_eq!(plan.primary, "a");
    assert_eq!(plan.binaries.len(), 2);
}

#[test]
fn binary_flags_take_names_or_paths_and_unknown_ones_are_listed() {
    let facts = facts("example.com/m", &["./cmd/api", "./tools/gen"]);
    let settings = Settings {
        binaries: vec!["gen".into(), "./cmd/api".into()],
        primary: Some("gen".into()),
        ..Settings::default()
    };
    let plan = new(&facts, &settings).unwrap();
    assert_eq!(plan.primary, "gen");
    let settings = Settings {
        binaries: vec!["nope".into()],
        ..Settings::default()
    };
    let error = new(&facts, &settings).unwrap_err().to_string();
    assert!(error.contains("unknown binary `nope`"), "{error}");
    assert!(
        error.contains("api (./cmd/api), gen (./tools/gen)"),
        "{error}"
    );
}

#[test]
fn the_builder_follows_the_newest_patch_of_the_release_go_mod_requires() {
    let mut f = facts("example.com/m", &["."]);
    f.go = Some("1.26.0".into());
    let go = |f: &Facts| {
        let plan = plan(f);
        (plan.go.builder.version.to_string(), plan.go.builder.reason)
    };
    assert_eq!(go(&f), ("1.26".into(), go_version::Reason::NewestPatch));
    // A toolchain line is a minimum: the newest 1.26 patch satisfies it.
    f.toolchain = Some("go1.26.6".into());
    assert_eq!(go(&f), ("1.26".into(), go_version::Reason::NewestPatch));
    f.toolchain = Some("go1.27.1".into());
    assert_eq!(go(&f).0, "1.27");
    // A go line no longer supported builds with the oldest supported release.
    f.go = Some("1.23".into());
    f.toolchain = None;
    let plan = plan(&f);
    assert_eq!(plan.go.builder.version.to_string(), "1.26");
    assert_eq!(plan.go.builder.reason, go_version::Reason::OldestSupported);
    assert_eq!(plan.go.builder.warnings.len(), 1);
    assert!(!plan.go.pinned);
    assert_eq!(
        plan.go.why,
        "go.mod's go line requires Go 1.23, whose release line receives no security fixes: Go 1.26, the oldest release that does, builds it"
    );
}

#[test]
fn a_pinned_go_version_says_where_it_was_pinned_and_must_satisfy_go_mod() {
    let f = facts("example.com/m", &["."]);
    let settings = Settings {
        go_version: Some("1.26.3".into()),
        sources: [(Setting::GoVersion, Source::Environment)].into(),
        ..Settings::default()
    };
    let plan = new(&f, &settings).unwrap();
    assert_eq!(plan.go.builder.version.to_string(), "1.26.3");
    assert!(plan.go.pinned);
    assert_eq!(
        plan.go.why,
        "pinned with GODOCK_GO_VERSION; go.mod's go line requires Go 1.23 or newer"
    );
    let mut newer = f.clone();
    newer.go = Some("1.27.0".into());
    let error = new(&newer, &settings).unwrap_err();
    assert_eq!(
        error.report(),
        "error: Go 1.26.3 (GODOCK_GO_VERSION) is older than Go 1.27.0, which go.mod's go line requires\n\
         hint: pin Go 1.27 or newer (GODOCK_GO_VERSION), or remove the pin to follow go.mod"
    );
}

#[test]
fn a_workspace_builds_with_what_go_work_and_its_members_require() {
    let mut f = facts("example.com/app", &["./app"]);
    f.workspace = Some(Workspace {
        dir: ".".into(),
        go: Some("1.26.0".into()),
        toolchain: None,
        go_work_sum: false,
    });
    f.modules = vec![
        module("app", "example.com/app", "./app", &["./app"]),
        module("lib", "example.com/lib", "./lib", &[]),
    ];
    f.modules[1].go = Some("1.27.0".into());
    let plan = plan(&f);
    assert_eq!(plan.go.builder.version.to_string(), "1.27");
    assert_eq!(plan.go.builder.requirement.file, "lib/go.mod");
}

#[test]
fn cgo_picks_distroless_cgo_and_static_presets_refuse_it() {
    let mut f = facts("example.com/m", &[".", "./cmd/tool"]);
    f.cgo_packages = vec!["./internal/sqlite".into()];
    f.cgo_mains = vec![".".into()];
    let plan = plan(&f);
    assert_eq!(plan.preset.name, "distroless-cgo");
    assert!(plan.cgo && !plan.cross_compile);
    assert_eq!(
        plan.runtime.image,
        "gcr.io/distroless/base-debian13:nonroot"
    );
    for preset in ["distroless", "scratch"] {
        let error = new(&f, &with_preset(preset)).unwrap_err().to_string();
        assert!(
            error.contains(&format!("preset `{preset}` cannot serve this project")),
            "{error}"
        );
        assert!(error.contains(". uses cgo"), "{error}");
    }
    // A cgo package that only an unselected main reaches does not force cgo.
    let settings = Settings {
        binaries: vec!["tool".into()],
        ..Settings::default()
    };
    assert!(!new(&f, &settings).unwrap().cgo);
}

#[test]
fn cxx_takes_the_cc_image() {
    let mut f = facts("example.com/m", &["."]);
    f.cgo_packages = vec![".".into()];
    f.cxx_packages = vec![".".into()];
    f.cgo_mains = vec![".".into()];
    assert_eq!(
        plan(&f).runtime.image,
        "gcr.io/distroless/cc-debian13:nonroot"
    );
}

#[test]
fn version_variables_become_x_flags() {
    let mut f = facts("example.com/m", &["."]);
    with_main_versions(&mut f, ".", &["version", "buildDate", "Commit"]);
    let plan = plan(&f);
    assert_eq!(
        ldflags(&plan.binaries[0]),
        "-s -w -X main.version=${VERSION} -X main.buildDate=${BUILD_DATE} -X main.Commit=${COMMIT}"
    );
}

#[test]
fn version_packages_and_libraries_are_stamped_by_full_import_path_and_the_rest_is_listed() {
    let mut f = facts("example.com/m", &["./cmd/m"]);
    let mut library = declared(
        "github.com/prometheus/common/version",
        "Revision",
        "",
        Settable::Yes,
    );
    library.file = None;
    library.line = None;
    library.library = Some("known".into());
    let mut branch = library.clone();
    branch.name = "Branch".into();
    branch.stamps = None;
    f.version_stamps.insert(
        "./cmd/m".into(),
        vec![
            declared("main", "version", "cmd/m/main.go", Settable::Constant),
            declared(
                "example.com/m/internal/version",
                "Version",
                "internal/version/version.go",
                Settable::Yes,
            ),
            declared(
                "example.com/m/internal/version",
                "date",
                "internal/version/version.go",
                Settable::Computed,
            ),
            library,
            branch,
        ],
    );
    let binary = &plan(&f).binaries[0];
    assert_eq!(
        ldflags(binary),
        "-s -w -X example.com/m/internal/version.Version=${VERSION} -X github.com/prometheus/common/version.Revision=${COMMIT}"
    );
    assert_eq!(
        binary.version_variables[0].origin,
        StampOrigin::Source {
            location: "internal/version/version.go:3".into()
        }
    );
    let unstamped: Vec<(&str, Option<&str>)> = binary
        .unstamped
        .iter()
        .map(|u| (u.symbol.as_str(), u.location.as_deref()))
        .collect();
    assert_eq!(
        unstamped,
        [
            ("main.version", Some("cmd/m/main.go:3")),
            (
                "example.com/m/internal/version.date",
                Some("internal/version/version.go:3")
            ),
            ("github.com/prometheus/common/version.Branch", None),
        ]
    );
    assert!(binary.unstamped[0].reason.starts_with("a constant"));
}

#[test]
fn embeds_and_local_replaces_stay_in_the_context() {
    let mut f = facts("example.com/m", &["."]);
    f.embed
        .insert(".".into(), vec!["README.md".into(), "all:static".into()]);
    f.embed
        .insert("./web".into(), vec!["templates/*.tmpl".into()]);
    f.local_replaces = vec![replace(
        "example.com/x",
        "./third_party/x",
        "third_party/x",
        "go.mod",
        5,
    )];
    let plan = plan(&f);
    assert_eq!(
        plan.keep_in_context,
        [
            "README.md",
            "static",
            "web/templates/*.tmpl",
            "third_party/x"
        ]
    );
    assert_eq!(
        plan.download.files,
        ["go.mod", "go.sum", "third_party/x/go.mod"]
    );
}

#[test]
fn vendor_skips_the_download() {
    let mut f = facts("example.com/m", &["."]);
    f.vendor = true;
    assert!(!plan(&f).download.enabled);
}

#[test]
fn source_url_only_for_known_forges() {
    assert_eq!(
        source_url("github.com/a/b/v2").as_deref(),
        Some("https://github.com/a/b")
    );
    assert_eq!(
        source_url("gitlab.com/a/b").as_deref(),
        Some("https://gitlab.com/a/b")
    );
    assert_eq!(source_url("example.com/a/b"), None);
    assert_eq!(source_url("github.com/a"), None);
}

#[test]
fn docker_names_are_valid_stage_names() {
    assert_eq!(docker_name("My_App"), "my_app");
    assert_eq!(docker_name("9lives"), "app-9lives");
    assert_eq!(docker_name("a+b"), "a-b");
}

#[test]
fn excluded_directories_holding_go_code_stay_in_the_context() {
    let mut f = facts("example.com/m", &["."]);
    f.packages = vec![
        ".".into(),
        "./docs".into(),
        "./build/ci".into(),
        "./binary".into(),
    ];
    assert_eq!(plan(&f).keep_in_context, ["build", "docs"]);
}

#[test]
fn extra_tags_and_ldflags_follow_the_preset_and_godocks_own() {
    let mut facts = facts("example.com/m", &["."]);
    with_main_versions(&mut facts, ".", &["version"]);
    let settings = Settings {
        tags: vec!["netgo".into(), "timetzdata".into()],
        ldflags: Some(" -X main.edition=oss ".into()),
        ..with_preset("scratch")
    };
    let chosen = new(&facts, &settings).unwrap();
    assert_eq!(chosen.tags, ["timetzdata", "netgo"]);
    assert_eq!(chosen.extra_tags, ["netgo", "timetzdata"]);
    assert!(chosen
        .tags_reason
        .as_deref()
        .unwrap()
        .ends_with("; netgo,timetzdata from godock.toml"));
    assert_eq!(
        ldflags(&chosen.binaries[0]),
        "-s -w -X main.version=${VERSION} -X main.edition=oss"
    );
    let plain = plan(&facts);
    assert_eq!(
        ldflags(&plain.binaries[0]),
        "-s -w -X main.version=${VERSION}"
    );
    assert_eq!(plain.tags_reason, None);
}

#[test]
fn sources_say_where_every_setting_came_from() {
    let facts = facts("example.com/m", &["."]);
    let settings = Settings {
        port: Some(PortChoice::Expose(8080)),
        outputs: vec![Output::Compose],
        sources: [
            (Setting::Port, Source::Environment),
            (Setting::Outputs, Source::Prompt),
        ]
        .into(),
        ..Settings::default()
    };
    let chosen = new(&facts, &settings).unwrap();
    let label = |setting| chosen.sources[&setting].label();
    assert_eq!(label(Setting::Port), "environment");
    assert_eq!(label(Setting::Outputs), "wizard");
    assert_eq!(label(Setting::Preset), "detected");
    assert_eq!(label(Setting::GoVersion), "detected");
    assert_eq!(label(Setting::Registry), "default");
    assert_eq!(chosen.sources.len(), Setting::ALL.len());
    assert_eq!(chosen.outputs, [Output::Compose]);
    let mut no_go = facts.clone();
    no_go.go = None;
    assert_eq!(plan(&no_go).sources[&Setting::GoVersion], Origin::Detected);
}

fn module(dir: &str, path: &str, package: &str, mains: &[&str]) -> Module {
    Module {
        dir: dir.into(),
        module: path.into(),
        go: Some("1.23".into()),
        go_sum: false,
        package: package.into(),
        main_packages: mains.iter().map(|m| m.to_string()).collect(),
        requires: vec![],
        used_at: Some(3),
    }
}

/// examples/monorepo: the module below the scanned path, its replace
/// target beside it.
fn monorepo() -> Facts {
    let mut f = facts("example.com/monorepo/api", &["."]);
    f.module_root = "services/api".into();
    f.build_root = "services/api".into();
    f.go_sum = false;
    f.modules = vec![module(
        "services/api",
        "example.com/monorepo/api",
        ".",
        &["."],
    )];
    f.local_replaces = vec![replace(
        "example.com/shared",
        "../../libs/shared",
        "libs/shared",
        "services/api/go.mod",
        7,
    )];
    f
}

fn with_preset(preset: &str) -> Settings {
    Settings {
        preset: Some(PresetSetting::built_in(preset).unwrap()),
        sources: [(Setting::Preset, Source::Flag)].into(),
        ..Settings::default()
    }
}

/// The file at `path` the plan renders.
fn rendered(plan: &Plan, path: &str) -> String {
    crate::render::render(plan)
        .unwrap()
        .into_iter()
        .find(|file| file.path == path)
        .unwrap()
        .content
}

/// The `-ldflags` a binary gets, as `plan --json` shows them.
fn ldflags(binary: &Binary) -> String {
    serde_json::to_value(binary).unwrap()["ldflags"]
        .as_str()
        .unwrap()
        .to_string()
}

fn requirement(kind: CgoKind, package: &str, file: Option<&str>, fallback: bool) -> CgoRequirement {
    CgoRequirement {
        kind,
        package: package.into(),
        file: file.map(str::to_string),
        module: None,
        why: "imports \"C\"".into(),
        fallback,
        certain: true,
        mains: vec![".".into()],
    }
}

fn library(name: &str, flag: &str, source: &str) -> crate::scan::CgoLibrary {
    crate::scan::CgoLibrary {
        name: name.into(),
        flag: flag.into(),
        source: source.into(),
    }
}

/// A main package reaching ./internal/native, whose cgo file links `libraries`.
fn cgo_facts(fallback: bool, libraries: Vec<crate::scan::CgoLibrary>) -> Facts {
    let mut f = facts("example.com/m", &["."]);
    f.cgo_packages = vec!["./internal/native".into()];
    f.cgo_mains = vec![".".into()];
    f.cgo_requires = vec![requirement(
        CgoKind::OwnFile,
        "./internal/native",
        Some("internal/native/native_cgo.go"),
        fallback,
    )];
    f.cgo_libraries = libraries;
    f
}

#[test]
fn a_module_below_the_path_builds_there_with_the_path_as_context() {
    let plan = plan(&monorepo());
    assert_eq!(plan.context, ".");
    assert_eq!(plan.workdir, "services/api");
    assert_eq!(plan.module_dir, "services/api");
    assert_eq!(
        plan.download.files,
        ["services/api/go.mod", "libs/shared/go.mod"]
    );
    assert_eq!(plan.keep_in_context, ["libs/shared"]);
    assert_eq!(plan.binaries[0].package, ".");
}

/// The plan of the project at `at` below `directory`, located and scanned.
fn plan_at(directory: &std::path::Path, at: &str) -> Plan {
    let location = crate::scan::locate(&directory.join(at), None).unwrap();
    let context = location.build_context().unwrap();
    let facts = crate::scan::scan(&location).unwrap();
    Plan::new(&facts, &Settings::default(), &context, today()).unwrap()
}

#[test]
fn a_replace_outside_the_module_widens_the_context_to_the_common_ancestor() {
    // Planned at services/api, in a git repository two levels up.
    let directory = crate::fixtures::example("monorepo");
    crate::fixtures::write(directory.path(), ".git/HEAD", "ref: refs/heads/main\n");
    let plan = plan_at(directory.path(), "services/api");
    assert_eq!(plan.context, "../..");
    assert_eq!(plan.workdir, "services/api");
    assert_eq!(plan.module_dir, "services/api");
    assert_eq!(
        plan.download.files,
        ["services/api/go.mod", "libs/shared/go.mod"]
    );
    let dockerfile = rendered(&plan, "Dockerfile");
    assert!(
        dockerfile.contains("WORKDIR /src/services/api\n"),
        "{dockerfile}"
    );
    assert!(dockerfile
        .contains("--mount=type=bind,source=libs/shared/go.mod,target=/src/libs/shared/go.mod"));
    assert!(dockerfile.contains("--mount=type=bind,target=/src \\"));
    let config = rendered(&plan, "godock.toml");
    assert!(config.contains("\nmodule = \"services/api\"\n"), "{config}");
}

/// examples/workspace: go.work at the scanned path using three modules.
fn workspace() -> Facts {
    let mut f = facts(
        "example.com/workspace/api",
        &["./api", "./worker/cmd/worker"],
    );
    f.module_root = "api".into();
    f.modules = vec![
        module("api", "example.com/workspace/api", "./api", &["./api"]),
        module("lib", "example.com/workspace/lib", "./lib", &[]),
        module(
            "worker",
            "example.com/workspace/worker",
            "./worker",
            &["./worker/cmd/worker"],
        ),
    ];
    f.modules[2].go_sum = true;
    f.workspace = Some(Workspace {
        dir: ".".into(),
        go: Some("1.23".into()),
        toolchain: None,
        go_work_sum: true,
    });
    f
}

#[test]
fn planned_at_a_workspace_member_the_default_binaries_are_its_and_its_requirements() {
    let mut f = workspace();
    // Planned at api/: worker is a member api does not require.
    f.module_root = ".".into();
    let p = plan(&f);
    let built: Vec<&str> = p.binaries.iter().map(|b| b.package.as_str()).collect();
    assert_eq!(built, ["./api"]);
    assert!(
        p.binary_reasons["./worker/cmd/worker"].contains("does not require"),
        "{:?}",
        p.binary_reasons
    );
    // Once api requires worker, worker's program is built too.
    f.modules[0].requires = vec!["example.com/workspace/worker".into()];
    let p = plan(&f);
    let built: Vec<&str> = p.binaries.iter().map(|b| b.package.as_str()).collect();
    assert_eq!(built, ["./worker/cmd/worker", "./api"]);
}

#[test]
fn a_workspace_downloads_for_every_module_and_builds_mains_of_each() {
    let plan = plan(&workspace());
    assert_eq!((plan.context.as_str(), plan.workdir.as_str()), (".", "."));
    assert!(plan.workspace);
    assert_eq!(
        plan.download.files,
        [
            "go.work",
            "go.work.sum",
            "api/go.mod",
            "lib/go.mod",
            "worker/go.mod",
            "worker/go.sum"
        ]
    );
    let built: Vec<(&str, &str)> = plan
        .binaries
        .iter()
        .map(|b| (b.name.as_str(), b.package.as_str()))
        .collect();
    assert_eq!(built, [("worker", "./worker/cmd/worker"), ("api", "./api")]);
    assert_eq!(plan.primary, "api");
    assert_eq!(plan.module_directories, ["api", "lib", "worker"]);
    let makefile = rendered(&plan, "Makefile");
    assert!(
        makefile.contains("\tcd lib && go test ./...\n"),
        "{makefile}"
    );
}

#[test]
fn workspace_binaries_with_the_same_name_get_distinct_names() {
    let mut f = workspace();
    f.main_packages = vec!["./api".into(), "./worker/cmd/api".into()];
    f.modules[2].main_packages = vec!["./worker/cmd/api".into()];
    let names = binary_names(&f);
    assert_eq!(names["./api"], "api");
    assert_eq!(names["./worker/cmd/api"], "worker-cmd-api");
}

#[test]
fn static_presets_build_the_pure_go_fallback_when_every_cgo_package_has_one() {
    let f = cgo_facts(true, vec![]);
    let plan = new(&f, &with_preset("scratch")).unwrap();
    assert!(!plan.cgo);
    assert_eq!(plan.cgo_reason, None);
    assert!(
        plan.warnings[0].contains("the pure-Go fallback of ./internal/native"),
        "{:?}",
        plan.warnings
    );
    // Without a preset, cgo is on: the program its authors run natively.
    assert!(super::tests::plan(&f).cgo);
    // No fallback: refused, as before.
    let error = new(&cgo_facts(false, vec![]), &with_preset("scratch"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("cannot serve this project"), "{error}");
}

#[test]
fn cgo_reasons_name_vendored_packages_and_known_modules() {
    let mut f = cgo_facts(false, vec![]);
    f.cgo_requires.push(requirement(
        CgoKind::VendoredPackage,
        "example.com/db",
        Some("vendor/example.com/db/db.go"),
        false,
    ));
    let mut known = requirement(
        CgoKind::KnownModule,
        "github.com/mattn/go-sqlite3",
        None,
        false,
    );
    known.why = "compiles SQLite".into();
    f.cgo_requires.push(known);
    assert_eq!(
        plan(&f).cgo_reason.unwrap(),
        "cgo is on because ./internal/native imports \"C\"; vendored example.com/db imports \"C\"; github.com/mattn/go-sqlite3 compiles SQLite"
    );
}

#[test]
fn linked_libraries_become_builder_packages_and_runtime_copies() {
    let source = "internal/native/native_cgo.go";
    let f = cgo_facts(
        false,
        vec![
            library("m", "#cgo LDFLAGS: -lm", source),
            library("z", "#cgo LDFLAGS: -lz", source),
            library("sqlite3", "#cgo pkg-config: sqlite3", source),
            library("frobnicate", "#cgo LDFLAGS: -lfrobnicate", source),
            // A library of a package no selected binary reaches is ignored.
            library("pq", "#cgo LDFLAGS: -lpq", "cmd/other/other.go"),
        ],
    );
    let plan = plan(&f);
    assert_eq!(plan.preset.name, "distroless-cgo");
    assert_eq!(
        plan.builder.packages,
        ["zlib1g-dev", "pkg-config", "libsqlite3-dev"]
    );
    // distroless has no package manager: the runtime copies shared objects.
    assert!(plan.runtime.copy_libraries);
    assert_eq!(plan.runtime.libraries, ["z", "sqlite3", "frobnicate"]);
    assert!(plan.runtime.packages.is_empty());
    assert_eq!(
        plan.warnings,
        ["internal/native/native_cgo.go: #cgo LDFLAGS: -lfrobnicate: godock does not know which packages provide this library; add its development package to builder.cgo_packages in a preset file (--preset my.toml)"]
    );
    // Alpine installs packages instead, in both stages.
    let alpine = new(&f, &with_preset("alpine")).unwrap();
    assert_eq!(
        alpine.builder.packages,
        ["gcc", "musl-dev", "zlib-dev", "pkgconf", "sqlite-dev"]
    );
    assert!(!alpine.runtime.copy_libraries);
    assert_eq!(
        alpine.runtime.packages,
        ["ca-certificates", "tzdata", "zlib", "sqlite-libs"]
    );
}

#[test]
fn libc_alone_needs_no_packages_and_no_copies() {
    let f = cgo_facts(
        false,
        vec![library(
            "m",
            "#cgo LDFLAGS: -lm",
            "internal/native/native_cgo.go",
        )],
    );
    let plan = plan(&f);
    assert!(plan.builder.packages.is_empty());
    assert!(!plan.runtime.copy_libraries);
    assert!(plan.warnings.is_empty());
}

/// A port candidate of `package` at `file:line`.
fn port_at(package: &str, port: u16, line: u32, confidence: Confidence) -> PortCandidate {
    PortCandidate {
        port,
        file: "main.go".into(),
        line,
        pattern: PortPattern::ListenCall,
        confidence,
        name: None,
        note: None,
        package: package.into(),
    }
}

#[test]
fn the_port_comes_from_settings_then_the_primary_binary() {
    let mut f = facts("example.com/m", &[".", "./cmd/api"]);
    f.port_candidates.insert(
        "./cmd/api".into(),
        vec![port_at("./cmd/api", 9090, 3, Confidence::High)],
    );
    // ./cmd/api is not the primary: its port is not exposed on the primary's image.
    let p = plan(&f);
    assert_eq!((p.port, p.port_detected), (None, false));
    // Only a confident candidate is exposed; the others are listed.
    f.port_candidates
        .insert(".".into(), vec![port_at(".", 6060, 4, Confidence::Low)]);
    let p = plan(&f);
    assert_eq!((p.port, p.port_candidates.len()), (None, 1));
    f.port_candidates.get_mut(".").unwrap().extend([
        port_at(".", 8080, 7, Confidence::High),
        port_at(".", 8443, 9, Confidence::High),
    ]);
    let p = plan(&f);
    assert_eq!(p.port, Some(8080));
    assert!(p.port_detected);
    assert_eq!(
        p.port_source.as_deref(),
        Some("main.go:7: an address passed to a listen call")
    );
    let settings = Settings {
        port: Some(PortChoice::Expose(3000)),
        ..Settings::default()
    };
    let p = new(&f, &settings).unwrap();
    assert_eq!((p.port, p.port_detected), (Some(3000), false));
    // No port: nothing exposed, whatever the scan found.
    let settings = Settings {
        port: Some(PortChoice::NoPort),
        sources: [(Setting::Port, Source::Flag)].into(),
        ..Settings::default()
    };
    let p = new(&f, &settings).unwrap();
    assert_eq!((p.port, p.port_detected, p.no_port), (None, false, true));
    assert_eq!(p.port_source.as_deref(), Some("flag"));
    // The user's choice, not a scan that found nothing: no reason of godock's.
    assert!(!p.reasons.contains_key(&Setting::Port));
    assert_eq!(p.port_candidates.len(), 3);
}

#[test]
fn scratch_copies_ca_certificates_only_when_a_binary_may_need_them() {
    use crate::scan::Need;
    let need = |main: &str, why: &str| Need {
        main: main.into(),
        why: why.into(),
    };
    let mut f = facts("example.com/m", &[".", "./cmd/worker"]);
    let scratch = with_preset("scratch");
    // Nothing needs TLS and every import was read: no certificates.
    let p = new(&f, &scratch).unwrap();
    assert!(!p.runtime.copy_ca_certificates);
    assert!(p.runtime.ca_certificates_unneeded);
    // A selected binary that uses TLS, or imports what godock cannot read.
    for needs in [
        RuntimeNeeds {
            ca_certificates: vec![need(".", "imports net/http")],
            ..RuntimeNeeds::default()
        },
        RuntimeNeeds {
            unseen: vec![need(
                "./cmd/worker",
                "imports example.com/x, which godock cannot read",
            )],
            ..RuntimeNeeds::default()
        },
    ] {
        f.runtime_needs = needs;
        let p = new(&f, &scratch).unwrap();
        assert!(p.runtime.copy_ca_certificates);
        assert!(!p.runtime.ca_certificates_unneeded);
    }
    // A binary that is not built does not count.
    f.runtime_needs = RuntimeNeeds {
        ca_certificates: vec![need("./cmd/worker", "imports net/http")],
        ..RuntimeNeeds::default()
    };
    let settings = Settings {
        binaries: vec![".".into()],
        ..scratch
    };
    assert!(!new(&f, &settings).unwrap().runtime.copy_ca_certificates);
}

#[test]
fn the_files_say_where_the_go_version_came_from() {
    let mut directive = facts("example.com/m", &["."]);
    directive.go = Some("1.26.0".into());
    let dockerfile = rendered(&plan(&directive), "Dockerfile");
    assert!(
        dockerfile.contains("\n# Go 1.26: go.mod's go line requires Go 1.26.0 or newer: the newest 1.26 patch builds it, with every security fix.\nARG GO_VERSION=1.26\n"),
        "{dockerfile}"
    );
    let config = rendered(&plan(&directive), "godock.toml");
    assert!(
        config.contains(
            "\n# Follows go.mod unless pinned here (the Dockerfile says why).\n# go_version = \"1.26\"\n"
        ),
        "{config}"
    );
    let mut missing = directive.clone();
    missing.go = None;
    let dockerfile = rendered(&plan(&missing), "Dockerfile");
    assert!(
        dockerfile.contains("\n# Go 1.26: go.mod (it has no go line, which Go reads as go 1.16) requires Go 1.16, whose release line receives no security fixes: Go 1.26, the oldest release that does, builds it.\nARG GO_VERSION=1.26\n"),
        "{dockerfile}"
    );
    let pinned = Settings {
        go_version: Some("1.26.3".into()),
        sources: [(Setting::GoVersion, Source::Config)].into(),
        ..Settings::default()
    };
    let pinned = new(&directive, &pinned).unwrap();
    let dockerfile = rendered(&pinned, "Dockerfile");
    assert!(
        dockerfile.contains("\n# Go 1.26.3: pinned with go_version in godock.toml; go.mod's go line requires Go 1.26.0 or newer.\nARG GO_VERSION=1.26.3\n"),
        "{dockerfile}"
    );
    assert!(rendered(&pinned, "godock.toml").contains("\ngo_version = \"1.26.3\"\n"));
}

#[test]
fn ldflags_reach_the_dockerfile_and_the_makefile_in_their_own_syntax() {
    let mut facts = facts("example.com/m", &["."]);
    with_main_versions(&mut facts, ".", &["version", "Commit"]);
    let settings = Settings {
        ldflags: Some("  -X main.edition=oss ".into()),
        sources: [(Setting::Ldflags, Source::Config)].into(),
        ..Settings::default()
    };
    let plan = new(&facts, &settings).unwrap();
    let dockerfile = rendered(&plan, "Dockerfile");
    assert!(
        dockerfile.contains(" go build -ldflags=\"-s -w${VERSION:+ -X main.version=${VERSION}}${COMMIT:+ -X main.Commit=${COMMIT}} -X main.edition=oss\" -o /out/m .\n"),
        "{dockerfile}"
    );
    let makefile = rendered(&plan, "Makefile");
    assert!(
        makefile.contains(" -ldflags=\"-s -w$(if $(VERSION), -X main.version=$(VERSION))$(if $(COMMIT), -X main.Commit=$(COMMIT)) -X main.edition=oss\" -o bin/m .\n"),
        "{makefile}"
    );
    // Blank extra flags add nothing.
    let blank = Settings {
        ldflags: Some("  ".into()),
        ..settings
    };
    let plan = new(&facts, &blank).unwrap();
    assert!(rendered(&plan, "Dockerfile").contains("-X main.Commit=${COMMIT}}\" -o /out/m .\n"));
    assert!(rendered(&plan, "Makefile").contains("-X main.Commit=$(COMMIT))\" -o bin/m .\n"));
}

fn evidence(package: &str, says: Says, recipe: Recipe, location: &str) -> BinaryEvidence {
    BinaryEvidence {
        package: package.into(),
        name: None,
        says,
        recipe,
        location: location.into(),
    }
}

#[test]
fn the_primary_follows_evidence_then_names_then_the_root_then_the_first() {
    struct Case {
        what: &'static str,
        module: &'static str,
        repository: Option<&'static str>,
        selected: &'static [&'static str],
        runs: Option<&'static str>,
        primary: &'static str,
        ground: Ground,
        reason: &'static str,
        guessed: bool,
    }
    let cases = [
        Case {
            what: "an image runs it, over every convention",
            module: "example.com/app",
            repository: None,
            selected: &[".", "./cmd/app", "./cmd/proxy"],
            runs: Some("./cmd/proxy"),
            primary: "./cmd/proxy",
            ground: Ground::Evidence,
            reason: "Dockerfile:9 runs it (existing Dockerfile)",
            guessed: false,
        },
        Case {
            what: "cmd/<module's last element>, without its /vN suffix",
            module: "github.com/example/app/v3",
            repository: None,
            selected: &["./cmd/admin", "./cmd/app"],
            runs: None,
            primary: "./cmd/app",
            ground: Ground::Convention,
            reason: "cmd/app is named after the module",
            guessed: false,
        },
        Case {
            what: "cmd/<module's last element> without its domain suffix",
            module: "tailscale.com",
            repository: None,
            selected: &["./cmd/derper", "./cmd/tailscale", "./cmd/tailscaled"],
            runs: None,
            primary: "./cmd/tailscale",
            ground: Ground::Convention,
            reason: "cmd/tailscale is named after the module",
            guessed: false,
        },
        Case {
            what: "cmd/<repository directory's name>",
            module: "example.com/platform",
            repository: Some("gateway"),
            selected: &["./cmd/admin", "./cmd/gateway"],
            runs: None,
            primary: "./cmd/gateway",
            ground: Ground::Convention,
            reason: "cmd/gateway is named after the repository's directory",
            guessed: false,
        },
        Case {
            what: "the module's root package",
            module: "example.com/server",
            repository: Some("checkout"),
            selected: &[".", "./cmd/migrate"],
            runs: None,
            primary: ".",
            ground: Ground::Convention,
            reason: "the module's root package",
            guessed: false,
        },
        Case {
            what: "a main named like the module elsewhere",
            module: "example.com/relay",
            repository: None,
            selected: &["./services/admin", "./services/relay"],
            runs: None,
            primary: "./services/relay",
            ground: Ground::Convention,
            reason: "named like the module (relay)",
            guessed: false,
        },
        Case {
            what: "nothing tells: the first, and godock says it guessed",
            module: "example.com/m",
            repository: Some("m-repo"),
            selected: &["./a", "./b"],
            runs: None,
            primary: "./a",
            ground: Ground::Convention,
            reason: "the first binary: nothing says which one the image should run",
            guessed: true,
        },
        Case {
            what: "one binary is the primary",
            module: "example.com/m",
            repository: None,
            selected: &["./tools/only"],
            runs: None,
            primary: "./tools/only",
            ground: Ground::Convention,
            reason: "the only binary",
            guessed: false,
        },
    ];
    for case in cases {
        let mut f = facts(case.module, case.selected);
        f.repository_name = case.repository.map(String::from);
        if let Some(runs) = case.runs {
            f.build_evidence.binaries = vec![
                evidence("./cmd/app", Says::Built, Recipe::Makefile, "Makefile:2"),
                evidence(runs, Says::Runs, Recipe::Dockerfile, "Dockerfile:9"),
            ];
        }
        let selected: Vec<String> = case.selected.iter().map(|s| s.to_string()).collect();
        let (primary, ground, reason, guessed) = defaults::primary(&f, &selected);
        assert_eq!(
            (primary.as_str(), ground, reason.as_str(), guessed),
            (case.primary, case.ground, case.reason, case.guessed),
            "{}",
            case.what
        );
    }
    // A guessed primary is a warning of the plan.
    let p = plan(&facts("example.com/m", &["./a", "./b"]));
    assert!(
        p.warnings.iter().any(|warning| warning.contains("primary")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn default_binaries_take_the_strongest_evidence_and_leave_tools_out() {
    let mains = [
        ".",
        "./cmd/api",
        "./cmd/worker",
        "./tools/gen",
        "./hack/e2e",
    ];
    let cases: [(&str, Vec<BinaryEvidence>, &[&str], &str); 5] = [
        (
            "an image ships one: only it, though recipes build more",
            vec![
                evidence(
                    "./cmd/api",
                    Says::Built,
                    Recipe::GoReleaser,
                    ".goreleaser.yaml:3",
                ),
                evidence(
                    "./cmd/worker",
                    Says::Built,
                    Recipe::GoReleaser,
                    ".goreleaser.yaml:6",
                ),
                evidence(
                    "./cmd/worker",
                    Says::Shipped,
                    Recipe::GoReleaser,
                    ".goreleaser.yaml:9",
                ),
            ],
            &["./cmd/worker"],
            "an image ships it: .goreleaser.yaml:9",
        ),
        (
            "release recipes over task runners",
            vec![
                evidence("./tools/gen", Says::Built, Recipe::Makefile, "Makefile:4"),
                evidence("./cmd/api", Says::Built, Recipe::Promu, ".promu.yml:5"),
            ],
            &["./cmd/api"],
            "a release recipe builds it: .promu.yml:5",
        ),
        (
            "task runners, without the development tools they build",
            vec![
                evidence("./tools/gen", Says::Built, Recipe::Makefile, "Makefile:4"),
                evidence("./hack/e2e", Says::Built, Recipe::Script, "hack/build.sh:2"),
                evidence("./cmd/worker", Says::Built, Recipe::Makefile, "Makefile:3"),
            ],
            &["./cmd/worker"],
            "a build recipe builds it: Makefile:3",
        ),
        (
            "evidence about packages that are not mains is no evidence",
            vec![evidence(
                "./cmd/gone",
                Says::Runs,
                Recipe::Procfile,
                "Procfile:1",
            )],
            &[".", "./cmd/api", "./cmd/worker"],
            "the root package and those under cmd/",
        ),
        (
            "task runners that build only tools fall back to the conventions",
            vec![evidence(
                "./tools/gen",
                Says::Built,
                Recipe::Makefile,
                "Makefile:4",
            )],
            &[".", "./cmd/api", "./cmd/worker"],
            "the root package and those under cmd/",
        ),
    ];
    for (what, found, selected, reason) in cases {
        let mut f = facts("example.com/app", &mains);
        f.build_evidence.binaries = found;
        let chosen = defaults::binaries(&f);
        assert_eq!(chosen.selected, selected, "{what}");
        assert_eq!(chosen.reason, reason, "{what}");
        for package in mains {
            assert!(chosen.reasons.contains_key(package), "{what}: {package}");
        }
    }
    let mut f = facts("example.com/app", &mains);
    f.build_evidence.binaries = vec![
        evidence("./tools/gen", Says::Built, Recipe::Makefile, "Makefile:4"),
        evidence("./cmd/api", Says::Built, Recipe::Makefile, "Makefile:3"),
    ];
    let chosen = defaults::binaries(&f);
    assert_eq!(
        chosen.reasons["./tools/gen"],
        "not built: a development tool (directory `tools`, data/binaries.toml), though Makefile:4 builds it"
    );
    assert_eq!(
        chosen.reasons["./cmd/worker"],
        "not built: the repository's build files do not ship it (a build recipe builds it for the others)"
    );
}

#[test]
fn without_evidence_tools_are_listed_with_their_rule_and_stubs_are_no_binaries() {
    let mut f = facts(
        "example.com/app",
        &[
            "./cmd/app",
            "./internal/cmd/fixture",
            "./cmd/gen-docs",
            "./cmd/app-test",
            "./examples/hello",
        ],
    );
    f.main_stubs = vec![".".into()];
    let chosen = defaults::binaries(&f);
    assert_eq!(chosen.selected, ["./cmd/app"]);
    for (package, reason) in [
        (
            ".",
            "not a binary: `package main` without `func main` (a generate stub)",
        ),
        ("./cmd/app", "built: the root package and those under cmd/"),
    ] {
        assert_eq!(chosen.reasons[package], reason, "{package}");
    }
    for package in [
        "./internal/cmd/fixture",
        "./cmd/gen-docs",
        "./cmd/app-test",
        "./examples/hello",
    ] {
        assert!(
            chosen.reasons[package].starts_with("not built: a development tool ("),
            "{package}: {}",
            chosen.reasons[package]
        );
    }
    // A tool directory named after the project is the product itself.
    let f = facts("example.com/gen", &["./tools/gen", "./tools/lint"]);
    assert_eq!(defaults::binaries(&f).selected, ["./tools/gen"]);
}

#[test]
fn images_are_on_debian_13_unless_the_setting_keeps_12() {
    let mut f = facts("example.com/m", &["."]);
    let plan = plan(&f);
    assert_eq!(plan.builder.image, "golang:${GO_VERSION}-trixie");
    assert_eq!(
        plan.runtime.image,
        "gcr.io/distroless/static-debian13:nonroot"
    );
    let debian = plan.debian.unwrap();
    assert_eq!((debian.release, debian.pinned), (13, false));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);

    f.cgo_packages = vec![".".into()];
    f.cgo_mains = vec![".".into()];
    let settings = Settings {
        debian: Some(12),
        sources: [(Setting::Debian, Source::Config)].into(),
        ..Settings::default()
    };
    let plan = new(&f, &settings).unwrap();
    assert_eq!(plan.builder.image, "golang:${GO_VERSION}-bookworm");
    assert_eq!(
        plan.runtime.image,
        "gcr.io/distroless/base-debian12:nonroot"
    );
    assert!(plan.debian.as_ref().unwrap().pinned);
    assert!(
        plan.warnings
            .iter()
            .any(|warning| warning
                .contains("Debian 12 (bookworm), which no longer receives updates")),
        "{:?}",
        plan.warnings
    );
    assert!(rendered(&plan, "godock.toml").contains("\ndebian = 12\n"));
}

#[test]
fn a_cgo_build_on_one_debian_release_and_run_on_another_is_refused() {
    let mut preset = Preset::load("distroless-cgo").unwrap();
    preset.builder.image = "golang:${GO_VERSION}-trixie".to_string();
    preset.runtime.cgo_image = Some("gcr.io/distroless/base-debian12:nonroot".to_string());
    let settings = Settings {
        preset: Some(PresetSetting {
            preset,
            reference: "mixed.toml".to_string(),
        }),
        sources: [(Setting::Preset, Source::Flag)].into(),
        ..Settings::default()
    };
    let mut f = facts("example.com/m", &["."]);
    f.cgo_packages = vec![".".into()];
    f.cgo_mains = vec![".".into()];
    let error = new(&f, &settings).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("on Debian 13 (trixie) (`golang:${GO_VERSION}-trixie`) but runs them on Debian 12 (bookworm)"),
        "{text}"
    );
    assert!(error.hint().unwrap().contains("${DEBIAN_CODENAME}"));
}

#[test]
fn the_debian_setting_on_a_preset_without_debian_images_is_a_warning() {
    let mut settings = with_preset("alpine");
    settings.debian = Some(12);
    settings.sources.insert(Setting::Debian, Source::Flag);
    let plan = new(&facts("example.com/m", &["."]), &settings).unwrap();
    assert!(plan.debian.is_none());
    assert!(
        plan.warnings
            .iter()
            .any(|warning| warning.contains("the debian setting has no effect")),
        "{:?}",
        plan.warnings
    );
}
