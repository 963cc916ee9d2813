Page({
  data: { items: ['one', 'two'], picked: [] },

  onLoad() {
    console.log('index loaded')
  },

  pick() {
    wx.chooseImage({
      count: 1,
      success: (res) => {
        console.log('picked', res.tempFilePaths.join(','))
        this.setData({ picked: res.tempFilePaths })
      },
      fail: (err) => console.log('chooseImage failed:', err.errMsg)
    })
  },

  openCamera() {
    wx.navigateTo({ url: '/pages/camera/camera' })
  },

  onBumped(e) {
    this.setData({ bumped: e.detail.count })
  },

  add(item) {
    this.setData({ items: this.data.items.concat([item]) })
    return this.data.items.length
  }
})
