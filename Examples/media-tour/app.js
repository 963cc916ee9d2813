App({
  globalData: { launchedAt: 0 },
  onLaunch(options) {
    this.globalData.launchedAt = Date.now()
    console.log('[app] launch', options.path)
  },
})
