<view class="page">
  <camera qq:if="{{showCamera}}" id="cam" device-position="back" flash="off" style="width: 100%; height: 300px;"
    bindinitdone="onInitDone" bindstop="onCameraStop" binderror="onCameraError"></camera>
  <view qq:else class="placeholder">Camera closed</view>
  <button type="primary" bindtap="snap">Take photo</button>
  <button bindtap="chooseAction">More…</button>
  <image qq:if="{{photo}}" src="{{photo}}" mode="widthFix"></image>
</view>
