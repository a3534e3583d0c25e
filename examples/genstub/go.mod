module github.com/example/genstub

go 1.24
