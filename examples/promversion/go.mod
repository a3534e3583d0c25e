module github.com/example/promversion

go 1.24

require github.com/prometheus/common v0.62.0
