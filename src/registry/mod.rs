//! Resolving base images to digests, for pinning: parse an image reference
//! as Docker does ([`Reference::parse`]), then ask its registry which
//! digest the tag points to now ([`Client::resolve`]).
//!
//! ```no_run
//! use godock::registry::{Client, Reference};
//! let reference = Reference::parse("gcr.io/distroless/static-debian13:nonroot")?;
//! let resolved = Client::default().resolve(&reference)?;
//! println!("FROM {}", resolved.pinned()); // …:nonroot@sha256:…
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Only anonymous pulls: the client sends no credentials of the user's, so
//! an image that needs `docker login` is an [`RegistryError::Unauthorized`].
//! Errors name the registry and the image; [`RegistryError::hint`] says what
//! to do. Nothing here writes files or decides what to pin.

mod challenge;
mod client;
mod mirror;
mod proxy;
mod reference;

#[cfg(test)]
mod fake_registry;
#[cfg(test)]
mod tests;

pub use client::{Client, MediaType, Options, Resolved};
pub use mirror::{Mirror, MIRROR_VARIABLE};
pub use proxy::ProxyEnvironment;
pub use reference::{Digest, Endpoint, Reference, ReferenceError};

/// Why a registry could not resolve an image.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// No answer: DNS, connection, TLS, proxy or timeout.
    #[error("cannot reach registry {registry} for {image}: {detail}")]
    Unreachable {
        registry: String,
        image: String,
        detail: String,
    },
    /// 401 or 403, even with an anonymous token.
    #[error(
        "registry {registry} refused anonymous access to {image} (HTTP {status}){}",
        suffix(detail)
    )]
    Unauthorized {
        registry: String,
        image: String,
        status: u16,
        detail: Option<String>,
    },
    /// 404: the repository or the tag does not exist.
    #[error(
        "registry {registry} has no {image}: `{manifest}` is unknown{}",
        suffix(detail)
    )]
    NotFound {
        registry: String,
        image: String,
        manifest: String,
        detail: Option<String>,
    },
    /// Any other status (429 rate limits, 5xx failures).
    #[error(
        "registry {registry} ({endpoint}) answered HTTP {status} for {image}{}",
        suffix(detail)
    )]
    Status {
        registry: String,
        image: String,
        status: u16,
        detail: Option<String>,
        endpoint: String,
    },
    /// An answer the Registry HTTP API v2 does not allow.
    #[error("registry {registry} gave a malformed answer for {image}: {problem}")]
    Malformed {
        registry: String,
        image: String,
        problem: String,
    },
}

fn suffix(detail: &Option<String>) -> String {
    detail
        .as_ref()
        .map(|detail| format!(": {detail}"))
        .unwrap_or_default()
}

impl RegistryError {
    /// What the user can do about it, for a `hint:` line.
    pub fn hint(&self) -> Option<String> {
        match self {
            RegistryError::Unreachable { .. } => Some(
                "check the network and the proxy settings (HTTPS_PROXY, NO_PROXY); nothing was written".into(),
            ),
            RegistryError::Unauthorized { image, .. } => Some(format!(
                "{image} may not exist, or may need a login: godock pins only images anyone can pull; check the name, or write the digest yourself (FROM image:tag@sha256:…)"
            )),
            RegistryError::NotFound { .. } => Some("check the image's name and tag".into()),
            RegistryError::Status { status: 429, .. } => {
                Some("the registry limits anonymous requests; try again later".into())
            }
            RegistryError::Status { status, .. } if *status >= 500 => {
                Some("the registry failed; try again later".into())
            }
            RegistryError::Status { .. } | RegistryError::Malformed { .. } => None,
        }
    }
}
