//! The files godock writes in a build context, by their usual names, and
//! the names it writes them under beside a user's own file of that name.
//!
//! Data only: which name a run uses is the plan's decision
//! (`plan::files`), made from whose file is already there.

/// godock's Dockerfile.
pub const DOCKERFILE: &str = "Dockerfile";
/// godock's Dockerfile beside the user's: `docker build -f Dockerfile.godock .`
/// reads `Dockerfile.godock.dockerignore` as its ignore file.
pub const DOCKERFILE_BESIDE: &str = "Dockerfile.godock";
/// The ignore file a plain `docker build .` reads.
pub const DOCKERIGNORE: &str = ".dockerignore";
/// What BuildKit adds to a Dockerfile's path to find its own ignore file.
pub const IGNORE_SUFFIX: &str = ".dockerignore";
/// godock's Makefile.
pub const MAKEFILE: &str = "Makefile";
/// The names GNU make looks for, in its order: the first that exists is
/// the user's Makefile.
pub const MAKEFILES: [&str; 3] = ["GNUmakefile", "makefile", "Makefile"];
/// godock's Make targets beside the user's Makefile, which includes them.
pub const MAKEFILE_BESIDE: &str = "docker.mk";
pub const COMPOSE: &str = "compose.yaml";
pub const COMPOSE_BESIDE: &str = "compose.godock.yaml";
pub const WORKFLOW: &str = ".github/workflows/docker.yml";
pub const WORKFLOW_BESIDE: &str = ".github/workflows/godock.yml";

/// Every path whose owner the plan asks about.
pub const WATCHED: [&str; 9] = [
    DOCKERFILE,
    DOCKERIGNORE,
    MAKEFILES[0],
    MAKEFILES[1],
    MAKEFILES[2],
    MAKEFILE_BESIDE,
    COMPOSE,
    WORKFLOW,
    DOCKERFILE_BESIDE,
];
