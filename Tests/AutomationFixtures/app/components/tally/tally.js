Component({
  properties: { start: Number },
  data: { count: 0, label: 'tally' },
  methods: {
    bump() {
      this.setData({ count: this.data.count + 1 })
      this.triggerEvent('bumped', { count: this.data.start + this.data.count })
    },
    add(n) {
      this.setData({ count: this.data.count + n })
      return this.data.count
    },
  },
})
