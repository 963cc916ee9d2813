// An ES module, as the platforms' tools accept in required files.
export const VISITS_KEY = 'visits'

export function describePhoto(res) {
  const name = res.tempImagePath.split('/').pop()
  return `photo .${name.split('.').pop()}`
}

export default function bump(count) {
  return (Number(count) || 0) + 1
}
