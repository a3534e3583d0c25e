module godock.test/modproxy

go 1.21
