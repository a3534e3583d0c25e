// Command seed fills a development database (a development tool).
package main

import "fmt"

func main() { fmt.Println("seeded") }
