import MiniCore
import Testing
@testable import MiniWXML

@Suite("setData dependency tracking")
struct DependencyTests {
    let doc: WXMLDocument
    init() throws { doc = try WXMLDocument(parsing: cameraPage) }

    private func affected(_ keys: [String]) -> [String] {
        doc.components(affectedBy: keys).map { "\($0.tag)@\($0.location.line)" }
    }

    @Test func rootKeys() {
        #expect(SetDataPath.rootKey(of: "a.b[1]") == "a")
        #expect(SetDataPath.rootKey(of: "pos") == "pos")
        #expect(SetDataPath.rootKey(of: "list[0].x") == "list")
        #expect(SetDataPath.rootKey(of: "a\\.b.c") == "a.b")
        #expect(SetDataPath.rootKey(of: "bad..path") == "bad")
    }

    @Test func ownBindings() {
        #expect(affected(["position"]) == ["camera@2"])
        #expect(affected(["src"]).isEmpty)  // <image> is not a native component
        #expect(affected(["camId"]) == ["camera@7"])
        #expect(affected(["song.src"]) == ["audio@22"])
        #expect(affected(["defaultPoster"]) == ["audio@22"])
        #expect(affected(["pushUrl", "position"]) == ["camera@2", "live-pusher@21"])
        #expect(affected(["unrelated", "x.y[2]"]).isEmpty)
        #expect(affected(["playHandler"]) == ["video@11"])
    }

    @Test func enclosingConditionsAndLoops() {
        // wx:if on the parent affects the camera inside it and the wx:else branch.
        #expect(affected(["showScanner"]) == ["camera@7", "video@11"])
        // The wx:for list affects the repeated player; its loop variables are not data.
        #expect(affected(["streams[3].url"]) == ["live-player@17"])
        #expect(affected(["s", "index"]) == ["camera@7"])  // only the scan camera reads data `index`
        #expect(affected(["globalMute"]) == ["live-player@17"])
        #expect(affected(["never"]).isEmpty)  // template definition
    }

    @Test func perComponentCheck() throws {
        let camera = doc.nativeComponents[0]
        #expect(camera.dependencies == ["position"])
        #expect(camera.depends(onChangedPaths: ["position"]))
        #expect(camera.depends(onChangedPaths: ["other", "position.x"]))
        #expect(!camera.depends(onChangedPaths: ["positions", "pos"]))
        #expect(!camera.depends(onChangedPaths: [String]()))
    }

    @Test func elifChainsAccumulate() throws {
        let doc = try WXMLDocument(parsing: """
            <view wx:if="{{mode == 'a'}}"/>
            <view wx:elif="{{other}}"/>
            <camera wx:else flash="{{flash}}"/>
            <video src="{{v}}"/>
            """)
        #expect(doc.nativeComponents[0].dependencies == ["mode", "other", "flash"])
        #expect(doc.nativeComponents[1].dependencies == ["v"])
    }

    @Test func appliedSetDataFeedsTracking() throws {
        var data: HostValue = ["position": "back"]
        let camera = doc.nativeComponents[0]
        let roots = try applySetData(&data, HostObjectValue(["position": "front", "unrelated.x": 1]))
        #expect(roots == ["position", "unrelated"])
        #expect(camera.depends(onChangedPaths: roots))
        #expect(camera.resolve(data: data).attributes["device-position"] == "front")
    }
}
