// Package build names the module's build: a Go package in a directory
// that naive .dockerignore files exclude as build output.
package build

// Name is what the multi command reports itself as.
const Name = "multi"
