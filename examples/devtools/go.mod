module github.com/example/devtools

go 1.24
