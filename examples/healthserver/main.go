// Command healthserver is an HTTP server with a /healthz endpoint, which
// answers 500 when HEALTHSERVER_UNHEALTHY is set: the Docker tier watches
// the image's HEALTHCHECK turn healthy, and unhealthy with that variable.
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
)

const name = "healthserver"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	log.Printf("%s listening on :8080", name)
	log.Fatal(http.ListenAndServe(":8080", routes()))
}

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if os.Getenv("HEALTHSERVER_UNHEALTHY") != "" {
			http.Error(w, "unhealthy", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
	return mux
}

// selftest serves the routes on a loopback port and asks /healthz.
func selftest() error {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(listener, routes())
	response, err := http.Get("http://" + listener.Addr().String() + "/healthz")
	if err != nil {
		return err
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	if response.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz: %s %s", response.Status, body)
	}
	return nil
}
