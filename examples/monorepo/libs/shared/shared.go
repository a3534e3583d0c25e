// Package shared lives beside the services of the monorepo, outside their
// modules: each service reaches it through a replace directive.
package shared

import "fmt"

// Banner names a service.
func Banner(service string) string {
	return fmt.Sprintf("[%s]", service)
}
