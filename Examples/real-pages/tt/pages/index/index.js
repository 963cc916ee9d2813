import bump, { VISITS_KEY } from '../../utils/format'

Page({
  data: { visits: 0, greeting: '' },

  onLoad(query) {
    this.api = query.api
    const visits = bump(tt.getStorageSync(VISITS_KEY))
    tt.setStorageSync(VISITS_KEY, visits)
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
    tt.showLoading({ title: 'Loading' })
    tt.request({
      url: `${this.api}/greeting`,
      data: { name: 'camera' },
      success: (res) => {
        this.setData({ greeting: res.data.message })
        console.log('greeting', res.statusCode, res.data.message)
      },
      fail: (err) => console.log('request failed:', err.errMsg),
      complete: () => tt.hideLoading()
    })
  },

  openCamera() {
    tt.showModal({
      title: 'Camera',
      content: 'Open the camera page?',
      success: (res) => {
        if (res.confirm) {
          tt.navigateTo({ url: '/pages/camera/camera?from=index' })
        } else {
          tt.showToast({ title: 'Maybe later', icon: 'none' })
        }
      }
    })
  },

  showStorage() {
    tt.getStorageInfo({
      success: (info) => console.log('storage keys:', info.keys.join(','))
    })
  }
})
