Page({
  data: { list: [] },
  onLoad() {
    const fs = wx.getFileSystemManager()
    const tmp = `${wx.env.USER_DATA_PATH}/draft.txt`
    fs.writeFileSync(tmp, 'draft', 'utf8')
    this.refresh()
  },
  refresh() {
    const that = this
    wx.getSavedFileList({
      success(res) {
        that.setData({ list: res.fileList })
        console.log('saved files:', res.fileList.length)
      },
      fail(err) {
        console.error(err)
      }
    })
  }
})
