// Package version holds what a release build stamps with -ldflags -X.
package version

// Version is the release; a build that stamps nothing keeps this default.
var Version = "0.9.0-src"

// Commit is the commit the binary was built from.
var Commit string

// Edition is a constant: -X cannot set it, and godock says so.
const Edition = "oss"

// String is what --version prints.
func String() string {
	if Commit == "" {
		return Version
	}
	return Version + " (" + Commit + ")"
}
