Component({
  properties: {
    count: { type: Number, value: 1, observer: 'countChanged' },
    label: String,
  },
  data: { clicks: 0 },
  observers: {
    'count, clicks': function (count, clicks) { console.log('observer', this.id, count, clicks) },
  },
  lifetimes: {
    created() { console.log('created', this.id) },
    attached() { console.log('attached', this.id) },
    ready() { console.log('ready', this.id) },
    detached() { console.log('detached', this.id) },
  },
  methods: {
    countChanged(value, old) { console.log('count', this.id, typeof value, value, old) },
    inc(e) {
      console.log('inc', this.id, e.target.id, e.target.dataset.k, e.currentTarget.id)
      this.setData({ clicks: this.data.clicks + 1 })
      this.triggerEvent('change', { clicks: this.data.clicks })
    },
    reset(to) { this.setData({ clicks: to }); return 'reset to ' + to },
  },
})
