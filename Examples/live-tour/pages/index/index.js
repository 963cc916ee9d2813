// <live-player> tour: plays the stream given as ?src=… (RTMP, HTTP-FLV or HLS), prints every
// statechange code and each netstatus, snapshots the current frame after 2004 (playing) and
// stops a few seconds later.
const ns = typeof wx !== 'undefined' ? wx : typeof qq !== 'undefined' ? qq : typeof swan !== 'undefined' ? swan : typeof tt !== 'undefined' ? tt : my

Page({
  data: { src: '' },

  onLoad(query) {
    this.setData({ src: decodeURIComponent(query.src || '') })
    this.ctx = ns.createLivePlayerContext('live')
    this.reports = 0
  },

  onStateChange(e) {
    console.log('[live] statechange', e.detail.code)
    if (e.detail.code === 2004 && !this.shot) {
      this.shot = true
      setTimeout(() => this.snapshot(), 500)
    }
    if (e.detail.code === -2301 || e.detail.code === -2302) this.ctx.stop()
  },

  onNetStatus(e) {
    const i = e.detail.info
    console.log(`[live] netstatus ${i.videoWidth}x${i.videoHeight} ${i.videoFPS} fps video ${i.videoBitrate} kbps audio ${i.audioBitrate} kbps`)
    if (++this.reports === 3) this.stop()
  },

  onFullScreen(e) {
    console.log('[live] fullscreenchange', JSON.stringify(e.detail))
  },

  snapshot() {
    this.ctx.snapshot({
      quality: 'raw',
      success: (r) => console.log('[live] snapshot', r.width + 'x' + r.height, r.tempImagePath),
      fail: (e) => console.log('[live] snapshot failed', e.errMsg),
    })
  },

  stop() {
    this.ctx.stop({ success: () => console.log('[live] stopped') })
  },
})
