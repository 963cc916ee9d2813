#!/usr/bin/env bash
# Runs the official WeChat demo's camera, image and setting pages (wechat-miniprogram/
# miniprogram-demo, not part of this repository) unchanged through `minimedia run`, calling
# every tap handler of each page, and prints how each run ended.
#
#   git clone https://github.com/wechat-miniprogram/miniprogram-demo /tmp/miniprogram-demo
#   scripts/try-official-demo.sh /tmp/miniprogram-demo/miniprogram
set -uo pipefail
demo=${1:?usage: $0 MINIPROGRAM_DIR (the miniprogram folder of a demo checkout)}
bin=${MINIMEDIA:-.build/debug/minimedia}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$bin" album import Tests/MiniImagingTests/Fixtures/orient_6.jpg --data-dir "$data" >/dev/null

try() {
  local page=$1; shift
  echo "=== $page: $*"
  "$bin" run "$demo" --page "$page" --consent allow --picker first --data-dir "$data" --timeout 15 "$@" \
    2> >(grep -v '^minimedia: network' >&2)
  echo "--- exit $?"
}

camera=packageComponent/pages/media/camera/camera
for handler in takePhoto togglePosition startRecord stopRecord handleShowCanvas; do
  try "$camera" --call "$handler"
done
try "$camera" --call 'error:{"errMsg":"insertCamera:fail"}'
try "$camera" --call startRecord --call stopRecord
image=packageAPI/pages/media/image/image
try "$image" --call 'sourceTypeChange:{"value":1}' --call 'sizeTypeChange:{"value":0}' --call 'countChange:{"value":2}' \
  --call chooseImage --call previewImage
setting=packageAPI/pages/api/setting/setting
try "$setting" --call getSetting
