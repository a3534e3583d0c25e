//! The Docker tier for a workspace whose members require each other at
//! `v0.0.0` without a `replace`: `go mod download` would fetch the member
//! from the proxy and fail, so godock's download step names the external
//! modules instead. Proved complete: the compile stages run with
//! `GOPROXY=off` (set by the test) and succeed.
//!
//! The go command fetches the member's go.mod at v0.0.0 as soon as a
//! package of a module outside the workspace is imported (checked with Go
//! 1.26.8, with or without network), so such a workspace builds only when
//! nothing outside it is imported; that is the shape tested here.
use crate::common::Project;
use crate::docker::{build, docker_usable, run_id, run_image, Images};
use crate::workspace_shapes::offline_compile;

#[test]
fn a_workspace_whose_members_require_each_other_downloads_and_builds_offline_in_docker() {
    if !docker_usable() {
        return;
    }
    let project = Project::example("workspace").file(
        "api/go.mod",
        "module example.com/workspace/api\n\ngo 1.23\n\nrequire example.com/workspace/lib v0.0.0\n",
    );
    project.godock(&["init", "--yes", "--no-syntax"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("xargs -r go mod download < /tmp/modules.txt")
            && dockerfile
                .contains("example.com/workspace/api requires example.com/workspace/lib v0.0.0"),
        "{dockerfile}"
    );
    project.write("Dockerfile", &offline_compile(&dockerfile));
    let images = Images::default();
    let image = format!("godock-test-workspace-offline-{}", run_id());
    images.add(&image);
    if let Err(log) = build(&["-t", &image], project.path()) {
        panic!("the workspace did not build with GOPROXY=off in its compile stage\n{log}");
    }
    let (status, stdout, stderr) = run_image(&image, "selftest");
    assert!(
        status.success() && stdout.ends_with(" ok\n"),
        "{image} selftest: {status:?} {stdout:?} {stderr}"
    );
}
