// Command api answers with the workspace library's greeting.
package main

import (
	"fmt"
	"os"

	"example.com/workspace/lib"
)

const name = "api"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got, want := lib.Shout("api"), "API!"; got != want {
			fmt.Fprintf(os.Stderr, "%s selftest failed: lib.Shout = %q, want %q\n", name, got, want)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	fmt.Println(lib.Shout("hello from " + name))
}
