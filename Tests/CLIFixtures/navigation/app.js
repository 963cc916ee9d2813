App({
  globalData: { shots: 0 },
  onLaunch() { console.log('app launch') },
  onHide() { console.log('app hide') },
})
