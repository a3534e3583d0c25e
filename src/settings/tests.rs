use super::*;

fn resolve(flags: Flags, config: Config, environment: &[(&str, &str)]) -> Result<Settings> {
    Settings::resolve(
        flags,
        config,
        &Environment::from_pairs(environment.iter().copied()),
        Path::new("."),
    )
}

#[test]
fn flags_beat_the_config_file() {
    let flags = Flags {
        preset: Some("scratch".into()),
        port: Some("9000".into()),
        ..Flags::default()
    };
    let config = Config {
        preset: Some("debug".into()),
        port: Some(PortChoice::Expose(8080)),
        binaries: Some(vec!["api".into()]),
        syntax: Some(false),
        ..Config::default()
    };
    let settings = resolve(flags, config, &[]).unwrap();
    assert_eq!(settings.preset.unwrap().preset.name, "scratch");
    assert_eq!(settings.sources[&Setting::Preset], Source::Flag);
    assert_eq!(settings.port, Some(PortChoice::Expose(9000)));
    assert_eq!(settings.binaries, vec!["api".to_string()]);
    assert!(!settings.syntax);
}

#[test]
fn one_precedence_flag_then_config_then_environment() {
    let environment = [
        ("GODOCK_PRESET", "alpine"),
        ("GODOCK_PORT", "7000"),
        ("GODOCK_IMAGE", "from-env"),
        ("GODOCK_TAGS", "netgo, osusergo"),
        ("GODOCK_OUTPUTS", "compose"),
        ("GODOCK_LDFLAGS", "-X main.edition=oss"),
    ];
    let flags = Flags {
        preset: Some("scratch".into()),
        ..Flags::default()
    };
    let config = Config {
        preset: Some("debug".into()),
        port: Some(PortChoice::Expose(8080)),
        ..Config::default()
    };
    let settings = resolve(flags, config, &environment).unwrap();
    assert_eq!(settings.preset.unwrap().reference, "scratch");
    assert_eq!(settings.port, Some(PortChoice::Expose(8080)));
    assert_eq!(settings.image.as_deref(), Some("from-env"));
    assert_eq!(settings.tags, vec!["netgo", "osusergo"]);
    assert_eq!(settings.outputs, vec![Output::Compose]);
    assert_eq!(settings.ldflags.as_deref(), Some("-X main.edition=oss"));
    let sources: Vec<(Setting, Source)> = settings.sources.into_iter().collect();
    assert_eq!(
        sources,
        vec![
            (Setting::Image, Source::Environment),
            (Setting::Ldflags, Source::Environment),
            (Setting::Outputs, Source::Environment),
            (Setting::Port, Source::Config),
            (Setting::Preset, Source::Flag),
            (Setting::Tags, Source::Environment),
        ]
    );
}

#[test]
fn no_outputs_and_no_tags_clear_what_godock_toml_and_the_environment_list() {
    let config = Config {
        outputs: Some(vec!["compose".into()]),
        tags: Some(vec!["netgo".into()]),
        ..Config::default()
    };
    let environment = [
        ("GODOCK_OUTPUTS", "github-actions"),
        ("GODOCK_TAGS", "osusergo"),
    ];
    let cleared = Flags {
        no_outputs: true,
        no_tags: true,
        ..Flags::default()
    };
    let settings = resolve(cleared.clone(), config.clone(), &environment).unwrap();
    assert!(settings.outputs.is_empty() && settings.tags.is_empty());
    // A choice made by a flag: the wizard does not ask it again.
    assert_eq!(settings.sources[&Setting::Outputs], Source::Flag);
    assert_eq!(settings.sources[&Setting::Tags], Source::Flag);
    let settings = resolve(cleared, Config::default(), &environment).unwrap();
    assert!(settings.outputs.is_empty() && settings.tags.is_empty());
    // Without them, godock.toml's lists stand.
    let settings = resolve(Flags::default(), config, &environment).unwrap();
    assert_eq!(settings.outputs, [Output::Compose]);
    assert_eq!(settings.tags, ["netgo"]);
}

#[test]
fn nothing_given_leaves_every_setting_to_the_plan() {
    let settings = resolve(Flags::default(), Config::default(), &[]).unwrap();
    assert!(settings.sources.is_empty());
    assert!(settings.syntax);
    assert_eq!(
        settings,
        Settings {
            syntax: true,
            ..Settings::default()
        }
    );
    // Empty variables are unset, not empty choices.
    let settings = resolve(
        Flags::default(),
        Config::default(),
        &[("GODOCK_PORT", " "), ("GODOCK_TAGS", " , ")],
    );
    assert!(settings.unwrap().sources.is_empty());
}

#[test]
fn bad_environment_values_name_the_variable() {
    for (variable, value, expected) in [
        ("GODOCK_PORT", "abc", "`abc` is not a port"),
        ("GODOCK_PORT", "0", "not a port"),
        (
            "GODOCK_PRESET",
            "tiny",
            "distroless, distroless-cgo, scratch",
        ),
        (
            "GODOCK_OUTPUTS",
            "compose,helm",
            "the outputs are compose, github-actions",
        ),
        ("GODOCK_TAGS", "a-b", "not a Go build tag"),
        ("GODOCK_LDFLAGS", "-X main.v=$(x)", "contains '$'"),
        ("GODOCK_SYNTAX", "maybe", "not true or false"),
        ("GODOCK_GO_VERSION", "latest", "not a Go release"),
        ("GODOCK_IMAGE", "Web App", "`Web App` is not an image name"),
        ("GODOCK_REGISTRY", "ghcr.io/$(x)", "is not a registry"),
        (
            "GODOCK_PLATFORMS",
            "linux/amd64,windows/amd64",
            "godock builds Linux images",
        ),
    ] {
        let error = resolve(Flags::default(), Config::default(), &[(variable, value)])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(variable), "{error}");
        assert!(error.contains(expected), "{variable}: {error}");
    }
}

#[test]
fn bad_flag_values_name_the_flag() {
    let cases = [
        (
            Flags {
                tags: vec!["ok".into(), "not ok".into()],
                ..Flags::default()
            },
            "--tag: `not ok` is not a Go build tag",
        ),
        (
            Flags {
                image: Some("Web App".into()),
                ..Flags::default()
            },
            "--image: `Web App` is not an image name",
        ),
        (
            Flags {
                registry: Some("ghcr.io/\"x\"".into()),
                ..Flags::default()
            },
            "--registry: `ghcr.io/\"x\"` is not a registry",
        ),
        (
            Flags {
                platforms: vec!["linux/amd64".into(), "linux/amd65".into()],
                ..Flags::default()
            },
            "--platform: `linux/amd65` is not a platform",
        ),
        (
            Flags {
                port: Some("0".into()),
                ..Flags::default()
            },
            "--port: `0` is not a port (1 to 65535)",
        ),
        (
            Flags {
                go_version: Some("latest".into()),
                ..Flags::default()
            },
            "--go-version: `latest` is not a Go release",
        ),
        (
            Flags {
                preset: Some("tiny".into()),
                ..Flags::default()
            },
            "--preset: unknown preset `tiny`",
        ),
    ];
    for (flags, expected) in cases {
        let error = resolve(flags, Config::default(), &[])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(expected), "{error}");
    }
}

#[test]
fn module_comes_from_the_flag_then_the_config_file() {
    let from_config = module_choice(None, Some("services/api".into()));
    assert_eq!(
        from_config.map(|choice| (choice.directory, choice.chosen_by)),
        Some((
            "services/api".to_string(),
            "godock.toml's module".to_string()
        ))
    );
    let from_flag =
        module_choice(Some("services/web".into()), Some("services/api".into())).unwrap();
    assert_eq!(from_flag.directory, "services/web");
    assert_eq!(from_flag.chosen_by, "--module");
    assert_eq!(module_choice(None, None), None);
    assert!(toml::from_str::<Config>("module = \"a\"\n").is_ok());
}

#[test]
fn no_syntax_flag_wins_over_config() {
    let flags = Flags {
        no_syntax: true,
        ..Flags::default()
    };
    let config = Config {
        syntax: Some(true),
        ..Config::default()
    };
    assert!(!resolve(flags, config, &[]).unwrap().syntax);
    let from_environment = resolve(
        Flags::default(),
        Config::default(),
        &[("GODOCK_SYNTAX", "false")],
    );
    assert!(!from_environment.unwrap().syntax);
}

#[test]
fn preset_files_load_from_where_they_were_named_and_are_kept_relative_to_the_project() {
    let project = Path::new("/work/project");
    let paths = |value: &str, source| preset_paths(value.into(), source, project);
    assert_eq!(
        paths("presets/ours.toml", Source::Config),
        (
            "/work/project/presets/ours.toml".to_string(),
            "presets/ours.toml".to_string()
        )
    );
    assert_eq!(
        paths("/work/project/ours.toml", Source::Flag),
        (
            "/work/project/ours.toml".to_string(),
            "ours.toml".to_string()
        )
    );
    assert_eq!(paths("/etc/ours.toml", Source::Flag).1, "/etc/ours.toml");
    assert_eq!(
        paths("scratch", Source::Config),
        ("scratch".to_string(), "scratch".to_string())
    );
}

fn load(text: &str) -> Result<Option<LoadedConfig>> {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join(CONFIG_FILE), text).unwrap();
    Config::load(directory.path())
}

#[test]
fn config_errors_name_the_file_line_and_the_key() {
    let error = load("preset = \"scratch\"\nbinarys = [\"api\"]\n")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("godock.toml: line 2: unknown field `binarys`"),
        "{error}"
    );
    assert!(error.contains("binaries"), "{error}");
    assert!(error.contains("outputs"), "{error}");
}

#[test]
fn no_port_is_a_choice_from_every_source() {
    let flags = Flags {
        no_port: true,
        ..Flags::default()
    };
    let config = Config {
        port: Some(PortChoice::Expose(8080)),
        ..Config::default()
    };
    let settings = resolve(flags, config, &[]).unwrap();
    assert_eq!(settings.port, Some(PortChoice::NoPort));
    assert_eq!(settings.sources[&Setting::Port], Source::Flag);
    let settings = resolve(
        Flags::default(),
        Config::default(),
        &[("GODOCK_PORT", "none")],
    );
    assert_eq!(settings.unwrap().port, Some(PortChoice::NoPort));
    let loaded = load("port = \"none\"\n").unwrap().unwrap();
    assert_eq!(loaded.config.port, Some(PortChoice::NoPort));
    let written = toml::to_string(&loaded.config).unwrap();
    assert_eq!(written, "port = \"none\"\n");
    assert!(same_choices(
        "port = \"none\"\n",
        "# mine\nport = \"none\"\n"
    ));
}

#[test]
fn config_type_errors_name_the_line() {
    let error = load("\nport = \"eighty\"\n").unwrap_err().to_string();
    assert!(error.contains("godock.toml: line 2:"), "{error}");
}

#[test]
fn config_values_are_checked_with_their_line_and_the_choices() {
    for (text, expected) in [
        (
            "port = 80\npreset = \"tiny\"\n",
            "godock.toml: line 2: unknown preset `tiny`; the built-in presets are distroless, distroless-cgo, scratch, alpine, debug",
        ),
        (
            "outputs = [\n  \"compose\",\n  \"helm\",\n]\n",
            "godock.toml: line 3: unknown output `helm`; the outputs are compose, github-actions",
        ),
        ("\n\ntags = [\"a b\"]\n", "godock.toml: line 3: `a b` is not a Go build tag"),
        ("ldflags = \"-X 'a=b'\"\n", "godock.toml: line 1: `-X 'a=b'` contains"),
        ("port = 0\n", "godock.toml: line 1: `0` is not a port (1 to 65535)"),
        ("go_version = \"1.x\"\n", "godock.toml: line 1: `1.x` is not a Go release"),
        ("image = \"Web App\"\n", "godock.toml: line 1: `Web App` is not an image name"),
        ("\nregistry = \"ghcr.io/acme tools\"\n", "godock.toml: line 2: `ghcr.io/acme tools` is not a registry"),
        ("platforms = [\"linux/amd64\", \"windows/amd64\"]\n", "godock.toml: line 1: `windows/amd64` is not a platform: godock builds Linux images"),
    ] {
        let error = load(text).unwrap_err().to_string();
        assert!(error.contains(expected), "{text:?}: {error}");
    }
}

#[test]
fn the_readme_example_loads() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("### godock.toml").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let config = load(example).unwrap().unwrap().config;
    assert_eq!(config.outputs.unwrap(), ["compose", "github-actions"]);
    assert_eq!(config.ldflags.as_deref(), Some("-X main.edition=oss"));
}

#[test]
fn a_full_config_loads() {
    let loaded = load(
        "preset = \"scratch\"\ntags = [\"netgo\"]\nldflags = \"-X main.edition=oss\"\noutputs = [\"compose\", \"github-actions\"]\n",
    )
    .unwrap()
    .unwrap();
    assert_eq!(loaded.config.tags, Some(vec!["netgo".to_string()]));
    assert_eq!(loaded.config.outputs.map(|outputs| outputs.len()), Some(2));
}

#[test]
fn the_readme_names_every_setting_its_variable_and_its_flag() {
    let readme = include_str!("../../README.md");
    for setting in Setting::ALL {
        for name in [setting.variable(), setting.flag()] {
            assert!(readme.contains(&format!("`{name}")), "README lacks {name}");
        }
        assert!(
            readme.contains(&format!("\n{} = ", setting.key()))
                || readme.contains(&format!("\n# {} = ", setting.key())),
            "README's godock.toml lacks {}",
            setting.key()
        );
    }
}
