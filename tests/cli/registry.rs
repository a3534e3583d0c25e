//! The registry tier: godock's registry client against a real registry, the
//! one `offline-docker.sh registry` starts on 127.0.0.1:5000 holding every
//! stand-in. Digests are checked against what `docker buildx imagetools
//! inspect` reads from the same registry; a tag moved to another image, and
//! an index made with `imagetools create`, resolve to their new digests.
//!
//! Skipped, saying why, without the registry or docker; GODOCK_E2E=1 (CI,
//! which starts the registry) makes that a failure. Every repository this
//! tier pushes is under `godock-test/` with a tag unique to the run.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use godock::registry::{Client, MediaType, Reference, RegistryError};

use crate::common::{required_tool, skip};

const REGISTRY: &str = "127.0.0.1:5000";

/// Docker, when the registry answers; `None` (after saying why) otherwise.
fn tier() -> Option<PathBuf> {
    let address: SocketAddr = REGISTRY.parse().unwrap();
    if TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_err() {
        skip(&format!(
            "the registry tier: no registry on {REGISTRY} (start one with offline-docker.sh registry)"
        ));
        return None;
    }
    required_tool("docker", "registry")
}

fn docker(docker: &PathBuf, arguments: &[&str]) -> String {
    let output = Command::new(docker).args(arguments).output().unwrap();
    assert!(
        output.status.success(),
        "docker {}: {}",
        arguments.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The digest and media type of what `image` names, as buildx reads them.
fn imagetools(docker_path: &PathBuf, image: &str) -> (String, String) {
    let json = docker(
        docker_path,
        &[
            "buildx",
            "imagetools",
            "inspect",
            image,
            "--format",
            "{{json .Manifest}}",
        ],
    );
    let manifest: serde_json::Value = serde_json::from_str(&json).unwrap();
    (
        manifest["digest"].as_str().unwrap().to_string(),
        manifest["mediaType"].as_str().unwrap().to_string(),
    )
}

/// A tag no other run or test uses.
fn unique_tag() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "run{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

fn resolve(image: &str) -> Result<godock::registry::Resolved, RegistryError> {
    Client::default().resolve(&Reference::parse(image).unwrap())
}

#[test]
fn stand_ins_resolve_to_the_digests_docker_reads() {
    let Some(docker_path) = tier() else { return };
    for name in [
        "debian:trixie-slim",
        "gcr.io/distroless/static-debian13:nonroot",
        "gcr.io/distroless/cc-debian13:latest",
        "golang:1.26-trixie",
    ] {
        let image = format!("{REGISTRY}/{name}");
        let resolved = resolve(&image).unwrap();
        let (digest, media_type) = imagetools(&docker_path, &image);
        assert_eq!(resolved.digest.to_string(), digest, "{image}");
        assert_eq!(
            media_type,
            "application/vnd.docker.distribution.manifest.v2+json"
        );
        assert_eq!(resolved.media_type, MediaType::DockerManifest);
        assert_eq!(resolved.pinned().to_string(), format!("{image}@{digest}"));
        eprintln!("{image}: {digest}");
        // Pinned, the reference resolves by its tag again, to the same digest.
        assert_eq!(
            resolve(&resolved.pinned().to_string()).unwrap().digest,
            resolved.digest
        );
    }
}

#[test]
fn a_tag_moved_to_another_image_resolves_to_the_new_digest() {
    let Some(docker_path) = tier() else { return };
    let image = format!("{REGISTRY}/godock-test/moving:{}", unique_tag());
    let mut digests = Vec::new();
    for source in ["debian:bookworm-slim", "debian:trixie-slim"] {
        docker(&docker_path, &["tag", source, &image]);
        docker(&docker_path, &["push", "-q", &image]);
        let resolved = resolve(&image).unwrap();
        assert_eq!(
            resolved.digest.to_string(),
            imagetools(&docker_path, &image).0
        );
        digests.push(resolved.digest);
    }
    // Untag only, the tag and the digests the pushes recorded: the images
    // stay, under their own names.
    docker(&docker_path, &["rmi", &image]);
    let repository = image.rsplit_once(':').unwrap().0;
    for digest in &digests {
        let _ = Command::new(&docker_path)
            .args(["rmi", &format!("{repository}@{digest}")])
            .output();
    }
    assert_ne!(
        digests[0], digests[1],
        "the tag moved, so its digest must change"
    );
    eprintln!("{image}: {} → {}", digests[0], digests[1]);
}

#[test]
fn a_multi_platform_index_resolves_to_the_index_itself() {
    let Some(docker_path) = tier() else { return };
    let image = format!("{REGISTRY}/godock-test/index:{}", unique_tag());
    docker(
        &docker_path,
        &[
            "buildx",
            "imagetools",
            "create",
            "-t",
            &image,
            &format!("{REGISTRY}/debian:trixie-slim"),
            &format!("{REGISTRY}/gcr.io/distroless/static-debian13:nonroot"),
        ],
    );
    let resolved = resolve(&image).unwrap();
    let (digest, media_type) = imagetools(&docker_path, &image);
    assert_eq!(
        media_type,
        "application/vnd.docker.distribution.manifest.list.v2+json"
    );
    assert_eq!(resolved.media_type, MediaType::DockerManifestList);
    assert_eq!(resolved.digest.to_string(), digest);
    let member = resolve(&format!("{REGISTRY}/debian:trixie-slim")).unwrap();
    assert_ne!(
        resolved.digest, member.digest,
        "the index's digest, not a member's"
    );
}

#[test]
fn an_unknown_tag_is_named() {
    if tier().is_none() {
        return;
    }
    let error = resolve(&format!("{REGISTRY}/debian:godock-no-such-tag")).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("registry {REGISTRY} has no {REGISTRY}/debian:godock-no-such-tag: `godock-no-such-tag` is unknown")
    );
    let error = resolve(&format!("{REGISTRY}/godock-test/no-such-repository:1")).unwrap_err();
    assert!(matches!(error, RegistryError::NotFound { .. }), "{error}");
}
