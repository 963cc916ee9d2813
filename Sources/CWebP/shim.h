#ifndef MINI_CWEBP_SHIM_H
#define MINI_CWEBP_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/demux.h>
#endif
