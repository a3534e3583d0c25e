//! `WWW-Authenticate` challenges (RFC 7235): `Bearer
//! realm="https://…/token",service="…",scope="repository:x:pull"`, as a
//! registry sends them with a 401. Pure text → data.

use std::collections::BTreeMap;

/// One challenge: its scheme (lower-cased) and parameters (names
/// lower-cased, values unquoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub parameters: BTreeMap<String, String>,
}

impl Challenge {
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters.get(name).map(String::as_str)
    }
}

/// Every challenge in a header value; a malformed tail ends the list rather
/// than failing it (the caller reports what it misses).
pub fn parse(header: &str) -> Vec<Challenge> {
    let mut reader = Reader {
        text: header.as_bytes(),
        position: 0,
    };
    let mut challenges = Vec::new();
    loop {
        reader.skip(|byte| byte == b',' || is_space(byte));
        let Some(scheme) = reader.token() else {
            break;
        };
        let mut challenge = Challenge {
            scheme: scheme.to_ascii_lowercase(),
            parameters: BTreeMap::new(),
        };
        // auth-params, or a token68 (`Basic dXNlcg==`), which carries
        // nothing a registry's anonymous flow needs.
        let mut first = true;
        loop {
            reader.skip(is_space);
            let start = reader.position;
            let Some(name) = reader.token() else {
                break;
            };
            reader.skip(is_space);
            let before_equals = reader.position;
            let is_parameter = reader.eat(b'=') && {
                reader.skip(is_space);
                reader.at(b'"')
                    || reader
                        .peek()
                        .is_some_and(|byte| byte != b',' && byte != b'=')
            };
            if !is_parameter {
                if first {
                    // A token68: its padding, then perhaps another challenge.
                    reader.position = before_equals;
                    reader.skip(|byte| byte == b'=');
                } else {
                    // The next challenge's scheme.
                    reader.position = start;
                }
                break;
            }
            first = false;
            let value = if reader.at(b'"') {
                reader.quoted()
            } else {
                Some(reader.until(|byte| byte == b',' || is_space(byte)))
            };
            let Some(value) = value else {
                challenges.push(challenge);
                return challenges;
            };
            challenge
                .parameters
                .insert(name.to_ascii_lowercase(), value);
            reader.skip(is_space);
            if !reader.eat(b',') {
                break;
            }
        }
        challenges.push(challenge);
    }
    challenges
}

fn is_space(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// RFC 7230 `tchar`.
fn is_token(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/".contains(&byte)
}

struct Reader<'a> {
    text: &'a [u8],
    position: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.position).copied()
    }

    fn at(&self, byte: u8) -> bool {
        self.text.get(self.position) == Some(&byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.at(byte);
        if found {
            self.position += 1;
        }
        found
    }

    fn skip(&mut self, mut predicate: impl FnMut(u8) -> bool) {
        while self
            .text
            .get(self.position)
            .is_some_and(|&byte| predicate(byte))
        {
            self.position += 1;
        }
    }

    fn until(&mut self, stop: impl Fn(u8) -> bool) -> String {
        let start = self.position;
        self.skip(|byte| !stop(byte));
        String::from_utf8_lossy(&self.text[start..self.position]).into_owned()
    }

    fn token(&mut self) -> Option<String> {
        let start = self.position;
        self.skip(is_token);
        (self.position > start)
            .then(|| String::from_utf8_lossy(&self.text[start..self.position]).into_owned())
    }

    /// A quoted-string, with `\"` and `\\` unescaped; `None` if unclosed.
    fn quoted(&mut self) -> Option<String> {
        self.position += 1;
        let mut value = Vec::new();
        while let Some(&byte) = self.text.get(self.position) {
            self.position += 1;
            match byte {
                b'"' => return Some(String::from_utf8_lossy(&value).into_owned()),
                b'\\' => {
                    let escaped = *self.text.get(self.position)?;
                    self.position += 1;
                    value.push(escaped);
                }
                _ => value.push(byte),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(header: &str) -> Challenge {
        let mut challenges = parse(header);
        assert_eq!(challenges.len(), 1, "{header}: {challenges:?}");
        challenges.remove(0)
    }

    #[test]
    fn a_registry_bearer_challenge() {
        let challenge = one(
            r#"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:library/debian:pull""#,
        );
        assert_eq!(challenge.scheme, "bearer");
        assert_eq!(
            challenge.parameter("realm"),
            Some("https://auth.example/token")
        );
        assert_eq!(challenge.parameter("service"), Some("registry.example"));
        assert_eq!(
            challenge.parameter("scope"),
            Some("repository:library/debian:pull")
        );
    }

    #[test]
    fn spacing_case_tokens_and_escapes() {
        let challenge = one(
            "BEARER  Realm = \"https://a/token?x=1,y\" , service=reg.example,error=\"say \\\"no\\\"\"",
        );
        assert_eq!(challenge.scheme, "bearer");
        assert_eq!(challenge.parameter("realm"), Some("https://a/token?x=1,y"));
        assert_eq!(challenge.parameter("service"), Some("reg.example"));
        assert_eq!(challenge.parameter("error"), Some("say \"no\""));
    }

    #[test]
    fn several_challenges_in_one_header() {
        let challenges =
            parse(r#"Basic realm="registry", Bearer realm="https://a/token",service="s""#);
        assert_eq!(challenges.len(), 2);
        assert_eq!(challenges[0].scheme, "basic");
        assert_eq!(challenges[0].parameter("realm"), Some("registry"));
        assert_eq!(challenges[1].scheme, "bearer");
        assert_eq!(challenges[1].parameter("service"), Some("s"));
        let challenges = parse("Basic dXNlcjpwYXNz==, Bearer realm=\"r\"");
        assert_eq!(challenges.len(), 2, "{challenges:?}");
        assert_eq!(challenges[1].parameter("realm"), Some("r"));
        assert_eq!(parse("Bearer").len(), 1);
    }

    #[test]
    fn malformed_headers_yield_what_could_be_read() {
        assert!(parse("").is_empty());
        assert!(parse("   ,  ").is_empty());
        let challenge = one(r#"Bearer realm="unclosed"#);
        assert_eq!(challenge.parameter("realm"), None);
        let challenges = parse(r#"Bearer realm="r",service"#);
        assert_eq!(challenges[0].parameter("realm"), Some("r"));
        // Unquoted values run to the next comma, `:` included.
        let challenge = one("Bearer realm=https://a/token,scope=repository:x:pull");
        assert_eq!(challenge.parameter("realm"), Some("https://a/token"));
        assert_eq!(challenge.parameter("scope"), Some("repository:x:pull"));
    }
}
