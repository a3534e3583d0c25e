//! audit's findings as a SARIF 2.1.0 log, the format GitHub code scanning
//! reads: one run, every rule in `tool.driver.rules` (id, descriptions,
//! help, default level), one result per finding with its rule, level,
//! message and `file:line`.
//!
//! Pure: findings in, JSON out; it never prints (the command does).
use serde_json::{json, Value};

use super::{Finding, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(rule: Rule) -> Value {
    json!({
        "id": rule.id(),
        "name": rule.id(),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": rule.summary() },
        "help": {
            "text": format!(
                "{} Each finding says what in the Go project shows it and how to fix it. Switch the rule off with `--ignore {}`, or with a `# godock:ignore {}` comment before the instruction.",
                rule.summary(),
                rule.id(),
                rule.id()
            )
        },
        "defaultConfiguration": { "level": level(rule.severity()) },
        "properties": { "tags": ["go", "dockerfile"] },
    })
}

fn result(finding: &Finding) -> Value {
    let mut location = json!({
        "artifactLocation": { "uri": finding.file.replace('\\', "/") }
    });
    // A finding about a whole file (line 0) has no region.
    if finding.line > 0 {
        location["region"] = json!({ "startLine": finding.line });
    }
    let index = Rule::ALL
        .iter()
        .position(|rule| *rule == finding.rule)
        .unwrap_or_default();
    json!({
        "ruleId": finding.rule.id(),
        "ruleIndex": index,
        "level": level(finding.severity),
        "message": {
            "text": format!(
                "{}\nEvidence: {}\nFix: {}",
                finding.message, finding.evidence, finding.fix
            )
        },
        "locations": [{ "physicalLocation": location }],
    })
}

/// The SARIF log of one audit.
pub fn log(findings: &[Finding]) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "godock",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": Rule::ALL.iter().map(|rule| self::rule(*rule)).collect::<Vec<_>>(),
                }
            },
            "results": findings.iter().map(result).collect::<Vec<_>>(),
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: Rule, line: u32) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            file: "build/Dockerfile".to_string(),
            line,
            message: "m".to_string(),
            evidence: "e".to_string(),
            fix: "f".to_string(),
        }
    }

    #[test]
    fn each_finding_is_a_result_with_its_rule_level_and_line() {
        let log = log(&[finding(Rule::Strip, 6), finding(Rule::ContextSecret, 0)]);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Rule::ALL.len());
        let strip = &run["results"][0];
        assert_eq!(strip["ruleId"], "strip");
        assert_eq!(
            rules[strip["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "strip"
        );
        assert_eq!(strip["level"], "note");
        let location = &strip["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "build/Dockerfile");
        assert_eq!(location["region"]["startLine"], 6);
        assert_eq!(strip["message"]["text"], "m\nEvidence: e\nFix: f");
        let secret = &run["results"][1];
        assert_eq!(secret["level"], "warning");
        assert!(secret["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
    }
}
