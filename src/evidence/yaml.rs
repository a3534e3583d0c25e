//! YAML for the config readers (goreleaser, promu, Taskfile): a small tree of
//! scalars, sequences and mappings, each node with its line, loaded with
//! saphyr.
//!
//! saphyr (the maintained successor of yaml-rust2, which the tests already
//! use) keeps every node's position and resolves aliases under a node
//! budget, so a "billion laughs" file cannot exhaust memory; serde_yaml is
//! deprecated and its forks (serde_yaml_ng, serde_norway) give no line
//! numbers. Scalars are kept as written (`1.20` stays `1.20`, not the float
//! 1.2), and merge keys (`<<: *defaults`), which goreleaser's YAML library
//! honours and saphyr leaves alone, are applied here: keys written in the
//! mapping win over merged ones.
use saphyr::{MarkedYaml, ScalarStyle, YamlData, YamlLoader};
use saphyr_parser::Parser;

/// Alias expansion stops past this many nodes (saphyr's own default is
/// 100,000; a build config needs a few hundred).
const ALIAS_LIMIT: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub line: u32,
    pub value: NodeValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NodeValue {
    Null,
    Scalar(String),
    Sequence(Vec<Node>),
    Mapping(Vec<(String, Node)>),
}

/// A YAML syntax error at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: u32,
    pub message: String,
}

/// The first document of `text` (an empty file is a null node).
pub(crate) fn load(text: &str) -> Result<Node, YamlError> {
    let text = super::without_bom(text);
    let mut parser = Parser::new_from_str(text);
    let mut loader: YamlLoader<MarkedYaml> = YamlLoader::default();
    loader.early_parse(false);
    loader.alias_limit(ALIAS_LIMIT);
    let error = |error: saphyr::ScanError| YamlError {
        line: u32::try_from(error.marker().line()).unwrap_or(u32::MAX),
        message: error.info().to_string(),
    };
    parser.load(&mut loader, false).map_err(error)?;
    if let Some(problem) = loader.error() {
        return Err(error(problem.clone()));
    }
    let documents = loader.into_documents();
    Ok(documents.first().map_or(
        Node {
            line: 1,
            value: NodeValue::Null,
        },
        convert,
    ))
}

fn convert(node: &MarkedYaml) -> Node {
    let line = u32::try_from(node.span.start.line()).unwrap_or(u32::MAX);
    let value = match &node.data {
        YamlData::Representation(text, style, _) => {
            let plain = *style == ScalarStyle::Plain;
            if plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL") {
                NodeValue::Null
            } else {
                NodeValue::Scalar(text.to_string())
            }
        }
        YamlData::Value(scalar) => match scalar {
            saphyr::Scalar::Null => NodeValue::Null,
            saphyr::Scalar::Boolean(value) => NodeValue::Scalar(value.to_string()),
            saphyr::Scalar::Integer(value) => NodeValue::Scalar(value.to_string()),
            saphyr::Scalar::FloatingPoint(value) => NodeValue::Scalar(value.to_string()),
            saphyr::Scalar::String(text) => NodeValue::Scalar(text.to_string()),
        },
        YamlData::Sequence(items) => NodeValue::Sequence(items.iter().map(convert).collect()),
        YamlData::Mapping(entries) => {
            let mut own: Vec<(String, Node)> = Vec::new();
            let mut merged: Vec<(String, Node)> = Vec::new();
            for (key, value) in entries {
                let key_node = convert(key);
                let key_text = match &key_node.value {
                    NodeValue::Scalar(text) => text.clone(),
                    _ => continue,
                };
                let value = convert(value);
                if key_text == "<<" {
                    merged.extend(merge_source(value));
                } else {
                    own.push((key_text, value));
                }
            }
            for (key, value) in merged {
                if !own.iter().any(|(existing, _)| *existing == key) {
                    own.push((key, value));
                }
            }
            NodeValue::Mapping(own)
        }
        YamlData::Tagged(_, inner) => return convert(inner),
        YamlData::Alias(_) | YamlData::BadValue => NodeValue::Null,
    };
    Node { line, value }
}

/// The entries a merge key brings: one mapping, or several (earlier ones
/// win).
fn merge_source(value: Node) -> Vec<(String, Node)> {
    match value.value {
        NodeValue::Mapping(entries) => entries,
        NodeValue::Sequence(items) => {
            let mut entries: Vec<(String, Node)> = Vec::new();
            for item in items {
                if let NodeValue::Mapping(more) = item.value {
                    for (key, value) in more {
                        if !entries.iter().any(|(existing, _)| *existing == key) {
                            entries.push((key, value));
                        }
                    }
                }
            }
            entries
        }
        _ => Vec::new(),
    }
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Mapping(entries) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Scalar(text) => Some(text),
            _ => None,
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Node::as_str).map(str::to_string)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.as_str()? {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            NodeValue::Sequence(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            NodeValue::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// A scalar or a sequence of scalars, as a list.
    pub fn strings(&self) -> Vec<String> {
        match &self.value {
            NodeValue::Scalar(text) => vec![text.clone()],
            NodeValue::Sequence(items) => items
                .iter()
                .filter_map(Node::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// [`Node::strings`] of the value at `key`.
    pub fn strings_at(&self, key: &str) -> Vec<String> {
        self.get(key).map(Node::strings).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_stay_as_written_with_their_lines() {
        let node = load("go:\n  version: 1.20\n  cgo: false\nname: 'x'\nempty:\n").expect("yaml");
        let go = node.get("go").expect("go");
        assert_eq!(go.string("version").as_deref(), Some("1.20"));
        assert_eq!(go.get("cgo").and_then(Node::as_bool), Some(false));
        assert_eq!(go.get("version").map(|v| v.line), Some(2));
        assert_eq!(node.string("name").as_deref(), Some("x"));
        assert_eq!(node.get("empty").map(|v| &v.value), Some(&NodeValue::Null));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let text = "defaults: &defaults\n  env: [CGO_ENABLED=0]\n  flags: [-trimpath]\nbuilds:\n  - <<: *defaults\n    id: api\n    flags: [-v]\n  - <<: [*defaults]\n    id: worker\n";
        let node = load(text).expect("yaml");
        let builds = node.get("builds").expect("builds").items();
        assert_eq!(builds[0].strings_at("flags"), ["-v"], "an own key wins");
        assert_eq!(builds[0].strings_at("env"), ["CGO_ENABLED=0"]);
        assert_eq!(builds[1].strings_at("flags"), ["-trimpath"]);
        assert_eq!(builds[1].line, 8);
    }

    #[test]
    fn errors_name_their_line_and_bombs_are_refused() {
        let error = load("a: [1, 2\nb: c\n").expect_err("unclosed");
        assert!(error.line >= 1);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (index, name) in ["b", "c", "d", "e", "f", "g"].iter().enumerate() {
            let previous = if index == 0 {
                "a"
            } else {
                ["b", "c", "d", "e", "f"][index - 1]
            };
            bomb.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        assert!(load(&bomb).is_err());
    }
}
