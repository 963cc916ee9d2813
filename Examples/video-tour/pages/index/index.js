// A <video> page: autoplay, then the VideoContext methods a real page calls.
Page({
  data: { src: '/clip.mp4', danmu: [{ text: 'welcome', color: '#ffcc00', time: 0.5 }] },
  onLoad() {
    this.video = wx.createVideoContext('player')
  },
  onEvent(e) {
    console.log(`${e.type} ${JSON.stringify(e.detail)}`)
  },
  onTime(e) {
    // Every 250 ms while playing: print one in two.
    this.ticks = (this.ticks || 0) + 1
    if (this.ticks % 2 === 1) console.log(`timeupdate ${JSON.stringify(e.detail)}`)
  },
  onEnded(e) {
    console.log('ended — danmu kept with their times; fullscreen and casting answered')
  },
  seekAhead() {
    this.video.seek(1)
  },
  faster() {
    this.video.playbackRate(1.5)
  },
  comment() {
    this.video.sendDanmu({ text: 'nice clip', color: '#ff0000' })
  },
  fullScreen() {
    this.video.requestFullScreen({ direction: 90 })
    this.video.exitFullScreen()
  },
  cast() {
    this.video.startCasting({ fail: (err) => console.log(`startCasting → ${err.errMsg}`) })
  },
})
