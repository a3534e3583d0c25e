module github.com/example/versionpkg

go 1.24
