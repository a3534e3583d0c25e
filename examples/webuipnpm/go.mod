module github.com/example/webuipnpm

go 1.23
