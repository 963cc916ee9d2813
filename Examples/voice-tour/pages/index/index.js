// The voice tour: the app's one RecorderManager records 2 s from the --microphone (AAC in m4a,
// 44.1 kHz stereo, 96 kbps), then mp3 with onFrameRecorded chunks, then the legacy
// wx.startRecord / wx.stopRecord; `play` plays the 2 s recording back through an
// InnerAudioContext (to the --speaker: `file:out.wav` keeps what it heard).
// Run: minimedia run Examples/voice-tour --consent allow --call legacy --call record --call frames --call play
// With --audio-interruption 500:300 the first recording hears onInterruptionBegin/End.
const recorder = wx.getRecorderManager()

function header(path) {
  // The container's first bytes, as a file tool would name them.
  const bytes = new Uint8Array(wx.getFileSystemManager().readFileSync(path).slice(0, 12))
  const text = String.fromCharCode.apply(null, Array.from(bytes)).replace(/[^ -~]/g, '.')
  return text
}

Page({
  data: { status: 'idle' },

  onLoad() {
    this.recordings = []
    recorder.onStart(() => {
      console.log('[voice] onStart')
      this.setData({ status: 'recording' })
      // 2 s of recording from its start (the first start also asks for scope.record).
      if (this.stopAfter) setTimeout(() => recorder.stop(), this.stopAfter)
      this.stopAfter = 0
    })
    recorder.onPause(() => console.log('[voice] onPause'))
    recorder.onResume(() => console.log('[voice] onResume'))
    recorder.onInterruptionBegin(() => console.log('[voice] onInterruptionBegin'))
    recorder.onInterruptionEnd(() => { console.log('[voice] onInterruptionEnd'); recorder.resume() })
    recorder.onError((e) => console.log('[voice] onError', e.errMsg))
    recorder.onFrameRecorded((f) => {
      this.frames = (this.frames || 0) + 1
      this.frameBytes = (this.frameBytes || 0) + f.frameBuffer.byteLength
      if (f.isLastFrame) console.log('[voice] onFrameRecorded:', this.frames, 'chunks,', this.frameBytes, 'bytes, the last marked isLastFrame')
    })
    recorder.onStop((res) => {
      this.recordings.push(res)
      this.setData({ status: 'stopped' })
      console.log('[voice] onStop', res.tempFilePath, 'duration', res.duration, 'ms, fileSize', res.fileSize, 'bytes, header', JSON.stringify(header(res.tempFilePath)))
      if (this.afterStop) this.afterStop(res)
    })
  },

  record() {
    this.stopAfter = 2000
    recorder.start({ format: 'aac', sampleRate: 44100, numberOfChannels: 2, encodeBitRate: 96000, duration: 60000 })
  },

  frames() {
    // 1 s of mp3 at 16 kHz mono in ~2 KB chunks; the duration option ends it.
    this.frames = 0
    this.frameBytes = 0
    recorder.start({ format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000, frameSize: 2, duration: 1000 })
  },

  play() {
    // The RecorderManager's 2 s AAC (onStop gives its duration; legacy startRecord's result has none).
    const recording = this.recordings.find((r) => r.duration && /\.m4a$/.test(r.tempFilePath))
    if (!recording) return console.log('[voice] play: nothing recorded yet (--call record first)')
    const ctx = wx.createInnerAudioContext()
    ctx.onCanplay(() => console.log('[voice] play: canplay, duration', ctx.duration.toFixed(3), 's'))
    ctx.onPlay(() => console.log('[voice] play: playing', recording.tempFilePath))
    ctx.onError((e) => console.log('[voice] play: error', e.errCode, e.errMsg))
    ctx.onEnded(() => {
      console.log('[voice] play: ended after', ctx.duration.toFixed(3), 's of sound (recorded', recording.duration, 'ms)')
      ctx.destroy()
    })
    ctx.src = recording.tempFilePath
    ctx.play()
  },

  legacy() {
    wx.startRecord({
      success: (res) => {
        console.log('[voice] startRecord:', res.errMsg, res.tempFilePath, 'header', JSON.stringify(header(res.tempFilePath)))
        this.recordings.push(res)
      },
      fail: (e) => console.log('[voice] startRecord failed', e.errMsg),
    })
    setTimeout(() => wx.stopRecord({ success: (r) => console.log('[voice] stopRecord:', r.errMsg) }), 1000)
    console.log('[voice] startRecord: recording 1 s')
  },
})
