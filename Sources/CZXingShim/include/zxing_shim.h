/*
 * zxing_shim.h — pure C API over zxing-cpp (1.4.x) for use from Swift without C++ interop.
 *
 * All memory returned by this API is owned by the caller and must be released with the
 * matching free function (zxs_free_results / zxs_free_bitmatrix).
 */
#ifndef ZXING_SHIM_H
#define ZXING_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Barcode format bits; identical to ZXing::BarcodeFormat values. */
enum {
    ZXS_FORMAT_NONE             = 0,
    ZXS_FORMAT_AZTEC            = 1 << 0,
    ZXS_FORMAT_CODABAR          = 1 << 1,
    ZXS_FORMAT_CODE39           = 1 << 2,
    ZXS_FORMAT_CODE93           = 1 << 3,
    ZXS_FORMAT_CODE128          = 1 << 4,
    ZXS_FORMAT_DATABAR          = 1 << 5,
    ZXS_FORMAT_DATABAR_EXPANDED = 1 << 6,
    ZXS_FORMAT_DATA_MATRIX      = 1 << 7,
    ZXS_FORMAT_EAN8             = 1 << 8,
    ZXS_FORMAT_EAN13            = 1 << 9,
    ZXS_FORMAT_ITF              = 1 << 10,
    ZXS_FORMAT_MAXICODE         = 1 << 11,
    ZXS_FORMAT_PDF417           = 1 << 12,
    ZXS_FORMAT_QR_CODE          = 1 << 13,
    ZXS_FORMAT_UPCA             = 1 << 14,
    ZXS_FORMAT_UPCE             = 1 << 15,
    ZXS_FORMAT_MICRO_QR_CODE    = 1 << 16,
    ZXS_FORMAT_ANY              = (1 << 17) - 1
};

/* Pixel layouts accepted by zxs_decode. */
typedef enum {
    ZXS_IMAGE_LUM  = 0, /* 8-bit luminance; pix_stride may be >1 (e.g. 2 for the Y of YUYV) */
    ZXS_IMAGE_RGBA = 1, /* 4 bytes per pixel R,G,B,X */
    ZXS_IMAGE_BGRA = 2, /* 4 bytes per pixel B,G,R,X */
    ZXS_IMAGE_RGB  = 3, /* 3 bytes per pixel R,G,B */
} zxs_image_format;

/* Binarizer selection; identical to ZXing::Binarizer values. */
typedef enum {
    ZXS_BINARIZER_LOCAL_AVERAGE    = 0,
    ZXS_BINARIZER_GLOBAL_HISTOGRAM = 1,
    ZXS_BINARIZER_FIXED_THRESHOLD  = 2,
    ZXS_BINARIZER_BOOL_CAST        = 3,
} zxs_binarizer;

/* Decoder options. Initialise with zxs_decode_options_default(). */
typedef struct {
    int formats;        /* mask of ZXS_FORMAT_*; 0 means any */
    int try_harder;     /* spend more time for accuracy */
    int try_rotate;     /* also try 90/180/270 degree rotations */
    int try_downscale;  /* also try downscaled images */
    int is_pure;        /* image contains nothing but one perfectly aligned code */
    int binarizer;      /* zxs_binarizer */
    int max_symbols;    /* maximum number of symbols to return (1..255) */
} zxs_decode_options;

/* One decoded symbol. Strings are NUL terminated; text/bytes are heap allocated. */
typedef struct {
    int format;               /* one ZXS_FORMAT_* bit */
    const char *format_name;  /* zxing's own name (static storage), e.g. "QRCode" */
    char *text;               /* UTF-8 text (NUL terminated) */
    size_t text_length;       /* bytes in text, without NUL */
    uint8_t *bytes;           /* raw payload bytes before character set conversion */
    size_t bytes_length;
    char charset[24];         /* best guess of the payload character set, e.g. "UTF-8", "ISO-8859-1" */
    int has_eci;              /* an ECI designator was present */
    int content_type;         /* ZXing::ContentType: 0 Text,1 Binary,2 Mixed,3 GS1,4 ISO15434,5 UnknownECI */
    char symbology_id[8];     /* e.g. "]Q1" */
    char ec_level[8];         /* error correction level if known, e.g. "M" */
    int orientation;          /* degrees */
    int corners[8];           /* x0,y0 .. x3,y3: top-left, top-right, bottom-right, bottom-left */
} zxs_result;

/* A barcode bit matrix: width*height bytes, row major, 1 = black module. */
typedef struct {
    int width;
    int height;
    uint8_t *bits;
} zxs_bitmatrix;

/** Fill *opts with defaults (any format, try_harder=1, try_rotate=1, try_downscale=1, max_symbols=255). */
void zxs_decode_options_default(zxs_decode_options *opts);

/**
 * Decode all barcodes in an image.
 * @param row_stride bytes per row (0 = width * pix_stride)
 * @param pix_stride bytes per pixel (0 = natural size of image_format)
 * @param out_results receives a heap array (free with zxs_free_results) or NULL when none found
 * @return number of results (>= 0), or -1 on invalid arguments / internal error
 */
int zxs_decode(const uint8_t *data, int width, int height, int row_stride, int pix_stride,
               zxs_image_format image_format, const zxs_decode_options *opts,
               zxs_result **out_results);

/** Release an array returned by zxs_decode. NULL is allowed. */
void zxs_free_results(zxs_result *results, int count);

/**
 * Time zxing's own ReadBarcodes over `iterations` calls on the same image, measured in C++.
 * @param out_found receives the number of symbols found in the last iteration (may be NULL)
 * @return total nanoseconds, or -1 on error
 */
double zxs_benchmark_decode(const uint8_t *data, int width, int height, int row_stride, int pix_stride,
                            zxs_image_format image_format, const zxs_decode_options *opts,
                            int iterations, int *out_found);

/**
 * Encode text with zxing's MultiFormatWriter.
 * @param width,height requested size in pixels (0 = minimal: one pixel per module)
 * @param margin quiet zone in pixels/modules (-1 = format default)
 * @param ecc_level error correction level 0..8 for QR/Aztec/PDF417 (-1 = default)
 * @param error_buffer receives a NUL terminated message on failure (may be NULL)
 * @return 0 on success (free out with zxs_free_bitmatrix), -1 on failure
 */
int zxs_encode(const char *text, int format, int width, int height, int margin, int ecc_level,
               zxs_bitmatrix *out, char *error_buffer, size_t error_buffer_size);

/** Release the bits of a matrix filled by zxs_encode. */
void zxs_free_bitmatrix(zxs_bitmatrix *matrix);

/** zxing's name of a single format bit (static storage), e.g. "EAN-13". */
const char *zxs_format_name(int format);

/** Version of the zxing-cpp headers the shim was built against, e.g. 10400 for 1.4.0. */
int zxs_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ZXING_SHIM_H */
