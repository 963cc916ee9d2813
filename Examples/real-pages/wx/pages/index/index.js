import bump, { VISITS_KEY } from '../../utils/format'

Page({
  data: { visits: 0, greeting: '', sizes: ['small', 'medium', 'large'], sizeIndex: 0 },

  onLoad(query) {
    this.api = query.api
    const visits = bump(wx.getStorageSync(VISITS_KEY))
    wx.setStorageSync(VISITS_KEY, visits)
    this.setData({ visits })
    console.log(`visit ${visits}`)
  },

  onShow() {
    console.log('index show, pages:', getCurrentPages().map(p => p.route).join(' > '))
  },

  onHide() {
    console.log('index hide')
  },

  fetchGreeting() {
    wx.showLoading({ title: 'Loading' })
    wx.request({
      url: `${this.api}/greeting`,
      data: { name: 'camera' },
      success: (res) => {
        this.setData({ greeting: res.data.message })
        console.log('greeting', res.statusCode, res.data.message)
      },
      fail: (err) => console.log('request failed:', err.errMsg),
      complete: () => wx.hideLoading()
    })
  },

  openCamera() {
    wx.showModal({
      title: 'Camera',
      content: 'Open the camera page?',
      success: (res) => {
        if (res.confirm) {
          wx.navigateTo({ url: '/pages/camera/camera?from=index' })
        } else {
          wx.showToast({ title: 'Maybe later', icon: 'none' })
        }
      }
    })
  },

  // A picker's change event: e.detail.value is the chosen index.
  pick(e) {
    this.setData({ sizeIndex: Number(e.detail.value) })
    console.log('frame size:', this.data.sizes[this.data.sizeIndex])
  },

  showStorage() {
    wx.getStorageInfo({
      success: (info) => console.log('storage keys:', info.keys.join(','))
    })
  }
})
