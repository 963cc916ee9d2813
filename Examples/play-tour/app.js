App({
  onLaunch() {
    console.log('[app] play tour launched')
  },
})
