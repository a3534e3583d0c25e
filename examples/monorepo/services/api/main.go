// Command api prints a banner from the monorepo's shared library.
package main

import (
	"fmt"
	"os"

	"example.com/shared"
)

const name = "api"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got, want := shared.Banner(name), "[api]"; got != want {
			fmt.Fprintf(os.Stderr, "%s selftest failed: shared.Banner = %q, want %q\n", name, got, want)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	fmt.Println(shared.Banner(name), "listening nowhere")
}
