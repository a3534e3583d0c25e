//! The platforms Go builds for, as build constraints see them: every GOOS
//! and GOARCH Go knows, which tags hold on a platform, and what a file
//! name's `_GOOS_GOARCH` suffix allows.

/// A target godock builds for. Images are Linux; amd64 and arm64 are the
/// architectures a Makefile's `docker-buildx` produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Platform {
    pub goos: &'static str,
    pub goarch: &'static str,
    /// Whether the `cgo` tag is set (CGO_ENABLED=1).
    pub cgo: bool,
}

/// The platforms a file must build for to count: a file counts when it builds
/// for any of them.
pub const LINUX_PLATFORMS: [(&str, &str); 2] = [("linux", "amd64"), ("linux", "arm64")];

/// Every GOOS Go knows, past and present (`internal/syslist.KnownOS`); used
/// for file-name suffixes.
const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// The GOOS values the `unix` tag holds for (`internal/syslist.UnixOS`).
const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// Every GOARCH Go knows, past and present (`internal/syslist.KnownArch`).
const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// Whether Go knows `name` as a GOOS.
pub fn is_known_os(name: &str) -> bool {
    KNOWN_OS.contains(&name)
}

/// Whether Go knows `name` as a GOARCH.
pub fn is_known_arch(name: &str) -> bool {
    KNOWN_ARCH.contains(&name)
}

/// Whether a tag is a release tag `go1.N` (N all digits).
fn is_release_tag(tag: &str) -> bool {
    tag.strip_prefix("go1.")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a tag holds on a platform: its GOOS and GOARCH, `unix` for unix
/// systems, `gc`, every `go1.N` release tag, `cgo` when enabled. `ignore` and
/// unknown tags are false.
///
/// Like go/build's `matchTag`, GOOS `android` also satisfies `linux`,
/// `illumos` satisfies `solaris` and `ios` satisfies `darwin`. The default
/// microarchitecture tags of the go command (`amd64.v1` for GOAMD64=v1,
/// `arm64.v8.0` for GOARM64=v8.0) hold too.
pub fn tag_holds(tag: &str, platform: Platform) -> bool {
    if tag.is_empty() {
        return false;
    }
    if tag == "cgo" {
        return platform.cgo;
    }
    if tag == platform.goos || tag == platform.goarch || tag == "gc" {
        return true;
    }
    let implied_os = matches!(
        (platform.goos, tag),
        ("android", "linux") | ("illumos", "solaris") | ("ios", "darwin")
    );
    if implied_os {
        return true;
    }
    if tag == "unix" {
        return UNIX_OS.contains(&platform.goos);
    }
    if is_release_tag(tag) {
        return true;
    }
    matches!(
        (platform.goarch, tag),
        ("amd64", "amd64.v1") | ("arm64", "arm64.v8.0")
    )
}

/// Whether a file name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix (before
/// `.go`, after stripping `_test`) allows the platform.
///
/// This is go/build's `goodOSArchFile`: the name is cut at its first `.`,
/// everything before the first `_` is ignored (so `linux.go` has no
/// constraint but `_linux.go` does), a final `test` element is dropped, and
/// only the last one or two elements are looked at. A path is reduced to its
/// last component first.
pub fn file_name_allows(file_name: &str, platform: Platform) -> bool {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.split('.').next().unwrap_or(base);
    let Some(underscore) = stem.find('_') else {
        return true;
    };
    let suffix = stem.get(underscore..).unwrap_or("");
    let mut elements: Vec<&str> = suffix.split('_').collect();
    if elements.last() == Some(&"test") {
        elements.pop();
    }
    let last = elements.last().copied();
    let before_last = elements
        .len()
        .checked_sub(2)
        .and_then(|i| elements.get(i))
        .copied();
    match (before_last, last) {
        (Some(os), Some(arch)) if is_known_os(os) && is_known_arch(arch) => {
            tag_holds(arch, platform) && tag_holds(os, platform)
        }
        (_, Some(last)) if is_known_os(last) || is_known_arch(last) => tag_holds(last, platform),
        _ => true,
    }
}

/// Platforms the tests of Go's rules use.
#[cfg(test)]
pub(crate) mod examples {
    use super::Platform;

    pub const LINUX_AMD64: Platform = Platform {
        goos: "linux",
        goarch: "amd64",
        cgo: false,
    };
    pub const LINUX_AMD64_CGO: Platform = Platform {
        goos: "linux",
        goarch: "amd64",
        cgo: true,
    };
    pub const LINUX_ARM64: Platform = Platform {
        goos: "linux",
        goarch: "arm64",
        cgo: false,
    };

    pub fn platform(goos: &'static str, goarch: &'static str) -> Platform {
        Platform {
            goos,
            goarch,
            cgo: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::examples::*;
    use super::*;

    #[test]
    fn tags() {
        let cases = [
            ("linux", LINUX_AMD64, true),
            ("amd64", LINUX_AMD64, true),
            ("arm64", LINUX_AMD64, false),
            ("arm64", LINUX_ARM64, true),
            ("darwin", LINUX_AMD64, false),
            ("unix", LINUX_AMD64, true),
            ("unix", platform("darwin", "arm64"), true),
            ("unix", platform("windows", "amd64"), false),
            ("unix", platform("js", "wasm"), false),
            ("unix", platform("plan9", "amd64"), false),
            ("gc", LINUX_AMD64, true),
            ("gccgo", LINUX_AMD64, false),
            ("cgo", LINUX_AMD64, false),
            ("cgo", LINUX_AMD64_CGO, true),
            ("ignore", LINUX_AMD64, false),
            ("tools", LINUX_AMD64, false),
            ("integration", LINUX_AMD64, false),
            ("go1.1", LINUX_AMD64, true),
            ("go1.21", LINUX_AMD64, true),
            ("go1.9999", LINUX_AMD64, true),
            ("go1.", LINUX_AMD64, false),
            ("go1.21rc1", LINUX_AMD64, false),
            ("go2.1", LINUX_AMD64, false),
            ("go1", LINUX_AMD64, false),
            ("", LINUX_AMD64, false),
            ("amd64.v1", LINUX_AMD64, true),
            ("amd64.v3", LINUX_AMD64, false),
            ("arm64.v8.0", LINUX_ARM64, true),
            ("linux", platform("android", "arm64"), true),
            ("android", LINUX_ARM64, false),
            ("solaris", platform("illumos", "amd64"), true),
            ("illumos", platform("solaris", "amd64"), false),
            ("darwin", platform("ios", "arm64"), true),
            ("ios", platform("darwin", "arm64"), false),
        ];
        for (name, p, want) in cases {
            assert_eq!(tag_holds(name, p), want, "{name:?} on {p:?}");
        }
    }

    #[test]
    fn file_names() {
        let cases = [
            ("main.go", LINUX_AMD64, true),
            ("x_windows.go", LINUX_AMD64, false),
            ("x_linux.go", LINUX_AMD64, true),
            ("x_darwin_arm64.go", LINUX_ARM64, false),
            ("x_darwin_arm64.go", platform("darwin", "arm64"), true),
            ("x_linux_arm64.go", LINUX_ARM64, true),
            ("x_linux_arm64.go", LINUX_AMD64, false),
            ("x_arm64.go", LINUX_AMD64, false),
            ("x_arm64.go", LINUX_ARM64, true),
            ("x_test.go", LINUX_AMD64, true),
            ("linux.go", LINUX_AMD64, true),
            ("windows.go", LINUX_AMD64, true),
            ("amd64.go", LINUX_ARM64, true),
            // The part before the first `_` is ignored, even when empty.
            ("_windows.go", LINUX_AMD64, false),
            ("_linux.go", LINUX_AMD64, true),
            ("linux_amd64.go", LINUX_ARM64, false),
            ("linux_amd64.go", LINUX_AMD64, true),
            ("windows_test.go", LINUX_AMD64, true),
            ("foo_linux_test.go", LINUX_AMD64, true),
            ("foo_windows_test.go", LINUX_AMD64, false),
            ("foo_windows_amd64_test.go", LINUX_AMD64, false),
            ("foo_linux_amd64_test.go", LINUX_AMD64, true),
            ("x_foo.go", LINUX_AMD64, true),
            ("x_unix.go", platform("windows", "amd64"), true),
            ("x_windows_foo.go", LINUX_AMD64, true),
            // GOARCH then GOOS is not a pair: only the last element counts.
            ("x_amd64_windows.go", LINUX_AMD64, false),
            ("x_arm64_linux.go", LINUX_AMD64, true),
            // An OS before an unknown arch-like element is not a pair.
            ("x_windows_test_linux.go", LINUX_AMD64, true),
            ("x_linux_test_test.go", LINUX_AMD64, true),
            // Go cuts at the first dot.
            ("x_windows.pb.go", LINUX_AMD64, false),
            ("x.windows_amd64.go", LINUX_AMD64, true),
            ("x_linux_", LINUX_AMD64, true),
            ("x__.go", LINUX_AMD64, true),
            ("", LINUX_AMD64, true),
            ("_", LINUX_AMD64, true),
            ("_.go", LINUX_AMD64, true),
            ("_test.go", LINUX_AMD64, true),
            ("cmd/tool_windows/main.go", LINUX_AMD64, true),
            ("cmd/tool/main_windows.go", LINUX_AMD64, false),
            ("x_linux.go", platform("android", "arm64"), true),
            ("x_solaris.go", platform("illumos", "amd64"), true),
            ("x_darwin_arm64.go", platform("ios", "arm64"), true),
            ("x_wasip1_wasm.go", LINUX_AMD64, false),
            ("x_zos_s390x.go", LINUX_AMD64, false),
            ("x_loong64.go", LINUX_AMD64, false),
            ("x_mips64p32le.go", LINUX_AMD64, false),
            ("x_hurd.go", LINUX_AMD64, false),
        ];
        for (name, p, want) in cases {
            assert_eq!(file_name_allows(name, p), want, "{name:?} on {p:?}");
        }
    }

    #[test]
    fn linux_platforms() {
        assert_eq!(LINUX_PLATFORMS, [("linux", "amd64"), ("linux", "arm64")]);
    }
}
