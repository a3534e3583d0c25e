// Command chiservice is a small HTTP service routed with chi. Its listen
// port comes from a configuration struct's default, which the PORT
// environment variable overrides.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

const name = "chiservice"

// Config is what the service is started with.
type Config struct {
	Port            int
	ReadTimeout     time.Duration
	ShutdownTimeout time.Duration
}

// DefaultConfig is the configuration without any environment.
func DefaultConfig() Config {
	return Config{
		Port:            8081,
		ReadTimeout:     5 * time.Second,
		ShutdownTimeout: 10 * time.Second,
	}
}

// FromEnvironment applies PORT over the defaults.
func FromEnvironment(config Config) (Config, error) {
	if value := os.Getenv("PORT"); value != "" {
		port, err := strconv.Atoi(value)
		if err != nil || port < 1 || port > 65535 {
			return config, fmt.Errorf("PORT=%q is not a port", value)
		}
		config.Port = port
	}
	return config, nil
}

func routes() http.Handler {
	router := chi.NewRouter()
	router.Use(middleware.Recoverer)
	router.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	router.Route("/greet", func(r chi.Router) {
		r.Get("/{who}", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "hello, %s\n", chi.URLParam(r, "who"))
		})
	})
	return router
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	config, err := FromEnvironment(DefaultConfig())
	if err != nil {
		log.Fatal(err)
	}
	server := &http.Server{
		Addr:        ":" + strconv.Itoa(config.Port),
		Handler:     routes(),
		ReadTimeout: config.ReadTimeout,
	}
	log.Printf("%s listening on %s", name, server.Addr)
	log.Fatal(server.ListenAndServe())
}

// selftest serves requests through the router on a loopback port and checks
// a route with a URL parameter, and that an unknown route is a 404.
func selftest() error {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listening on loopback: %w", err)
	}
	server := &http.Server{Handler: routes(), ReadTimeout: DefaultConfig().ReadTimeout}
	go server.Serve(listener) //nolint:errcheck // Shutdown ends it
	defer server.Shutdown(context.Background()) //nolint:errcheck
	base := "http://" + listener.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}

	get := func(path string) (int, string, error) {
		response, err := client.Get(base + path)
		if err != nil {
			return 0, "", err
		}
		defer response.Body.Close()
		body, err := io.ReadAll(response.Body)
		return response.StatusCode, string(body), err
	}
	status, body, err := get("/greet/gopher")
	if err != nil {
		return fmt.Errorf("GET /greet/gopher: %w", err)
	}
	if status != http.StatusOK || body != "hello, gopher\n" {
		return fmt.Errorf("GET /greet/gopher: %d %q", status, body)
	}
	status, _, err = get("/nowhere")
	if err != nil {
		return fmt.Errorf("GET /nowhere: %w", err)
	}
	if status != http.StatusNotFound {
		return errors.New("GET /nowhere: expected 404 from the router, got " + strconv.Itoa(status))
	}
	if DefaultConfig().Port != 8081 {
		return errors.New("the default port changed")
	}
	return nil
}
