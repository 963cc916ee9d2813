#!/usr/bin/env bash
# Runs the example mini-program through `minimedia run` on the embedded defaults
# (synthetic devices, consent answered "allow"), in each dialect.
set -euo pipefail
bin=$1
data=$2
rm -rf "$data"
for dialect in wx tt; do
  echo "=== media-tour ($dialect)"
  "$bin" run Examples/media-tour --dialect "$dialect" --consent allow --data-dir "$data" \
    --app-id "demo.$dialect" --trace --call saveNote --call flipCamera --call openSettings
done
echo "=== permissions recorded for demo.wx"
"$bin" permissions demo.wx --data-dir "$data"
echo "=== camera-tour (wx): synthetic camera showing a QR code"
"$bin" run Examples/camera-tour --consent allow --data-dir "$data" --app-id demo.camera \
  --camera synthetic:1280x720 --camera-code "QR_CODE:https://example.com/hello" \
  --call takePhoto --call zoomIn --call readFrames --call flipCamera --call scanWithoutComponent
for dialect in wx my; do
  echo "=== real-pages ($dialect): a modal, navigation to a camera page, a photo, an action sheet that closes the camera, storage"
  "$bin" run "Examples/real-pages/$dialect" --dialect "$dialect" --consent allow --data-dir "$data" --app-id "demo.real.$dialect" \
    --modal confirm --action-sheet 1 --call openCamera --call snap --call chooseAction --call back --call showStorage
done
echo "=== record-tour (wx): a 2 s recording (H.264 + AAC from the synthetic microphone), then a timeout"
"$bin" run Examples/record-tour --consent allow --data-dir "$data" --app-id demo.record --camera synthetic:1280x720 \
  --call record --timeout 15
clip=$(ls -t $(find "$data" -path '*demo.record*' -name '*.mp4') 2>/dev/null | tail -1)
if [ -n "$clip" ] && command -v ffprobe >/dev/null; then
  echo "--- ffprobe of the first recording"
  ffprobe -v error -show_entries stream=codec_name,width,height,sample_rate,channels,duration -of compact=p=0 "$clip"
fi
echo "=== voice-tour (wx): RecorderManager 2 s of AAC from the synthetic microphone, mp3 in onFrameRecorded chunks, legacy startRecord, then the 2 s played back through InnerAudioContext"
rm -f "$data/voice-playback.wav"
"$bin" run Examples/voice-tour --consent allow --data-dir "$data" --app-id demo.voice --speaker "file:$data/voice-playback.wav" \
  --call legacy --call record --call frames --call play --timeout 30
voice=$(ls -S $(find "$data" -path '*demo.voice/*' -name '*.m4a') 2>/dev/null | head -1)
if [ -n "$voice" ] && command -v ffprobe >/dev/null; then
  echo "--- ffprobe of the 2 s recording"
  ffprobe -v error -show_entries stream=codec_name,sample_rate,channels,duration,bit_rate -of compact=p=0 "$voice"
fi
if [ -f "$data/voice-playback.wav" ] && command -v ffprobe >/dev/null; then
  echo "--- what the speaker received (--speaker file:...voice-playback.wav): format, length, loudness"
  ffprobe -v error -show_entries stream=codec_name,sample_rate,channels,duration -of compact=p=0 "$data/voice-playback.wav"
  ffmpeg -hide_banner -nostdin -i "$data/voice-playback.wav" -af volumedetect -f null - 2>&1 | grep -E "mean_volume|max_volume" | sed 's/^.*\] //'
fi
echo "--- voice-tour: an audio interruption 500 ms into the recording, for 300 ms (--audio-interruption 500:300)"
"$bin" run Examples/voice-tour --consent allow --data-dir "$data" --app-id demo.voice.interrupted --audio-interruption 500:300 \
  --call record --timeout 20
echo "=== video-tour (wx): a generated 3 s clip in a <video> page, its events, then seek, rate, danmu, full screen, casting"
tour="${data}-video-tour"
rm -rf "$tour" && cp -r Examples/video-tour "$tour"
ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i testsrc=size=640x360:rate=25 -f lavfi -i sine=frequency=440 -t 3 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac "$tour/clip.mp4"
"$bin" run "$tour" --consent allow --data-dir "$data" --app-id demo.video \
  --call seekAhead --call faster --call comment --call fullScreen --call cast --timeout 20
echo "=== components-tour (wx): custom components (usingComponents, properties, slots, triggerEvent)"
"$bin" run Examples/components-tour --data-dir "$data" --app-id demo.components --call likeFromPage
echo "=== camera-tour (wx): camera refused"
"$bin" run Examples/camera-tour --consent deny --data-dir "$data" --app-id demo.camera-denied --call takePhoto
echo "=== album-tour: fill the shared album, then pick, compress, save back (wx, tt)"
mkdir -p "$data"
convert -size 640x480 gradient:blue-red "$data/seed-gradient.jpg"
"$bin" album import "$data/seed-gradient.jpg" Tests/MiniImagingTests/Fixtures/orient_6.jpg --data-dir "$data"
for dialect in wx tt; do
  echo "--- album-tour ($dialect)"
  "$bin" run Examples/album-tour --dialect "$dialect" --consent allow --data-dir "$data" \
    --app-id "demo.album.$dialect" --call process --call errors
done
echo "--- album-tour: picker cancelled"
"$bin" run Examples/album-tour --consent allow --data-dir "$data" --app-id demo.album.cancel --picker cancel --call process
echo "=== the album now"
"$bin" album list --data-dir "$data"
