App({ onLaunch() { console.log('video-tour: launch') } })
