// Package multi holds the code shared by the multi binaries.
package multi

// Greeting returns the greeting for name.
func Greeting(name string) string {
	if name == "" {
		name = "world"
	}
	return "hello, " + name
}
