module github.com/example/hello

go 1.23
