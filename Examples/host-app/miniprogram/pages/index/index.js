// The host app's page: calls the host's own API and a MiniMedia one.
Page({
  data: { greeting: '' },
  onLoad() {
    wx.getImageInfo({ src: '/pages/index/missing.png', fail: (e) => console.log('no such image:', e.errno) })
  },
  greet(e) {
    wx.getHostGreeting({
      name: e.detail.name,
      success: (res) => this.setData({ greeting: res.greeting }),
      fail: (err) => console.log('greeting failed', err.errMsg, err.errno),
    })
  },
})
