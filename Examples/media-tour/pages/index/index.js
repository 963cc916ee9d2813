const { formatSize } = require('../../utils/api')

// Dialect-neutral: the runner sets all four namespaces; the dialect decides the conventions.
const ns = { wx, swan, tt, my }

Page({
  data: { position: 'back', notes: 0, dialect: '' },

  onLoad() {
    const app = getApp()
    console.log('[page] onLoad, launched', app.globalData.launchedAt > 0)
    this.fs = wx.getFileSystemManager()
    this.dir = `${wx.env.USER_DATA_PATH}/notes`
    try { this.fs.accessSync(this.dir) } catch (e) { this.fs.mkdirSync(this.dir, true) }
  },

  async onReady() {
    // Permissions: the first authorize asks the user, later ones answer from the store.
    try {
      await wx.authorize({ scope: 'scope.camera' })
      console.log('[perm] camera authorized')
    } catch (err) {
      console.log('[perm] camera refused:', err.errMsg || err.errorMessage)
    }
    const { authSetting } = await wx.getSetting()
    console.log('[perm] settings', authSetting)
  },

  saveNote() {
    const path = `${this.dir}/note-${this.data.notes + 1}.txt`
    this.fs.writeFileSync(path, `note written at ${new Date(0).toISOString()}`, 'utf8')
    this.setData({ notes: this.data.notes + 1 })
    wx.getFileInfo({
      filePath: path,
      digestAlgorithm: 'sha1',
      success: (res) => console.log('[file] saved', path, formatSize(res.size), 'sha1', res.digest),
      fail: (err) => console.log('[file] getFileInfo failed', err),
    })
    console.log('[file] notes now', this.fs.readdirSync(this.dir))
    // Hostile paths are refused with the platform's error.
    try {
      this.fs.readFileSync(`${wx.env.USER_DATA_PATH}/../../../etc/passwd`, 'utf8')
    } catch (e) {
      console.log('[file] refused:', e.message)
    }
  },

  flipCamera() {
    this.setData({ position: this.data.position === 'back' ? 'front' : 'back' })
  },

  openSettings() {
    // openSetting needs a user tap: --call is one.
    wx.openSetting({
      success: (res) => console.log('[perm] openSetting', res.authSetting),
      fail: (err) => console.log('[perm] openSetting failed', err),
    })
  },
})
