Page({
  data: { start: 3, label: 'n', showPanel: true },
  onLoad() { console.log('page onLoad') },
  onReady() {
    console.log('page onReady')
    const c = this.selectComponent('#c1')
    console.log('selectComponent', c && c.is, c && c.data.count, c && c.properties.label)
    console.log('selectAllComponents', this.selectAllComponents('.ctr').length, this.selectComponent('#nested'))
  },
  onChange(e) {
    console.log('page change', e.type, JSON.stringify(e.detail), e.target.id, e.target.dataset.role, e.currentTarget.id)
  },
  onRootTap(e) { console.log('root tap', e.target.id, e.currentTarget.id) },
  onSlotTap(e) { console.log('slot tap', e.target.id, this.route) },
  setStart(e) { this.setData({ start: e.detail.value }) },
  hidePanel() { this.setData({ showPanel: false }) },
})
