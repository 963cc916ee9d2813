App({
  onLaunch() {
    console.log('[app] live tour launched')
  },
})
