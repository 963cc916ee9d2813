// Picks photos from the shared album, compresses them, saves the results back and prints
// getImageInfo of every file on the way. Written against `wx`; the --dialect decides the
// path schemes and error shapes.

function describe(label, info) {
  console.log(`[info] ${label}: ${info.width}x${info.height} ${info.type} orientation=${info.orientation} path=${info.path}`)
}

Page({
  data: { picked: 0, saved: 0 },

  onLoad() {
    console.log('[page] album-tour loaded')
  },

  // --call process: the whole round trip.
  async process() {
    let picked
    try {
      picked = await wx.chooseImage({ count: 2, sizeType: ['original'], sourceType: ['album'] })
    } catch (err) {
      console.log('[pick] failed:', err.errMsg || err.errorMessage)
      return
    }
    console.log(`[pick] ${picked.tempFilePaths.length} photo(s):`, picked.tempFiles.map((f) => `${f.path} (${f.size} bytes)`).join(', '))
    this.setData({ picked: picked.tempFilePaths.length })

    const results = []
    for (const src of picked.tempFilePaths) {
      describe('original', await wx.getImageInfo({ src }))
      const { tempFilePath } = await wx.compressImage({ src, quality: 60, compressedWidth: 320 })
      describe('compressed', await wx.getImageInfo({ src: tempFilePath }))
      await wx.saveImageToPhotosAlbum({ filePath: tempFilePath })
      console.log('[album] saved', tempFilePath)
      this.setData({ saved: this.data.saved + 1 })
      results.push(tempFilePath)
    }

    wx.previewImage({ urls: results, current: results[0] })
  },

  // --call errors: what failures look like in this dialect.
  async errors() {
    const attempts = [
      ['getImageInfo', { src: 'images/none.png' }],
      ['compressImage', { src: 'images/none.png' }],
      ['compressImage', { src: wx.env.USER_DATA_PATH + '/../../x.jpg' }],
    ]
    for (const [api, args] of attempts) {
      try {
        await wx[api](args)
      } catch (err) {
        console.log(`[error] ${api}:`, JSON.stringify(err))
      }
    }
  },
})
