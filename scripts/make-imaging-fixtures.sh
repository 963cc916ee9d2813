#!/usr/bin/env bash
# Regenerates Tests/MiniImagingTests/Fixtures. Needs ImageMagick 6 (convert, with
# HEIC/WebP delegates) and python3 (stdlib only). Fixtures are committed, so tests
# do not need these tools.
#
# The "upright" picture is 64x48 with four coloured quadrants:
#   top-left red, top-right lime (0,255,0), bottom-left blue, bottom-right yellow.
# orient_N.jpg stores that picture transformed so that applying EXIF orientation N
# yields the upright picture again. Odd N use big-endian (MM) EXIF, even N
# little-endian (II), so both byte orders are exercised.
set -euo pipefail
cd "$(dirname "$0")/../Tests/MiniImagingTests/Fixtures"
rm -f ./*
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

convert -size 32x24 xc:red xc:lime +append \( -size 32x24 xc:blue xc:yellow +append \) -append "$T/upright.png"
# Inverse of the display transform for each orientation.
inv=( "" "" "-flop" "-rotate 180" "-flip" "-transpose" "-rotate -90" "-transverse" "-rotate 90" )
for n in 1 2 3 4 5 6 7 8; do
  convert "$T/upright.png" ${inv[$n]} -sampling-factor 1x1 -quality 95 "$T/o$n.jpg"
done

python3 - "$T" <<'PY'
import struct, sys, zlib, shutil
T = sys.argv[1]

def exif_app1(orientation, big_endian):
    e = '>' if big_endian else '<'
    make = b'TestCam\x00'
    # TIFF header, IFD0 at offset 8 with 2 entries: Make (ASCII, via offset) and Orientation.
    n = 2
    ifd_size = 2 + n * 12 + 4
    make_off = 8 + ifd_size
    tiff = (b'MM' if big_endian else b'II') + struct.pack(e + 'HI', 42, 8)
    tiff += struct.pack(e + 'H', n)
    tiff += struct.pack(e + 'HHII', 0x010F, 2, len(make), make_off)
    tiff += struct.pack(e + 'HHI', 0x0112, 3, 1) + struct.pack(e + 'HH', orientation, 0)
    tiff += struct.pack(e + 'I', 0)
    tiff += make
    payload = b'Exif\x00\x00' + tiff
    return b'\xff\xe1' + struct.pack('>H', len(payload) + 2) + payload

def insert_after_soi(jpeg, segment):
    assert jpeg[:2] == b'\xff\xd8'
    # keep JFIF APP0 first if present
    if jpeg[2:4] == b'\xff\xe0':
        l = struct.unpack('>H', jpeg[4:6])[0]
        return jpeg[:4 + l] + segment + jpeg[4 + l:]
    return jpeg[:2] + segment + jpeg[2:]

for n in range(1, 9):
    data = open(f'{T}/o{n}.jpg', 'rb').read()
    open(f'orient_{n}.jpg', 'wb').write(insert_after_soi(data, exif_app1(n, n % 2 == 1)))

# Hand-crafted JPEG header claiming 60000x60000 (never decodable, must be refused before allocating).
sof = b'\xff\xc0' + struct.pack('>HBHHB', 17, 8, 60000, 60000, 3) + b'\x01\x22\x00\x02\x11\x01\x03\x11\x01'
sos = b'\xff\xda' + struct.pack('>HB', 12, 3) + b'\x01\x00\x02\x11\x03\x11\x00\x3f\x00'
open('huge.jpg', 'wb').write(b'\xff\xd8' + sof + sos + b'\x00' * 64 + b'\xff\xd9')

# Hand-crafted PNG header claiming 60000x60000.
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack('>IIBBBBB', 60000, 60000, 8, 6, 0, 0, 0)
open('huge.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(b'\x00' * 16)) + chunk(b'IEND', b''))
PY

# Photo-ish JPEG, then truncated copies.
convert -size 256x192 plasma:fractal -seed 7 -quality 90 "$T/photo.jpg"
cp "$T/photo.jpg" photo.jpg
python3 - <<'PY'
d = open('photo.jpg', 'rb').read()
open('truncated.jpg', 'wb').write(d[: len(d) * 6 // 10])
open('truncated_header.jpg', 'wb').write(d[:20])
PY
: > empty.jpg
printf 'this is not an image at all, just some text bytes\n' > garbage.bin

# JPEG variants: chroma subsampling, greyscale, CMYK (Adobe, inverted).
convert "$T/upright.png" -sampling-factor 2x2 -quality 95 quad420.jpg
convert "$T/upright.png" -sampling-factor 2x1 -quality 95 quad422.jpg
convert "$T/upright.png" -colorspace Gray -quality 95 quad_gray.jpg
convert "$T/upright.png" -colorspace CMYK -quality 95 quad_cmyk.jpg

# PNG variants.
convert "$T/upright.png" PNG24:quad.png
cp quad.png png_named.jpg
convert "$T/upright.png" -alpha set -region 32x24+32+24 -channel A -evaluate set 50% +channel +region PNG32:quad_rgba.png
convert "$T/upright.png" PNG8:quad_palette.png
convert "$T/upright.png" -colorspace Gray -depth 16 PNG:gray16.png
convert "$T/upright.png" -interlace PNG PNG24:quad_interlaced.png
convert "$T/upright.png" -depth 16 PNG48:quad16.png
convert "$T/upright.png" -interlace JPEG -sampling-factor 2x2 -quality 95 -strip progressive.jpg

# WebP.
convert "$T/upright.png" -quality 95 quad.webp
convert "$T/upright.png" -define webp:lossless=true quad_lossless.webp
cp quad_rgba.png "$T/a.png"; convert "$T/a.png" -define webp:lossless=true quad_alpha.webp

# GIF: still, animated (first frame quad, second black), transparent.
convert "$T/upright.png" quad.gif
convert -delay 10 "$T/upright.png" \( -size 64x48 xc:black \) -loop 0 anim.gif
convert "$T/upright.png" -transparent yellow quad_transparent.gif

# BMP 24-bit (BI_RGB, bottom-up) and 32-bit with alpha (BI_BITFIELDS).
convert "$T/upright.png" -type TrueColor BMP3:quad24.bmp
python3 - <<'PY2'
import struct
d = bytearray(open('quad24.bmp', 'rb').read())
off, = struct.unpack_from('<I', d, 10)
w, h = struct.unpack_from('<ii', d, 18)
stride = (w * 3 + 3) & ~3
rows = [bytes(d[off + i * stride: off + (i + 1) * stride]) for i in range(h)]
struct.pack_into('<i', d, 22, -h)
d[off:off + h * stride] = b''.join(reversed(rows))
open('quad24_topdown.bmp', 'wb').write(bytes(d))
PY2
convert quad_rgba.png BMP:quad32.bmp

# TIFF (probe only) with orientation 6 stored natively in the TIFF IFD.
convert "$T/upright.png" -rotate -90 -orient RightTop -compress none quad_orient6.tiff

# HEIC (needs libheif + x265 in ImageMagick).
convert "$T/upright.png" -quality 90 quad.heic || echo "HEIC fixture skipped"

ls -la
