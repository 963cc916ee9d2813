// The play tour: the page writes two tones as WAV files (FileSystemManager), then plays them at
// once through two InnerAudioContexts — the session's mixer sums them for the --speaker.
// Run: minimedia run Examples/play-tour --call play --speaker file:/tmp/chord.wav
//      minimedia run Examples/play-tour --call fast            (2×, same pitch: atempo)

// A mono 16-bit WAV of `seconds` of a sine at `hz`.
function toneWAV(hz, seconds) {
  const rate = 44100, n = Math.round(rate * seconds)
  const buf = new ArrayBuffer(44 + n * 2), v = new DataView(buf)
  const text = (o, s) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)) }
  text(0, 'RIFF'); v.setUint32(4, 36 + n * 2, true); text(8, 'WAVEfmt ')
  v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true)
  v.setUint32(24, rate, true); v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true)
  text(36, 'data'); v.setUint32(40, n * 2, true)
  for (let i = 0; i < n; i++) v.setInt16(44 + i * 2, Math.round(6000 * Math.sin(2 * Math.PI * hz * i / rate)), true)
  return buf
}

Page({
  onLoad() {
    const fs = wx.getFileSystemManager()
    this.files = [440, 660].map((hz) => {
      const path = `${wx.env.USER_DATA_PATH}/tone-${hz}.wav`
      fs.writeFileSync(path, toneWAV(hz, 1.5))
      return path
    })
    wx.getAvailableAudioSources({ success: (r) => console.log('[audio] sources', r.audioSources.join(' ')) })
  },

  start(rate) {
    this.files.forEach((src, i) => {
      const ctx = wx.createInnerAudioContext()
      const tag = `[audio ${i}]`
      let updates = 0
      ctx.onCanplay(() => console.log(tag, 'canplay, duration', ctx.duration.toFixed(2)))
      ctx.onPlay(() => console.log(tag, 'play at rate', ctx.playbackRate))
      ctx.onTimeUpdate(() => { updates += 1 })
      ctx.onEnded(() => {
        console.log(tag, 'ended at', ctx.currentTime.toFixed(3), 's after', updates, 'timeUpdates')
        ctx.destroy()
      })
      ctx.onError((e) => console.log(tag, 'error', e.errCode, e.errMsg))
      ctx.volume = 0.8
      ctx.playbackRate = rate
      ctx.src = src
      ctx.play()
    })
  },

  play() {
    wx.setInnerAudioOption({ mixWithOther: true }).then(() => this.start(1))
  },

  fast() {
    this.start(2)
  },
})
