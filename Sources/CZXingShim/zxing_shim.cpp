// zxing_shim.cpp — C ABI wrapper over zxing-cpp. See include/zxing_shim.h.
#ifndef ZX_USE_UTF8
#define ZX_USE_UTF8 1
#endif

#include "zxing_shim.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>
#include <ZXing/ZXVersion.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

using namespace ZXing;

namespace {

void copyString(char *dst, size_t cap, const std::string &src) {
    if (cap == 0) return;
    size_t n = src.size() < cap - 1 ? src.size() : cap - 1;
    std::memcpy(dst, src.data(), n);
    dst[n] = 0;
}

bool isValidUTF8(const uint8_t *p, size_t n, bool *asciiOnly) {
    *asciiOnly = true;
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) { i++; continue; }
        *asciiOnly = false;
        size_t len;
        if ((c & 0xE0) == 0xC0 && c >= 0xC2) len = 2;
        else if ((c & 0xF0) == 0xE0) len = 3;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4) len = 4;
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

std::string latin1ToUTF8(const uint8_t *p, size_t n) {
    std::string out;
    out.reserve(n * 2);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c < 0x80) out.push_back(char(c));
        else { out.push_back(char(0xC0 | (c >> 6))); out.push_back(char(0x80 | (c & 0x3F))); }
    }
    return out;
}

// zxing 1.4 does not expose the character set it chose; infer it from the raw bytes and the
// transcoded text.
std::string guessCharset(const Result &r, const std::string &text) {
    const ByteArray &b = r.bytes();
    if (r.contentType() == ContentType::Binary) return "BINARY";
    bool ascii = false;
    bool utf8 = isValidUTF8(b.data(), b.size(), &ascii);
    if (ascii) return "UTF-8"; // ASCII is a subset; this is what WeChat reports for plain text
    if (utf8 && text.size() == b.size() && std::memcmp(text.data(), b.data(), b.size()) == 0) return "UTF-8";
    if (latin1ToUTF8(b.data(), b.size()) == text) return "ISO-8859-1";
    if (r.hasECI()) return "ECI";
    return "UNKNOWN";
}

bool makeView(const uint8_t *data, int width, int height, int rowStride, int pixStride,
              zxs_image_format fmt, ImageView *out) {
    if (!data || width <= 0 || height <= 0) return false;
    ImageFormat f;
    switch (fmt) {
    case ZXS_IMAGE_LUM: f = ImageFormat::Lum; break;
    case ZXS_IMAGE_RGBA: f = ImageFormat::RGBX; break;
    case ZXS_IMAGE_BGRA: f = ImageFormat::BGRX; break;
    case ZXS_IMAGE_RGB: f = ImageFormat::RGB; break;
    default: return false;
    }
    *out = ImageView(data, width, height, f, rowStride, pixStride);
    return true;
}

DecodeHints makeHints(const zxs_decode_options *o) {
    zxs_decode_options d;
    if (!o) { zxs_decode_options_default(&d); o = &d; }
    DecodeHints h;
    h.setFormats(BarcodeFormats(BarcodeFormat(o->formats & ZXS_FORMAT_ANY)));
    h.setTryHarder(o->try_harder != 0);
    h.setTryRotate(o->try_rotate != 0);
    h.setTryDownscale(o->try_downscale != 0);
    h.setIsPure(o->is_pure != 0);
    int bin = o->binarizer;
    if (bin < 0 || bin > 3) bin = 0;
    h.setBinarizer(Binarizer(bin));
    int m = o->max_symbols;
    if (m < 1) m = 1;
    if (m > 255) m = 255;
    h.setMaxNumberOfSymbols(uint8_t(m));
    return h;
}

char *dupBytes(const void *p, size_t n) {
    char *r = static_cast<char *>(std::malloc(n + 1));
    if (!r) return nullptr;
    if (n) std::memcpy(r, p, n);
    r[n] = 0;
    return r;
}

struct Found {
    Result result;
    int scale; // position scale factor back to the input image
};

bool sameSymbol(const Result &a, const Result &b) {
    return a.format() == b.format() && a.bytes() == b.bytes();
}

// Reads all symbols. zxing-cpp 1.4.0's ReadBarcodes de-duplicates results across its downscale
// pyramid with Result::operator==, which asserts (and aborts in Debian's build) for linear codes
// seen on several lines. We therefore read the full-resolution image for all requested formats
// without downscaling, then search the same pyramid zxing would build (factor 3 while the larger
// side exceeds the threshold) for matrix codes only, de-duplicating by format + payload.
std::vector<Found> readAll(const ImageView &view, const zxs_decode_options *o) {
    DecodeHints h = makeHints(o);
    const int requested = (o && o->formats) ? (o->formats & ZXS_FORMAT_ANY) : ZXS_FORMAT_ANY;
    const bool wantPyramid = h.tryDownscale() && !h.isPure();
    const int maxSymbols = h.maxNumberOfSymbols();
    h.setTryDownscale(false);
    std::vector<Found> found;
    for (auto &r : ReadBarcodes(view, h))
        if (r.isValid()) found.push_back({std::move(r), 1});

    const int matrix = requested & int(BarcodeFormat::MatrixCodes);
    const int threshold = h.downscaleThreshold(), factor = h.downscaleFactor();
    if (!wantPyramid || !matrix || int(found.size()) >= maxSymbols || factor < 2 ||
        std::max(view.width(), view.height()) <= threshold)
        return found;

    // Dense luminance copy of the source.
    int w = view.width(), hgt = view.height();
    std::vector<uint8_t> cur(size_t(w) * size_t(hgt));
    const ImageFormat f = view.format();
    for (int y = 0; y < hgt; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t *p = view.data(x, y);
            cur[size_t(y) * w + x] = f == ImageFormat::Lum ? p[0] : RGBToLum(p[RedIndex(f)], p[GreenIndex(f)], p[BlueIndex(f)]);
        }
    DecodeHints hm = h;
    hm.setFormats(BarcodeFormats(BarcodeFormat(matrix)));
    int scale = 1;
    while (std::max(w, hgt) > threshold && int(found.size()) < maxSymbols) {
        const int nw = w / factor, nh = hgt / factor;
        if (nw < 1 || nh < 1) break;
        std::vector<uint8_t> next(size_t(nw) * size_t(nh));
        for (int dy = 0; dy < nh; dy++)
            for (int dx = 0; dx < nw; dx++) {
                int sum = (factor * factor) / 2;
                for (int ty = 0; ty < factor; ty++)
                    for (int tx = 0; tx < factor; tx++) sum += cur[size_t(dy * factor + ty) * w + size_t(dx * factor + tx)];
                next[size_t(dy) * nw + dx] = uint8_t(sum / (factor * factor));
            }
        cur.swap(next);
        w = nw;
        hgt = nh;
        scale *= factor;
        hm.setMaxNumberOfSymbols(uint8_t(maxSymbols - int(found.size())));
        for (auto &r : ReadBarcodes(ImageView(cur.data(), w, hgt, ImageFormat::Lum), hm)) {
            if (!r.isValid()) continue;
            bool dup = false;
            for (auto &e : found) dup = dup || sameSymbol(e.result, r);
            if (!dup) found.push_back({std::move(r), scale});
        }
    }
    return found;
}

} // namespace

extern "C" {

void zxs_decode_options_default(zxs_decode_options *o) {
    if (!o) return;
    o->formats = 0;
    o->try_harder = 1;
    o->try_rotate = 1;
    o->try_downscale = 1;
    o->is_pure = 0;
    o->binarizer = ZXS_BINARIZER_LOCAL_AVERAGE;
    o->max_symbols = 255;
}

int zxs_decode(const uint8_t *data, int width, int height, int row_stride, int pix_stride,
               zxs_image_format image_format, const zxs_decode_options *opts, zxs_result **out_results) {
    if (!out_results) return -1;
    *out_results = nullptr;
    try {
        ImageView view(nullptr, 0, 0, ImageFormat::None);
        if (!makeView(data, width, height, row_stride, pix_stride, image_format, &view)) return -1;
        std::vector<Found> results = readAll(view, opts);
        int count = int(results.size());
        if (count == 0) return 0;
        auto *arr = static_cast<zxs_result *>(std::calloc(size_t(count), sizeof(zxs_result)));
        if (!arr) return -1;
        int i = 0;
        for (auto &fr : results) {
            const Result &r = fr.result;
            zxs_result &o = arr[i++];
            o.format = int(r.format());
            o.format_name = ToString(r.format());
            std::string text = r.text();
            o.text = dupBytes(text.data(), text.size());
            o.text_length = text.size();
            const ByteArray &b = r.bytes();
            o.bytes = reinterpret_cast<uint8_t *>(dupBytes(b.data(), b.size()));
            o.bytes_length = b.size();
            copyString(o.charset, sizeof o.charset, guessCharset(r, text));
            o.has_eci = r.hasECI() ? 1 : 0;
            o.content_type = int(r.contentType());
            copyString(o.symbology_id, sizeof o.symbology_id, r.symbologyIdentifier());
            copyString(o.ec_level, sizeof o.ec_level, r.ecLevel());
            o.orientation = r.orientation();
            const auto &p = r.position();
            for (int k = 0; k < 4; k++) { o.corners[2 * k] = p[k].x * fr.scale; o.corners[2 * k + 1] = p[k].y * fr.scale; }
        }
        *out_results = arr;
        return count;
    } catch (...) {
        return -1;
    }
}

void zxs_free_results(zxs_result *results, int count) {
    if (!results) return;
    for (int i = 0; i < count; i++) {
        std::free(results[i].text);
        std::free(results[i].bytes);
    }
    std::free(results);
}

double zxs_benchmark_decode(const uint8_t *data, int width, int height, int row_stride, int pix_stride,
                            zxs_image_format image_format, const zxs_decode_options *opts, int iterations,
                            int *out_found) {
    try {
        ImageView view(nullptr, 0, 0, ImageFormat::None);
        if (!makeView(data, width, height, row_stride, pix_stride, image_format, &view)) return -1;
        int found = 0;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < iterations; i++) found = int(readAll(view, opts).size());
        auto t1 = std::chrono::steady_clock::now();
        if (out_found) *out_found = found;
        return double(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    } catch (...) {
        return -1;
    }
}

int zxs_encode(const char *text, int format, int width, int height, int margin, int ecc_level,
               zxs_bitmatrix *out, char *error_buffer, size_t error_buffer_size) {
    auto fail = [&](const char *msg) {
        if (error_buffer && error_buffer_size) copyString(error_buffer, error_buffer_size, msg);
        return -1;
    };
    if (!out) return fail("null output");
    out->width = out->height = 0;
    out->bits = nullptr;
    if (!text) return fail("null text");
    // exactly one format bit
    if (format <= 0 || (format & (format - 1)) != 0 || (format & ZXS_FORMAT_ANY) != format)
        return fail("format must be exactly one barcode format");
    try {
        MultiFormatWriter writer(static_cast<BarcodeFormat>(format));
        if (margin >= 0) writer.setMargin(margin);
        if (ecc_level >= 0) writer.setEccLevel(ecc_level);
        // Non-ASCII text needs an explicit UTF-8 encoding (adds an ECI where the format supports it).
        for (const char *p = text; *p; ++p)
            if (static_cast<unsigned char>(*p) >= 0x80) { writer.setEncoding(CharacterSet::UTF8); break; }
        BitMatrix m = writer.encode(std::string(text), width < 0 ? 0 : width, height < 0 ? 0 : height);
        int w = m.width(), h = m.height();
        if (w <= 0 || h <= 0) return fail("encoder produced an empty matrix");
        auto *bits = static_cast<uint8_t *>(std::malloc(size_t(w) * size_t(h)));
        if (!bits) return fail("out of memory");
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) bits[size_t(y) * size_t(w) + size_t(x)] = m.get(x, y) ? 1 : 0;
        out->width = w;
        out->height = h;
        out->bits = bits;
        return 0;
    } catch (const std::exception &e) {
        return fail(e.what());
    } catch (...) {
        return fail("unknown encoder error");
    }
}

void zxs_free_bitmatrix(zxs_bitmatrix *matrix) {
    if (!matrix) return;
    std::free(matrix->bits);
    matrix->bits = nullptr;
    matrix->width = matrix->height = 0;
}

const char *zxs_format_name(int format) {
    return ToString(static_cast<BarcodeFormat>(format));
}

int zxs_version(void) {
    return ZXING_VERSION_MAJOR * 10000 + ZXING_VERSION_MINOR * 100 + ZXING_VERSION_PATCH;
}

} // extern "C"
