//! Each idiom real servers use to set their port, with a positive case (the
//! port found, with its pattern and confidence) and a negative one.
use super::*;
use crate::go::source::lexer::Lexer;
use Confidence::{High, Low, Medium};
use PortPattern::*;

/// The ports a file holding `source` names.
fn ports(source: &str) -> Vec<(u16, PortPattern, Confidence)> {
    let src = source.as_bytes();
    let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
    find(src, &toks)
        .into_iter()
        .map(|found| (found.port, found.pattern, found.confidence))
        .collect()
}

/// The ports `body`, inside `func main`, names.
fn in_main(body: &str) -> Vec<(u16, PortPattern, Confidence)> {
    ports(&format!("package main\n\nfunc main() {{\n{body}\n}}\n"))
}

/// (idiom, code in main, what is found)
type Case = (
    &'static str,
    &'static str,
    Vec<(u16, PortPattern, Confidence)>,
);

fn check(cases: Vec<Case>, run: impl Fn(&str) -> Vec<(u16, PortPattern, Confidence)>) {
    for (idiom, code, want) in cases {
        assert_eq!(run(code), want, "{idiom}: {code}");
    }
}

#[test]
fn listen_calls() {
    check(
        vec![
            (
                "net/http",
                "http.ListenAndServe(\":8080\", nil)",
                vec![(8080, ListenCall, High)],
            ),
            (
                "TLS",
                "log.Fatal(http.ListenAndServeTLS(\"0.0.0.0:8443\", c, k, h))",
                vec![(8443, ListenCall, High)],
            ),
            (
                "net",
                "ln, err := net.Listen(\"tcp\", \":9000\")",
                vec![(9000, ListenCall, High)],
            ),
            (
                "IPv6 any",
                "net.Listen(\"tcp\", \"[::]:7000\")",
                vec![(7000, ListenCall, High)],
            ),
            ("gin", "r.Run(\":8081\")", vec![(8081, ListenCall, High)]),
            ("echo", "e.Start(`:1323`)", vec![(1323, ListenCall, High)]),
            (
                "one named host",
                "net.Listen(\"tcp\", \"10.0.0.1:7946\")",
                vec![(7946, ListenCall, Medium)],
            ),
            ("no port", "net.Listen(\"tcp\", \"localhost\")", vec![]),
            ("any port", "net.Listen(\"tcp\", \":0\")", vec![]),
            ("a port name", "net.Listen(\"tcp\", \":http\")", vec![]),
            ("out of range", "net.Listen(\"tcp\", \":99999\")", vec![]),
            ("not a listen call", "fmt.Println(\":8080\")", vec![]),
            (
                "commented out",
                "// http.ListenAndServe(\":8080\", nil)",
                vec![],
            ),
            ("a name, not an address", "r.Run(\"name\")", vec![]),
            ("computed", "http.ListenAndServe(\":\"+port, nil)", vec![]),
        ],
        in_main,
    );
}

#[test]
fn loopback_and_debug_listeners_are_not_the_service() {
    check(
        vec![
            ("pprof on localhost", "go http.ListenAndServe(\"localhost:6060\", nil)", vec![]),
            ("127.0.0.1", "net.Listen(\"tcp\", \"127.0.0.1:9000\")", vec![]),
            ("[::1]", "net.Listen(\"tcp\", \"[::1]:9000\")", vec![]),
            (
                "behind a debug flag",
                "if *debug {\n\tgo http.ListenAndServe(\":6060\", nil)\n}\nhttp.ListenAndServe(\":8080\", nil)",
                vec![(6060, ListenCall, Low), (8080, ListenCall, High)],
            ),
            (
                "behind profiling",
                "if cfg.EnableProfiling {\n\tgo http.ListenAndServe(\":6060\", nil)\n}",
                vec![(6060, ListenCall, Low)],
            ),
            (
                "the else branch is the normal run",
                "if *debug {\n\tlog.Print(\"debug\")\n} else {\n\thttp.ListenAndServe(\":8080\", nil)\n}",
                vec![(8080, ListenCall, High)],
            ),
            (
                "a metrics endpoint",
                "if cfg.Metrics {\n\tgo http.ListenAndServe(\":9090\", promhttp.Handler())\n}",
                vec![(9090, ListenCall, Low)],
            ),
        ],
        in_main,
    );
    // A function serving pprof.
    assert_eq!(
        ports("package main\n\nfunc startPprof() {\n\thttp.ListenAndServe(\":6060\", nil)\n}\n"),
        [(6060, ListenCall, Low)]
    );
    assert_eq!(
        ports("package main\n\nfunc (s *Server) serveMetrics() {\n\thttp.ListenAndServe(\":9102\", nil)\n}\n"),
        [(9102, ListenCall, Low)]
    );
}

#[test]
fn server_addr_fields() {
    check(
        vec![
            (
                "http.Server",
                "srv := &http.Server{Addr: \":3000\", Handler: mux}",
                vec![(3000, AddrField, High)],
            ),
            (
                "a metrics server",
                "metricsServer := &http.Server{Addr: \":9090\"}",
                vec![(9090, AddrField, Low)],
            ),
            (
                "a redis client",
                "rdb := redis.NewClient(&redis.Options{Addr: \":6379\"})",
                vec![],
            ),
            (
                "a remote host",
                "c := Client{Addr: \"db.internal:5432\"}",
                vec![],
            ),
            (
                "computed",
                "srv := &http.Server{Addr: \":\" + port}",
                vec![],
            ),
        ],
        in_main,
    );
}

#[test]
fn config_struct_defaults() {
    check(
        vec![
            (
                "Port field",
                "return Config{\n\tPort: 8081,\n\tReadTimeout: 5 * time.Second,\n}",
                vec![(8081, ConfigField, Medium)],
            ),
            (
                "string port",
                "c := Options{HTTPPort: \"8080\"}",
                vec![(8080, ConfigField, Medium)],
            ),
            (
                "listen address",
                "c := &Options{ListenAddr: \":4150\"}",
                vec![(4150, ConfigField, Medium)],
            ),
            (
                "any host",
                "c := Config{Host: \"0.0.0.0\", Port: 8000}",
                vec![(8000, ConfigField, Medium)],
            ),
            ("a database's", "c := DBConfig{Port: 5432}", vec![]),
            ("a database field", "c := Config{DBPort: 5432}", vec![]),
            (
                "a client's host",
                "c := Config{Host: \"db.internal\", Port: 5432}",
                vec![],
            ),
            (
                "a loopback host",
                "c := Config{Host: \"localhost\", Port: 5432}",
                vec![],
            ),
            (
                "an admin port",
                "c := Config{AdminPort: 9901}",
                vec![(9901, ConfigField, Low)],
            ),
            ("not a port", "c := Config{Workers: 8080}", vec![]),
            ("computed", "c := Config{Port: base + 1}", vec![]),
        ],
        in_main,
    );
}

#[test]
fn constants_and_variables() {
    check(
        vec![
            (
                "const",
                "const DefaultPort = 8080",
                vec![(8080, Constant, Medium)],
            ),
            (
                "typed const",
                "const defaultPort int = 8080",
                vec![(8080, Constant, Medium)],
            ),
            (
                "short variable",
                "addr := \":8080\"\nhttp.ListenAndServe(addr, nil)",
                vec![(8080, Constant, Medium)],
            ),
            ("a database's", "const defaultDBPort = 5432", vec![]),
            ("not named like a port", "const maxItems = 8080", vec![]),
            ("a comparison", "if port == \"8080\" {}", vec![]),
            ("an expression", "port := 8000 + offset", vec![]),
        ],
        in_main,
    );
}

#[test]
fn standard_and_pflag_flags() {
    check(
        vec![
            (
                "flag.String",
                "addr := flag.String(\"addr\", \":8080\", \"listen address\")",
                vec![(8080, Flag, High)],
            ),
            (
                "flag.StringVar",
                "flag.StringVar(&listen, \"http-listen\", \"0.0.0.0:9000\", \"\")",
                vec![(9000, Flag, High)],
            ),
            (
                "flag.IntVar",
                "flag.IntVar(&port, \"port\", 3000, \"port\")",
                vec![(3000, Flag, High)],
            ),
            (
                "pflag",
                "port := pflag.Int(\"metrics-port\", 9100, \"\")",
                vec![(9100, Flag, Low)],
            ),
            (
                "cobra StringVar",
                "cmd.Flags().StringVar(&addr, \"listen\", \":8080\", \"address to listen on\")",
                vec![(8080, Flag, High)],
            ),
            (
                "cobra IntVarP",
                "root.PersistentFlags().IntVarP(&port, \"port\", \"p\", 8090, \"\")",
                vec![(8090, Flag, High)],
            ),
            (
                "cobra StringP",
                "cmd.Flags().StringP(\"bind\", \"b\", \":7000\", \"\")",
                vec![(7000, Flag, High)],
            ),
            (
                "not named like an address",
                "name := flag.String(\"name\", \"8080\", \"\")",
                vec![],
            ),
            ("a count", "n := flag.Int(\"workers\", 8, \"\")", vec![]),
            (
                "a constant default",
                "flag.String(\"addr\", defaultAddr, \"\")",
                vec![],
            ),
            ("a database's", "flag.Int(\"db-port\", 5432, \"\")", vec![]),
            (
                "pprof on loopback",
                "flag.String(\"pprof-addr\", \"localhost:6060\", \"\")",
                vec![],
            ),
        ],
        in_main,
    );
}

#[test]
fn urfave_cli_and_kingpin_flags() {
    check(
        vec![
            ("urfave StringFlag", "flags := []cli.Flag{\n\t&cli.StringFlag{Name: \"addr\", Value: \":8000\", Usage: \"listen address\"},\n}", vec![(8000, Flag, High)]),
            ("urfave IntFlag", "f := &cli.IntFlag{Name: \"port\", Aliases: []string{\"p\"}, Value: 8080}", vec![(8080, Flag, High)]),
            ("urfave, not an address", "f := &cli.IntFlag{Name: \"retries\", Value: 3}", vec![]),
            ("kingpin", "listen := kingpin.Flag(\"web.listen-address\", \"Address to listen on.\").Default(\":9093\").String()", vec![(9093, Flag, High)]),
            ("kingpin with Envar", "a.Flag(\"http.addr\", \"\").Envar(\"HTTP_ADDR\").Default(\"0.0.0.0:9100\").String()", vec![(9100, Flag, High)]),
            ("kingpin, not an address", "kingpin.Flag(\"log.level\", \"\").Default(\"info\").String()", vec![]),
            ("kingpin, a cluster port", "kingpin.Flag(\"cluster.listen-address\", \"\").Default(\"0.0.0.0:9094\").String()", vec![(9094, Flag, Low)]),
        ],
        in_main,
    );
}

#[test]
fn configuration_defaults() {
    check(
        vec![
            ("viper", "viper.SetDefault(\"port\", 8080)", vec![(8080, ConfigKey, Medium)]),
            ("viper, nested key", "v.SetDefault(\"server.http.listen\", \":8088\")", vec![(8088, ConfigKey, Medium)]),
            ("koanf map", "k.Load(confmap.Provider(map[string]any{\n\t\"server.port\": 8070,\n}, \".\"), nil)", vec![(8070, ConfigKey, Medium)]),
            ("viper, not a port", "viper.SetDefault(\"timeout\", 8080)", vec![]),
            ("viper, a database's", "viper.SetDefault(\"database.port\", 5432)", vec![]),
        ],
        in_main,
    );
}

#[test]
fn struct_tag_defaults() {
    for (idiom, source, want) in [
        (
            "envconfig",
            "type Config struct {\n\tPort int `envconfig:\"PORT\" default:\"8080\"`\n}",
            vec![(8080, StructTag, Medium)],
        ),
        (
            "caarlos0/env",
            "type Config struct {\n\tAddr string `env:\"LISTEN_ADDR\" envDefault:\":9000\"`\n}",
            vec![(9000, StructTag, Medium)],
        ),
        (
            "not a port",
            "type Config struct {\n\tWorkers int `default:\"8080\"`\n}",
            vec![],
        ),
        (
            "a database's",
            "type Config struct {\n\tDBPort int `env:\"DB_PORT\" default:\"5432\"`\n}",
            vec![],
        ),
    ] {
        assert_eq!(
            ports(&format!("package config\n\n{source}\n")),
            want,
            "{idiom}"
        );
    }
}

#[test]
fn environment_defaults() {
    check(
        vec![
            ("Getenv then default", "port := os.Getenv(\"PORT\")\nif port == \"\" {\n\tport = \"8080\"\n}\nhttp.ListenAndServe(\":\"+port, nil)", vec![(8080, EnvDefault, High)]),
            ("another variable", "port := os.Getenv(\"GRPC_PORT\")\nif port == \"\" {\n\tport = \"50051\"\n}", vec![(50051, EnvDefault, High)]),
            ("cmp.Or", "addr := cmp.Or(os.Getenv(\"PORT\"), \"5000\")", vec![(5000, EnvDefault, High)]),
            ("LookupEnv", "p, ok := os.LookupEnv(\"PORT\"); if !ok { p = \":4000\" }", vec![(4000, EnvDefault, High)]),
            ("a helper", "port := getEnv(\"PORT\", \"80\")", vec![(80, EnvDefault, High)]),
            ("envOr", "addr := envOr(\"HTTP_ADDR\", \":8080\")", vec![(8080, EnvDefault, High)]),
            ("a helper as a flag default", "flag.StringVar(&addr, \"addr\", getEnv(\"LISTEN_ADDR\", \":8000\"), \"\")", vec![(8000, EnvDefault, High)]),
            ("not a port variable", "x := os.Getenv(\"HOME\"); y := \"8080\"", vec![]),
            ("a database's", "p := os.Getenv(\"DB_PORT\")\nif p == \"\" { p = \"5432\" }", vec![]),
            ("a metrics port", "p := getEnv(\"METRICS_PORT\", \"9100\")", vec![(9100, EnvDefault, Low)]),
            (
                "a default far from the Getenv is not its default",
                "p := os.Getenv(\"PORT\")\na, b, c, d, e, f, g, h, i, j, k, l := 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12\nq := \"8080\"",
                vec![],
            ),
        ],
        in_main,
    );
}

#[test]
fn lines_names_and_one_find_per_line() {
    let source = "package main\n\nfunc main() {\n\tport := os.Getenv(\"PORT\")\n\tif port == \"\" {\n\t\tport = \"8080\"\n\t}\n\thttp.ListenAndServe(\":9090\", nil)\n}\n";
    let src = source.as_bytes();
    let toks: Vec<Token> = Lexer::new(src).filter(|t| !t.is_comment()).collect();
    let found = find(src, &toks);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[0].port, found[0].line, found[0].name.as_deref()),
        (8080, 6, Some("PORT"))
    );
    assert_eq!((found[1].port, found[1].line), (9090, 8));
}
