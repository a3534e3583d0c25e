//! Cross-compiling for linux/arm64 without emulation: the builder runs on
//! the build platform (`FROM --platform=$BUILDPLATFORM`) and the Go tool
//! compiles for `GOARCH=$TARGETARCH`, so `docker build --platform
//! linux/arm64 --target compile-NAME` works on an amd64 engine without
//! qemu, and the binary it makes is an arm64 ELF.
//!
//! The runtime stages cannot be built here: the offline stand-ins of the
//! base images are amd64 only, and no registry is reachable for others.
use crate::common::Project;
use crate::docker::{build, docker_usable};

/// ELF's `e_machine` for AArch64.
const EM_AARCH64: u16 = 183;

#[test]
fn the_compile_stage_cross_compiles_an_arm64_binary_in_docker() {
    if !docker_usable() {
        return;
    }
    let project = Project::example("hello");
    project.godock(&["init", "--yes", "--no-syntax"]).success();
    let dockerfile = project.read("Dockerfile");
    assert!(
        dockerfile.contains("FROM --platform=$BUILDPLATFORM golang:")
            && dockerfile.contains("GOARCH=${TARGETARCH}"),
        "{dockerfile}"
    );
    // A stage holding the compile stage's /out only, to export it.
    project.write(
        "Dockerfile",
        &format!("{dockerfile}\nFROM scratch AS godock-test-binaries\nCOPY --from=compile-hello /out/ /\n"),
    );
    let out = tempfile::tempdir().unwrap();
    let output = format!("type=local,dest={}", out.path().display());
    if let Err(log) = build(
        &[
            "--platform",
            "linux/arm64",
            "--target",
            "godock-test-binaries",
            "--output",
            &output,
        ],
        project.path(),
    ) {
        panic!("the arm64 compile stage did not build\n{log}");
    }
    let binary = std::fs::read(out.path().join("hello")).expect("the compile stage's /out/hello");
    assert_eq!(&binary[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(binary[4], 2, "not a 64-bit ELF");
    let machine = u16::from_le_bytes([binary[18], binary[19]]);
    assert_eq!(machine, EM_AARCH64, "e_machine {machine}, not AArch64");
}
