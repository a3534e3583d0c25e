//! Pinned bases: the images the Dockerfile builds and runs on, named in
//! full (`golang:1.26-trixie`, the Go version filled in), and the digests
//! godock.lock records for them. A recorded digest applies only to the tag
//! it was resolved for: when the plan moves to another tag (go.mod's Go
//! release, the `debian` setting), that base is unpinned until `godock pin`.
//!
//! Pure: resolving a tag is the pin command's (through src/registry/); this
//! only matches what the lock says against what the plan builds on.
use std::collections::BTreeMap;

use serde::Serialize;

use super::Plan;

/// Image (as the plan names it, with its tag) → digest.
pub type Pins = BTreeMap<String, String>;

/// Which image of the Dockerfile a base is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Builder,
    Runtime,
}

/// A base image the Dockerfile names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Base {
    pub role: Role,
    /// With its tag, as written after `FROM` (the Go version filled in).
    pub image: String,
    /// What godock.lock pins it to, when it does.
    pub digest: Option<String>,
}

impl Plan {
    /// The images the Dockerfile builds and runs on, with their pins.
    pub fn bases(&self) -> Vec<Base> {
        let mut bases = vec![Base {
            role: Role::Builder,
            image: self
                .builder
                .image
                .replace("${GO_VERSION}", &self.go.builder.version.to_string()),
            digest: self.builder.digest.clone(),
        }];
        if let Some(image) = &self.runtime.base_name {
            bases.push(Base {
                role: Role::Runtime,
                image: image.clone(),
                digest: self.runtime.digest.clone(),
            });
        }
        bases
    }

    /// Applies the pins recorded for the bases' tags; a base the pins do
    /// not name is left unpinned (and said so when other bases are pinned).
    pub fn pin(&mut self, pins: &Pins) {
        for base in self.bases() {
            let digest = pins.get(&base.image).cloned();
            match base.role {
                Role::Builder => self.builder.digest = digest,
                Role::Runtime => self.runtime.digest = digest,
            }
        }
        self.pins = self
            .bases()
            .into_iter()
            .filter_map(|base| Some((base.image, base.digest?)))
            .collect();
        let unpinned: Vec<String> = self
            .bases()
            .into_iter()
            .filter(|base| base.digest.is_none())
            .map(|base| base.image)
            .collect();
        if !pins.is_empty() && !unpinned.is_empty() {
            self.warnings.push(format!(
                "{} {} not pinned: godock.lock pins other tags ({}); run `godock pin` to pin {}",
                unpinned.join(", "),
                if unpinned.len() == 1 { "is" } else { "are" },
                pins.keys().cloned().collect::<Vec<_>>().join(", "),
                if unpinned.len() == 1 { "it" } else { "them" },
            ));
        }
    }
}
