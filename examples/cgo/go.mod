module github.com/example/cgo

go 1.23
