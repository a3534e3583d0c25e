//! Files that hold secrets and must never reach a build context: local
//! environment files, private keys, credentials of package registries and
//! clouds, Terraform state. Written as .dockerignore patterns, so that the
//! same matcher (Docker's semantics) finds them in a repository and checks
//! them against a user's .dockerignore, and godock's block can exclude them.
//!
//! Data only. Test fixtures are not secrets: files below a `testdata`
//! directory (test certificates and keys) are left out when looking.

/// One kind of secret file, as a .dockerignore pattern, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Secret {
    pub pattern: &'static str,
    pub holds: &'static str,
}

const fn secret(pattern: &'static str, holds: &'static str) -> Secret {
    Secret { pattern, holds }
}

pub const SECRETS: [Secret; 22] = [
    secret(
        "**/.env",
        "environment variables (often API keys and passwords)",
    ),
    secret(
        "**/.env.*",
        "environment variables (often API keys and passwords)",
    ),
    secret("**/*.key", "a private key"),
    secret("**/*.pem", "a private key or a certificate"),
    secret("**/*.p12", "a private key and its certificate"),
    secret("**/*.pfx", "a private key and its certificate"),
    secret("**/.ssh", "SSH keys"),
    secret("**/id_rsa", "an SSH private key"),
    secret("**/id_ecdsa", "an SSH private key"),
    secret("**/id_ed25519", "an SSH private key"),
    secret(
        "**/.netrc",
        "credentials for hosts (the go command's, git's)",
    ),
    secret("**/.npmrc", "a package registry token"),
    secret("**/.git-credentials", "git credentials"),
    secret("**/.pgpass", "PostgreSQL passwords"),
    secret("**/.aws", "AWS credentials"),
    secret("**/.azure", "Azure credentials"),
    secret("**/.config/gcloud", "Google Cloud credentials"),
    secret("**/.docker/config.json", "container registry credentials"),
    secret("**/.kube", "a Kubernetes cluster's credentials"),
    secret("**/kubeconfig", "a Kubernetes cluster's credentials"),
    secret(
        "**/*.tfstate",
        "Terraform state (it holds secrets in clear)",
    ),
    secret(
        "**/*credentials*.json",
        "cloud credentials (a service account key)",
    ),
];

/// Names that look like secrets but are templates of them, committed on
/// purpose (`.env.example`).
pub const NOT_SECRETS: [&str; 4] = [
    "**/.env.example",
    "**/.env.sample",
    "**/.env.template",
    "**/.env.dist",
];

/// The patterns as a .dockerignore text (templates excepted), for the
/// matcher.
pub fn as_dockerignore() -> String {
    let mut text = String::new();
    for secret in SECRETS {
        text.push_str(secret.pattern);
        text.push('\n');
    }
    for template in NOT_SECRETS {
        text.push('!');
        text.push_str(template);
        text.push('\n');
    }
    text
}

/// What the secret at a path holds, by the first pattern that names it.
pub fn holds(pattern: &str) -> &'static str {
    SECRETS
        .iter()
        .find(|secret| secret.pattern == pattern)
        .map_or("secrets", |secret| secret.holds)
}
