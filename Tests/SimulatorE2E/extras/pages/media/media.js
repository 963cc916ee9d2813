const mm = typeof wx !== 'undefined' ? wx : typeof qq !== 'undefined' ? qq : typeof swan !== 'undefined' ? swan : typeof tt !== 'undefined' ? tt : my

Page({
  data: { live: '' },
  onLoad(query) {
    this.setData({ live: decodeURIComponent(query.live || '') })
    const tone = this.tone = mm.createInnerAudioContext()
    tone.src = '/media/tone-440.wav'
    tone.loop = true
  },
  onUnload() { this.tone.destroy() },
  playTone() { this.tone.play() },
  pauseTone() { this.tone.pause() },
  onLiveState(e) { console.log('[live] ' + e.detail.code) },
})
