App({ onLaunch() { console.log('[app] voice tour') } })
