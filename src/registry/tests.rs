//! The client against scripted registries on 127.0.0.1 (plain HTTP, as for
//! any loopback registry), replaying recorded answers (testdata/).

use std::time::{Duration, Instant};

use super::fake_registry::{FakeRegistry, Reply, Seen};
use super::*;

const MANIFEST: &[u8] = include_bytes!("testdata/docker_manifest.json");
const MANIFEST_DIGEST: &str =
    "sha256:b6f886628d31e27f58d93aa3d9777aea4d67e5823be52d326ad2b802ed770aac";
const MANIFEST_LIST: &[u8] = include_bytes!("testdata/docker_manifest_list.json");
const MANIFEST_LIST_DIGEST: &str =
    "sha256:986ca2d9a14515c559b334960ae8f838101da7ec010500e4f53f7b66b738a3db";
const OCI_INDEX: &[u8] = include_bytes!("testdata/oci_index.json");
const OCI_INDEX_DIGEST: &str =
    "sha256:a1ffe8e2ce9e8c5ef325bb1e5f60a89dd2773122d3b68d12fbd8f23108a87878";

const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const MANIFEST_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";

fn client() -> Client {
    Client::new(Options {
        timeout: Duration::from_secs(5),
        proxies: ProxyEnvironment::default(),
        mirror: None,
    })
}

fn resolve(registry: &FakeRegistry, image: &str) -> Result<Resolved, RegistryError> {
    let reference = Reference::parse(&format!("{}/{image}", registry.address)).unwrap();
    client().resolve(&reference)
}

/// What a registry like Docker Hub does: 401 with a bearer challenge, a
/// token from the realm, then the manifest for the token.
fn token_registry(manifest: Reply) -> FakeRegistry {
    FakeRegistry::start(move |request: &Seen, address: &str| {
        if request.target.starts_with("/token?") {
            return Reply::status(200)
                .header("Content-Type", "application/json")
                .body(br#"{"token":"anonymous-pull","expires_in":300}"#);
        }
        if request.header("authorization") != Some("Bearer anonymous-pull") {
            let challenge = format!(
                r#"Bearer realm="http://{address}/token",service="fake.registry",scope="repository:library/debian:pull""#
            );
            return Reply::status(401)
                .header("Www-Authenticate", &challenge)
                .header("Content-Type", "application/json")
                .body(
                    br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#,
                );
        }
        manifest.clone()
    })
}

#[test]
fn the_token_flow_fetches_an_anonymous_token_and_retries() {
    let registry = token_registry(
        Reply::status(200)
            .header("Content-Type", OCI_INDEX_TYPE)
            .header("Docker-Content-Digest", OCI_INDEX_DIGEST),
    );
    let resolved = resolve(&registry, "library/debian:trixie-slim").unwrap();
    assert_eq!(resolved.digest.to_string(), OCI_INDEX_DIGEST);
    assert_eq!(resolved.media_type, MediaType::OciIndex);
    assert!(resolved.media_type.is_index());
    assert_eq!(
        resolved.pinned().to_string(),
        format!(
            "{}/library/debian:trixie-slim@{OCI_INDEX_DIGEST}",
            registry.address
        )
    );

    let seen = registry.seen();
    let summary: Vec<(String, String)> = seen
        .iter()
        .map(|request| (request.method.clone(), request.target.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "HEAD".into(),
                "/v2/library/debian/manifests/trixie-slim".into()
            ),
            (
                "GET".into(),
                "/token?service=fake.registry&scope=repository%3Alibrary%2Fdebian%3Apull".into()
            ),
            (
                "HEAD".into(),
                "/v2/library/debian/manifests/trixie-slim".into()
            ),
        ]
    );
    // Every manifest type in Accept, indexes first; the token only where due.
    let accept = seen[0].header("accept").unwrap();
    assert_eq!(
        accept,
        "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, \
         application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"
    );
    assert_eq!(seen[0].header("authorization"), None);
    assert_eq!(seen[1].header("authorization"), None);
    assert_eq!(
        seen[2].header("authorization"),
        Some("Bearer anonymous-pull")
    );
    assert!(seen[0].header("user-agent").unwrap().starts_with("godock/"));
}

#[test]
fn without_a_digest_header_the_digest_is_the_bodys_sha256() {
    for (body, content_type, digest, media_type) in [
        (
            OCI_INDEX,
            OCI_INDEX_TYPE,
            OCI_INDEX_DIGEST,
            MediaType::OciIndex,
        ),
        (
            MANIFEST_LIST,
            LIST_TYPE,
            MANIFEST_LIST_DIGEST,
            MediaType::DockerManifestList,
        ),
        (
            MANIFEST,
            MANIFEST_TYPE,
            MANIFEST_DIGEST,
            MediaType::DockerManifest,
        ),
    ] {
        let registry = FakeRegistry::start(move |_, _| {
            Reply::status(200)
                .header("Content-Type", content_type)
                .body(body)
        });
        let resolved = resolve(&registry, "distroless/static:nonroot").unwrap();
        assert_eq!(resolved.digest.to_string(), digest);
        assert_eq!(resolved.media_type, media_type);
        let methods: Vec<String> = registry
            .seen()
            .into_iter()
            .map(|seen| seen.method)
            .collect();
        assert_eq!(methods, ["HEAD", "GET"]);
    }
    // Without a content type either, the body's mediaType says what it is.
    let registry = FakeRegistry::start(|_, _| Reply::status(200).body(MANIFEST_LIST));
    let resolved = resolve(&registry, "x:1").unwrap();
    assert_eq!(resolved.media_type, MediaType::DockerManifestList);
    assert_eq!(resolved.digest.to_string(), MANIFEST_LIST_DIGEST);
}

#[test]
fn a_body_that_does_not_match_its_digest_header_is_refused() {
    let registry = FakeRegistry::start(|request, _| {
        let reply = Reply::status(200).header("Docker-Content-Digest", MANIFEST_DIGEST);
        if request.method == "HEAD" {
            reply // no content type: the client fetches the body
        } else {
            reply.header("Content-Type", LIST_TYPE).body(MANIFEST_LIST)
        }
    });
    let error = resolve(&registry, "x:1").unwrap_err();
    assert!(matches!(error, RegistryError::Malformed { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "registry {} gave a malformed answer for {}/x:1: the manifest's sha256 is {MANIFEST_LIST_DIGEST}, \
             but Docker-Content-Digest says {MANIFEST_DIGEST}",
            registry.address, registry.address
        )
    );
}

#[test]
fn an_unknown_tag_names_the_registry_the_image_and_the_tag() {
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(404).header("Content-Type", "application/json; charset=utf-8").body(
            br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"no-such-tag"}}]}"#,
        )
    });
    let error = resolve(&registry, "debian:no-such-tag").unwrap_err();
    let address = &registry.address;
    assert_eq!(
        error.to_string(),
        // HEAD answers carry no body, so no registry error code either.
        format!("registry {address} has no {address}/debian:no-such-tag: `no-such-tag` is unknown")
    );
    assert_eq!(error.hint().unwrap(), "check the image's name and tag");
}

#[test]
fn refused_anonymous_access_says_what_to_do() {
    // A token is handed out, and the manifest still refused (a private or
    // missing repository on a registry that hides which).
    let registry = FakeRegistry::start(|request: &Seen, address: &str| {
        if request.target.starts_with("/token") {
            return Reply::status(200).body(br#"{"access_token":"t"}"#);
        }
        Reply::status(401)
            .header(
                "WWW-Authenticate",
                &format!(r#"Bearer realm="http://{address}/token",service="s""#),
            )
            .body(br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#)
    });
    let error = resolve(&registry, "private/app:1").unwrap_err();
    assert!(
        matches!(error, RegistryError::Unauthorized { status: 401, .. }),
        "{error}"
    );
    assert!(error
        .hint()
        .unwrap()
        .contains("godock pins only images anyone can pull"));
    // The token came from access_token, and was sent once.
    let seen = registry.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2].header("authorization"), Some("Bearer t"));

    // A registry that wants a password (Basic) gets no token request at all.
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(401).header("WWW-Authenticate", r#"Basic realm="Registry Realm""#)
    });
    let error = resolve(&registry, "app:1").unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "registry {0} refused anonymous access to {0}/app:1 (HTTP 401)",
            registry.address
        )
    );
    assert_eq!(registry.seen().len(), 1);
}

#[test]
fn a_broken_token_service_is_a_clear_error() {
    for (reply, problem) in [
        (
            Reply::status(200).body(b"<html>"),
            "something other than a token",
        ),
        (
            Reply::status(200).body(br#"{"token":""}"#),
            "without a token",
        ),
        (Reply::status(503), "HTTP 503"),
    ] {
        let registry = FakeRegistry::start(move |request: &Seen, address: &str| {
            if request.target.starts_with("/token") {
                return reply.clone();
            }
            Reply::status(401).header(
                "WWW-Authenticate",
                &format!(r#"Bearer realm="http://{address}/token""#),
            )
        });
        let error = resolve(&registry, "app:1").unwrap_err().to_string();
        assert!(error.contains(problem), "{error}");
    }
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(401).header("WWW-Authenticate", r#"Bearer service="s""#)
    });
    let error = resolve(&registry, "app:1").unwrap_err().to_string();
    assert!(
        error.contains("its bearer challenge names no realm"),
        "{error}"
    );
}

#[test]
fn rate_limits_and_server_failures_name_the_status() {
    let registry = FakeRegistry::start(|_, _| Reply::status(429));
    let error = resolve(&registry, "app:1").unwrap_err();
    assert!(error.to_string().contains("answered HTTP 429"), "{error}");
    assert_eq!(
        error.hint().unwrap(),
        "the registry limits anonymous requests; try again later"
    );
    let registry = FakeRegistry::start(|_, _| Reply::status(502));
    assert_eq!(
        resolve(&registry, "app:1").unwrap_err().hint().unwrap(),
        "the registry failed; try again later"
    );
}

#[test]
fn answers_that_are_not_manifests_are_refused() {
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(200)
            .header("Content-Type", "text/html")
            .body(b"<html>login</html>")
    });
    let error = resolve(&registry, "app:1").unwrap_err().to_string();
    assert!(
        error.ends_with("it answered with text/html, not an image index or manifest"),
        "{error}"
    );
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(200)
            .header("Content-Type", MANIFEST_TYPE)
            .header("Docker-Content-Digest", "sha256:short")
    });
    let error = resolve(&registry, "app:1").unwrap_err().to_string();
    assert!(
        error.contains("Docker-Content-Digest `sha256:short` is malformed"),
        "{error}"
    );
}

#[test]
fn a_registry_without_head_is_asked_with_get() {
    let registry = FakeRegistry::start(|request, _| {
        if request.method == "HEAD" {
            return Reply::status(405);
        }
        Reply::status(200)
            .header("Content-Type", MANIFEST_TYPE)
            .header("Docker-Content-Digest", MANIFEST_DIGEST)
            .body(MANIFEST)
    });
    let resolved = resolve(&registry, "debian:trixie-slim").unwrap();
    assert_eq!(resolved.digest.to_string(), MANIFEST_DIGEST);
}

#[test]
fn a_reference_by_digest_is_confirmed_by_the_registry() {
    let registry = FakeRegistry::start(|request, _| {
        assert_eq!(
            request.target,
            format!("/v2/debian/manifests/{MANIFEST_DIGEST}")
        );
        Reply::status(200)
            .header("Content-Type", MANIFEST_TYPE)
            .header("Docker-Content-Digest", MANIFEST_DIGEST)
    });
    let resolved = resolve(&registry, &format!("debian@{MANIFEST_DIGEST}")).unwrap();
    assert_eq!(resolved.digest.to_string(), MANIFEST_DIGEST);
    // One that answers with another digest is lying.
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(200)
            .header("Content-Type", LIST_TYPE)
            .header("Docker-Content-Digest", MANIFEST_LIST_DIGEST)
    });
    let error = resolve(&registry, &format!("debian@{MANIFEST_DIGEST}")).unwrap_err();
    assert!(
        error.to_string().contains("asked for sha256:b6f8"),
        "{error}"
    );
    // With a tag too, the tag is what is asked about (to see whether it moved).
    let registry = FakeRegistry::start(|request, _| {
        assert_eq!(request.target, "/v2/debian/manifests/trixie-slim");
        Reply::status(200)
            .header("Content-Type", LIST_TYPE)
            .header("Docker-Content-Digest", MANIFEST_LIST_DIGEST)
    });
    let resolved = resolve(&registry, &format!("debian:trixie-slim@{MANIFEST_DIGEST}")).unwrap();
    assert_eq!(resolved.digest.to_string(), MANIFEST_LIST_DIGEST);
}

#[test]
fn an_unreachable_registry_is_named() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let reference = Reference::parse(&format!("127.0.0.1:{port}/debian:trixie-slim")).unwrap();
    let error = client().resolve(&reference).unwrap_err();
    assert!(
        matches!(error, RegistryError::Unreachable { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "cannot reach registry 127.0.0.1:{port} for 127.0.0.1:{port}/debian:trixie-slim: \
             http://127.0.0.1:{port}/v2/debian/manifests/trixie-slim: "
        )),
        "{message}"
    );
    assert!(error.hint().unwrap().contains("HTTPS_PROXY"));
}

#[test]
fn a_registry_that_never_answers_times_out() {
    let registry = FakeRegistry::silent();
    let reference = Reference::parse(&format!("{}/app:1", registry.address)).unwrap();
    let client = Client::new(Options {
        timeout: Duration::from_millis(300),
        proxies: ProxyEnvironment::default(),
        mirror: None,
    });
    let started = Instant::now();
    let error = client.resolve(&reference).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(error.to_string().ends_with("timed out"), "{error}");
}

#[test]
fn a_loopback_registry_is_not_proxied_and_others_are() {
    // A proxy that would fail every request: the loopback registry never
    // sees it.
    let registry = FakeRegistry::start(|_, _| {
        Reply::status(200)
            .header("Content-Type", MANIFEST_TYPE)
            .header("Docker-Content-Digest", MANIFEST_DIGEST)
    });
    let client = Client::new(Options {
        timeout: Duration::from_secs(5),
        proxies: ProxyEnvironment {
            http_proxy: Some("http://127.0.0.1:9".into()),
            https_proxy: Some("http://127.0.0.1:9".into()),
            no_proxy: None,
        },
        mirror: None,
    });
    let reference = Reference::parse(&format!("{}/debian:trixie-slim", registry.address)).unwrap();
    assert!(client.resolve(&reference).is_ok());
    // A remote registry goes through the proxy, whose failure is named.
    let remote = Reference::parse("registry.invalid/app:1").unwrap();
    let error = client.resolve(&remote).unwrap_err();
    assert!(
        matches!(error, RegistryError::Unreachable { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("https://registry.invalid/v2/app/manifests/1"),
        "{message}"
    );
    assert!(
        !message.contains("does not resolve"),
        "went direct: {message}"
    );
}
