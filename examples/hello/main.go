// Command hello is a tiny HTTP server that answers "hello".
package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

var (
	version = "dev"
	commit  = "unknown"
	date    = "unknown"
)

const name = "hello"

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "selftest":
			if err := selftest(); err != nil {
				fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
				os.Exit(1)
			}
			fmt.Printf("%s ok\n", name)
			return
		case "version":
			fmt.Printf("%s %s %s %s\n", name, version, commit, date)
			return
		}
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
	log.Printf("%s %s listening on :%s", name, version, port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}

// selftest checks what the container image must carry: time zone data and
// a non-empty system CA pool.
func selftest() error {
	if _, err := time.LoadLocation("Europe/Paris"); err != nil {
		return fmt.Errorf("time zone data: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		return fmt.Errorf("system cert pool: %w", err)
	}
	// On Linux the system pool is read from PEM files, so Subjects does list
	// the roots; a missing bundle yields an empty pool rather than an error.
	if len(pool.Subjects()) == 0 { //nolint:staticcheck // see above
		return errors.New("system cert pool is empty")
	}
	return nil
}
