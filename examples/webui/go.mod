module github.com/example/webui

go 1.23
