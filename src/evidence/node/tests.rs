use super::*;

fn package(json: &str) -> PackageJson {
    PackageJson::parse(json).unwrap()
}

fn outputs(json: &str, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let read = |name: &str| {
        files
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, text)| text.to_string())
    };
    build_outputs(&package(json), &read)
        .into_iter()
        .map(|output| (output.directory, output.source))
        .collect()
}

#[test]
fn package_json_fields() {
    let package = package(
        r#"{"scripts": {"build": "vite build", "dev": "vite"},
            "engines": {"node": ">=20"},
            "packageManager": "pnpm@9.12.0+sha512.abc"}"#,
    );
    assert_eq!(package.build.as_deref(), Some("vite build"));
    assert_eq!(package.engines_node.as_deref(), Some(">=20"));
    assert_eq!(
        package.package_manager,
        Some(ManagerPin {
            name: "pnpm".into(),
            version: "9.12.0".into()
        })
    );
}

#[test]
fn a_package_manager_version_with_shell_text_is_not_taken() {
    let package = package(r#"{"packageManager": "pnpm@9;rm -rf /"}"#);
    assert_eq!(package.package_manager, None);
    assert!(PackageJson::parse("{not json").is_err());
}

#[test]
fn vite_writes_dist_unless_told_otherwise() {
    assert_eq!(
        outputs(r#"{"scripts": {"build": "tsc && vite build"}}"#, &[]),
        [(
            "dist".to_string(),
            "vite's default in package.json's `build` script".to_string()
        )]
    );
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "vite build --outDir ../static/"}}"#,
            &[]
        )[0]
        .0,
        "../static"
    );
    let config = "export default defineConfig({\n  build: {\n    outDir: 'public/app',\n  },\n})\n";
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "vite build"}}"#,
            &[("vite.config.ts", config)]
        ),
        [(
            "public/app".to_string(),
            "vite.config.ts:3's outDir in package.json's `build` script".to_string()
        )]
    );
}

#[test]
fn esbuild_needs_its_flag() {
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "esbuild src/app.js --bundle --outdir=dist"}}"#,
            &[]
        )[0]
        .0,
        "dist"
    );
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "esbuild app.js --bundle --outfile=static/js/app.js"}}"#,
            &[]
        )[0]
        .0,
        "static/js"
    );
    assert!(outputs(r#"{"scripts": {"build": "esbuild app.js --bundle"}}"#, &[]).is_empty());
}

#[test]
fn scripts_the_build_runs_are_followed() {
    let json = r#"{"scripts": {"build": "npm run clean && npm run build:ui",
        "build:ui": "cross-env NODE_ENV=production npx vite build --outDir=out",
        "clean": "rimraf out"}}"#;
    assert_eq!(outputs(json, &[])[0].0, "out");
    let loop_json = r#"{"scripts": {"build": "npm run build"}}"#;
    assert!(outputs(loop_json, &[]).is_empty());
}

#[test]
fn other_bundlers_defaults_and_configs() {
    assert_eq!(
        outputs(r#"{"scripts": {"build": "react-scripts build"}}"#, &[])[0].0,
        "build"
    );
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "BUILD_PATH=../web react-scripts build"}}"#,
            &[]
        )[0]
        .0,
        "../web"
    );
    assert_eq!(
        outputs(r#"{"scripts": {"build": "parcel build index.html"}}"#, &[])[0].0,
        "dist"
    );
    let webpack = "module.exports = {\n  output: {\n    path: path.resolve(__dirname, 'public', 'assets'),\n  },\n};\n";
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "webpack --mode production"}}"#,
            &[("webpack.config.js", webpack)]
        )[0]
        .0,
        "public/assets"
    );
    let script = "await esbuild.build({ entryPoints: ['app.ts'], outdir: \"build/js\" })\n";
    assert_eq!(
        outputs(
            r#"{"scripts": {"build": "node build.mjs"}}"#,
            &[("build.mjs", script)]
        )[0],
        (
            "build/js".to_string(),
            "build.mjs:1's outdir in package.json's `build` script".to_string()
        )
    );
    assert!(outputs(r#"{"scripts": {"build": "ng build"}}"#, &[]).is_empty());
}

#[test]
fn an_output_godock_cannot_place_is_not_taken() {
    assert!(outputs(
        r#"{"scripts": {"build": "vite build --outDir /srv/www"}}"#,
        &[]
    )
    .is_empty());
    assert!(outputs(r#"{"scripts": {"build": "vite build --outDir $OUT"}}"#, &[]).is_empty());
}

#[test]
fn lockfiles_name_their_manager() {
    assert_eq!(
        lockfile_manager("package-lock.json", "{}"),
        Some(Manager::Npm)
    );
    assert_eq!(lockfile_manager("pnpm-lock.yaml", ""), Some(Manager::Pnpm));
    assert_eq!(
        lockfile_manager("yarn.lock", "# yarn lockfile v1\n\n\"a@^1\":\n"),
        Some(Manager::YarnClassic)
    );
    assert_eq!(
        lockfile_manager("yarn.lock", "__metadata:\n  version: 8\n"),
        Some(Manager::YarnBerry)
    );
    assert_eq!(pnpm_lockfile_major("lockfileVersion: '9.0'\n"), Some(9));
    assert_eq!(pnpm_lockfile_major("lockfileVersion: 5.4\n"), Some(7));
}

#[test]
fn node_version_files() {
    let codename = |name: &str| (name == "iron").then_some(20);
    assert_eq!(
        node_version_file("v22.3.0\n", codename),
        Some(NodeVersionFile::Major(22))
    );
    assert_eq!(
        node_version_file("# pinned\n20\n", codename),
        Some(NodeVersionFile::Major(20))
    );
    assert_eq!(
        node_version_file("lts/iron", codename),
        Some(NodeVersionFile::Major(20))
    );
    assert_eq!(
        node_version_file("lts/*", codename),
        Some(NodeVersionFile::Lts)
    );
    assert_eq!(
        node_version_file("node", codename),
        Some(NodeVersionFile::Latest)
    );
    assert_eq!(node_version_file("lts/unknown", codename), None);
    assert_eq!(node_version_file("", codename), None);
}
