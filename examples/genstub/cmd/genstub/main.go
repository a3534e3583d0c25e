// Command genstub is the program; the repository's root only holds
// go:generate lines.
package main

import (
	"fmt"
	"os"
)

const name = "genstub"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		fmt.Printf("%s ok\n", name)
		return
	}
	fmt.Println("hello from", name)
}
