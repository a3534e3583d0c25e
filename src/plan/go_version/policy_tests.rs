//! One test per rule of the Go version policy, against the embedded table on
//! 2026-11-29 (Go 1.26 and 1.27 supported; 1.26.11 and 1.27.4 the newest).

use super::*;

fn v(text: &str) -> GoVersion {
    GoVersion::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

const TODAY: &str = "2026-11-29";

fn go_mod(go: Option<&str>, toolchain: Option<&str>) -> GoFile {
    GoFile {
        path: "go.mod".into(),
        go: go.map(v),
        toolchain: toolchain.map(|text| GoVersion::parse_toolchain(text).unwrap()),
    }
}

fn choose_on(project: Project, pin: Option<&Pin>, today: &str) -> Result<GoBuilder, PolicyError> {
    choose(&Inputs {
        project,
        pin,
        releases: Releases::embedded(),
        today: day(today),
    })
}

fn module(go: Option<&str>, toolchain: Option<&str>) -> GoBuilder {
    let file = go_mod(go, toolchain);
    choose_on(Project::Module(&file), None, TODAY).unwrap()
}

fn pinned(
    pin: &str,
    by: Source,
    go: &str,
    toolchain: Option<&str>,
) -> Result<GoBuilder, PolicyError> {
    let file = go_mod(Some(go), toolchain);
    let pin = Pin {
        version: GoVersion::parse_pinned(pin).unwrap(),
        by,
    };
    choose_on(Project::Module(&file), Some(&pin), TODAY)
}

#[test]
fn a_dot_zero_go_line_builds_with_the_newest_patch_of_its_minor() {
    let builder = module(Some("1.26.0"), None);
    assert_eq!(builder.version.to_string(), "1.26");
    assert_eq!(builder.reason, Reason::NewestPatch);
    assert_eq!(builder.resolves_to, Some(v("1.26.11")));
    assert_eq!(
        builder.requirement,
        Requirement {
            version: v("1.26.0"),
            file: "go.mod".into(),
            directive: Directive::Go
        }
    );
    assert!(builder.warnings.is_empty());
    // A language version (`go 1.27`) and a patch (`go 1.27.2`) alike.
    assert_eq!(module(Some("1.27"), None).version.to_string(), "1.27");
    assert_eq!(module(Some("1.27.2"), None).version.to_string(), "1.27");
}

/// FACTS.md: a toolchain line is a minimum; the newest patch of its minor
/// satisfies it, and keeps receiving fixes (the issue's "pins 1.26.6
/// exactly" is not what Go does, nor what a user gains from).
#[test]
fn a_toolchain_line_is_a_minimum_that_the_minor_line_satisfies() {
    let builder = module(Some("1.26.0"), Some("go1.26.6"));
    assert_eq!(builder.version.to_string(), "1.26");
    assert_eq!(builder.reason, Reason::NewestPatch);
    assert_eq!(builder.requirement.version, v("1.26.6"));
    assert_eq!(builder.requirement.directive, Directive::Toolchain);
    assert!(satisfies(&builder.version, &builder.requirement.version));

    // A toolchain line naming a newer minor raises the builder to it.
    let newer = module(Some("1.26.0"), Some("go1.27.1"));
    assert_eq!(newer.version.to_string(), "1.27");
    // One below the go line counts for nothing; nor does `toolchain default`,
    // nor a custom suffix.
    assert_eq!(
        module(Some("1.27.0"), Some("go1.26.9"))
            .requirement
            .directive,
        Directive::Go
    );
    assert_eq!(
        module(Some("1.26.0"), Some("default")).requirement.version,
        v("1.26.0")
    );
    assert_eq!(
        module(Some("1.26.0"), Some("go1.26.7-bigcorp"))
            .requirement
            .version,
        v("1.26.7")
    );
}

#[test]
fn a_toolchain_patch_newer_than_the_table_keeps_the_line_and_says_so() {
    let builder = module(Some("1.26.0"), Some("go1.26.12"));
    assert_eq!(builder.version.to_string(), "1.26");
    assert_eq!(builder.resolves_to, None);
    assert_eq!(
        builder.warnings,
        [Warning::NewerThanTable {
            version: v("1.26.12"),
            table_updated: day("2026-11-29")
        }]
    );
}

#[test]
fn an_unsupported_go_line_builds_with_the_oldest_supported_release() {
    let builder = module(Some("1.17"), None);
    assert_eq!(builder.version.to_string(), "1.26");
    assert_eq!(builder.reason, Reason::OldestSupported);
    assert_eq!(builder.resolves_to, Some(v("1.26.11")));
    assert_eq!(
        builder.warnings,
        [Warning::Unsupported {
            requirement: builder.requirement.clone(),
            support_ended: day("2022-08-02"),
            builder: v("1.26"),
        }]
    );
    assert_eq!(
        builder.warnings[0].to_string(),
        "go.mod's go line asks for Go 1.17; Go 1.17 has received no security fixes since 2022-08-02, \
         so godock builds with Go 1.26, the oldest release that does (Go's compatibility promise \
         keeps the module building; its language version still comes from its go line)"
    );
    assert_eq!(
        builder.warnings[0].hint().unwrap(),
        "raise the go line to say so (go mod edit -go=1.26.0), or pin a release with --go-version"
    );
    // A patch the table does not know matters only when it is built with.
    let raised = module(Some("1.24.99"), None);
    assert_eq!(raised.resolves_to, Some(v("1.26.11")));
    assert_eq!(raised.warnings.len(), 1);
    // Go 1.25 stopped receiving fixes when Go 1.27.0 came out.
    assert_eq!(module(Some("1.25.4"), None).version.to_string(), "1.26");
    assert_eq!(
        choose_on(
            Project::Module(&go_mod(Some("1.25.4"), None)),
            None,
            "2026-08-18"
        )
        .unwrap()
        .version
        .to_string(),
        "1.25"
    );
}

#[test]
fn a_go_mod_without_a_go_line_is_go_1_16_as_go_reads_it() {
    let builder = module(None, None);
    assert_eq!(builder.requirement.directive, Directive::Missing);
    assert_eq!(builder.requirement.version, v("1.16"));
    assert_eq!(builder.version.to_string(), "1.26");
    assert!(builder.warnings[0].to_string().starts_with(
        "go.mod has no go line, which Go reads as go 1.16; Go 1.16 has received no security fixes since 2022-03-15"
    ));
}

#[test]
fn a_workspace_needs_the_highest_of_go_work_and_every_member() {
    let go_work = GoFile {
        path: "go.work".into(),
        go: Some(v("1.26.1")),
        toolchain: None,
    };
    let member = |path: &str, go: &str, toolchain: Option<&str>| GoFile {
        path: path.into(),
        go: Some(v(go)),
        toolchain: toolchain.map(|text| GoVersion::parse_toolchain(text).unwrap()),
    };
    let members = [
        member("api/go.mod", "1.24.0", None),
        // Go ignores members' toolchain lines in a workspace.
        member("worker/go.mod", "1.26.3", Some("go1.27.0")),
    ];
    let project = Project::Workspace {
        go_work: &go_work,
        members: &members,
    };
    let builder = choose_on(project, None, TODAY).unwrap();
    assert_eq!(builder.version.to_string(), "1.26");
    assert_eq!(
        builder.requirement,
        Requirement {
            version: v("1.26.3"),
            file: "worker/go.mod".into(),
            directive: Directive::Go
        }
    );
    // go.work's own toolchain line counts.
    let go_work = GoFile {
        toolchain: Some(Toolchain::Go(v("1.27.2"))),
        ..go_work
    };
    let project = Project::Workspace {
        go_work: &go_work,
        members: &members,
    };
    let builder = choose_on(project, None, TODAY).unwrap();
    assert_eq!(builder.version.to_string(), "1.27");
    assert_eq!(builder.requirement.file, "go.work");
    assert_eq!(builder.requirement.directive, Directive::Toolchain);
}

#[test]
fn a_pinned_version_older_than_go_mod_is_an_error_naming_both() {
    let error = pinned("1.23", Source::Flag, "1.24.0", None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Go 1.23 (--go-version) is older than Go 1.24.0, which go.mod's go line requires"
    );
    assert_eq!(
        error.hint(),
        "pin Go 1.24 or newer (--go-version), or remove the pin to follow go.mod"
    );
    let error = pinned("1.26.3", Source::Config, "1.26.0", Some("go1.26.6")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Go 1.26.3 (go_version in godock.toml) is older than Go 1.26.6, which go.mod's toolchain line requires"
    );
    // A pre-release does not satisfy its own final release.
    assert!(pinned("1.27rc2", Source::Environment, "1.27.0", None).is_err());
}

#[test]
fn a_pinned_version_at_or_above_go_mod_is_used_as_written() {
    let builder = pinned("1.27.2", Source::Config, "1.26.0", None).unwrap();
    assert_eq!(builder.version.to_string(), "1.27.2");
    assert_eq!(builder.reason, Reason::Pinned { by: Source::Config });
    assert_eq!(builder.resolves_to, None);
    assert!(builder.warnings.is_empty());
    // A minor line satisfies a toolchain line of that minor.
    let builder = pinned("go1.26", Source::Environment, "1.26.0", Some("go1.26.6")).unwrap();
    assert_eq!(builder.version.to_string(), "1.26");
    assert_eq!(builder.resolves_to, Some(v("1.26.11")));
    // An unsupported pin is the user's choice, with a warning.
    let builder = pinned("1.22", Source::Flag, "1.21", None).unwrap();
    assert_eq!(
        builder.warnings,
        [Warning::PinnedUnsupported {
            pinned: v("1.22"),
            by: Source::Flag,
            support_ended: day("2025-02-11")
        }]
    );
}

/// `go 1.28` before godock's table knows of Go 1.28: build with that line
/// and warn. Refusing would break every project the day a release comes out;
/// choosing 1.27 would fail for sure (Go refuses a module newer than itself).
#[test]
fn a_go_line_newer_than_every_known_release_builds_with_that_line_and_warns() {
    let builder = module(Some("1.28"), None);
    assert_eq!(builder.version.to_string(), "1.28");
    assert_eq!(builder.reason, Reason::NewerThanTable);
    assert_eq!(builder.resolves_to, None);
    assert_eq!(
        builder.warnings,
        [Warning::NewerThanTable {
            version: v("1.28"),
            table_updated: day("2026-11-29")
        }]
    );
    assert_eq!(module(Some("1.28.0"), None).version.to_string(), "1.28");
    assert_eq!(module(Some("2.0"), None).version.to_string(), "2.0");
}

#[test]
fn prereleases_build_with_themselves_only_until_the_final_release() {
    // 1.28rc1: no 1.28 image exists yet.
    let builder = module(Some("1.28rc1"), None);
    assert_eq!(builder.version.to_string(), "1.28rc1");
    assert_eq!(
        builder.warnings,
        [
            Warning::NewerThanTable {
                version: v("1.28rc1"),
                table_updated: day("2026-11-29")
            },
            Warning::Prerelease {
                builder: v("1.28rc1")
            }
        ]
    );
    // 1.27rc2 before Go 1.27.0 came out, and after.
    let file = go_mod(Some("1.27rc2"), None);
    let before = choose_on(Project::Module(&file), None, "2026-07-10").unwrap();
    assert_eq!(before.version.to_string(), "1.27rc2");
    assert_eq!(before.reason, Reason::Prerelease);
    let after = module(Some("1.27rc2"), None);
    assert_eq!(after.version.to_string(), "1.27");
    assert_eq!(after.reason, Reason::NewestPatch);
    // A pinned pre-release is the user's choice, with a warning.
    let builder = pinned("1.28rc1", Source::Flag, "1.27.0", None).unwrap();
    assert_eq!(builder.version.to_string(), "1.28rc1");
    assert!(builder.warnings.contains(&Warning::Prerelease {
        builder: v("1.28rc1")
    }));
}

#[test]
fn a_table_past_its_estimates_builds_with_its_newest_release_and_says_so() {
    let file = go_mod(Some("1.24.0"), None);
    let builder = choose_on(Project::Module(&file), None, "2028-01-01").unwrap();
    assert_eq!(builder.version.to_string(), "1.27");
    assert_eq!(builder.reason, Reason::OldestSupported);
    assert_eq!(
        builder.warnings[0],
        Warning::TableOutdated {
            table_updated: day("2026-11-29"),
            today: day("2028-01-01")
        }
    );
}

#[test]
fn satisfies_reads_a_minor_line_as_its_newest_patch() {
    for (builder, required, expected) in [
        ("1.26", "1.26.6", true),
        ("1.26", "1.26", true),
        ("1.26", "1.26rc1", true),
        ("1.26", "1.27.0", false),
        ("1.27", "1.26.11", true),
        ("1.26.6", "1.26.6", true),
        ("1.26.5", "1.26.6", false),
        ("1.27rc2", "1.27", true),
        ("1.27rc2", "1.27.0", false),
        ("1.17", "1.17.13", true),
    ] {
        assert_eq!(
            satisfies(&v(builder), &v(required)),
            expected,
            "{builder} for {required}"
        );
    }
}

#[test]
fn the_choice_serialises_without_english() {
    let builder = module(Some("1.17"), None);
    let json = serde_json::to_value(&builder).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "version": "1.26",
            "reason": {"kind": "oldest_supported"},
            "requirement": {"version": "1.17", "file": "go.mod", "directive": "go"},
            "resolves_to": "1.26.11",
            "warnings": [{
                "kind": "unsupported",
                "requirement": {"version": "1.17", "file": "go.mod", "directive": "go"},
                "support_ended": "2022-08-02",
                "builder": "1.26"
            }]
        })
    );
    let pinned = pinned("1.27", Source::Environment, "1.26.0", None).unwrap();
    assert_eq!(
        serde_json::to_value(pinned.reason).unwrap(),
        serde_json::json!({"kind": "pinned", "by": "environment"})
    );
}
