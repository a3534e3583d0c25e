//go:build tools

// Package tools pins development tools; it is never built normally.
package tools
