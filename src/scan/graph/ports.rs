//! The ports each main package may listen on, ranked: every port the files
//! of the packages its build reaches name (the main package's own, and
//! config or server packages it calls), most confident first, then nearest.
use std::collections::BTreeMap;

use super::Packages;
use crate::scan::facts::PortCandidate;
use crate::scan::paths::display_path;

impl Packages {
    /// Per main package with any, its port candidates: one per port (its
    /// best find), most confident first, then the nearest package (breadth
    /// first from the main package), then by file and line.
    pub fn port_candidates(&self) -> BTreeMap<String, Vec<PortCandidate>> {
        let mut all = BTreeMap::new();
        for main in self.main_packages() {
            let graph = self.graph(&main, None);
            let mut found: Vec<(usize, PortCandidate)> = Vec::new();
            for (distance, entry) in graph.entries.iter().enumerate() {
                for (file, port) in &entry.ports {
                    found.push((
                        distance,
                        PortCandidate {
                            port: port.port,
                            file: display_path(&entry.key, file),
                            line: port.line,
                            pattern: port.pattern,
                            confidence: port.confidence,
                            name: port.name.clone(),
                            note: port.note.map(str::to_string),
                            package: entry.key.clone(),
                        },
                    ));
                }
            }
            found.sort_by(|(a_distance, a), (b_distance, b)| {
                b.confidence
                    .cmp(&a.confidence)
                    .then(a_distance.cmp(b_distance))
                    .then(a.file.cmp(&b.file))
                    .then(a.line.cmp(&b.line))
            });
            let mut candidates: Vec<PortCandidate> = Vec::new();
            for (_, candidate) in found {
                if !candidates.iter().any(|kept| kept.port == candidate.port) {
                    candidates.push(candidate);
                }
            }
            if !candidates.is_empty() {
                all.insert(main, candidates);
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use crate::go::source::ports::{Confidence, PortPattern};
    use crate::scan::facts_of as facts;

    #[test]
    fn ports_in_packages_main_reaches_ranked_by_confidence_then_distance() {
        // A long file: the port lies far beyond the first read.
        let padding = format!("// {}\n", "x".repeat(100)).repeat(200);
        let config = format!(
            "package config\n\n{padding}// Default is the configuration without flags.\nfunc Default() Config {{\n\treturn Config{{Port: 9090}}\n}}\n"
        );
        let facts = facts(&[
            (
                "cmd/api/main.go",
                "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/m/internal/config\"\n)\n\nfunc main() {\n\t_ = config.Default()\n\thttp.ListenAndServe(\":8080\", nil)\n\tgo http.ListenAndServe(\"localhost:6060\", nil)\n}\n",
            ),
            ("internal/config/config.go", &config),
            // Not reached from cmd/api.
            ("internal/other/other.go", "package other\n\nconst Port = 7000\n"),
            ("cmd/worker/main.go", "package main\n\nfunc main() {}\n"),
        ]);
        assert_eq!(facts.ports["./cmd/api"], [8080, 9090]);
        assert!(!facts.ports.contains_key("./cmd/worker"));
        let candidates = &facts.port_candidates["./cmd/api"];
        let seen: Vec<(u16, &str, u32, PortPattern, Confidence)> = candidates
            .iter()
            .map(|c| (c.port, c.file.as_str(), c.line, c.pattern, c.confidence))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    8080,
                    "cmd/api/main.go",
                    11,
                    PortPattern::ListenCall,
                    Confidence::High
                ),
                (
                    9090,
                    "internal/config/config.go",
                    205,
                    PortPattern::ConfigField,
                    Confidence::Medium
                ),
            ]
        );
        assert_eq!(candidates[1].package, "./internal/config");
    }

    #[test]
    fn a_port_found_twice_is_listed_once_with_its_best_evidence() {
        let facts = facts(&[(
            "main.go",
            "package main\n\nconst defaultAddr = \":8080\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
        )]);
        let candidates = &facts.port_candidates["."];
        assert_eq!(candidates.len(), 1);
        assert_eq!(
            (candidates[0].pattern, candidates[0].line),
            (PortPattern::ListenCall, 6)
        );
    }
}
