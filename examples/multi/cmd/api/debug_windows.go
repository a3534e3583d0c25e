package main

import (
	"os"
	"syscall"
)

// debugConsole reports whether the process has a Windows console attached.
// The file is Windows-only (by its _windows.go suffix): syscall.Handle and
// syscall.GetConsoleMode do not exist on linux, so it must not be compiled there.
func debugConsole() bool {
	var mode uint32
	return syscall.GetConsoleMode(syscall.Handle(os.Stdout.Fd()), &mode) == nil
}
