//! Which proxy a request goes through, read from the environment the way Go
//! programs (Docker among them) read it (`golang.org/x/net/http/httpproxy`):
//! `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones (upper case
//! first), `NO_PROXY` to bypass them, and never a proxy for `localhost` or
//! a loopback address.
//!
//! `NO_PROXY` is a comma-separated list of `*` (no proxy at all), IP
//! addresses and CIDR ranges, and domain names, each optionally with a port:
//! `example.com` matches it and its subdomains, `.example.com` only its
//! subdomains. Pure: the environment is passed in.

use std::net::IpAddr;

use super::reference::is_loopback;

/// The proxy settings of one environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxyEnvironment {
    pub https_proxy: Option<String>,
    pub http_proxy: Option<String>,
    pub no_proxy: Option<String>,
}

impl ProxyEnvironment {
    /// Reads `HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`/`http_proxy` and
    /// `NO_PROXY`/`no_proxy` through `variable` (empty values count as unset).
    pub fn from_variables(variable: impl Fn(&str) -> Option<String>) -> ProxyEnvironment {
        let first = |names: [&str; 2]| {
            names
                .iter()
                .filter_map(|name| variable(name))
                .find(|value| !value.trim().is_empty())
        };
        ProxyEnvironment {
            https_proxy: first(["HTTPS_PROXY", "https_proxy"]),
            http_proxy: first(["HTTP_PROXY", "http_proxy"]),
            no_proxy: first(["NO_PROXY", "no_proxy"]),
        }
    }

    /// This process's environment.
    pub fn from_process() -> ProxyEnvironment {
        ProxyEnvironment::from_variables(|name| std::env::var(name).ok())
    }

    /// The proxy URL for a request to `host` (a name or an IP address,
    /// without brackets) on `port` over `scheme`, or `None` to go direct.
    /// A proxy written without a scheme is `http://`.
    pub fn proxy_for(&self, scheme: &str, host: &str, port: u16) -> Option<String> {
        let proxy = match scheme {
            "https" => self.https_proxy.as_deref(),
            "http" => self.http_proxy.as_deref(),
            _ => None,
        }?
        .trim();
        if is_loopback(host) || self.bypasses(host, port) {
            return None;
        }
        Some(if proxy.contains("://") {
            proxy.to_string()
        } else {
            format!("http://{proxy}")
        })
    }

    fn bypasses(&self, host: &str, port: u16) -> bool {
        let Some(no_proxy) = &self.no_proxy else {
            return false;
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let address = host.parse::<IpAddr>().ok();
        no_proxy
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .any(|entry| entry_matches(entry, &host, address, port))
    }
}

fn entry_matches(entry: &str, host: &str, address: Option<IpAddr>, port: u16) -> bool {
    if entry == "*" {
        return true;
    }
    if let Some((network, prefix)) = entry.split_once('/') {
        return match (address, network.parse::<IpAddr>(), prefix.parse::<u8>()) {
            (Some(address), Ok(network), Ok(prefix)) => in_network(address, network, prefix),
            _ => false,
        };
    }
    let (name, entry_port) = split_port(entry);
    if entry_port.is_some_and(|entry_port| entry_port != port) {
        return false;
    }
    if let Ok(entry_address) = name.parse::<IpAddr>() {
        return address == Some(entry_address);
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    // `*.example.com` is `.example.com`.
    let name = name.strip_prefix('*').unwrap_or(&name);
    match name.strip_prefix('.') {
        // `.example.com`: subdomains only.
        Some(suffix) => host.ends_with(&format!(".{suffix}")),
        // `example.com`: itself and its subdomains.
        None => host == name || host.ends_with(&format!(".{name}")),
    }
}

/// `host:port`, `[::1]:80`, or a name without a port.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(bracketed) = entry.strip_prefix('[') {
        if let Some((address, rest)) = bracketed.split_once(']') {
            return (
                address,
                rest.strip_prefix(':').and_then(|port| port.parse().ok()),
            );
        }
    }
    match entry.rsplit_once(':') {
        // One colon: a port; more: an IPv6 address without one.
        Some((name, port)) if !name.contains(':') => (name, port.parse().ok()),
        _ => (entry, None),
    }
}

fn in_network(address: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (address, network) {
        (IpAddr::V4(address), IpAddr::V4(network)) if prefix <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(address) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(address), IpAddr::V6(network)) if prefix <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(address) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(
        https: Option<&str>,
        http: Option<&str>,
        no_proxy: Option<&str>,
    ) -> ProxyEnvironment {
        ProxyEnvironment {
            https_proxy: https.map(Into::into),
            http_proxy: http.map(Into::into),
            no_proxy: no_proxy.map(Into::into),
        }
    }

    #[test]
    fn each_scheme_has_its_own_proxy() {
        let both = environment(Some("http://secure:3128"), Some("plain:8080"), None);
        assert_eq!(
            both.proxy_for("https", "gcr.io", 443).as_deref(),
            Some("http://secure:3128")
        );
        assert_eq!(
            both.proxy_for("http", "mirror.internal", 80).as_deref(),
            Some("http://plain:8080")
        );
        let https_only = environment(Some("http://secure:3128"), None, None);
        assert_eq!(https_only.proxy_for("http", "mirror.internal", 80), None);
        assert_eq!(
            ProxyEnvironment::default().proxy_for("https", "gcr.io", 443),
            None
        );
    }

    #[test]
    fn loopback_is_never_proxied() {
        let proxy = environment(Some("http://p:3128"), Some("http://p:3128"), None);
        for host in ["localhost", "127.0.0.1", "127.0.0.53", "::1"] {
            assert_eq!(proxy.proxy_for("http", host, 5000), None, "{host}");
        }
    }

    #[test]
    fn no_proxy_follows_go() {
        for (no_proxy, host, port, bypassed) in [
            ("*", "gcr.io", 443, true),
            ("gcr.io", "gcr.io", 443, true),
            ("gcr.io", "eu.gcr.io", 443, true),
            ("gcr.io", "notgcr.io", 443, false),
            (".gcr.io", "gcr.io", 443, false),
            (".gcr.io", "eu.gcr.io", 443, true),
            ("*.gcr.io", "eu.gcr.io", 443, true),
            ("GCR.IO.", "gcr.io", 443, true),
            ("gcr.io:443", "gcr.io", 443, true),
            ("gcr.io:8443", "gcr.io", 443, false),
            ("10.0.0.0/8", "10.1.2.3", 443, true),
            ("10.0.0.0/8", "11.1.2.3", 443, false),
            ("10.0.0.0/8", "gcr.io", 443, false),
            ("192.168.1.10", "192.168.1.10", 5000, true),
            ("192.168.1.10:5001", "192.168.1.10", 5000, false),
            ("fd00::/8", "fd12::1", 443, true),
            ("[fd12::1]:443", "fd12::1", 443, true),
            (" other.example , gcr.io ", "gcr.io", 443, true),
            ("", "gcr.io", 443, false),
        ] {
            let proxy = environment(Some("http://p:3128"), None, Some(no_proxy));
            assert_eq!(
                proxy.proxy_for("https", host, port).is_none(),
                bypassed,
                "NO_PROXY={no_proxy:?} for {host}:{port}"
            );
        }
    }

    #[test]
    fn upper_case_variables_come_first_and_empty_ones_are_unset() {
        let environment = ProxyEnvironment::from_variables(|name| match name {
            "HTTPS_PROXY" => Some(String::new()),
            "https_proxy" => Some("http://lower:1".into()),
            "HTTP_PROXY" => Some("http://upper:2".into()),
            "http_proxy" => Some("http://lower:2".into()),
            "no_proxy" => Some("gcr.io".into()),
            _ => None,
        });
        assert_eq!(environment.https_proxy.as_deref(), Some("http://lower:1"));
        assert_eq!(environment.http_proxy.as_deref(), Some("http://upper:2"));
        assert_eq!(environment.no_proxy.as_deref(), Some("gcr.io"));
    }
}
