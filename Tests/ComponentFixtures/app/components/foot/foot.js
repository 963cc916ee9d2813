Component({
  lifetimes: { created() { console.log('created', this.id) }, attached() { console.log('attached', this.id) }, ready() { console.log('ready', this.id) } },
})
