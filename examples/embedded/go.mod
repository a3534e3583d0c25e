module github.com/example/embedded

go 1.23
