module github.com/example/configport

go 1.24
