App({
  onLaunch() {
    console.log('[app] record tour launched')
  },
})
