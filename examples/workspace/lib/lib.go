// Package lib is the library both programs of the workspace use.
package lib

import "strings"

// Shout upper-cases s and adds an exclamation mark.
func Shout(s string) string {
	return strings.ToUpper(s) + "!"
}
