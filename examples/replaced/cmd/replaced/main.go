// Command replaced sums its arguments with a locally replaced module.
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/mathx"
)

const name = "replaced"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if got := mathx.Sum(1, 2, 3); got != 6 {
			fmt.Fprintf(os.Stderr, "%s selftest failed: mathx.Sum(1, 2, 3) = %d, want 6\n", name, got)
			os.Exit(1)
		}
		if got := mathx.Max(3, 9, 4); got != 9 {
			fmt.Fprintf(os.Stderr, "%s selftest failed: mathx.Max(3, 9, 4) = %d, want 9\n", name, got)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	var xs []int
	for _, a := range os.Args[1:] {
		x, err := strconv.Atoi(a)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %q is not an integer\n", name, a)
			os.Exit(2)
		}
		xs = append(xs, x)
	}
	fmt.Printf("sum=%d max=%d\n", mathx.Sum(xs...), mathx.Max(xs...))
}
