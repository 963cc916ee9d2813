App({
  onLaunch() {
    console.log('[app] album tour launched')
  },
})
