// Written in the style of the official WeChat demo's API pages: feature detection,
// `const that = this` in success callbacks, getApp().globalData, share hook.
Page({
  onShareAppMessage() {
    return {
      title: 'System information',
      path: 'pages/device/system-info'
    }
  },

  data: {
    theme: 'light',
    systemInfo: {}
  },
  getSystemInfo() {
    const that = this
    wx.getSystemInfo({
      success(res) {
        that.setData({
          systemInfo: res
        }, () => {
          console.log('platform:', that.data.systemInfo.platform, 'window:', that.data.systemInfo.windowWidth)
        })
      }
    })
  },
  onUnload() {
    if (wx.offThemeChange) {
      wx.offThemeChange()
    }
    console.log('unloaded')
  },
  onLoad() {
    this.setData({
      theme: getApp().globalData.theme || 'light'
    })
    console.log('theme:', this.data.theme)
    if (wx.onThemeChange) {
      wx.onThemeChange(({theme}) => {
        this.setData({theme})
      })
    }
  }
})
