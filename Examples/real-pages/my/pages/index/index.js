import bump, { VISITS_KEY } from '../../utils/format'

Page({
  data: { visits: 0, greeting: '' },

  onLoad(query) {
    this.api = query.api
    // Alipay's sync storage takes an object and answers {data}.
    const visits = bump(my.getStorageSync({ key: VISITS_KEY }).data)
    my.setStorageSync({ key: VISITS_KEY, data: visits })
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
    my.showLoading({ content: 'Loading' })
    my.request({
      url: `${this.api}/greeting`,
      data: { name: 'camera' },
      success: (res) => {
        this.setData({ greeting: res.data.message })
        console.log('greeting', res.status, res.data.message)
      },
      fail: (err) => console.log('request failed:', err.error, err.errorMessage),
      complete: () => my.hideLoading()
    })
  },

  openCamera() {
    my.confirm({
      title: 'Camera',
      content: 'Open the camera page?',
      confirmButtonText: 'Open',
      cancelButtonText: 'Later',
      success: (res) => {
        if (res.confirm) {
          my.navigateTo({ url: '/pages/camera/camera?from=index' })
        } else {
          my.showToast({ content: 'Maybe later', type: 'none' })
        }
      }
    })
  },

  showStorage() {
    my.getStorageInfo({
      success: (info) => console.log('storage keys:', info.keys.join(','))
    })
  }
})
