//! Debian 13 by default, Debian 12 on request (with its warning), stale
//! Debian 12 files reported by check and moved by regen, and a cgo build
//! whose builder and runtime are on different Debian releases refused.

use crate::common::Project;

#[test]
fn debian_12_is_kept_on_request_with_a_warning_and_check_reports_it_once_dropped() {
    let project = Project::example("cgo");
    project
        .godock(&["init", "--yes", "--debian", "12"])
        .success()
        .says("Debian 12 (bookworm), which no longer receives updates");
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("golang:${GO_VERSION}-bookworm AS build"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("gcr.io/distroless/base-debian12:nonroot AS runtime"));
    let config = project.read("godock.toml");
    assert!(config.contains("\ndebian = 12\n"), "{config}");
    project.godock(&["check"]).success();

    // The choice goes: the Dockerfile on Debian 12 is stale, and says why.
    project.write("godock.toml", &config.replace("\ndebian = 12\n", "\n"));
    project
        .godock_writes_nothing(&["check"])
        .code(1)
        .says("godock: stale: Dockerfile: its images are on Debian 12 (bookworm), which no longer receives updates")
        .says("regen moves them to Debian 13 (trixie)");
    project.godock(&["regen"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("golang:${GO_VERSION}-trixie AS build"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("gcr.io/distroless/base-debian13:nonroot AS runtime"));
    project.godock(&["check"]).success();
}

#[test]
fn a_debian_release_godock_cannot_build_on_is_refused_from_every_source() {
    let project = Project::example("hello");
    project
        .godock_writes_nothing(&["init", "--yes", "--debian", "11"])
        .code(2)
        .says("--debian: Debian 11 cannot be chosen");
    project
        .godock_with(&[("GODOCK_DEBIAN", "trixie")], &["init", "--yes"])
        .code(2)
        .says("GODOCK_DEBIAN: `trixie` is not a Debian release godock builds on; use 13 or 12");
    let project = project.file("godock.toml", "debian = 14\n");
    project
        .godock_writes_nothing(&["regen"])
        .code(2)
        .says("godock.toml: line 1")
        .says("`14` is not a Debian release");
}

#[test]
fn a_cgo_build_on_trixie_run_on_bookworm_is_refused_with_the_reason() {
    let preset = "name = \"mixed\"\nsummary = \"trixie builder, bookworm runtime\"\ncgo = \"auto\"\n\n\
                  [builder]\nimage = \"golang:${GO_VERSION}-trixie\"\n\n\
                  [runtime]\nimage = \"gcr.io/distroless/static-debian12:nonroot\"\n\
                  cgo_image = \"gcr.io/distroless/base-debian12:nonroot\"\nuser = \"65532:65532\"\n";
    let project = Project::example("cgo").file("mixed.toml", preset);
    project
        .godock_writes_nothing(&["init", "--yes", "--preset", "mixed.toml"])
        .code(2)
        .says("preset `mixed` builds cgo binaries on Debian 13 (trixie) (`golang:${GO_VERSION}-trixie`) but runs them on Debian 12 (bookworm) (`gcr.io/distroless/base-debian12:nonroot`)")
        .says("GLIBC_2.38 not found")
        .says("hint: name images of one Debian release");
    // A static binary links no glibc: the same preset serves it.
    let project = Project::example("hello").file("mixed.toml", preset);
    project
        .godock(&["init", "--yes", "--preset", "mixed.toml"])
        .success();
}
