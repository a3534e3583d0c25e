// Command versionpkg prints the version its build stamped into
// internal/version, a package of its own module.
package main

import (
	"fmt"
	"os"

	"github.com/example/versionpkg/internal/version"
)

const name = "versionpkg"

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "selftest":
			fmt.Printf("%s ok\n", name)
			return
		case "--version", "version":
			fmt.Println(version.String())
			return
		}
	}
	fmt.Printf("%s %s\n", name, version.String())
}
