import { describePhoto } from '../../utils/format'

Page({
  data: { showCamera: true, photo: '' },

  onLoad(query) {
    console.log('camera page opened from', query.from)
  },

  onReady() {
    this.ctx = my.createCameraContext()
    my.createSelectorQuery().select('#cam').boundingClientRect().exec((res) => {
      console.log('camera box', res[0].width, 'x', res[0].height)
    })
  },

  onCameraReady() {
    console.log('camera ready')
  },

  onCameraStop() {
    console.log('camera stopped')
  },

  onCameraError(e) {
    console.log('camera error', e.detail.errorMessage || e.detail.errMsg)
  },

  snap() {
    this.ctx.takePhoto({
      quality: 'normal',
      success: (res) => {
        this.setData({ photo: res.tempImagePath })
        my.showToast({ content: 'Saved', type: 'success' })
        console.log(describePhoto(res))
      },
      fail: (err) => console.log('takePhoto failed:', err.error, err.errorMessage)
    })
  },

  toggleCamera() {
    this.setData({ showCamera: !this.data.showCamera })
    console.log('camera shown:', this.data.showCamera)
  },

  chooseAction() {
    my.showActionSheet({
      items: ['Take photo', 'Close camera'],
      success: (res) => {
        if (res.index === 0) this.snap()
        else if (res.index === 1) this.toggleCamera()
        else console.log('action sheet: cancel')
      }
    })
  },

  back() {
    my.navigateBack()
  },

  onUnload() {
    console.log('camera page unload')
  }
})
