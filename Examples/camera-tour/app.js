App({
  onLaunch() {
    console.log('[app] camera tour launched')
  },
})
