Page({
  onLoad(query) {
    const src = decodeURIComponent(query.src)
    console.log('result onLoad shot ' + query.shot + ' ' + src.slice(0, 12))
    wx.getImageInfo({ src, success: (r) => console.log('result image ' + r.width + 'x' + r.height) })
  },
  onUnload() { console.log('result onUnload') },
  back() {
    wx.navigateBack({ success: () => console.log('back on ' + getCurrentPages().map((p) => p.route).join(',')) })
  },
})
