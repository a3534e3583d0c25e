module github.com/example/cgodep

go 1.23
