<view class="page">
  <text class="title">Visits: {{visits}}</text>
  <text qq:if="{{greeting}}" class="greeting">{{greeting}}</text>
  <button type="primary" bindtap="fetchGreeting">Fetch greeting</button>
  <button bindtap="openCamera">Open the camera</button>
</view>
