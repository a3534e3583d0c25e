use super::*;

fn frontend(manager: Manager) -> Frontend {
    Frontend {
        directory: "web".into(),
        build: "vite build".into(),
        output: "web/dist".into(),
        output_source: "vite's default".into(),
        embeds: vec!["web/ui.go:8: //go:embed dist".into()],
        manager,
        lockfile: Some("web/package-lock.json".into()),
        manager_version: None,
        pnpm_lockfile_major: None,
        node: None,
        yarn_files: Vec::new(),
    }
}

fn today() -> Date {
    Date::parse("2026-11-29").unwrap()
}

fn one(frontend: Frontend, settings: &Settings) -> (FrontendPlan, Vec<String>) {
    let mut warnings = Vec::new();
    let plan = plan(&[frontend], settings, ".", today(), &mut warnings);
    (plan, warnings)
}

#[test]
fn npm_with_a_lockfile_on_the_current_lts() {
    let (plan, warnings) = one(frontend(Manager::Npm), &Settings::default());
    assert!(plan.enabled && warnings.is_empty(), "{warnings:?}");
    let stage = &plan.stages[0];
    assert_eq!(stage.image, "node:26-slim");
    assert_eq!(stage.install, ["npm", "ci"]);
    assert_eq!(stage.tool, None);
    let manifests: Vec<(&str, &str)> = stage
        .manifests
        .iter()
        .map(|manifest| (manifest.source.as_str(), manifest.target.as_str()))
        .collect();
    assert_eq!(
        manifests,
        [
            ("web/package.json", "package.json"),
            ("web/package-lock.json", "package-lock.json")
        ]
    );
    assert_eq!(stage.mount, "/src/web/dist");
    assert_eq!(stage.ignored, ["web/node_modules", "web/dist"]);
    assert_eq!(stage.output, "web/dist");
}

#[test]
fn pnpm_and_yarn_are_installed_at_the_version_the_project_names() {
    let mut pnpm = frontend(Manager::Pnpm);
    pnpm.manager_version = Some("9.12.0".into());
    let (plan, _) = one(pnpm, &Settings::default());
    assert_eq!(plan.stages[0].tool.as_deref(), Some("pnpm@9.12.0"));
    assert_eq!(
        plan.stages[0].install,
        ["pnpm", "install", "--frozen-lockfile"]
    );
    let mut locked = frontend(Manager::Pnpm);
    locked.pnpm_lockfile_major = Some(9);
    let (plan, _) = one(locked, &Settings::default());
    assert_eq!(plan.stages[0].tool.as_deref(), Some("pnpm@9"));
    let (classic, _) = one(frontend(Manager::YarnClassic), &Settings::default());
    assert_eq!(
        classic.stages[0].install,
        ["yarn", "install", "--frozen-lockfile"]
    );
    assert_eq!(classic.stages[0].tool.as_deref(), Some("yarn@1.22.22"));
    let (berry, _) = one(frontend(Manager::YarnBerry), &Settings::default());
    assert_eq!(berry.stages[0].install, ["yarn", "install", "--immutable"]);
    assert_eq!(berry.stages[0].tool.as_deref(), Some("@yarnpkg/cli-dist@4"));
}

#[test]
fn the_node_release_follows_the_project() {
    let mut asked = frontend(Manager::Npm);
    asked.node = Some(NodeAsk::Engines {
        file: "web/package.json".into(),
        range: ">=18".into(),
    });
    assert_eq!(
        one(asked.clone(), &Settings::default()).0.stages[0].node,
        26
    );
    asked.node = Some(NodeAsk::Engines {
        file: "web/package.json".into(),
        range: "^22.3".into(),
    });
    assert_eq!(
        one(asked.clone(), &Settings::default()).0.stages[0].node,
        22
    );
    asked.node = Some(NodeAsk::File {
        file: ".nvmrc".into(),
        ask: NodeVersionFile::Major(20),
    });
    let (plan, warnings) = one(asked, &Settings::default());
    assert_eq!(plan.stages[0].image, "node:20-slim");
    assert!(
        warnings[0].contains("end of life on 2026-04-30"),
        "{warnings:?}"
    );
}

#[test]
fn off_when_the_user_says_so_and_the_embeds_are_named() {
    let settings = Settings {
        frontend: Some(false),
        ..Settings::default()
    };
    let (plan, warnings) = one(frontend(Manager::Npm), &settings);
    assert!(!plan.enabled && plan.stages.is_empty());
    assert!(
        warnings[0].contains("web/ui.go:8: //go:embed dist"),
        "{warnings:?}"
    );
}

#[test]
fn no_lockfile_installs_and_says_so() {
    let mut loose = frontend(Manager::Npm);
    loose.lockfile = None;
    let (plan, warnings) = one(loose, &Settings::default());
    assert_eq!(plan.stages[0].install, ["npm", "install"]);
    assert!(warnings[0].contains("no lockfile"), "{warnings:?}");
}
