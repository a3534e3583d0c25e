module github.com/example/replaced

go 1.23

require example.com/mathx v0.0.0

replace example.com/mathx => ./third_party/mathx
