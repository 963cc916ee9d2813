#ifndef MINI_CTURBOJPEG_SHIM_H
#define MINI_CTURBOJPEG_SHIM_H
#include <stddef.h>
#include <turbojpeg.h>

/// TJSCALED() as a function: the size of `dimension` after scaling by `factor`.
static inline int mini_tj_scaled(int dimension, tjscalingfactor factor) {
    return TJSCALED(dimension, factor);
}
#endif
