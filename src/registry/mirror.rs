//! A registry mirror: one registry that holds images under their familiar
//! names (`golang`, `gcr.io/distroless/static-debian13`), below an optional
//! prefix, as a pull-through cache or an internal copy of public images
//! does. `GODOCK_REGISTRY_MIRROR=mirror.example:5000/public` makes godock
//! ask `mirror.example:5000/public/golang:1.26-trixie` for the digest of
//! `golang:1.26-trixie`; the Dockerfile keeps the image's own name. A digest
//! is the hash of the manifest, so a faithful mirror answers with the
//! upstream's.
//!
//! Pure: the variable's value is passed in.
use super::reference::{Reference, ReferenceError};

/// The environment variable naming the mirror.
pub const MIRROR_VARIABLE: &str = "GODOCK_REGISTRY_MIRROR";

/// Where images are looked up instead of their own registries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mirror {
    /// `host[:port]`, then an optional path prefix, without a trailing `/`.
    location: String,
}

impl Mirror {
    /// A mirror from `host[:port][/prefix]`; an error names the variable.
    pub fn parse(value: &str) -> Result<Mirror, String> {
        let location = value.trim().trim_end_matches('/');
        let invalid = |problem: String| {
            format!("{MIRROR_VARIABLE}: `{value}` is not a registry host with an optional path ({problem})")
        };
        if location.is_empty() || location.contains("://") {
            return Err(invalid(
                "write it as host[:port][/prefix], without a scheme".into(),
            ));
        }
        // The mirror's form of an image must itself be a reference.
        Reference::parse(&format!("{location}/probe:tag"))
            .map_err(|error: ReferenceError| invalid(error.problem))?;
        if !location.contains(['.', ':']) && !location.starts_with("localhost") {
            return Err(invalid(
                "its first component must be a registry host: with a `.` or a port, or localhost"
                    .into(),
            ));
        }
        Ok(Mirror {
            location: location.to_string(),
        })
    }

    /// The mirror named by this process's environment, if any.
    pub fn from_process() -> Result<Option<Mirror>, String> {
        match std::env::var(MIRROR_VARIABLE) {
            Ok(value) if !value.trim().is_empty() => Mirror::parse(&value).map(Some),
            _ => Ok(None),
        }
    }

    /// Where the mirror holds `reference`: its familiar name (with its tag
    /// and digest) below the mirror's location.
    pub fn locate(&self, reference: &Reference) -> Reference {
        let mut text = format!("{}/{}", self.location, reference.familiar_name());
        if let Some(tag) = reference.tag() {
            text.push(':');
            text.push_str(tag);
        }
        if let Some(digest) = reference.digest() {
            text.push('@');
            text.push_str(&digest.to_string());
        }
        Reference::parse(&text).expect("a mirror's location and a familiar name make a reference")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_found_under_their_familiar_names() {
        let mirror = Mirror::parse("127.0.0.1:5000").unwrap();
        let located = |image| mirror.locate(&Reference::parse(image).unwrap()).to_string();
        assert_eq!(
            located("golang:1.26-trixie"),
            "127.0.0.1:5000/golang:1.26-trixie"
        );
        assert_eq!(
            located("gcr.io/distroless/static-debian13:nonroot"),
            "127.0.0.1:5000/gcr.io/distroless/static-debian13:nonroot"
        );
        let prefixed = Mirror::parse("mirror.example/public/").unwrap();
        assert_eq!(
            prefixed
                .locate(&Reference::parse("docker.io/library/debian:trixie-slim").unwrap())
                .to_string(),
            "mirror.example/public/debian:trixie-slim"
        );
    }

    #[test]
    fn a_mirror_must_name_a_registry_host() {
        for value in ["https://mirror.example", "mirror", "", "Mirror.example/UP"] {
            let error = Mirror::parse(value).unwrap_err();
            assert!(error.starts_with(MIRROR_VARIABLE), "{value}: {error}");
        }
    }
}
