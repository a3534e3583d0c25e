// Command gonext needs a Go release newer than most builders carry: its
// go.mod says `go 1.27.0`, so Go 1.26 with GOTOOLCHAIN=local (as the golang
// images run) refuses to build it, and a builder image of Go 1.26 cannot
// build it either. It checksums its arguments in parallel with errgroup.
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"
)

const name = "gonext"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	sums, err := checksums(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i, sum := range sums {
		fmt.Printf("%s  %s\n", sum, os.Args[1+i])
	}
}

// checksums returns the SHA-256 of each text, computed in parallel.
func checksums(texts []string) ([]string, error) {
	sums := make([]string, len(texts))
	var group errgroup.Group
	group.SetLimit(4)
	for i, text := range texts {
		group.Go(func() error {
			sums[i] = fmt.Sprintf("%x", sha256.Sum256([]byte(text)))
			return nil
		})
	}
	return sums, group.Wait()
}

// selftest checks the Go release the binary was built with, and a checksum.
func selftest() error {
	version := runtime.Version()
	var minor int
	if _, err := fmt.Sscanf(strings.TrimPrefix(version, "go1."), "%d", &minor); err != nil || minor < 27 {
		return fmt.Errorf("built with %s, but go.mod asks for go 1.27.0", version)
	}
	sums, err := checksums([]string{"", "abc"})
	if err != nil {
		return err
	}
	if sums[1] != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		return fmt.Errorf("sha256(abc) = %s", sums[1])
	}
	return nil
}
