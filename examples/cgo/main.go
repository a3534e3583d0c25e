// Command cgo does arithmetic in C through cgo and libm.
package main

/*
#cgo LDFLAGS: -lm
#include <math.h>
#include "add.h"
*/
import "C"

import (
	"fmt"
	"math"
	"os"
	"strconv"
)

const name = "cgo"

func add(a, b int) int { return int(C.godock_add(C.int(a), C.int(b))) }

func cbrt(x float64) float64 { return float64(C.godock_cbrt(C.double(x))) }

func sqrt(x float64) float64 { return float64(C.sqrt(C.double(x))) }

func selftest() error {
	if got := add(2, 40); got != 42 {
		return fmt.Errorf("godock_add(2, 40) = %d, want 42", got)
	}
	// glibc's cbrt is not correctly rounded: cbrt(27) is 3.0000000000000004.
	if got := cbrt(27); math.Abs(got-3) > 1e-12 {
		return fmt.Errorf("cbrt(27) = %v, want 3", got)
	}
	if got := sqrt(2); math.Abs(got-math.Sqrt2) > 1e-12 {
		return fmt.Errorf("sqrt(2) = %v, want %v", got, math.Sqrt2)
	}
	return nil
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	args := os.Args[1:]
	if len(args) == 0 {
		args = []string{"2", "40"}
	}
	if len(args) != 2 {
		fmt.Fprintf(os.Stderr, "usage: %s [A B] | %s selftest\n", name, name)
		os.Exit(2)
	}
	a, errA := strconv.Atoi(args[0])
	b, errB := strconv.Atoi(args[1])
	if errA != nil || errB != nil {
		fmt.Fprintf(os.Stderr, "%s: arguments must be integers\n", name)
		os.Exit(2)
	}
	sum := add(a, b)
	fmt.Printf("%d + %d = %d, cbrt = %.4f\n", a, b, sum, cbrt(float64(sum)))
}
