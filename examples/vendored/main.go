// Command vendored prints a greeting from a vendored dependency.
package main

import (
	"fmt"
	"os"

	"example.com/greet"
)

const name = "vendored"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got, want := greet.Hello("godock"), "Hello, godock!"; got != want {
			fmt.Fprintf(os.Stderr, "%s selftest failed: greet.Hello = %q, want %q\n", name, got, want)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	who := "world"
	if len(os.Args) > 1 {
		who = os.Args[1]
	}
	fmt.Println(greet.Hello(who))
}
