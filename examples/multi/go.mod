module github.com/example/multi

go 1.23
