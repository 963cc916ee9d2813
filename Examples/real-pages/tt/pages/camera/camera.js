import { describePhoto } from '../../utils/format'

Page({
  data: { showCamera: true, photo: '' },

  onLoad(query) {
    console.log('camera page opened from', query.from)
  },

  onReady() {
    this.ctx = tt.createCameraContext()
    tt.createSelectorQuery().select('#cam').boundingClientRect((rect) => {
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
        this.setData({ photo: res.tempImagePath })
        tt.showToast({ title: 'Saved', icon: 'success' })
        console.log(describePhoto(res))
      },
      fail: (err) => console.log('takePhoto failed:', err.errMsg)
    })
  },

  toggleCamera() {
    this.setData({ showCamera: !this.data.showCamera })
    console.log('camera shown:', this.data.showCamera)
  },

  chooseAction() {
    tt.showActionSheet({
      itemList: ['Take photo', 'Close camera'],
      success: (res) => {
        if (res.tapIndex === 0) this.snap()
        else this.toggleCamera()
      },
      fail: (err) => console.log('action sheet:', err.errMsg)
    })
  },

  back() {
    tt.navigateBack()
  },

  onUnload() {
    console.log('camera page unload')
  }
})
