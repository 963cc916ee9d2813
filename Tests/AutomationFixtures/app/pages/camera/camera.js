Page({
  data: { photo: '', ready: false, error: '' },

  onReady() {
    this.ctx = wx.createCameraContext()
  },

  onReadyCamera() {
    console.log('camera ready')
    this.setData({ ready: true })
  },

  onCameraError(e) {
    console.log('camera error', e.detail.errMsg)
    this.setData({ error: e.detail.errMsg })
  },

  snap() {
    this.ctx.takePhoto({
      quality: 'high',
      success: (res) => {
        console.log('photo', res.tempImagePath)
        this.setData({ photo: res.tempImagePath })
      },
      fail: (err) => {
        console.log('takePhoto failed:', err.errMsg)
        this.setData({ error: err.errMsg })
      }
    })
  }
})
