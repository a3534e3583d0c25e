// Package mathx has small integer helpers.
package mathx

// Sum returns the sum of xs.
func Sum(xs ...int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

// Max returns the largest of xs, or 0 if xs is empty.
func Max(xs ...int) int {
	if len(xs) == 0 {
		return 0
	}
	m := xs[0]
	for _, x := range xs[1:] {
		m = max(m, x)
	}
	return m
}
