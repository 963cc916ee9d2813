const mm = wx

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
