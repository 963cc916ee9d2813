// A camera page in the style of the official demos: take a photo, show it on a second page.
const app = getApp()

Page({
  onLoad() { console.log('camera onLoad') },
  onShow() { console.log('camera onShow') },
  onHide() { console.log('camera onHide') },
  onUnload() { console.log('camera onUnload') },
  ready() { console.log('camera ready') },
  stopped() { console.log('camera stopped') },
  shoot() {
    wx.createCameraContext().takePhoto({
      quality: 'low',
      success: (res) => {
        app.globalData.shots++
        wx.navigateTo({
          url: '../result/result?shot=' + app.globalData.shots + '&src=' + encodeURIComponent(res.tempImagePath),
          success: () => console.log('opened result, stack ' + getCurrentPages().length),
        })
      },
    })
  },
  settings() {
    wx.switchTab({ url: '/pages/settings/settings' })
  },
  lost() {
    wx.navigateTo({ url: '/pages/lost/lost', fail: (e) => console.log(e.errMsg) })
  },
})
