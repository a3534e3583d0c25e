// The repository's root holds only go:generate lines, in a package main
// without func main: not a program, and no binary to build.
package main

//go:generate gofmt -l -w cmd/genstub
//go:generate go vet ./cmd/genstub
