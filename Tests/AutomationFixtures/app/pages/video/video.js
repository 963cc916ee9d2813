Page({
  data: { fullScreen: false, direction: "" },

  onFullScreen(e) {
    this.setData({ fullScreen: e.detail.fullScreen, direction: e.detail.direction })
  }
})
