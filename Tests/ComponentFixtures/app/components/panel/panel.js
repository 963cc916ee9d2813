Component({
  options: { multipleSlots: true },
  properties: { title: String },
  data: { cam: true },
  lifetimes: {
    created() { console.log('created', this.id) },
    attached() { console.log('attached', this.id) },
    ready() { console.log('ready', this.id) },
    detached() { console.log('detached', this.id) },
  },
  pageLifetimes: {
    show() { console.log('panel page show') },
    hide() { console.log('panel page hide') },
  },
  methods: {
    onCamInit() { console.log('panel camera initdone') },
    onCamStop() { console.log('panel camera stop') },
  },
})
