const math = require('./lib/math')
const again = require('/lib/math.js')

Page({
  data: { position: 'back', flag: false, list: [1, 2] },
  onLoad(query) {
    console.log('onLoad', JSON.stringify(query), math.add(2, 3), math === again)
    wx.getSetting({ success: r => console.log('callback', r.errMsg) })
    wx.getSetting().then(r => console.log('promise', r.errMsg))
    try {
      wx.getFileSystemManager().accessSync('wxfile://usr/missing')
    } catch (e) {
      console.log('sync threw', e.message)
    }
  },
  onShow() { console.log('onShow') },
  onReady() { console.log('onReady') },
  onHide() { console.log('onHide') },
  onUnload() { console.log('onUnload') },
  slow() {
    setTimeout(() => console.log('slow done'), 80)
    console.log('slow started')
  },
  next() { console.log('next') },
  flip() { this.setData({ position: 'front', 'list[1]': 5 }) },
  boom() { this.helper() },
  helper() { throw new TypeError('boom went the page') },
  escape() {
    try { require('../../../etc/passwd') } catch (e) { console.log('require refused:', e.message) }
  },
  settings() {
    wx.openSetting({ success: r => console.log('openSetting ok', JSON.stringify(r.authSetting)) })
  },
})
