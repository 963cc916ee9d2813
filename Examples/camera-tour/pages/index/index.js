// The camera tour: <camera> in scanCode mode, a photo, zoom, a few frames, a flip, wx.scanCode.
// Run: minimedia run Examples/camera-tour --consent allow --camera synthetic:1280x720 \
//        --camera-code QR_CODE:https://example.com/hello --call takePhoto --call zoomIn ...
const ns = typeof wx !== 'undefined' ? wx : tt

Page({
  data: { position: 'back', frameSize: 'small', photo: '', picked: '', note: '' },

  onLoad() {
    this.ctx = ns.createCameraContext()
  },

  onInitDone(e) {
    console.log('[camera] initdone', JSON.stringify(e.detail))
  },
  onStop() {
    console.log('[camera] stop')
  },
  onError(e) {
    console.log('[camera] error', e.detail.errMsg || e.detail.errorMessage)
  },
  onScanCode(e) {
    const d = e.detail
    console.log('[scan] scancode', d.type, JSON.stringify(d.result), 'charSet', d.charSet, 'rawData', d.rawData)
  },

  takePhoto() {
    this.ctx.takePhoto({
      quality: 'high',
      success: (res) => {
        console.log('[photo] saved', res.tempImagePath, `${res.width}x${res.height}`)
        this.setData({ photo: res.tempImagePath })
      },
      fail: (err) => console.log('[photo] failed', err.errMsg),
    })
  },

  zoomIn() {
    this.ctx.setZoom({
      zoom: 2.345,
      success: (res) => {
        console.log('[zoom] asked 2.345, set', res.zoom)
        this.ctx.takePhoto({
          quality: 'low',
          success: (p) => console.log('[zoom] zoomed photo', p.tempImagePath, `${p.width}x${p.height}`),
        })
      },
      fail: (err) => console.log('[zoom] failed', err.errMsg),
    })
  },

  readFrames() {
    let count = 0
    const listener = this.ctx.onCameraFrame((frame) => {
      count += 1
      const px = new Uint8Array(frame.data)
      let sum = 0
      for (let i = 0; i < px.length; i += 4) sum += px[i + 1]
      console.log(`[frames] #${count} ${frame.width}x${frame.height}, ${frame.data.byteLength} bytes, mean green ${(sum / (px.length / 4)).toFixed(1)}`)
      if (count === 3) {
        listener.stop({ success: () => console.log('[frames] listener stopped') })
      }
    })
    listener.start({
      success: () => console.log('[frames] listener started'),
      fail: (err) => console.log('[frames] start failed', err.errMsg),
    })
  },

  flipCamera() {
    this.setData({ position: this.data.position === 'back' ? 'front' : 'back' })
    this.ctx.takePhoto({
      success: (res) => console.log('[photo] front camera (mirrored)', res.tempImagePath, `${res.width}x${res.height}`),
    })
  },

  // The album picker (in `minimedia serve` a dialog with thumbnails); the button's data-source
  // arrives as currentTarget.dataset.
  chooseFromAlbum(e) {
    ns.chooseImage({
      count: 1,
      sourceType: [e.currentTarget.dataset.source || 'album'],
      success: (res) => {
        console.log('[album] picked', res.tempFilePaths[0])
        this.setData({ picked: res.tempFilePaths[0] })
      },
      fail: (err) => console.log('[album] failed', err.errMsg),
    })
  },

  onNoteInput(e) {
    this.setData({ note: e.detail.value })
  },

  scanWithoutComponent() {
    ns.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode', 'barCode'],
      success: (res) => console.log('[scanCode]', res.scanType, JSON.stringify(res.result), res.errMsg),
      fail: (err) => console.log('[scanCode] failed', err.errMsg),
    })
    this.ctx.startRecord({ fail: (err) => console.log('[record]', err.errMsg) })
  },
})
