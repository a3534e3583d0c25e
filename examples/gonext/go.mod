module github.com/example/gonext

go 1.27.0

require golang.org/x/sync v0.24.0
