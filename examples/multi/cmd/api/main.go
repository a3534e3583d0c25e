// Command api serves greetings over HTTP.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/example/multi"
)

var (
	version = "dev"
	commit  = "unknown"
	date    = "unknown"
)

const name = "api"

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "selftest":
			if got, want := multi.Greeting("api"), "hello, api"; got != want {
				fmt.Fprintf(os.Stderr, "%s selftest failed: Greeting = %q, want %q\n", name, got, want)
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
		fmt.Fprintln(w, multi.Greeting(r.URL.Query().Get("name")))
	})
	log.Printf("%s %s listening on :%s", name, version, port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
