// The tour's second page: what opened it (the query) and a way back.
const ns = typeof wx !== 'undefined' ? wx : tt

Page({
  data: { from: '' },
  onLoad(query) {
    this.setData({ from: query.from || 'nowhere' })
  },
  goBack() {
    ns.navigateBack({ delta: 1 })
  },
})
