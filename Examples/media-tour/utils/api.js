// The same page code runs on every platform: pick whichever namespace exists.
const api = typeof wx !== 'undefined' ? wx : typeof tt !== 'undefined' ? tt : swan

function formatSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`
}

module.exports = { api, formatSize }
