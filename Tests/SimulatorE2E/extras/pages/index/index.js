// Runs in every dialect (MiniMedia defines every namespace); which one the host follows shows in
// the shape of a failure: wx/qq {errMsg, errno}, swan {errCode}, tt {errNo}, my {errorMessage}.
const mm = wx

Page({
  data: { dialect: '?', modal: '-', sheet: '-', record: '-', settings: '-', audioEvent: '-', on: false, level: 30, pick: '-', memo: '', voice: '-' },

  onLoad() {
    mm.getStorage({
      key: 'simulator-e2e-missing',
      fail: (e) => this.setData({ dialect: 'errCode' in e ? 'swan' : 'errNo' in e ? 'tt' : 'errorMessage' in e ? 'my' : 'wx' }),
    })
    const tone = this.tone = mm.createInnerAudioContext()
    tone.src = '/media/tone-440.wav'
    tone.loop = true
    tone.onPlay(() => console.log('[tone] playing'))
    tone.onPause(() => console.log('[tone] paused'))
    tone.onError((e) => console.error('[tone] error ' + e.errMsg))
  },
  onUnload() {
    this.tone.destroy()
    if (this.voice) this.voice.destroy()
  },

  playTone() { this.tone.play() },
  pauseTone() { this.tone.pause() },

  // 1.5 s from the microphone, then played back in a loop.
  recordVoice() {
    const rm = mm.getRecorderManager()
    rm.onStop((r) => {
      this.setData({ voice: 'recorded' })
      const p = this.voice = this.voice || mm.createInnerAudioContext()
      p.src = r.tempFilePath
      p.loop = true
      p.play()
    })
    rm.onError((e) => this.setData({ voice: 'error ' + e.errMsg }))
    rm.start({ duration: 1500, format: 'wav', sampleRate: 44100, numberOfChannels: 1, encodeBitRate: 96000 })
  },
  stopVoice() { if (this.voice) this.voice.pause() },

  toast() { mm.showToast({ title: 'Saved', icon: 'success', duration: 4000 }) },
  loading() {
    mm.showLoading({ title: 'Working' })
    setTimeout(() => mm.hideLoading(), 1500)
  },
  modal() {
    mm.showModal({
      title: 'Delete the note?', content: 'It cannot be undone.',
      success: (r) => this.setData({ modal: r.confirm ? 'confirmed' : 'cancelled' }),
    })
  },
  sheet() {
    mm.showActionSheet({
      itemList: ['Red', 'Green', 'Blue'],
      success: (r) => this.setData({ sheet: 'picked ' + r.tapIndex }),
      fail: (e) => this.setData({ sheet: 'failed ' + e.errMsg }),
    })
  },
  previewMedia() {
    mm.previewMedia({ sources: [{ url: '/media/clip.mp4', type: 'video' }, { url: '/media/b.png', type: 'image' }], current: 0 })
  },
  preview() { mm.previewImage({ urls: ['/media/a.png', '/media/b.png'], current: '/media/a.png' }) },
  record() {
    mm.authorize({
      scope: 'scope.record',
      success: () => this.setData({ record: 'allowed' }),
      fail: (e) => this.setData({ record: 'denied' }),
    })
  },
  settings() {
    mm.openSetting({ success: (r) => this.setData({ settings: 'record ' + r.authSetting['scope.record'] }) })
  },

  toggled(e) { this.setData({ on: e.detail.value }) },
  slid(e) { this.setData({ level: e.detail.value }) },
  typedMemo(e) { this.setData({ memo: e.detail.value }) },
  pickMedia() {
    mm.chooseMedia({
      count: 1, mediaType: ['image', 'video'], sourceType: ['album'],
      success: (r) => this.setData({ pick: r.tempFiles[0].fileType }),
      fail: (e) => this.setData({ pick: 'cancelled' }),
    })
  },

  onAudioPlay() { this.setData({ audioEvent: 'play' }) },
  onAudioPause() { this.setData({ audioEvent: 'pause' }) },

  media() { mm.navigateTo({ url: '/pages/media/media?live=' + encodeURIComponent(this.options.live || '') }) },
})
