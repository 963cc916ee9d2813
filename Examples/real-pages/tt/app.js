App({
  onLaunch() {
    console.log('app launch')
  },
  globalData: { photos: [] }
})
