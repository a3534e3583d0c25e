// Package config holds the service's settings and their defaults: the
// listen address is set here, not in package main, as many real servers do.
package config

import "os"

// Config is what the service starts with.
type Config struct {
	Addr     string
	Greeting string
}

// Default is the configuration without any environment.
func Default() Config {
	return Config{
		Addr:     ":9090",
		Greeting: "hello from configport",
	}
}

// FromEnvironment applies LISTEN_ADDR over c.
func FromEnvironment(c Config) Config {
	if addr := os.Getenv("LISTEN_ADDR"); addr != "" {
		c.Addr = addr
	}
	return c
}
