//! Where a Go file says a program listens: every idiom real servers use to
//! set their port, each found with its line and how much it says.
//!
//! Found: a literal address passed to a listen call (`net.Listen`,
//! `http.ListenAndServe`, gin's `Run`, echo's `Start`); `Addr: ":8080"` in a
//! struct literal; config and options defaults (`Port: 8081`,
//! `"server.port": 8080`, `viper.SetDefault("port", 8080)`, struct tags
//! `default:"8080"`, `const DefaultPort = 8080`, `addr := ":8080"`); flag
//! defaults of the standard library, pflag/cobra (`StringVarP`, `IntP`, …),
//! urfave/cli (`&cli.StringFlag{Name: "addr", Value: ":8000"}`) and kingpin
//! (`Flag("web.listen-address", …).Default(":9093")`); and environment
//! defaults (`getEnv("PORT", "80")`, a default shortly after
//! `os.Getenv("GRPC_PORT")`).
//!
//! Not believed: a listener on a loopback address (pprof on
//! `localhost:6060`), a port named for what the program connects to
//! (`db-port`, `redis.Options{Addr: …}`), a named host in a config. Kept but
//! never confident: ports named like a metrics, admin or debug endpoint, and
//! listeners that start only behind a debug condition. Pure: tokens in,
//! [`PortUse`]s out.
mod names;
#[cfg(test)]
mod tests;

use serde::Serialize;

use super::lexer::{string_value, token_text, Ending, Kind, Token};
use names::{Host, Naming};

/// Which idiom named a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PortPattern {
    /// A literal address passed to a listen call.
    ListenCall,
    /// `Addr: ":8080"` in a struct literal (`http.Server`).
    AddrField,
    /// The default of a command-line flag named like a listen address.
    Flag,
    /// The default of an environment variable named like a port.
    EnvDefault,
    /// A config or options struct's field (`Port: 8081`).
    ConfigField,
    /// A configuration default by key (`SetDefault("port", …)`, `"port": …`).
    ConfigKey,
    /// A struct tag's default (`default:"8080"`, `envDefault:":8080"`).
    StructTag,
    /// A constant or variable named like a port or address.
    Constant,
}

impl PortPattern {
    /// How this pattern reads in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            PortPattern::ListenCall => "an address passed to a listen call",
            PortPattern::AddrField => "a server's Addr field",
            PortPattern::Flag => "a listen flag's default",
            PortPattern::EnvDefault => "an environment variable's default",
            PortPattern::ConfigField => "a config struct's default",
            PortPattern::ConfigKey => "a configuration default",
            PortPattern::StructTag => "a struct tag's default",
            PortPattern::Constant => "a constant named like a port",
        }
    }
}

/// How strongly a find says the program serves on that port by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A metrics, admin or debug endpoint, or a listener behind a debug
    /// condition: listed, never exposed on its own.
    Low,
    /// A default in a config, a constant or a configuration key.
    Medium,
    /// What the program listens on unless told otherwise: a listen call's
    /// literal, a server's `Addr`, a listen flag's or variable's default.
    High,
}

/// A port a file names, where and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortUse {
    pub port: u16,
    /// The 1-based line of the literal.
    pub line: u32,
    pub pattern: PortPattern,
    pub confidence: Confidence,
    /// The flag, field, key, constant or variable naming it, when one does.
    pub name: Option<String>,
    /// Why it is not confident, when it is not.
    pub note: Option<&'static str>,
}

/// Calls whose string arguments are listen addresses.
const LISTEN_CALLS: [&str; 8] = [
    "Listen",
    "ListenPacket",
    "ListenAndServe",
    "ListenAndServeTLS",
    "ListenTLS",
    "ListenUDP",
    "Run",
    "Start",
];

/// Flag definitions of the standard `flag` package and pflag (cobra).
const FLAG_CALLS: [&str; 24] = [
    "String",
    "StringVar",
    "StringP",
    "StringVarP",
    "Int",
    "IntVar",
    "IntP",
    "IntVarP",
    "Uint",
    "UintVar",
    "UintP",
    "UintVarP",
    "Uint16",
    "Uint16Var",
    "Uint16P",
    "Uint16VarP",
    "Int64",
    "Int64Var",
    "Int64P",
    "Int64VarP",
    "Uint32",
    "Uint32Var",
    "Uint32P",
    "Uint32VarP",
];

/// How many tokens after `Getenv("PORT")` a default may appear.
const ENV_DEFAULT_WINDOW: usize = 24;

/// A block the scanner is in, and what its `if` condition or function name
/// says.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    /// The `{` token.
    open: usize,
    /// Only a debugging run enters it.
    debug: bool,
    /// It serves a metrics, admin or health endpoint.
    secondary: bool,
}

/// Whether a file's text may name a listen port at all: a listen call, an
/// address or port field, flag or variable, or a configuration default.
/// A cheap test that keeps the scanner off the other files.
pub fn may_name_ports(source: &[u8]) -> bool {
    const NEEDLES: [&[u8]; 18] = [
        b"Listen",
        b"listen",
        b"Addr",
        b"addr",
        b"PORT",
        b"Port",
        b"port :",
        b"port =",
        b"\"port",
        b".port",
        b"-port",
        b"_port",
        b"Run(",
        b"Start(",
        b"Bind",
        b"bind",
        b"efault:\"",
        b"SetDefault",
    ];
    NEEDLES
        .iter()
        .any(|needle| memchr::memmem::find(source, needle).is_some())
}

/// Every port `toks` (the file's tokens, comments left out) name.
pub(in crate::go::source) fn find(src: &[u8], toks: &[Token]) -> Vec<PortUse> {
    let mut scanner = Scanner {
        src,
        toks,
        frames: Vec::new(),
        found: Vec::new(),
    };
    scanner.run();
    let mut found = scanner.found;
    // One find per line and port: the most confident.
    found.sort_by(|a, b| (a.line, a.port, b.confidence).cmp(&(b.line, b.port, a.confidence)));
    found.dedup_by(|later, kept| later.line == kept.line && later.port == kept.port);
    found
}

struct Scanner<'a> {
    src: &'a [u8],
    toks: &'a [Token],
    frames: Vec<Frame>,
    found: Vec<PortUse>,
}

impl Scanner<'_> {
    fn text(&self, index: usize) -> &[u8] {
        self.toks
            .get(index)
            .map_or(&[][..], |tok| token_text(self.src, tok))
    }

    fn is(&self, index: usize, punct: u8) -> bool {
        self.toks.get(index).is_some_and(|tok| tok.is_punct(punct))
    }

    fn ident(&self, index: usize) -> Option<String> {
        let tok = self.toks.get(index)?;
        (tok.kind == Kind::Ident).then(|| String::from_utf8_lossy(self.text(index)).into_owned())
    }

    /// The value of a closed string literal token.
    fn string(&self, index: usize) -> Option<String> {
        let tok = self.toks.get(index)?;
        (matches!(tok.kind, Kind::Str | Kind::RawStr) && tok.ending == Ending::Closed)
            .then(|| string_value(self.src, tok))
    }

    /// The port a literal token holds: a string address or port, or a number.
    fn literal_port(&self, index: usize) -> Option<(Host, u16)> {
        match self.toks.get(index)?.kind {
            Kind::Number => names::bare_port(&String::from_utf8_lossy(self.text(index)))
                .map(|port| (Host::Any, port)),
            _ => names::port_of(&self.string(index)?),
        }
    }

    fn line(&self, index: usize) -> u32 {
        self.toks
            .get(index)
            .map_or(0, |tok| u32::try_from(tok.start_line).unwrap_or(u32::MAX))
    }

    /// Whether the enclosing blocks run only when debugging, or serve a
    /// secondary endpoint.
    fn context(&self) -> (bool, bool) {
        (
            self.frames.iter().any(|frame| frame.debug),
            self.frames.iter().any(|frame| frame.secondary),
        )
    }

    fn run(&mut self) {
        let mut depth = 0usize;
        let mut pending: Option<(usize, Frame)> = None;
        for index in 0..self.toks.len() {
            match self.toks[index].kind {
                Kind::Punct(b'(' | b'[') => depth += 1,
                Kind::Punct(b')' | b']') => depth = depth.saturating_sub(1),
                Kind::Punct(b'{') => {
                    let frame = match pending.take() {
                        Some((at, frame)) if at == depth => frame,
                        other => {
                            pending = other;
                            Frame::default()
                        }
                    };
                    self.frames.push(Frame {
                        open: index,
                        ..frame
                    });
                }
                Kind::Punct(b'}') => {
                    self.frames.pop();
                }
                Kind::Ident => {
                    let word = self.text(index);
                    if word == b"if" || word == b"switch" {
                        pending = Some((depth, self.condition(index + 1)));
                    } else if word == b"func" {
                        if let Some(frame) = self.function(index + 1) {
                            pending = Some((depth, frame));
                        }
                    } else {
                        self.at_identifier(index);
                    }
                }
                Kind::RawStr | Kind::Str => self.at_string(index),
                _ => {}
            }
        }
    }

    /// What an `if` condition says, up to the `{` that opens its block.
    fn condition(&self, from: usize) -> Frame {
        let mut words = Vec::new();
        let mut depth = 0usize;
        for index in from..self.toks.len() {
            match self.toks[index].kind {
                Kind::Punct(b'(' | b'[') => depth += 1,
                Kind::Punct(b')' | b']') => depth = depth.saturating_sub(1),
                Kind::Punct(b'{') if depth == 0 => break,
                Kind::Ident => {
                    words.extend(names::words(&String::from_utf8_lossy(self.text(index))))
                }
                _ => {}
            }
        }
        Frame {
            open: 0,
            debug: names::is_debug(&words),
            secondary: names::is_secondary(&words),
        }
    }

    /// What a function's name says (`func startPprof()`, `func (s *S)
    /// serveMetrics()`); `None` for a function literal.
    fn function(&self, from: usize) -> Option<Frame> {
        let mut at = from;
        if self.is(at, b'(') {
            // A method's receiver, then its name.
            let close = self.closing(at)?;
            at = close + 1;
        }
        let name = self.ident(at)?;
        let words = names::words(&name);
        Some(Frame {
            open: 0,
            debug: names::is_debug(&words),
            secondary: names::is_secondary(&words),
        })
    }

    /// The index of the bracket closing the one at `open`.
    fn closing(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        for index in open..self.toks.len() {
            match self.toks[index].kind {
                Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
                Kind::Punct(b')' | b']' | b'}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(index);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The arguments of the call whose `(` is at `open`, each as its token
    /// indices at depth 1.
    fn arguments(&self, open: usize) -> Vec<Vec<usize>> {
        let mut arguments: Vec<Vec<usize>> = vec![Vec::new()];
        let mut depth = 0usize;
        for index in open..self.toks.len() {
            match self.toks[index].kind {
                Kind::Punct(b'(' | b'[' | b'{') => {
                    depth += 1;
                    if depth == 1 {
                        continue;
                    }
                }
                Kind::Punct(b')' | b']' | b'}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                Kind::Punct(b',') if depth == 1 => {
                    arguments.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            if let Some(argument) = arguments.last_mut() {
                argument.push(index);
            }
        }
        arguments.retain(|argument| !argument.is_empty());
        arguments
    }

    /// Records a port found at token `at`, unless the names around it say
    /// it is not a listen port of this program.
    fn record(
        &mut self,
        at: usize,
        (host, port): (Host, u16),
        pattern: PortPattern,
        name: Option<String>,
        naming: Naming,
    ) {
        let (debug, secondary_block) = self.context();
        let strong = matches!(
            pattern,
            PortPattern::ListenCall
                | PortPattern::AddrField
                | PortPattern::Flag
                | PortPattern::EnvDefault
        );
        let (confidence, note) = match (naming, host) {
            (Naming::NotListen, _) | (_, Host::Loopback) => return,
            // A config naming another host is a client's target.
            (_, Host::Named) if pattern != PortPattern::ListenCall => return,
            (Naming::Secondary, _) => (
                Confidence::Low,
                Some("named like a metrics, admin or debug endpoint"),
            ),
            _ if debug => (Confidence::Low, Some("only behind a debug condition")),
            _ if secondary_block => (
                Confidence::Low,
                Some("in code serving a metrics, admin or debug endpoint"),
            ),
            (_, Host::Named) => (Confidence::Medium, Some("listens on one named host")),
            _ if strong => (Confidence::High, None),
            _ => (Confidence::Medium, None),
        };
        self.found.push(PortUse {
            port,
            line: self.line(at),
            pattern,
            confidence,
            name,
            note,
        });
    }

    fn at_identifier(&mut self, index: usize) {
        // Only a call, a key or a declaration can name a port: the others
        // are passed over without an allocation.
        let call = self.is(index + 1, b'(');
        let next_kind = self.toks.get(index + 1).map(|tok| tok.kind);
        let may_declare = matches!(next_kind, Some(Kind::Ident | Kind::Punct(b':' | b'=')));
        if !call && !may_declare {
            return;
        }
        if call && !self.is_string_or_call_of_interest(index) {
            return;
        }
        let Some(word) = self.ident(index) else {
            return;
        };
        if call && LISTEN_CALLS.contains(&word.as_str()) {
            self.listen_call(index + 1);
        } else if call && FLAG_CALLS.contains(&word.as_str()) {
            self.flag_call(index + 1, word.ends_with('P'));
        } else if call && word == "Flag" {
            self.kingpin_flag(index + 1);
        } else if call && word == "SetDefault" {
            self.keyed_default(index + 1);
        } else if call && (word == "Getenv" || word == "LookupEnv") {
            self.env_lookup(index + 1);
        } else if call {
            self.env_helper(index + 1);
        } else if self.is(index + 1, b':') && self.is_key(index) {
            self.composite_key(index, &word);
        } else {
            self.declaration(index, &word);
        }
    }

    /// Whether the call at `index` may name a port: a listen, flag, config
    /// or environment call, or one whose first argument is a string (an
    /// environment helper).
    fn is_string_or_call_of_interest(&self, index: usize) -> bool {
        let word = self.text(index);
        let known = |names: &[&str]| names.iter().any(|name| name.as_bytes() == word);
        known(&LISTEN_CALLS)
            || known(&FLAG_CALLS)
            || known(&["Flag", "SetDefault", "Getenv", "LookupEnv"])
            || self
                .toks
                .get(index + 2)
                .is_some_and(|tok| matches!(tok.kind, Kind::Str | Kind::RawStr))
    }

    /// `net.Listen("tcp", ":8080")`: string literals at depth 1.
    fn listen_call(&mut self, open: usize) {
        for argument in self.arguments(open) {
            if let [only] = argument[..] {
                if let Some(found) = self.string(only).as_deref().and_then(names::address) {
                    self.record(only, found, PortPattern::ListenCall, None, Naming::Service);
                }
            }
        }
    }

    /// `flag.String("addr", ":8080", …)`, `cmd.Flags().IntVarP(&p, "port",
    /// "p", 8080, …)`: the default after the first string argument, skipping
    /// a pflag shorthand.
    fn flag_call(&mut self, open: usize, shorthand: bool) {
        let arguments = self.arguments(open);
        let Some(position) = arguments
            .iter()
            .position(|argument| argument.len() == 1 && self.string(argument[0]).is_some())
        else {
            return;
        };
        let Some(name) = self.string(arguments[position][0]) else {
            return;
        };
        let mut next = position + 1;
        if shorthand
            && arguments.get(next).is_some_and(|argument| {
                argument.len() == 1 && self.string(argument[0]).is_some_and(|s| s.len() <= 1)
            })
        {
            next += 1;
        }
        if let Some([default]) = arguments.get(next).map(Vec::as_slice) {
            self.named_literal(*default, PortPattern::Flag, &name, &[]);
        }
    }

    /// kingpin: `Flag("web.listen-address", "…").Default(":9093")`.
    fn kingpin_flag(&mut self, open: usize) {
        let arguments = self.arguments(open);
        let Some(name) = arguments
            .first()
            .filter(|argument| argument.len() == 1)
            .and_then(|argument| self.string(argument[0]))
        else {
            return;
        };
        let mut at = match self.closing(open) {
            Some(close) => close + 1,
            None => return,
        };
        // Along the chain of `.Method(…)` calls.
        while self.is(at, b'.') && self.is(at + 2, b'(') {
            let method = self.ident(at + 1);
            let open = at + 2;
            if method.as_deref() == Some("Default") {
                if let Some([default]) = self.arguments(open).first().map(Vec::as_slice) {
                    self.named_literal(*default, PortPattern::Flag, &name, &[]);
                }
                return;
            }
            at = match self.closing(open) {
                Some(close) => close + 1,
                None => return,
            };
        }
    }

    /// viper/koanf: `SetDefault("server.port", 8080)`.
    fn keyed_default(&mut self, open: usize) {
        let arguments = self.arguments(open);
        if let [key, value] = &arguments[..] {
            if let (Some(name), [value]) = (
                key.first()
                    .filter(|_| key.len() == 1)
                    .and_then(|k| self.string(*k)),
                value.as_slice(),
            ) {
                self.named_literal(*value, PortPattern::ConfigKey, &name, &[]);
            }
        }
    }

    /// `os.Getenv("GRPC_PORT")`, then the first port literal within a few
    /// tokens (`if port == "" { port = "50051" }`, `cmp.Or(…, "8080")`).
    fn env_lookup(&mut self, open: usize) {
        let Some(variable) = self.string(open + 1) else {
            return;
        };
        if !self.is(open + 2, b')') || !is_environment_name(&variable) {
            return;
        }
        let naming = names::naming(&variable, &[]);
        if naming == Naming::NotListen {
            return;
        }
        let end = self.toks.len().min(open + 3 + ENV_DEFAULT_WINDOW);
        let default = (open + 3..end).find(|index| {
            self.string(*index)
                .as_deref()
                .and_then(names::port_of)
                .is_some()
        });
        if let Some(index) = default {
            if let Some(found) = self.string(index).as_deref().and_then(names::port_of) {
                self.record(
                    index,
                    found,
                    PortPattern::EnvDefault,
                    Some(variable),
                    naming,
                );
            }
        }
    }

    /// `getEnv("PORT", "80")`, `envOr("HTTP_ADDR", ":8080")`: a helper whose
    /// first argument names a port variable and whose second is a default.
    fn env_helper(&mut self, open: usize) {
        let arguments = self.arguments(open);
        let Some(variable) = arguments
            .first()
            .filter(|argument| argument.len() == 1)
            .and_then(|argument| self.string(argument[0]))
        else {
            return;
        };
        if !is_environment_name(&variable) {
            return;
        }
        if let Some([default]) = arguments.get(1).map(Vec::as_slice) {
            self.named_literal(*default, PortPattern::EnvDefault, &variable, &[]);
        }
    }

    /// A literal at `at` that holds a port, named by `name`.
    fn named_literal(&mut self, at: usize, pattern: PortPattern, name: &str, context: &[String]) {
        let naming = names::naming(name, context);
        if naming == Naming::NotListen {
            return;
        }
        if let Some(found) = self.literal_port(at) {
            self.record(at, found, pattern, Some(name.to_string()), naming);
        }
    }

    /// Whether the identifier at `index` is a key of a composite literal
    /// (after `{` or `,`, not a label or a `case`).
    /// A `:=` right after a block's `{` is a short variable declaration.
    fn is_key(&self, index: usize) -> bool {
        index > 0
            && (self.is(index - 1, b'{') || self.is(index - 1, b','))
            && !self.is(index + 2, b'=')
    }

    /// The literal value of a key at `key` (`Port: 8081,`), when the value
    /// is one token followed by `,` or `}`.
    fn key_value(&self, key: usize) -> Option<usize> {
        let value = key + 2;
        let kind = self.toks.get(value)?.kind;
        (matches!(kind, Kind::Str | Kind::RawStr | Kind::Number)
            && (self.is(value + 1, b',') || self.is(value + 1, b'}')))
        .then_some(value)
    }

    /// `Addr: ":8080"`, `Port: 8081`, `ListenAddr: …` in a struct literal;
    /// urfave/cli's `Value:` beside a listen-like `Name:`.
    fn composite_key(&mut self, key: usize, word: &str) {
        let Some(value) = self.key_value(key) else {
            return;
        };
        let open = self.frames.last().map_or(0, |frame| frame.open);
        let context = self.literal_context(open);
        if word == "Value" {
            if let Some(name) = self.sibling_string(open, key, "Name") {
                self.named_literal(value, PortPattern::Flag, &name, &context);
            }
            return;
        }
        if self.names_other_host(open, key) {
            return;
        }
        if word == "Addr" {
            let naming = names::context_naming(&context);
            if let Some(found) = self.string(value).as_deref().and_then(names::address) {
                self.record(
                    value,
                    found,
                    PortPattern::AddrField,
                    Some(word.to_string()),
                    naming,
                );
            }
            return;
        }
        self.named_literal(value, PortPattern::ConfigField, word, &context);
    }

    /// The words that say what a composite literal at `open` is: its type
    /// (`redis.Options`, `DBConfig`) and the variable it is assigned to.
    fn literal_context(&self, open: usize) -> Vec<String> {
        let mut words = Vec::new();
        let mut at = open;
        // The type: `pkg.Type`, `Type`, `&pkg.Type`.
        while at > 0 {
            at -= 1;
            match self.toks[at].kind {
                Kind::Ident => words.extend(names::words(&String::from_utf8_lossy(self.text(at)))),
                Kind::Punct(b'.') => {}
                _ => break,
            }
        }
        // `name := &Type{`, `name = Type{`.
        let mut before = at;
        if self.is(before, b'&') {
            before = before.saturating_sub(1);
        }
        if self.is(before, b'=') {
            let mut name = before.saturating_sub(1);
            if self.is(name, b':') {
                name = name.saturating_sub(1);
            }
            if let Some(variable) = self.ident(name) {
                words.extend(names::words(&variable));
            }
        }
        words
    }

    /// The string value of key `wanted` in the literal opened at `open`,
    /// looking before `key`.
    fn sibling_string(&self, open: usize, key: usize, wanted: &str) -> Option<String> {
        (open + 1..key).find_map(|index| {
            (self.ident(index).as_deref() == Some(wanted)
                && self.is(index + 1, b':')
                && self.is_key(index))
            .then(|| self.string(index + 2))
            .flatten()
        })
    }

    /// Whether the literal opened at `open` also names a host that is not
    /// every interface (`Host: "db.internal"`, `Host: "localhost"`): then
    /// its port is a client's, or a loopback listener's.
    fn names_other_host(&self, open: usize, key: usize) -> bool {
        let end = self.closing(open).unwrap_or(key);
        (open + 1..end).any(|index| {
            let is_host = self
                .ident(index)
                .is_some_and(|name| matches!(name.as_str(), "Host" | "Hostname" | "Server"));
            is_host
                && self.is(index + 1, b':')
                && self.is_key(index)
                && self
                    .string(index + 2)
                    .is_some_and(|host| !matches!(host.as_str(), "" | "0.0.0.0" | "::"))
        })
    }

    /// `const DefaultPort = 8080`, `var listenAddr = ":8080"`,
    /// `addr := ":8080"` (also with a type: `const Port int = 80`).
    fn declaration(&mut self, index: usize, word: &str) {
        let mut at = index + 1;
        if self.ident(at).is_some() {
            at += 1;
        }
        if self.is(at, b':') {
            at += 1;
        }
        if !self.is(at, b'=') || self.is(at + 1, b'=') {
            return;
        }
        let value = at + 1;
        let ends = self.toks.get(value + 1).is_none_or(|next| {
            next.start_line > self.toks[value].start_line
                || matches!(next.kind, Kind::Punct(b';' | b')' | b'}' | b','))
        });
        if ends {
            self.named_literal(value, PortPattern::Constant, word, &[]);
        }
    }

    /// A struct tag with a default (`default:"8080"`, `envDefault:":8080"`)
    /// on a field or variable named like a port (`Port int`, `env:"PORT"`);
    /// a string key of a map literal (`"server.port": 8080`).
    fn at_string(&mut self, index: usize) {
        if self.is(index + 1, b':') && self.is_key(index) {
            if let (Some(key), Some(value)) = (self.string(index), self.key_value(index)) {
                self.named_literal(value, PortPattern::ConfigKey, &key, &[]);
            }
            return;
        }
        let Some(tag) = self.string(index) else {
            return;
        };
        let Some(default) = tag_value(&tag, "default").or_else(|| tag_value(&tag, "envDefault"))
        else {
            return;
        };
        let line = self.toks[index].start_line;
        let field = (0..index)
            .rev()
            .take_while(|at| self.toks[*at].start_line == line)
            .filter_map(|at| self.ident(at))
            .last();
        let variable = tag_value(&tag, "env").or_else(|| tag_value(&tag, "envconfig"));
        let name = [field, variable]
            .into_iter()
            .flatten()
            .find(|name| names::naming(name, &[]) != Naming::NotListen);
        if let (Some(name), Some(found)) = (name, names::port_of(&default)) {
            let naming = names::naming(&name, &[]);
            self.record(index, found, PortPattern::StructTag, Some(name), naming);
        }
    }
}

/// An environment variable's name: upper-case letters, digits, underscores.
fn is_environment_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The value of `key:"…"` in a struct tag.
fn tag_value(tag: &str, key: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(&format!("{key}:\"")) {
        let before = rest[..at].chars().last();
        let after = &rest[at + key.len() + 2..];
        if before.is_none_or(|c| c == ' ') {
            return after.split_once('"').map(|(value, _)| value.to_string());
        }
        rest = after;
    }
    None
}
