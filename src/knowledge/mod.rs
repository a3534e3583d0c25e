//! What godock knows about the world beyond the project, as data: Go
//! packages known to need cgo and which distribution packages provide the
//! C libraries cgo links (data/cgo.toml, embedded), which main packages are
//! development tools (data/binaries.toml), Go's releases and their security
//! support (data/go_releases.toml), Debian's releases as image names spell
//! them (data/debian.toml), the registries image references name by
//! default (data/registries.toml), the GitHub Actions the workflow pins
//! (data/github_actions.toml), what a Go project's build context can do
//! without, the files godock writes and the names it writes them under
//! beside a user's own, the files that hold secrets, where versions are
//! stamped (data/version_stamps.toml), and when base images stop receiving
//! security fixes.
//!
//! Responsible for loading and looking up that data; it must not read the
//! project or decide anything about an image (the plan does).
pub mod actions;
pub mod base_support;
pub mod binaries;
pub mod cgo;
pub mod date;
pub mod debian;
pub mod files;
pub mod go_releases;
pub mod ignored;
pub mod node_releases;
pub mod registries;
pub mod secrets;
pub mod version;
