module example.com/workspace/worker

go 1.23
