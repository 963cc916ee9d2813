Page({
  data: { name: '', rows: [1, 2, 3, 4, 5, 6], events: [] },

  log(kind, e) {
    this.setData({ events: this.data.events.concat([{ kind: kind, type: e.type, id: e.currentTarget.id, detail: e.detail }]) })
  },
  onInput(e) { this.setData({ name: e.detail.value }); this.log('input', e) },
  onConfirm(e) { this.log('confirm', e) },
  onSwitch(e) { this.log('switch', e) },
  onSlide(e) { this.log('slide', e) },
  onScroll(e) { this.log('scroll', e) },
  onSwipe(e) { this.log('swipe', e) },
  onMove(e) { this.log('move', e) }
})
