App({
  onLaunch() {
    console.log('App Launch')
  },
  globalData: {
    theme: 'dark',
    hasLogin: false
  }
})
