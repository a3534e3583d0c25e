// Command worker shouts its arguments through the workspace library.
package main

import (
	"fmt"
	"os"
	"strings"

	"example.com/workspace/lib"
)

const name = "worker"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got, want := lib.Shout("work"), "WORK!"; got != want {
			fmt.Fprintf(os.Stderr, "%s selftest failed: lib.Shout = %q, want %q\n", name, got, want)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	fmt.Println(lib.Shout(strings.Join(os.Args[1:], " ")))
}
