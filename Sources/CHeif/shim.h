#ifndef MINI_CHEIF_SHIM_H
#define MINI_CHEIF_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <libheif/heif.h>
#endif
