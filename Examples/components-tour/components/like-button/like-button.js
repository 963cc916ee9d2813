Component({
  properties: {
    likes: { type: Number, value: 0, observer(now, before) { console.log('likes', before, '→', now) } },
  },
  data: { liked: false },
  lifetimes: {
    attached() { console.log('like-button attached') },
    detached() { console.log('like-button detached') },
  },
  methods: {
    like() {
      if (this.data.liked) return
      this.setData({ liked: true, likes: this.data.likes + 1 })
      this.triggerEvent('liked', { likes: this.data.likes })
    },
  },
})
