// Command worker greets once and exits.
package main

import (
	"fmt"
	"os"

	"github.com/example/multi"
)

var version = "dev"

const name = "worker"

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "selftest":
			if got, want := multi.Greeting("worker"), "hello, worker"; got != want {
				fmt.Fprintf(os.Stderr, "%s selftest failed: Greeting = %q, want %q\n", name, got, want)
				os.Exit(1)
			}
			fmt.Printf("%s ok\n", name)
			return
		case "version":
			fmt.Printf("%s %s\n", name, version)
			return
		}
	}
	fmt.Println(multi.Greeting(os.Getenv("WORKER_NAME")))
}
