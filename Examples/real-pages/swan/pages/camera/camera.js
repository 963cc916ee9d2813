import { describePhoto } from '../../utils/format'

Page({
  data: { showCamera: true, photo: '' },

  onLoad(query) {
    console.log('camera page opened from', query.from)
  },

  onReady() {
    this.ctx = swan.createCameraContext()
    swan.createSelectorQuery().select('#cam').boundingClientRect((rect) => {
      console.log('camera box', rect.width, 'x', rect.height)
    }).exec()
  },

  onInitDone() {
    console.log('camera ready')
  },

  onCameraStop() {
    console.log('camera stopped')
  },

  onCameraError(e) {
    console.log('camera error', e.detail.errMsg)
  },

  snap() {
    this.ctx.takePhoto({
      quality: 'normal',
      success: (res) => {
        this.setData('photo', res.tempImagePath)
        swan.showToast({ title: 'Saved', icon: 'success' })
        console.log(describePhoto(res))
      },
      fail: (err) => console.log('takePhoto failed:', err.errMsg)
    })
  },

  toggleCamera() {
    // Baidu pages read and write one path at a time.
    this.setData('showCamera', !this.getData('showCamera'))
    console.log('camera shown:', this.getData('showCamera'))
  },

  chooseAction() {
    swan.showActionSheet({
      itemList: ['Take photo', 'Close camera'],
      success: (res) => {
        if (res.tapIndex === 0) this.snap()
        else this.toggleCamera()
      },
      fail: (err) => console.log('action sheet:', err.errMsg)
    })
  },

  back() {
    swan.navigateBack()
  },

  onUnload() {
    console.log('camera page unload')
  }
})
