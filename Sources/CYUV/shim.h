#ifndef MINI_CYUV_SHIM_H
#define MINI_CYUV_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <libyuv.h>
#endif
