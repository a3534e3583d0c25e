// Command embedded serves assets compiled into the binary.
package main

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/example/embedded/web"
)

//go:embed README.md
var readme string

//go:embed docs
var docsFS embed.FS

//go:embed bin/motd.txt
var motd string

//go:embed static/*
var staticFS embed.FS

const name = "embedded"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	mux := http.NewServeMux()
	mux.Handle("/static/", http.FileServerFS(staticFS))
	mux.Handle("/docs/", http.FileServerFS(docsFS))
	mux.HandleFunc("/motd", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, motd)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		page := web.Page{Title: "embedded", Body: strings.TrimSpace(motd)}
		if err := web.Render(w, page); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Printf("%s listening on :%s", name, port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}

// selftest reads every embedded file and checks it carries its marker.
func selftest() error {
	read := func(fsys fs.FS, path string) func() ([]byte, error) {
		return func() ([]byte, error) { return fs.ReadFile(fsys, path) }
	}
	checks := []struct {
		what   string
		read   func() ([]byte, error)
		marker string
	}{
		{"README.md", func() ([]byte, error) { return []byte(readme), nil }, "embedded-readme-marker"},
		{"docs/usage.md", read(docsFS, "docs/usage.md"), "embedded-docs-usage-marker"},
		{"docs/faq.md", read(docsFS, "docs/faq.md"), "embedded-docs-faq-marker"},
		{"bin/motd.txt", func() ([]byte, error) { return []byte(motd), nil }, "embedded-motd-marker"},
		{"static/index.html", read(staticFS, "static/index.html"), "embedded-index-marker"},
		{"static/app.css", read(staticFS, "static/app.css"), "embedded-css-marker"},
		{"web/templates/page.tmpl", web.TemplateSource, "embedded-template-marker"},
	}
	for _, c := range checks {
		data, err := c.read()
		if err != nil {
			return fmt.Errorf("%s: %w", c.what, err)
		}
		if !bytes.Contains(data, []byte(c.marker)) {
			return fmt.Errorf("%s: marker %q not found", c.what, c.marker)
		}
	}
	var buf bytes.Buffer
	if err := web.Render(&buf, web.Page{Title: "t", Body: "b"}); err != nil {
		return fmt.Errorf("render page: %w", err)
	}
	if !strings.Contains(buf.String(), "<h1>t</h1>") {
		return fmt.Errorf("render page: unexpected output %q", buf.String())
	}
	return nil
}
