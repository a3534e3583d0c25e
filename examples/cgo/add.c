#include <math.h>

#include "add.h"

int godock_add(int a, int b) {
	return a + b;
}

/* godock_cbrt calls into libm, linked through #cgo LDFLAGS: -lm. */
double godock_cbrt(double x) {
	return cbrt(x);
}
