// Command devtools is the program this repository ships; tools/gen and
// hack/seed beside it are development tools, listed by godock but not built.
package main

import (
	"fmt"
	"os"
	"strings"
)

const name = "devtools"

// Shout is what the program does.
func Shout(text string) string { return strings.ToUpper(text) + "!" }

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got := Shout("ok"); got != "OK!" {
			fmt.Fprintf(os.Stderr, "%s selftest failed: Shout(ok) = %q\n", name, got)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	fmt.Println(Shout(strings.Join(os.Args[1:], " ")))
}
