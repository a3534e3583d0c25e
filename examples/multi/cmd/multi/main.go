// Command multi is the primary command-line tool of the module.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/example/multi"
	"github.com/example/multi/build"
)

var name = build.Name

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got, want := multi.Greeting(""), "hello, world"; got != want {
			fmt.Fprintf(os.Stderr, "%s selftest failed: Greeting = %q, want %q\n", name, got, want)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	fmt.Println(multi.Greeting(strings.Join(os.Args[1:], " ")))
}
