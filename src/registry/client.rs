//! The Registry HTTP API v2 calls that resolve a tag to a digest:
//! `HEAD /v2/<name>/manifests/<tag>` with the manifest media types in
//! `Accept`, the digest from `Docker-Content-Digest` (or the sha256 of the
//! body of a `GET` when a registry leaves it out), and anonymous bearer
//! tokens when the registry asks for them with a 401.
//!
//! Network, through ureq: the system's certificates, `HTTPS_PROXY`/
//! `NO_PROXY` ([`ProxyEnvironment`]), plain HTTP for a registry on a
//! loopback address, timeouts. It never writes anything and never sends a
//! credential other than the anonymous token the registry handed out.

use std::time::Duration;

use serde::Serialize;

use super::challenge::{self, Challenge};
use super::mirror::Mirror;
use super::proxy::ProxyEnvironment;
use super::reference::{Digest, Endpoint, Reference};
use super::RegistryError;

/// The media types a tag may point to, most wanted first: a multi-platform
/// index, then a single image.
const MANIFEST_TYPES: [(&str, MediaType); 4] = [
    (
        "application/vnd.oci.image.index.v1+json",
        MediaType::OciIndex,
    ),
    (
        "application/vnd.docker.distribution.manifest.list.v2+json",
        MediaType::DockerManifestList,
    ),
    (
        "application/vnd.oci.image.manifest.v1+json",
        MediaType::OciManifest,
    ),
    (
        "application/vnd.docker.distribution.manifest.v2+json",
        MediaType::DockerManifest,
    ),
];
/// Manifests are small; the distribution registry refuses ones over 4 MiB.
const MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;
const TOKEN_LIMIT: u64 = 1024 * 1024;

/// What a manifest is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaType {
    OciIndex,
    DockerManifestList,
    OciManifest,
    DockerManifest,
}

impl MediaType {
    fn from_content_type(content_type: &str) -> Option<MediaType> {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        MANIFEST_TYPES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(essence))
            .map(|(_, media_type)| *media_type)
    }

    /// A multi-platform index (OCI image index or Docker manifest list).
    pub fn is_index(self) -> bool {
        matches!(self, MediaType::OciIndex | MediaType::DockerManifestList)
    }
}

/// A reference resolved against its registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// The reference asked about, as given.
    pub reference: Reference,
    /// The digest of the index or manifest the tag points to now.
    pub digest: Digest,
    pub media_type: MediaType,
}

impl Resolved {
    /// `name:tag@sha256:…`, for a `FROM` line.
    pub fn pinned(&self) -> Reference {
        self.reference.with_digest(self.digest.clone())
    }
}

/// How the client talks to registries.
#[derive(Clone, Debug)]
pub struct Options {
    /// The whole of one request, connection included.
    pub timeout: Duration,
    pub proxies: ProxyEnvironment,
    /// Where images are looked up instead of their own registries.
    pub mirror: Option<Mirror>,
}

impl Default for Options {
    /// 30 seconds a request; the process's proxy variables.
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(30),
            proxies: ProxyEnvironment::from_process(),
            mirror: None,
        }
    }
}

/// A blocking registry client.
pub struct Client {
    agent: ureq::Agent,
    proxies: ProxyEnvironment,
    mirror: Option<Mirror>,
}

impl Default for Client {
    fn default() -> Client {
        Client::new(Options::default())
    }
}

/// One request's outcome, before it is judged.
struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Client {
    pub fn new(options: Options) -> Client {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .tls_config(tls)
            .proxy(None)
            .timeout_global(Some(options.timeout))
            .user_agent(concat!("godock/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            proxies: options.proxies,
            mirror: options.mirror,
        }
    }

    /// The digest `reference`'s tag points to now (the index for a
    /// multi-platform image); for a reference with only a digest, that
    /// digest once the registry confirmed it has it. With a mirror, the
    /// mirror answers for every image.
    pub fn resolve(&self, reference: &Reference) -> Result<Resolved, RegistryError> {
        let Some(mirror) = &self.mirror else {
            return self.resolve_at(reference);
        };
        let mut resolved = self.resolve_at(&mirror.locate(reference))?;
        resolved.reference = reference.clone();
        Ok(resolved)
    }

    /// [`Client::resolve`] at the reference's own registry.
    fn resolve_at(&self, reference: &Reference) -> Result<Resolved, RegistryError> {
        let endpoint = reference.endpoint();
        let url = format!(
            "{}://{}/v2/{}/manifests/{}",
            endpoint.scheme,
            endpoint.authority,
            reference.path(),
            reference.manifest_reference()
        );
        let mut session = Session {
            client: self,
            reference,
            endpoint: &endpoint,
            token: None,
        };
        let mut answer = session.manifest("HEAD", &url)?;
        let header_digest = session.header_digest(&answer)?;
        let mut media_type = content_type(&answer).and_then(MediaType::from_content_type);
        let digest = match (&header_digest, media_type) {
            (Some(digest), Some(_)) => digest.clone(),
            // No digest (or no type) on the HEAD: fetch the manifest and hash it.
            _ => {
                answer = session.manifest("GET", &url)?;
                let computed = Digest::sha256_of(&answer.body);
                if let Some(claimed) = session.header_digest(&answer)? {
                    if claimed != computed {
                        return Err(session.malformed(format!(
                            "the manifest's sha256 is {computed}, but Docker-Content-Digest says {claimed}"
                        )));
                    }
                }
                media_type = match content_type(&answer) {
                    Some(content_type) => MediaType::from_content_type(content_type),
                    None => body_media_type(&answer.body),
                };
                computed
            }
        };
        let Some(media_type) = media_type else {
            return Err(session.malformed(format!(
                "it answered with {}, not an image index or manifest",
                content_type(&answer).unwrap_or("no content type")
            )));
        };
        if let Some(pinned) = reference.digest().filter(|_| reference.tag().is_none()) {
            if *pinned != digest {
                return Err(
                    session.malformed(format!("asked for {pinned}, it answered with {digest}"))
                );
            }
        }
        Ok(Resolved {
            reference: reference.clone(),
            digest,
            media_type,
        })
    }
}

/// The requests for one reference, and the token it earned.
struct Session<'a> {
    client: &'a Client,
    reference: &'a Reference,
    endpoint: &'a Endpoint,
    token: Option<String>,
}

impl Session<'_> {
    /// A manifest request, authenticated when the registry asks; its answer
    /// if it is a 200.
    fn manifest(&mut self, method: &str, url: &str) -> Result<Answer, RegistryError> {
        let accept = MANIFEST_TYPES
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ");
        let mut answer = self.send(method, url, Some(&accept))?;
        if answer.status == 401 && self.token.is_none() {
            let challenges: Vec<Challenge> = answer
                .headers
                .get_all("www-authenticate")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(challenge::parse)
                .collect();
            if let Some(bearer) = challenges.iter().find(|c| c.scheme == "bearer") {
                self.token = Some(self.fetch_token(bearer)?);
                answer = self.send(method, url, Some(&accept))?;
            }
        }
        match answer.status {
            200 => Ok(answer),
            // A registry without HEAD support: ask again with GET.
            405 if method == "HEAD" => self.manifest("GET", url),
            status => Err(self.status_error(status, &answer)),
        }
    }

    /// The anonymous token a bearer challenge's realm hands out for pulling.
    fn fetch_token(&self, challenge: &Challenge) -> Result<String, RegistryError> {
        let Some(realm) = challenge.parameter("realm") else {
            return Err(self.malformed("its bearer challenge names no realm".into()));
        };
        if !(realm.starts_with("https://") || realm.starts_with("http://")) {
            return Err(self.malformed(format!("its token realm `{realm}` is not an http(s) URL")));
        }
        let scope = format!("repository:{}:pull", self.reference.path());
        let mut query = vec![("scope", scope.as_str())];
        if let Some(service) = challenge.parameter("service") {
            query.insert(0, ("service", service));
        }
        let query: Vec<String> = query
            .iter()
            .map(|(name, value)| format!("{name}={}", encode(value)))
            .collect();
        let separator = if realm.contains('?') { '&' } else { '?' };
        let url = format!("{realm}{separator}{}", query.join("&"));
        let answer = self.send_to("GET", &url, None, None, TOKEN_LIMIT)?;
        if answer.status != 200 {
            return Err(self.status_error(answer.status, &answer));
        }
        #[derive(serde::Deserialize)]
        struct Token {
            token: Option<String>,
            access_token: Option<String>,
        }
        let token: Token = serde_json::from_slice(&answer.body).map_err(|error| {
            self.malformed(format!(
                "its token service answered with something other than a token ({error})"
            ))
        })?;
        token
            .token
            .or(token.access_token)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| self.malformed("its token service answered without a token".into()))
    }

    fn send(&self, method: &str, url: &str, accept: Option<&str>) -> Result<Answer, RegistryError> {
        self.send_to(method, url, accept, self.token.as_deref(), MANIFEST_LIMIT)
    }

    fn send_to(
        &self,
        method: &str,
        url: &str,
        accept: Option<&str>,
        token: Option<&str>,
        limit: u64,
    ) -> Result<Answer, RegistryError> {
        let unreachable = |detail: String| RegistryError::Unreachable {
            registry: self.reference.domain().to_string(),
            image: self.reference.to_string(),
            detail,
        };
        let agent = &self.client.agent;
        let mut request = if method == "HEAD" {
            agent.head(url)
        } else {
            agent.get(url)
        };
        if let Some(accept) = accept {
            request = request.header("Accept", accept);
        }
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let proxy = match self.proxy_for(url) {
            Some(proxy) => Some(ureq::Proxy::new(&proxy).map_err(|error| {
                unreachable(format!("the proxy `{proxy}` is unusable: {error}"))
            })?),
            None => None,
        };
        let mut response = request
            .config()
            .proxy(proxy)
            .build()
            .call()
            .map_err(|error| unreachable(describe(url, &error)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = if method == "HEAD" {
            Vec::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(limit)
                .read_to_vec()
                .map_err(|error| match error {
                    ureq::Error::BodyExceedsLimit(_) => {
                        self.malformed(format!("its answer to {url} is larger than {limit} bytes"))
                    }
                    error => unreachable(describe(url, &error)),
                })?
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    fn proxy_for(&self, url: &str) -> Option<String> {
        let uri: ureq::http::Uri = url.parse().ok()?;
        let scheme = uri.scheme_str()?;
        let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
        let port = uri
            .port_u16()
            .unwrap_or(if scheme == "https" { 443 } else { 80 });
        self.client.proxies.proxy_for(scheme, host, port)
    }

    fn header_digest(&self, answer: &Answer) -> Result<Option<Digest>, RegistryError> {
        let Some(value) = answer.headers.get("docker-content-digest") else {
            return Ok(None);
        };
        let text = value.to_str().unwrap_or_default().trim();
        Digest::parse(text).map(Some).map_err(|problem| {
            self.malformed(format!(
                "its Docker-Content-Digest `{text}` is malformed: {problem}"
            ))
        })
    }

    fn malformed(&self, problem: String) -> RegistryError {
        RegistryError::Malformed {
            registry: self.reference.domain().to_string(),
            image: self.reference.to_string(),
            problem,
        }
    }

    fn status_error(&self, status: u16, answer: &Answer) -> RegistryError {
        let registry = self.reference.domain().to_string();
        let image = self.reference.to_string();
        let detail = registry_errors(&answer.body);
        match status {
            401 | 403 => RegistryError::Unauthorized {
                registry,
                image,
                status,
                detail,
            },
            404 => RegistryError::NotFound {
                registry,
                image,
                manifest: self.reference.manifest_reference(),
                detail,
            },
            status => RegistryError::Status {
                registry,
                image,
                status,
                detail,
                endpoint: format!("{}://{}", self.endpoint.scheme, self.endpoint.authority),
            },
        }
    }
}

fn content_type(answer: &Answer) -> Option<&str> {
    answer
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
}

/// The `mediaType` an index or manifest declares in its body.
fn body_media_type(body: &[u8]) -> Option<MediaType> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Manifest {
        schema_version: u32,
        media_type: Option<String>,
    }
    let manifest: Manifest = serde_json::from_slice(body).ok()?;
    (manifest.schema_version == 2)
        .then_some(manifest.media_type)
        .flatten()
        .and_then(|media_type| MediaType::from_content_type(&media_type))
}

/// The distribution spec's error body (`{"errors":[{"code":…,"message":…}]}`)
/// as one line, if there is one.
fn registry_errors(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Errors {
        errors: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        code: Option<String>,
        message: Option<String>,
    }
    let errors: Errors = serde_json::from_slice(body).ok()?;
    let lines: Vec<String> = errors
        .errors
        .into_iter()
        .map(|entry| match (entry.code, entry.message) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (code, message) => code.or(message).unwrap_or_default(),
        })
        .filter(|line| !line.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("; "))
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            byte => format!("%{byte:02X}"),
        })
        .collect()
}

/// A transport failure in words: what failed, for which URL.
fn describe(url: &str, error: &ureq::Error) -> String {
    let what = match error {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        ureq::Error::Io(error) => error.to_string(),
        error => error.to_string(),
    };
    format!("{url}: {what}")
}
