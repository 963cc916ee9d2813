import MiniCore
import Testing
@testable import MiniWXML

/// A page in the style of WeChat's official camera demo, plus other media components.
let cameraPage = """
    <!-- camera.wxml -->
    <camera device-position="{{position}}" flash="off" binderror="error" style="width: 100%; height: 300px;"></camera>
    <button type="primary" bindtap="takePhoto">拍照</button>
    <view>预览</view>
    <image mode="widthFix" src="{{src}}"></image>
    <view wx:if="{{showScanner}}" class="scanner">
      <camera id="{{camId}}" mode="scanCode" bindscancode="onScan" bind:initdone="onReady"
              catch:stop="onStop" data-cam-index="{{index}}" data-Kind="scan"></camera>
    </view>
    <view wx:else>
      <video id="player" src="{{videoUrl}}" autoplay loop="{{loop}}" controls="{{false}}"
             object-fit="contain" initial-time="{{start + 5}}" title="Clip {{n}} of {{total}}"
             bindplay="{{playHandler}}" capture-bind:tap="onTapCapture" mut-bind:tap="onMut"
             capture-catch:touchstart="onTouch"/>
    </view>
    <block wx:for="{{streams}}" wx:for-item="s" wx:key="url">
      <live-player id="lp-{{index}}" src="{{s.url}}" mode="live" bindstatechange="stateChange"
                   muted="{{globalMute}}"></live-player>
    </block>
    <template name="tpl"><audio src="{{never}}"></audio></template>
    <live-pusher url="{{pushUrl}}" catchnetstatus="onNet" enable-camera></live-pusher>
    <audio src="{{song.src}}" name="{{song.name}}" poster="{{song.poster || defaultPoster}}"></audio>
    """

@Suite("Native component discovery")
struct NativeComponentTests {
    let doc: WXMLDocument

    init() throws { doc = try WXMLDocument(parsing: cameraPage) }

    @Test func discoversInDocumentOrder() {
        #expect(doc.nativeComponents.map(\.tag) == ["camera", "camera", "video", "live-player", "live-pusher", "audio"])
    }

    @Test func officialCameraDemo() throws {
        let camera = doc.nativeComponents[0]
        #expect(camera.id == nil)
        #expect(camera.attributes["flash"] == .literal("off"))
        #expect(camera.attributes["style"] == .literal("width: 100%; height: 300px;"))
        #expect(camera.events == [EventBinding(event: "error", handler: .literal("error"), kind: .bind)])
        #expect(camera.attributes["binderror"] == nil)
        #expect(camera.location == SourceLocation(line: 2, column: 1))

        let resolved = camera.resolve(data: ["position": "back", "src": ""])
        #expect(resolved.tag == "camera")
        #expect(resolved.attributes["device-position"] == "back")
        #expect(resolved.attributes["flash"] == "off")
        #expect(resolved.events == [ResolvedEvent(event: "error", handler: "error", kind: .bind)])
        #expect(camera.resolve(data: ["position": "front"]).attributes["device-position"] == "front")
        #expect(camera.resolve(data: [:]).attributes["device-position"] == .undefined)
    }

    @Test func scanCameraEventsIdAndDataset() throws {
        let camera = doc.nativeComponents[1]
        #expect(camera.events.map(\.event) == ["scancode", "initdone", "stop"])
        #expect(camera.events.map(\.kind) == [.bind, .bind, .catch])
        #expect(Set(camera.dataset.keys) == ["camIndex", "kind"])
        let resolved = camera.resolve(data: ["camId": "scanner", "index": 2])
        #expect(resolved.id == "scanner")
        #expect(resolved.dataset == ["camIndex": 2, "kind": "scan"])
        #expect(resolved.attributes == ["mode": "scanCode"])
        #expect(camera.resolve(data: [:]).id == nil)
        #expect(camera.resolve(data: ["camId": 7]).id == "7")
    }

    @Test func videoAttributeTypes() throws {
        let video = doc.nativeComponents[2]
        #expect(video.attributes["autoplay"] == .valueless)
        let r = video.resolve(data: [
            "videoUrl": "https://example.com/a.mp4", "loop": true, "start": 10, "n": 1, "total": 3,
            "playHandler": "onPlay",
        ])
        #expect(r.id == "player")
        #expect(r.attributes["src"] == "https://example.com/a.mp4")
        #expect(r.attributes["autoplay"] == true)
        #expect(r.attributes["loop"] == true)
        #expect(r.attributes["controls"] == false)
        #expect(r.attributes["initial-time"] == 15)
        #expect(r.attributes["title"] == "Clip 1 of 3")
        #expect(r.attributes["object-fit"] == "contain")
        #expect(r.events == [
            ResolvedEvent(event: "play", handler: "onPlay", kind: .bind),
            ResolvedEvent(event: "tap", handler: "onTapCapture", kind: .captureBind),
            ResolvedEvent(event: "tap", handler: "onMut", kind: .mutBind),
            ResolvedEvent(event: "touchstart", handler: "onTouch", kind: .captureCatch),
        ])
        // A handler bound to nothing is dropped.
        #expect(video.resolve(data: [:]).events.map(\.handler) == ["onTapCapture", "onMut", "onTouch"])
    }

    @Test func otherComponents() throws {
        let player = doc.nativeComponents[3]
        #expect(player.isRepeated)
        #expect(player.resolve(data: ["index": 0, "s": ["url": "rtmp://x"]]).id == "lp-0")
        let pusher = doc.nativeComponents[4]
        #expect(pusher.events == [EventBinding(event: "netstatus", handler: .literal("onNet"), kind: .catch)])
        #expect(pusher.resolve(data: [:]).attributes["enable-camera"] == true)
        let audio = doc.nativeComponents[5]
        let r = audio.resolve(data: ["song": ["src": "a.mp3", "name": "A"], "defaultPoster": "p.png"])
        #expect(r.attributes == ["src": "a.mp3", "name": "A", "poster": "p.png"])
    }

    @Test func templateDefinitionsAreSkipped() {
        #expect(!doc.nativeComponents.contains { $0.attributes["src"] == (try? AttributeBinding(raw: "{{never}}")) })
    }

    @Test(
        "event attribute names",
        arguments: [
            ("bindtap", "tap", EventBindingKind.bind), ("bind:tap", "tap", .bind), ("catchtap", "tap", .catch),
            ("catch:tap", "tap", .catch), ("capture-bind:tap", "tap", .captureBind),
            ("capture-catch:tap", "tap", .captureCatch), ("mut-bind:tap", "tap", .mutBind),
            ("bindinitdone", "initdone", .bind), ("bindscancode", "scancode", .bind), ("binderror", "error", .bind),
            ("bind:statechange", "statechange", .bind),
        ])
    func eventNames(_ name: String, _ event: String, _ kind: EventBindingKind) throws {
        let parsed = try #require(EventBinding.parseName(name))
        #expect(parsed.event == event)
        #expect(parsed.kind == kind)
    }

    @Test("not event attributes", arguments: ["bind", "bind:", "catch", "src", "data-bind", "binding", "mut-bind:"])
    func notEvents(_ name: String) {
        if name == "binding" {
            #expect(EventBinding.parseName(name)?.event == "ing")  // WeChat reads it the same way
        } else {
            #expect(EventBinding.parseName(name) == nil)
        }
    }

    @Test(
        "dataset keys",
        arguments: [
            ("data-foo-bar", "fooBar"), ("data-element-type", "elementType"), ("data-elementType", "elementtype"),
            ("data-x", "x"), ("data-a-1", "a-1"), ("data-a--b", "a-B"), ("data-", ""),
        ])
    func datasetKeys(_ attribute: String, _ key: String) {
        #expect(ComponentSpec.datasetKey(forAttribute: attribute) == key)
    }

    @Test func badBindingOnComponentReportsAttributeLocation() {
        let source = "<view>\n  <camera flash=\"{{ a ? }}\"></camera></view>"
        do {
            _ = try WXMLDocument(parsing: source)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidBinding)
            #expect(error.line == 2 && error.column == 11)
            #expect(error.message.contains("flash"))
        }
        #expect {
            _ = try WXMLDocument(parsing: #"<video src="{{ load(url) }}"/>"#)
        } throws: { ($0 as? WXMLError)?.message.contains("function calls") == true }
    }

    @Test func bindingErrorsOutsideNativeComponentsAreTolerated() throws {
        let doc = try WXMLDocument(parsing: "<view>{{ a + }}</view><text class=\"{{ f() }}\"/>")
        #expect(doc.nativeComponents.isEmpty)
        #expect(doc.allElements.map(\.tag) == ["view", "text"])
    }
}
