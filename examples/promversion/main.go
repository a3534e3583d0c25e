// Command promversion prints its version through
// github.com/prometheus/common/version, as Prometheus' exporters do: their
// release builds stamp Version, Revision and BuildDate with -ldflags -X.
package main

import (
	"fmt"
	"os"

	"github.com/prometheus/common/version"
)

const name = "promversion"

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "selftest":
			fmt.Printf("%s ok\n", name)
			return
		case "--version", "version":
			// Empty unless the build stamped it: the library declares no default.
			if version.Version == "" {
				fmt.Println("(unset)")
			} else {
				fmt.Println(version.Version)
			}
			return
		}
	}
	fmt.Println(version.Print(name))
}
