Page({
  data: { likes: '2', message: 'no likes from you yet' },
  onReady() {
    const like = this.selectComponent('#like')
    console.log('like-button has', like.data.likes, 'likes (a Number property: the string "2" was converted)')
  },
  onLiked(e) {
    console.log('page got', e.type, 'for post', e.target.dataset.post, 'now', e.detail.likes)
    this.setData({ message: 'you liked post ' + e.target.dataset.post + ' (' + e.detail.likes + ' likes)' })
  },
  // What a tap on the component's own button does, run from the page (--call likeFromPage).
  likeFromPage() {
    this.selectComponent('#like').like()
  },
})
