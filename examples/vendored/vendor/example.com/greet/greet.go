// Package greet builds greetings. It is vendored into
// github.com/example/vendored and is not fetched from any proxy.
package greet

// Version is the version of this module.
const Version = "v1.0.0"

// Hello returns a greeting for name.
func Hello(name string) string {
	return "Hello, " + name + "!"
}
