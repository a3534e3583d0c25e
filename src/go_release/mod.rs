//! What godock knows about Go releases. Self-contained: nothing here reads
//! the disk, the clock (except [`Date::today`], for the caller) or the
//! settings.
//!
//! - [`version`]: Go version strings as Go reads them (`go` and `toolchain`
//!   lines, a pinned version) and Go's ordering of them.
//! - [`table`]: the releases table embedded from `data/go_releases.toml`:
//!   release dates, newest patches, security support.

pub mod date;
pub mod table;
pub mod version;

pub use date::Date;
pub use table::{Release, Releases, Support};
pub use version::{GoVersion, Toolchain, VersionError};
