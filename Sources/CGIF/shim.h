#ifndef MINI_CGIF_SHIM_H
#define MINI_CGIF_SHIM_H
#include <stddef.h>
#include <gif_lib.h>
#endif
