//! Image references as Docker reads them (`distribution/reference`'s
//! `ParseNormalizedNamed`): `debian:trixie-slim` is Docker Hub's
//! `library/debian`, `gcr.io/distroless/static-debian13:nonroot` names its
//! registry, `127.0.0.1:5000/x/y:tag` a registry with a port,
//! `name@sha256:…` and `name:tag@sha256:…` carry a digest. Anything else is
//! refused with the reason.
//!
//! Pure text → data, plus where the registry's API answers ([`Endpoint`]):
//! no network.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use serde::{Serialize, Serializer};

use crate::knowledge::registries::{DefaultRegistry, Registries};

/// A whole name's limit, as Docker's.
const NAME_MAX: usize = 255;

/// A parsed, normalised image reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

/// A content digest, `sha256:` and 64 lower-case hex digits (or another
/// algorithm Docker accepts, with at least 32 hex digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Digest {
    algorithm: String,
    hex: String,
}

/// Where a registry's API answers, and how to speak to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `https`, or `http` for a registry on a loopback address (as Docker,
    /// which treats 127.0.0.0/8 as an insecure registry).
    pub scheme: &'static str,
    /// Host and port of the API: the default registry's API host
    /// (data/registries.toml), `127.0.0.1:5000`.
    pub authority: String,
}

/// Why a string is not an image reference; names it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not an image reference: {problem}")]
pub struct ReferenceError {
    pub input: String,
    pub problem: String,
}

impl Reference {
    pub fn parse(input: &str) -> Result<Reference, ReferenceError> {
        let error = |problem: String| ReferenceError {
            input: input.to_string(),
            problem,
        };
        if input.is_empty() {
            return Err(error("it is empty".into()));
        }
        let (rest, digest) = match input.split_once('@') {
            Some((rest, digest)) => (
                rest,
                Some(Digest::parse(digest).map_err(|problem| error(problem.into()))?),
            ),
            None => (input, None),
        };
        // A tag follows the last `:` after the last `/` (a `:` before it is a port).
        let last_component = rest.rfind('/').map_or(0, |slash| slash + 1);
        let (name, tag) = match rest[last_component..].rfind(':') {
            Some(colon) => {
                let colon = last_component + colon;
                (&rest[..colon], Some(&rest[colon + 1..]))
            }
            None => (rest, None),
        };
        if let Some(tag) = tag {
            check_tag(tag).map_err(|problem| error(problem.into()))?;
        }
        if name.len() == 64 && name.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(error(
                "a 64-character hexadecimal string is an image ID, not a name".into(),
            ));
        }
        let (domain, path) = split_domain(name);
        check_domain(&domain).map_err(error)?;
        if path.bytes().any(|byte| byte.is_ascii_uppercase()) {
            return Err(error("the repository name must be lower-case".into()));
        }
        check_path(&path).map_err(error)?;
        if domain.len() + 1 + path.len() > NAME_MAX {
            return Err(error(format!(
                "the name is longer than {NAME_MAX} characters"
            )));
        }
        Ok(Reference {
            domain,
            path,
            tag: tag.map(str::to_string),
            digest,
        })
    }

    /// `gcr.io`, `127.0.0.1:5000`, or the default registry's domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository within the registry: `library/debian`,
    /// `distroless/static-debian13`.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref()
    }

    /// What the registry is asked for: the tag (`latest` when there is
    /// neither tag nor digest, as Docker does), else the digest.
    pub fn manifest_reference(&self) -> String {
        match (&self.tag, &self.digest) {
            (Some(tag), _) => tag.clone(),
            (None, Some(digest)) => digest.to_string(),
            (None, None) => "latest".into(),
        }
    }

    /// The same image pinned: `name:tag@digest` (what a `FROM` line names).
    pub fn with_digest(&self, digest: Digest) -> Reference {
        Reference {
            digest: Some(digest),
            ..self.clone()
        }
    }

    /// The same image without its digest: `name:tag`.
    pub fn without_digest(&self) -> Reference {
        Reference {
            digest: None,
            ..self.clone()
        }
    }

    /// The name as Docker shows it: `debian`, `gcr.io/distroless/static`.
    pub fn familiar_name(&self) -> String {
        let default = default_registry();
        if self.domain != default.domain {
            return format!("{}/{}", self.domain, self.path);
        }
        match self
            .path
            .strip_prefix(&default.official_namespace)
            .and_then(|rest| rest.strip_prefix('/'))
        {
            Some(name) if !name.contains('/') => name.to_string(),
            _ => self.path.clone(),
        }
    }

    /// Where the registry's API answers.
    pub fn endpoint(&self) -> Endpoint {
        let default = default_registry();
        let authority = if self.domain == default.domain {
            default.api.clone()
        } else {
            self.domain.clone()
        };
        let scheme = if is_loopback(host_of(&self.domain)) {
            "http"
        } else {
            "https"
        };
        Endpoint { scheme, authority }
    }
}

impl fmt::Display for Reference {
    /// Docker's familiar form: `debian:trixie-slim`,
    /// `gcr.io/distroless/static-debian13:nonroot@sha256:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.familiar_name())?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Digest {
    /// `sha256:` + 64 lower-case hex digits; other algorithms as Docker's
    /// grammar allows them (`[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*`
    /// and 32 hex digits or more).
    pub fn parse(text: &str) -> Result<Digest, &'static str> {
        let (algorithm, hex) = text
            .split_once(':')
            .ok_or("a digest is algorithm:hex, such as sha256:…")?;
        let component_ok = |component: &str| {
            let mut bytes = component.bytes();
            bytes.next().is_some_and(|byte| byte.is_ascii_alphabetic())
                && bytes.all(|byte| byte.is_ascii_alphanumeric())
        };
        if !algorithm.split(['-', '_', '+', '.']).all(component_ok) {
            return Err("the digest's algorithm is malformed");
        }
        if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) || hex.len() < 32 {
            return Err("a digest's value is 32 or more hexadecimal digits");
        }
        let expected = match algorithm {
            "sha256" => Some(64),
            "sha384" => Some(96),
            "sha512" => Some(128),
            _ => None,
        };
        if expected.is_some_and(|length| hex.len() != length)
            || (expected.is_some() && hex.bytes().any(|byte| byte.is_ascii_uppercase()))
        {
            return Err("a sha256 digest is 64 lower-case hexadecimal digits");
        }
        Ok(Digest {
            algorithm: algorithm.to_string(),
            hex: hex.to_string(),
        })
    }

    /// The digest of `bytes` as a registry computes it.
    pub fn sha256_of(bytes: &[u8]) -> Digest {
        use sha2::{Digest as _, Sha256};
        let hash = Sha256::digest(bytes);
        let hex = hash.iter().map(|byte| format!("{byte:02x}")).collect();
        Digest {
            algorithm: "sha256".into(),
            hex,
        }
    }

    pub fn algorithm(&self) -> &str {
        &self.algorithm
    }

    pub fn hex(&self) -> &str {
        &self.hex
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, self.hex)
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The registry a reference without a host names (data/registries.toml).
fn default_registry() -> &'static DefaultRegistry {
    &Registries::embedded().default
}

/// Docker's rule: the first component is a registry when it has a `.` or a
/// `:`, is `localhost`, or has an upper-case letter; otherwise the name is on
/// Docker Hub, where a single component lives under `library/`.
fn split_domain(name: &str) -> (String, String) {
    let default = default_registry();
    let (domain, path) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.bytes().any(|byte| byte.is_ascii_uppercase()) =>
        {
            (first, rest)
        }
        _ => (default.domain.as_str(), name),
    };
    let domain = if default.aliases.iter().any(|alias| alias == domain) {
        default.domain.as_str()
    } else {
        domain
    };
    let path = if domain == default.domain && !path.contains('/') {
        format!("{}/{path}", default.official_namespace)
    } else {
        path.to_string()
    };
    (domain.to_string(), path)
}

/// `host[:port]`: DNS labels of letters, digits and inner hyphens, or an
/// IPv6 address in brackets.
fn check_domain(domain: &str) -> Result<(), String> {
    let (host, port) = if let Some(bracketed) = domain.strip_prefix('[') {
        let (address, rest) = bracketed
            .split_once(']')
            .ok_or_else(|| format!("the registry `{domain}` has an unclosed `[`"))?;
        if address.parse::<Ipv6Addr>().is_err() {
            return Err(format!("`{address}` is not an IPv6 address"));
        }
        let port = match rest {
            "" => None,
            rest => Some(rest.strip_prefix(':').unwrap_or("")),
        };
        (None, port)
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(domain), None),
        }
    };
    if let Some(host) = host {
        let label_ok = |label: &str| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        if !host.split('.').all(label_ok) {
            return Err(format!("`{domain}` is not a registry host name"));
        }
    }
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(format!("the registry `{domain}` has a malformed port"));
        }
    }
    Ok(())
}

/// Path components: lower-case letters and digits, separated inside a
/// component by `.`, `_`, `__` or any run of `-`.
fn check_path(path: &str) -> Result<(), String> {
    for component in path.split('/') {
        let problem = || {
            Err(format!(
                "`{component}` is not a valid name component (lower-case letters and digits, \
                 separated by `.`, `_`, `__` or `-`)"
            ))
        };
        let bytes = component.as_bytes();
        if bytes.is_empty()
            || !bytes[0].is_ascii_alphanumeric()
            || !bytes[bytes.len() - 1].is_ascii_alphanumeric()
        {
            return problem();
        }
        let mut index = 0;
        while index < bytes.len() {
            let byte = bytes[index];
            if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
                index += 1;
                continue;
            }
            let separator_end = match byte {
                b'.' => index + 1,
                b'_' if bytes.get(index + 1) == Some(&b'_') => index + 2,
                b'_' => index + 1,
                b'-' => {
                    let mut end = index;
                    while bytes.get(end) == Some(&b'-') {
                        end += 1;
                    }
                    end
                }
                _ => return problem(),
            };
            if !bytes
                .get(separator_end)
                .is_some_and(|next| next.is_ascii_lowercase() || next.is_ascii_digit())
            {
                return problem();
            }
            index = separator_end;
        }
    }
    Ok(())
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn check_tag(tag: &str) -> Result<(), &'static str> {
    let word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let mut bytes = tag.bytes();
    let first_ok = bytes.next().is_some_and(word);
    if !first_ok || tag.len() > 128 || !bytes.all(|byte| word(byte) || byte == b'.' || byte == b'-')
    {
        return Err(
            "a tag is up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`",
        );
    }
    Ok(())
}

fn host_of(domain: &str) -> &str {
    if let Some(bracketed) = domain.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or(bracketed);
    }
    domain.split(':').next().unwrap_or(domain)
}

/// `localhost`, 127.0.0.0/8 and `::1`: registries Docker speaks plain HTTP to.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:b6f886628d31e27f58d93aa3d9777aea4d67e5823be52d326ad2b802ed770aac";

    fn parts(input: &str) -> (String, String, Option<String>, Option<String>, String) {
        let reference = Reference::parse(input).unwrap();
        let endpoint = reference.endpoint();
        (
            reference.domain().into(),
            reference.path().into(),
            reference.tag().map(Into::into),
            reference.digest().map(ToString::to_string),
            format!("{}://{}", endpoint.scheme, endpoint.authority),
        )
    }

    #[test]
    fn references_normalise_as_docker_does() {
        let some = |text: &str| Some(text.to_string());
        for (input, expected) in [
            (
                "debian:trixie-slim",
                (
                    "docker.io",
                    "library/debian",
                    some("trixie-slim"),
                    None,
                    "https://registry-1.docker.io",
                ),
            ),
            (
                "golang",
                (
                    "docker.io",
                    "library/golang",
                    None,
                    None,
                    "https://registry-1.docker.io",
                ),
            ),
            (
                "docker.io/library/golang:1.26-trixie",
                (
                    "docker.io",
                    "library/golang",
                    some("1.26-trixie"),
                    None,
                    "https://registry-1.docker.io",
                ),
            ),
            (
                "index.docker.io/bitnami/redis:7",
                (
                    "docker.io",
                    "bitnami/redis",
                    some("7"),
                    None,
                    "https://registry-1.docker.io",
                ),
            ),
            (
                "gcr.io/distroless/static-debian13:nonroot",
                (
                    "gcr.io",
                    "distroless/static-debian13",
                    some("nonroot"),
                    None,
                    "https://gcr.io",
                ),
            ),
            (
                "127.0.0.1:5000/x/y:tag",
                (
                    "127.0.0.1:5000",
                    "x/y",
                    some("tag"),
                    None,
                    "http://127.0.0.1:5000",
                ),
            ),
            (
                "localhost/x",
                ("localhost", "x", None, None, "http://localhost"),
            ),
            (
                "localhost:5000/a__b/c-d--e.f",
                (
                    "localhost:5000",
                    "a__b/c-d--e.f",
                    None,
                    None,
                    "http://localhost:5000",
                ),
            ),
            (
                "[::1]:5000/x:1",
                ("[::1]:5000", "x", some("1"), None, "http://[::1]:5000"),
            ),
        ] {
            let (domain, path, tag, digest, endpoint) = expected;
            assert_eq!(
                parts(input),
                (
                    domain.to_string(),
                    path.to_string(),
                    tag,
                    digest,
                    endpoint.to_string()
                ),
                "{input}"
            );
        }
    }

    #[test]
    fn digests_may_stand_alone_or_follow_a_tag() {
        let pinned = Reference::parse(&format!("debian@{SHA}")).unwrap();
        assert_eq!(pinned.tag(), None);
        assert_eq!(pinned.digest().unwrap().to_string(), SHA);
        assert_eq!(pinned.manifest_reference(), SHA);
        let both = Reference::parse(&format!("gcr.io/distroless/static:nonroot@{SHA}")).unwrap();
        assert_eq!(both.tag(), Some("nonroot"));
        assert_eq!(both.manifest_reference(), "nonroot");
        assert_eq!(
            both.to_string(),
            format!("gcr.io/distroless/static:nonroot@{SHA}")
        );
        assert_eq!(
            both.without_digest().to_string(),
            "gcr.io/distroless/static:nonroot"
        );
        let plain = Reference::parse("debian:trixie-slim").unwrap();
        assert_eq!(plain.manifest_reference(), "trixie-slim");
        assert_eq!(
            Reference::parse("debian").unwrap().manifest_reference(),
            "latest"
        );
        let digest = Digest::parse(SHA).unwrap();
        assert_eq!(
            plain.with_digest(digest).to_string(),
            format!("debian:trixie-slim@{SHA}")
        );
    }

    #[test]
    fn familiar_names_are_what_docker_prints() {
        for (input, familiar) in [
            ("docker.io/library/debian:trixie-slim", "debian:trixie-slim"),
            ("bitnami/redis", "bitnami/redis"),
            ("docker.io/library/a/b", "library/a/b"),
            ("gcr.io/distroless/static", "gcr.io/distroless/static"),
            (
                "127.0.0.1:5000/debian:13-slim",
                "127.0.0.1:5000/debian:13-slim",
            ),
        ] {
            assert_eq!(Reference::parse(input).unwrap().to_string(), familiar);
        }
    }

    #[test]
    fn malformed_references_are_refused_with_the_reason() {
        let long_tag = format!("debian:{}", "a".repeat(129));
        let long_name = format!("gcr.io/{}", "a/".repeat(130) + "a");
        let image_id = "a".repeat(64);
        for (input, problem) in [
            ("", "empty"),
            ("Debian:13", "lower-case"),
            ("gcr.io/Distroless/static", "lower-case"),
            ("debian:", "a tag is"),
            ("debian:-x", "a tag is"),
            (long_tag.as_str(), "a tag is"),
            ("debian@sha256:abc", "hexadecimal digits"),
            (
                "debian@sha256:B6F886628D31E27F58D93AA3D9777AEA4D67E5823BE52D326AD2B802ED770AAC",
                "lower-case hexadecimal",
            ),
            ("debian@md5", "algorithm:hex"),
            (
                "debian@1sha:0123456789abcdef0123456789abcdef",
                "algorithm is malformed",
            ),
            ("-debian", "not a valid name component"),
            ("debian-", "not a valid name component"),
            ("deb___ian", "not a valid name component"),
            ("a//b", "not a valid name component"),
            ("gcr.io/", "not a valid name component"),
            ("x y", "not a valid name component"),
            ("debian:13;rm", "a tag is"),
            ("debian:13 ; rm -rf /", "malformed port"),
            ("gcr..io/x", "not a registry host name"),
            ("-gcr.io/x", "not a registry host name"),
            ("gcr.io:port/x", "malformed port"),
            ("[::1/x", "unclosed"),
            ("[zz]:5000/x", "not an IPv6 address"),
            (image_id.as_str(), "image ID"),
            (long_name.as_str(), "longer than 255"),
        ] {
            let error = Reference::parse(input).unwrap_err();
            assert!(
                error.problem.contains(problem),
                "{input:?}: {error} (expected {problem:?})"
            );
            assert_eq!(error.input, input);
        }
    }

    #[test]
    fn sha256_of_bytes_is_the_registrys_digest() {
        assert_eq!(
            Digest::sha256_of(b"").to_string(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["10.0.0.1", "gcr.io", "localhost.example.com", "0.0.0.0"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
