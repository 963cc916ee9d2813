// The record tour: CameraContext.startRecord / stopRecord with the --microphone, frames still
// flowing to a listener while recording, and a timeout that ends a second recording by itself.
// Run: minimedia run Examples/record-tour --consent allow --camera synthetic:1280x720 --call record
Page({
  onLoad() {
    this.ctx = wx.createCameraContext()
  },
  onInitDone(e) {
    console.log('[camera] initdone', JSON.stringify(e.detail))
  },
  onStop() {
    console.log('[camera] stop')
  },
  onError(e) {
    console.log('[camera] error', e.detail.errMsg)
  },

  record() {
    let frames = 0
    const listener = this.ctx.onCameraFrame(() => { frames += 1 })
    listener.start()
    this.ctx.startRecord({
      timeout: 30,
      selfieMirror: true,
      success: () => {
        console.log('[record] started')
        setTimeout(() => this.stop(listener, () => frames), 2000)
      },
      fail: (err) => console.log('[record] start failed', err.errMsg),
    })
  },

  stop(listener, frames) {
    this.ctx.stopRecord({
      success: (res) => {
        listener.stop()
        console.log('[record] video', res.tempVideoPath, 'thumb', res.tempThumbPath, `(${frames()} frames reached JS meanwhile)`)
        wx.getFileInfo({ filePath: res.tempVideoPath, success: (i) => console.log('[record] size', i.size, 'bytes') })
        this.ctx.startRecord({
          timeout: 1,
          timeoutCallback: (r) => console.log('[record] timed out after 1 s:', r.tempVideoPath),
          success: () => console.log('[record] second recording started, ends by its timeout'),
        })
      },
      fail: (err) => console.log('[record] stop failed', err.errMsg),
    })
  },
})
