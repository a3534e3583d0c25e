// Command cgodep reaches cgo only through an in-repo dependency:
// internal/native asks the system's SQLite through cgo when cgo is on, and
// falls back to pure Go when it is off.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/example/cgodep/internal/native"
)

const name = "cgodep"

func selftest() error {
	// The image must run the cgo build: the one linking libsqlite3.
	if native.Backend != "sqlite3" {
		return fmt.Errorf("backend is %q, want sqlite3 (built without cgo?)", native.Backend)
	}
	if got := native.Answer(); got != 42 {
		return fmt.Errorf("SELECT 6 * 7 = %d, want 42", got)
	}
	if version := native.Version(); !strings.HasPrefix(version, "3.") {
		return fmt.Errorf("sqlite3_libversion() = %q, want 3.x", version)
	}
	return nil
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
	fmt.Printf("6 × 7 = %d (%s, SQLite %s)\n", native.Answer(), native.Backend, native.Version())
}
