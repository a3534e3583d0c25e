//! What a name or an address says about a port: whether a flag, field,
//! variable, configuration key or environment variable names a listen
//! address, a secondary endpoint (metrics, admin, debug) or a client's
//! target (a database); which host an address binds; and whether a literal
//! is a port at all.

/// Words that name a listen address or port.
const LISTEN_WORDS: [&str; 8] = [
    "port",
    "addr",
    "address",
    "listen",
    "bind",
    "laddr",
    "listenaddr",
    "listenport",
];

/// Words ending in `port` or `addr` that are not about ports.
const NOT_PORTS: [&str; 9] = [
    "report",
    "import",
    "export",
    "support",
    "transport",
    "passport",
    "sport",
    "airport",
    "teleport",
];

/// Words that name what a program connects to, not what it serves: a port
/// named `db-port` or a `redis.Options{Addr: …}` is a client's target.
const CLIENT_WORDS: [&str; 46] = [
    "db",
    "database",
    "postgres",
    "postgresql",
    "pg",
    "psql",
    "sql",
    "mysql",
    "mariadb",
    "mssql",
    "sqlserver",
    "oracle",
    "redis",
    "mongo",
    "mongodb",
    "smtp",
    "mail",
    "imap",
    "kafka",
    "broker",
    "amqp",
    "rabbit",
    "rabbitmq",
    "nats",
    "memcache",
    "memcached",
    "elastic",
    "elasticsearch",
    "ldap",
    "upstream",
    "remote",
    "target",
    "backend",
    "consul",
    "etcd",
    "zookeeper",
    "statsd",
    "jaeger",
    "otlp",
    "collector",
    "sentry",
    "influx",
    "clickhouse",
    "cassandra",
    "vault",
    "client",
];

/// Words that name an endpoint beside the service: metrics, admin, debug
/// and profiling, health, cluster gossip.
const SECONDARY_WORDS: [&str; 30] = [
    "metrics",
    "metric",
    "prometheus",
    "prom",
    "admin",
    "debug",
    "pprof",
    "profiling",
    "profile",
    "profiler",
    "health",
    "healthz",
    "healthcheck",
    "status",
    "diag",
    "diagnostics",
    "mgmt",
    "management",
    "monitor",
    "monitoring",
    "telemetry",
    "gossip",
    "cluster",
    "peer",
    "raft",
    "ops",
    "internal",
    "expvar",
    "probe",
    "trace",
];

/// Words of a condition that only a debugging run meets.
const DEBUG_WORDS: [&str; 5] = ["debug", "pprof", "profile", "profiling", "profiler"];

/// The lowercase words of an identifier, a flag name or a key:
/// `HTTPPort` → `http port`, `web.listen-address` → `web listen address`,
/// `GRPC_PORT` → `grpc port`.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let characters: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (index, &character) in characters.iter().enumerate() {
            let previous = index.checked_sub(1).map(|i| characters[i]);
            let next = characters.get(index + 1).copied();
            let boundary = character.is_ascii_uppercase()
                && previous.is_some_and(|previous| {
                    previous.is_ascii_lowercase()
                        || previous.is_ascii_digit()
                        || (previous.is_ascii_uppercase()
                            && next.is_some_and(|next| next.is_ascii_lowercase()))
                });
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(character.to_ascii_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// What a name says about the port it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// A listen address or port of the service.
    Service,
    /// A listen address or port of a metrics, admin or debug endpoint.
    Secondary,
    /// Something the program connects to (`db-port`), or not a port at all.
    NotListen,
}

fn is_listen_word(word: &str) -> bool {
    LISTEN_WORDS.contains(&word)
        || ((word.ends_with("port") || word.ends_with("addr")) && !NOT_PORTS.contains(&word))
}

/// What the names around a port say: `names` hold its own name (`port`,
/// `metrics-addr`, `DB_PORT`), which must name a listen address, and
/// `context` words from around it (a struct literal's type, a variable).
pub fn naming(name: &str, context: &[String]) -> Naming {
    let own = words(name);
    if !own.iter().any(|word| is_listen_word(word)) {
        return Naming::NotListen;
    }
    context_naming(own.iter().chain(context))
}

/// What context words alone say of a port found where a listen address is
/// expected (a listen call, an `Addr:` field).
pub fn context_naming<'a>(words: impl IntoIterator<Item = &'a String>) -> Naming {
    let mut naming = Naming::Service;
    for word in words {
        if CLIENT_WORDS.contains(&word.as_str()) {
            return Naming::NotListen;
        }
        if SECONDARY_WORDS.contains(&word.as_str()) {
            naming = Naming::Secondary;
        }
    }
    naming
}

/// Whether any of `words` names a debugging or profiling switch.
pub fn is_debug(words: &[String]) -> bool {
    words
        .iter()
        .any(|word| DEBUG_WORDS.contains(&word.as_str()))
}

/// Whether any of `words` names a secondary endpoint.
pub fn is_secondary(words: &[String]) -> bool {
    words
        .iter()
        .any(|word| SECONDARY_WORDS.contains(&word.as_str()))
}

/// Which interfaces an address listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// Every interface: `:8080`, `0.0.0.0:8080`, `[::]:8080`.
    Any,
    /// The loopback interface only: unreachable from outside a container.
    Loopback,
    /// A named host: a listen address of one interface, or a client's target.
    Named,
}

/// The host and port of an address with an explicit port (`":8080"`,
/// `"0.0.0.0:8080"`, `"[::1]:6060"`, `"localhost:8080"`); port 0 (any) is
/// none, as is a port name (`":http"`).
pub fn address(text: &str) -> Option<(Host, u16)> {
    let (host, port) = text.rsplit_once(':')?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let valid = host.is_empty()
        || (host.starts_with('[') && host.ends_with(']'))
        || host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !valid {
        return None;
    }
    let kind = match bare {
        "" | "0.0.0.0" | "::" => Host::Any,
        "localhost" | "::1" | "ip6-localhost" => Host::Loopback,
        loopback if loopback.starts_with("127.") => Host::Loopback,
        _ => Host::Named,
    };
    Some((kind, bare_port(port)?))
}

/// `"8080"` or `":8080"`: a port between 1 and 65535.
pub fn bare_port(text: &str) -> Option<u16> {
    let digits = text.strip_prefix(':').unwrap_or(text);
    if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u16>().ok().filter(|port| *port != 0)
}

/// A literal that holds a port, as an address or alone, and its host.
pub fn port_of(text: &str) -> Option<(Host, u16)> {
    address(text).or_else(|| bare_port(text).map(|port| (Host::Any, port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_identifiers_flags_and_variables() {
        for (name, want) in [
            ("HTTPPort", vec!["http", "port"]),
            ("webListenAddress", vec!["web", "listen", "address"]),
            ("GRPC_PORT", vec!["grpc", "port"]),
            ("web.listen-address", vec!["web", "listen", "address"]),
            ("metricsAddr", vec!["metrics", "addr"]),
            ("DBPort", vec!["db", "port"]),
            ("port", vec!["port"]),
            ("http2Port", vec!["http2", "port"]),
        ] {
            assert_eq!(words(name), want, "{name}");
        }
    }

    #[test]
    fn names_say_service_secondary_or_not_a_listen_port() {
        for (name, want) in [
            ("port", Naming::Service),
            ("addr", Naming::Service),
            ("http-addr", Naming::Service),
            ("web.listen-address", Naming::Service),
            ("ListenPort", Naming::Service),
            ("httpport", Naming::Service),
            ("GRPC_PORT", Naming::Service),
            ("metrics-addr", Naming::Secondary),
            ("pprofAddr", Naming::Secondary),
            ("ADMIN_PORT", Naming::Secondary),
            ("db-port", Naming::NotListen),
            ("REDIS_ADDR", Naming::NotListen),
            ("report", Naming::NotListen),
            ("transport", Naming::NotListen),
            ("name", Naming::NotListen),
            ("workers", Naming::NotListen),
        ] {
            assert_eq!(naming(name, &[]), want, "{name}");
        }
        assert_eq!(naming("Addr", &words("redis.Options")), Naming::NotListen);
    }

    #[test]
    fn addresses_and_their_hosts() {
        for (text, want) in [
            (":8080", Some((Host::Any, 8080))),
            ("0.0.0.0:80", Some((Host::Any, 80))),
            ("[::]:443", Some((Host::Any, 443))),
            ("localhost:6060", Some((Host::Loopback, 6060))),
            ("127.0.0.1:9000", Some((Host::Loopback, 9000))),
            ("[::1]:9000", Some((Host::Loopback, 9000))),
            ("db.internal:5432", Some((Host::Named, 5432))),
            (":0", None),
            (":http", None),
            ("8080", None),
            (":99999", None),
            ("a b:80", None),
        ] {
            assert_eq!(address(text), want, "{text}");
        }
        assert_eq!(port_of("8080"), Some((Host::Any, 8080)));
        assert_eq!(port_of(":8080"), Some((Host::Any, 8080)));
        assert_eq!(port_of("0"), None);
    }
}
