// Command configport is an HTTP service whose listen address comes from the
// default of a configuration struct in another package (config.Default).
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
	"time"

	"github.com/example/configport/config"
)

const name = "configport"

func handler(c config.Config) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, c.Greeting)
	})
	return mux
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
	c := config.FromEnvironment(config.Default())
	server := &http.Server{Addr: c.Addr, Handler: handler(c), ReadHeaderTimeout: 5 * time.Second}
	log.Printf("%s listening on %s", name, c.Addr)
	log.Fatal(server.ListenAndServe())
}

// selftest serves the handler on a loopback port and checks its answer and
// the default address.
func selftest() error {
	if got := config.Default().Addr; got != ":9090" {
		return fmt.Errorf("the default address is %q, want :9090", got)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listening on loopback: %w", err)
	}
	server := &http.Server{Handler: handler(config.Default()), ReadHeaderTimeout: 5 * time.Second}
	go server.Serve(listener)                   //nolint:errcheck // Shutdown ends it
	defer server.Shutdown(context.Background()) //nolint:errcheck
	client := &http.Client{Timeout: 5 * time.Second}
	response, err := client.Get("http://" + listener.Addr().String() + "/")
	if err != nil {
		return fmt.Errorf("GET /: %w", err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return fmt.Errorf("reading GET /: %w", err)
	}
	if string(body) != "hello from configport\n" {
		return errors.New("GET /: unexpected body " + string(body))
	}
	return nil
}
