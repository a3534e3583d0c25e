// Command cobracli is a server whose command line is built with cobra: its
// listen address is the default of a `--listen` flag, as in many real CLIs.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"
)

const name = "cobracli"

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from cobracli")
	})
	return mux
}

func newRoot() *cobra.Command {
	var listen string
	root := &cobra.Command{
		Use:   name,
		Short: "Serve a greeting over HTTP",
		RunE: func(cmd *cobra.Command, args []string) error {
			server := &http.Server{Addr: listen, Handler: handler(), ReadHeaderTimeout: 5 * time.Second}
			log.Printf("%s listening on %s", name, listen)
			return server.ListenAndServe()
		},
	}
	root.Flags().StringVarP(&listen, "listen", "l", ":7070", "address to serve on")
	root.AddCommand(&cobra.Command{
		Use:   "selftest",
		Short: "Check the program inside its image",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := selftest(root); err != nil {
				return fmt.Errorf("%s selftest failed: %w", name, err)
			}
			fmt.Printf("%s ok\n", name)
			return nil
		},
	})
	root.SilenceUsage = true
	return root
}

func main() {
	if err := newRoot().Execute(); err != nil {
		os.Exit(1)
	}
}

// selftest checks the flag's default and serves the handler on a loopback
// port.
func selftest(root *cobra.Command) error {
	if got := root.Flags().Lookup("listen").DefValue; got != ":7070" {
		return fmt.Errorf("--listen defaults to %q, want :7070", got)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listening on loopback: %w", err)
	}
	server := &http.Server{Handler: handler(), ReadHeaderTimeout: 5 * time.Second}
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
	if string(body) != "hello from cobracli\n" {
		return fmt.Errorf("GET /: unexpected body %q", body)
	}
	return nil
}
