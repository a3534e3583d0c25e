module github.com/example/healthserver

go 1.23
