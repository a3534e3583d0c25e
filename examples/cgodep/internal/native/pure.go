//go:build !cgo

// Package native answers questions; without cgo, in pure Go.
package native

// Backend names the implementation this build uses.
const Backend = "pure Go"

// Answer is 6 × 7.
func Answer() int { return 6 * 7 }

// Version says there is no SQLite in this build.
func Version() string { return "none" }
