#ifndef MINI_CPNG_SHIM_H
#define MINI_CPNG_SHIM_H
#include <stddef.h>
#include <png.h>

static inline png_uint_32 mini_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 mini_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 mini_png_flag_16bit_srgb(void) { return PNG_IMAGE_FLAG_16BIT_sRGB; }
static inline int mini_png_image_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }
/// Upper bound of the encoded size for an image (PNG_IMAGE_PNG_SIZE_MAX).
static inline size_t mini_png_size_max(const png_image *image) { return PNG_IMAGE_PNG_SIZE_MAX(*image); }
#endif
