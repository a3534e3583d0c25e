#ifndef GODOCK_ADD_H
#define GODOCK_ADD_H

int godock_add(int a, int b);
double godock_cbrt(double x);

#endif
