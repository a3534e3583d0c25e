//! A private Go module proxy for tests, and a golang builder image that
//! trusts it: what a test of private modules needs, on the host and in
//! Docker builds. It starts tests/modproxy (a small Go program, built once a
//! run), which serves the modules a test writes over the module proxy
//! protocol, over TLS with a certificate authority made for the run, only to
//! clients that give HTTP basic auth credentials. TLS because the go command
//! sends `.netrc` credentials over HTTPS only (checked: over plain HTTP it
//! sends no `Authorization` header at all).
//!
//! The `.netrc` it writes names the proxy twice: as `127.0.0.1:PORT`, which
//! the go command matches from Go 1.24 on (GOAUTH keys credentials by URL
//! prefix, port included), and as `127.0.0.1`, which Go 1.23 and older match
//! (the host name alone). A `.netrc` with only `machine 127.0.0.1` sends
//! nothing to a proxy on a port with Go 1.26 (checked).
//!
//! How the Docker test of private modules (issue 18) uses it, with nothing
//! in the generated Dockerfile that is there for the test:
//! 1. [`ModuleProxy::start`] with the private module (`example.test/private`,
//!    a go.mod and a .go file the test writes), and a project whose go.mod
//!    requires it, with the go.sum lines a host `go mod download` gives;
//! 2. [`golang_trusting`] derives the builder's golang image trusting the
//!    proxy's CA, and the test points the Dockerfile's `FROM golang:…` at it
//!    (`crate::own_builder`'s `rebase` does that);
//! 3. `docker build --network=host --secret id=netrc,src=<ModuleProxy::write_netrc>
//!    --build-arg GOPROXY=<url> --build-arg GONOSUMDB=example.test …`
//!    succeeds, and without `--secret` fails with `401 Unauthorized` in its
//!    log; [`ModuleProxy::requests`] shows which requests carried the right
//!    credentials;
//! 4. no trace of [`ModuleProxy::password`] in any layer of the image or of
//!    the builder stage (`--target`), nor in `docker history --no-trunc`.
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::common::{repository, required_tool, Project};
use crate::docker::{build, docker, docker_usable, Images};

/// A running tests/modproxy, stopped when dropped.
pub struct ModuleProxy {
    child: Child,
    /// Held open: the proxy exits when its standard input closes.
    _stdin: ChildStdin,
    url: String,
    password: String,
    directory: tempfile::TempDir,
}

/// The basic auth user the proxy wants.
pub const USER: &str = "godock-test";

impl ModuleProxy {
    /// Starts a proxy serving each `(path, version, source directory)`; the
    /// directory holds the module's go.mod and files.
    pub fn start(go: &Path, modules: &[(&str, &str, &Path)]) -> Result<ModuleProxy, String> {
        let program = modproxy(go)?;
        let directory =
            tempfile::tempdir().map_err(|error| format!("a temporary directory: {error}"))?;
        // A password only this run knows, to search images for.
        let password = format!(
            "pw-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos())
                .unwrap_or_default()
        );
        let mut command = Command::new(program);
        command
            .arg("-user")
            .arg(USER)
            .arg("-password")
            .arg(&password)
            .arg("-ca-out")
            .arg(directory.path().join("ca.pem"))
            .arg("-log")
            .arg(directory.path().join("requests.log"));
        for (path, version, source) in modules {
            command
                .arg("-module")
                .arg(format!("{path}@{version}={}", source.display()));
        }
        let stderr = std::fs::File::create(directory.path().join("stderr"))
            .map_err(|error| format!("the proxy's stderr file: {error}"))?;
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|error| format!("starting {}: {error}", program.display()))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let mut url = String::new();
        let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut url);
        if read.is_err() || !url.starts_with("https://") {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the module proxy did not start ({read:?}, said {url:?}):\n{}",
                std::fs::read_to_string(directory.path().join("stderr")).unwrap_or_default()
            ));
        }
        Ok(ModuleProxy {
            child,
            _stdin: stdin,
            url: url.trim().to_string(),
            password,
            directory,
        })
    }

    /// `https://127.0.0.1:PORT`, for GOPROXY.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn password(&self) -> &str {
        &self.password
    }

    /// The PEM certificate of the CA that signed the proxy's certificate.
    pub fn ca(&self) -> PathBuf {
        self.directory.path().join("ca.pem")
    }

    /// `.netrc` lines with the proxy's credentials (see the module's doc).
    pub fn netrc(&self) -> String {
        let host_port = self.url.trim_start_matches("https://");
        let host = host_port
            .rsplit_once(':')
            .map_or(host_port, |(host, _)| host);
        format!(
            "machine {host_port} login {USER} password {}\nmachine {host} login {USER} password {}\n",
            self.password, self.password
        )
    }

    /// Writes [`ModuleProxy::netrc`] to a file of the proxy's; returns its path.
    pub fn write_netrc(&self) -> PathBuf {
        let path = self.directory.path().join("netrc");
        std::fs::write(&path, self.netrc()).expect("writing the netrc");
        path
    }

    /// One line a request so far: `GET /path 200 credentials=right` (or
    /// `none`, `wrong`).
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.directory.path().join("requests.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for ModuleProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// tests/modproxy built (once a test run) into Cargo's temporary directory.
fn modproxy(go: &Path) -> Result<&'static Path, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let output = Path::new(env!("CARGO_TARGET_TMPDIR")).join("modproxy");
            let built = Command::new(go)
                .args(["build", "-o"])
                .arg(&output)
                .arg(".")
                .current_dir(repository().join("tests/modproxy"))
                .env("GOTOOLCHAIN", "local")
                .env("GOFLAGS", "-mod=readonly")
                .env("GOPROXY", "off")
                .env("GOWORK", "off")
                .env("CGO_ENABLED", "0")
                .output()
                .map_err(|error| format!("running {}: {error}", go.display()))?;
            if built.status.success() {
                Ok(output)
            } else {
                Err(format!(
                    "`go build` of tests/modproxy failed:\n{}",
                    String::from_utf8_lossy(&built.stderr)
                ))
            }
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// Builds `tag`: `golang` plus `ca` in its CA bundle, so that the go command
/// in a build stage on it trusts the test's module proxy. Appended to the
/// bundle rather than installed with update-ca-certificates, which would
/// rebuild the bundle without the machine's own certificates the stand-ins
/// carry. `images` removes it when the test ends.
pub fn golang_trusting(ca: &Path, golang: &str, tag: &str, images: &Images) -> Result<(), String> {
    let context = tempfile::tempdir().map_err(|error| format!("a temporary directory: {error}"))?;
    std::fs::copy(ca, context.path().join("modproxy-ca.pem"))
        .map_err(|error| format!("copying {}: {error}", ca.display()))?;
    std::fs::write(
        context.path().join("Dockerfile"),
        format!(
            "FROM {golang}\n\
             COPY modproxy-ca.pem /usr/local/share/ca-certificates/godock-modproxy.crt\n\
             RUN cat /usr/local/share/ca-certificates/godock-modproxy.crt \
             >> /etc/ssl/certs/ca-certificates.crt\n"
        ),
    )
    .map_err(|error| format!("writing the Dockerfile: {error}"))?;
    images.add(tag);
    build(&["-t", tag], context.path())
        .map_err(|log| format!("building {tag} from {golang} failed\n{log}"))
}

/// The private module the tests serve: `example.test/private` v1.0.0.
pub fn private_module() -> Project {
    Project::empty()
        .file("go.mod", "module example.test/private\n\ngo 1.21\n")
        .file(
            "private.go",
            "// Package private is served by the test's module proxy only.\npackage private\n\n\
             // Greeting proves the module came from the proxy.\n\
             const Greeting = \"hello from the private proxy\"\n",
        )
}

/// `go mod download -json example.test/private@v1.0.0` on the host, through
/// `proxy`, with `netrc` as the go command's .netrc; the go command's output
/// and whether it succeeded.
fn download_on_host(go: &Path, proxy: &ModuleProxy, netrc: &Path) -> (bool, String) {
    let home = tempfile::tempdir().expect("a temporary directory");
    let output = Command::new(go)
        .args(["mod", "download", "-json", "example.test/private@v1.0.0"])
        .current_dir(home.path())
        // Nothing of the developer's: no ~/.netrc, no go env file, no proxy.
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("NETRC", netrc)
        .env("SSL_CERT_FILE", proxy.ca())
        .env("GOPROXY", proxy.url())
        .env("GONOSUMDB", "example.test")
        .env("GOTOOLCHAIN", "local")
        .env("GOMODCACHE", home.path().join("modules"))
        .env("GOCACHE", home.path().join("cache"))
        .env("GOFLAGS", "-modcacherw")
        .output()
        .expect("go runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let downloaded = output.status.success()
        && home
            .path()
            .join("modules/example.test/private@v1.0.0/private.go")
            .is_file();
    (downloaded, text)
}

/// The proxy works from the host: with the .netrc it writes, `go mod
/// download` fetches the module (every request after the first, which the go
/// command sends bare, carrying the right credentials); without a .netrc, or
/// with a wrong password, the proxy answers 401 and the download fails
/// saying so.
#[test]
fn the_test_module_proxy_serves_with_netrc_credentials_only() {
    let Some(go) = required_tool("go", "module proxy") else {
        return;
    };
    let module = private_module();
    let proxy = ModuleProxy::start(&go, &[("example.test/private", "v1.0.0", module.path())])
        .unwrap_or_else(|problem| panic!("{problem}"));

    let netrc = proxy.write_netrc();
    let (downloaded, output) = download_on_host(&go, &proxy, &netrc);
    assert!(
        downloaded,
        "with the .netrc:\n{output}\n{:#?}",
        proxy.requests()
    );
    let served = proxy.requests();
    for suffix in [".info 200", ".mod 200", ".zip 200"] {
        assert!(
            served
                .iter()
                .any(|line| line.contains(&format!("v1.0.0{suffix} credentials=right"))),
            "no request for {suffix} with the right credentials: {served:#?}"
        );
    }

    let nothing = tempfile::NamedTempFile::new().expect("a temporary file");
    let (downloaded, output) = download_on_host(&go, &proxy, nothing.path());
    assert!(
        !downloaded,
        "without credentials the download succeeded:\n{output}"
    );
    assert!(output.contains("401 Unauthorized"), "{output}");

    let wrong = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(
        wrong.path(),
        proxy.netrc().replace(proxy.password(), "wrong"),
    )
    .unwrap();
    let (downloaded, output) = download_on_host(&go, &proxy, wrong.path());
    assert!(
        !downloaded,
        "with a wrong password the download succeeded:\n{output}"
    );
    assert!(output.contains("401 Unauthorized"), "{output}");
    assert!(
        proxy
            .requests()
            .iter()
            .any(|line| line.ends_with(" 401 credentials=wrong")),
        "{:#?}",
        proxy.requests()
    );
}

/// In a container on the golang image [`golang_trusting`] derives, the go
/// command downloads from the proxy with the .netrc mounted; on the plain
/// golang image the same download fails on the certificate, and on the
/// derived one without the .netrc it fails on the credentials. (The
/// generated Dockerfile takes the .netrc as a build secret; that is the
/// Dockerfile's test, not this one's.)
#[test]
fn a_golang_image_derived_to_trust_the_test_proxy_downloads_from_it_in_docker() {
    let Some(go) = required_tool("go", "module proxy") else {
        return;
    };
    if !docker_usable() {
        return;
    }
    let module = private_module();
    let proxy = ModuleProxy::start(&go, &[("example.test/private", "v1.0.0", module.path())])
        .unwrap_or_else(|problem| panic!("{problem}"));
    let images = Images::default();
    let golang = "golang:1.23-bookworm";
    let trusting = format!("godock-test-modproxy-golang-{}", crate::docker::run_id());
    golang_trusting(&proxy.ca(), golang, &trusting, &images)
        .unwrap_or_else(|problem| panic!("{problem}"));
    let netrc = proxy.write_netrc();
    let mount = format!("{}:/root/.netrc:ro", netrc.display());
    let goproxy = format!("GOPROXY={}", proxy.url());
    let download = |image: &str, with_netrc: bool| {
        let mut arguments = vec!["run", "--rm", "--network=host"];
        if with_netrc {
            arguments.extend(["-v", &mount]);
        }
        arguments.extend([
            "-e",
            &goproxy,
            "-e",
            "GONOSUMDB=example.test",
            "-e",
            "GOPRIVATE=",
            "-e",
            "GONOPROXY=",
            image,
            "go",
            "mod",
            "download",
            "-json",
            "example.test/private@v1.0.0",
        ]);
        let (status, stdout, stderr) = docker(&arguments, Path::new("."));
        (status.success(), format!("{stdout}{stderr}"))
    };

    let (ok, output) = download(&trusting, true);
    assert!(
        ok,
        "{trusting} with the .netrc:\n{output}\n{:#?}",
        proxy.requests()
    );
    assert!(
        output.contains("\"Dir\": \"/go/pkg/mod/example.test/private@v1.0.0\""),
        "{output}"
    );

    let (ok, output) = download(golang, true);
    assert!(
        !ok && output.contains("x509"),
        "{golang}, which does not trust the proxy:\n{output}"
    );

    let (ok, output) = download(&trusting, false);
    assert!(
        !ok && output.contains("401 Unauthorized"),
        "{trusting} without the .netrc:\n{output}"
    );
}
