//! What godock knows about Go releases, and the Go version policy built on
//! it. Self-contained: nothing here reads the disk, the clock (except
//! [`Date::today`], for the caller) or the settings.
//!
//! - [`version`]: Go version strings as Go reads them (`go` and `toolchain`
//!   lines, a pinned version) and Go's ordering of them.
//! - [`table`]: the releases table embedded from `data/go_releases.toml`:
//!   release dates, newest patches, security support.
//! - [`policy`]: which Go release builds a project, with a reason and
//!   warnings as data ([`policy::choose`]).
//! - [`runtime`]: what the runtime does with a container's CPU and memory
//!   limits (container-aware GOMAXPROCS, GOMEMLIMIT).
//!
//! The plan calls [`policy::choose`] with the project's [`policy::GoFile`]s,
//! an optional [`policy::Pin`], [`Releases::embedded`] and today's date, and
//! carries the [`policy::GoBuilder`] it returns; `godock --version` can show
//! [`Releases::updated`].

pub mod date;
pub mod policy;
pub mod runtime;
pub mod table;
pub mod version;

pub use date::Date;
pub use policy::{choose, GoBuilder, GoFile, Inputs, Pin, PinSource, PolicyError, Project};
pub use table::{Release, Releases, Support};
pub use version::{GoVersion, Toolchain, VersionError};
