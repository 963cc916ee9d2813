Page({
  onLoad() { console.log('settings onLoad') },
  onShow() { console.log('settings onShow') },
  onHide() { console.log('settings onHide') },
  onUnload() { console.log('settings onUnload') },
  camera() {
    wx.switchTab({ url: '/pages/camera/camera' })
  },
})
