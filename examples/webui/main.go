// Command webui serves a front end that esbuild bundles into ui/dist, which
// the repository does not hold: the image builds it in a Node stage.
package main

import (
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/example/webui/ui"
)

const name = "webui"

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
	log.Printf("%s listening on :%s", name, port)
	log.Fatal(http.ListenAndServe(":"+port, handler()))
}

func handler() http.Handler {
	dist, err := fs.Sub(ui.Dist, "dist")
	if err != nil {
		panic(err)
	}
	return http.FileServerFS(dist)
}

// selftest serves the page and its script as a browser would ask for them:
// the page names the bundle, and the bundle holds the imported module's
// text, with no import left.
func selftest() error {
	server := handler()
	get := func(path string) (string, error) {
		recorder := httptest.NewRecorder()
		server.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, path, nil))
		body, _ := io.ReadAll(recorder.Result().Body)
		if recorder.Code != http.StatusOK {
			return "", fmt.Errorf("GET %s: %d", path, recorder.Code)
		}
		return string(body), nil
	}
	page, err := get("/")
	if err != nil {
		return err
	}
	if !strings.Contains(page, `<script src="app.js">`) {
		return fmt.Errorf("the page does not load the bundle: %q", page)
	}
	script, err := get("/app.js")
	if err != nil {
		return err
	}
	if !strings.Contains(script, "webui-bundle-marker") || strings.Contains(script, "import") {
		return fmt.Errorf("app.js is not the bundle: %q", script)
	}
	return nil
}
