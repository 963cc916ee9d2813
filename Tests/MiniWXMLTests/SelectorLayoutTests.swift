import MiniCore
import Testing
@testable import MiniWXML

@Suite("Selectors and block layout over the rendered tree")
struct SelectorLayoutTests {
    static let page = """
        <view id="root" class="page">
          <view class="row first"><camera id="cam" style="width: 100%; height: 300rpx"/></view>
          <view class="row"><text class="label">a</text><image id="pic"/></view>
          <video id="hid" hidden="{{true}}"/>
        </view>
        """

    @Test func selectorsMatchInDocumentOrder() throws {
        let tree = try render(Self.page)
        func find(_ s: String) throws -> [String] { try Selector(s).matches(in: tree).map { $0.id ?? $0.tag } }
        #expect(try find("#cam") == ["cam"])
        #expect(try find(".row") == ["view", "view"])
        #expect(try find(".row.first camera") == ["cam"])
        #expect(try find("#root > camera") == [])
        #expect(try find("#root > .row > camera") == ["cam"])
        #expect(try find(".page image, #cam") == ["cam", "pic"])
        #expect(try find("view >>> text") == ["text"])
        #expect(try find("*").count == 7)
        #expect(try find("#nope") == [])
    }

    @Test(arguments: ["", "#", "..a", "a >", "> a", "a,", "a[b]", "a::after", "a >> b", "#a#"])
    func invalidSelectorsAreRejected(source: String) {
        #expect(throws: Selector.ParseError.self) { try Selector(source) }
    }

    @Test func invalidSelectorMessage() {
        #expect(throws: Selector.ParseError(message: "invalid selector \"a[b]\": unsupported character '['")) { try Selector("a[b]") }
    }

    @Test func pathologicalSelectorsStayFast() throws {
        let deep = String(repeating: "<view>", count: 200) + String(repeating: "</view>", count: 200)
        let tree = try render(deep)
        let selector = try Selector(Array(repeating: "view", count: 150).joined(separator: " ") + " text")
        #expect(selector.matches(in: tree).isEmpty)
    }

    @Test func blockLayoutStacksElements() throws {
        let tree = try render(Self.page)
        let boxes = BoxLayout().layout(tree)
        func box(_ id: String) -> LayoutBox { boxes[tree.elements.first { $0.id == id }!.identity]! }
        // 300rpx at 375 px wide = 150 px; the camera's width: 100% of 375.
        #expect(box("cam") == LayoutBox(left: 0, top: 0, width: 375, height: 150))
        // Second row: the text (20 px) then the image (320 × 240 default).
        #expect(box("pic") == LayoutBox(left: 0, top: 170, width: 320, height: 240))
        #expect(box("hid") == LayoutBox(left: 0, top: 410, width: 0, height: 0))
        #expect(box("root") == LayoutBox(left: 0, top: 0, width: 375, height: 410))
        #expect(BoxLayout().length("50%", relativeTo: 300, viewport: 375) == 150)
        #expect(BoxLayout().length("10vw", relativeTo: nil, viewport: 375) == 37.5)
        #expect(BoxLayout().length("-3px", relativeTo: nil, viewport: 375) == nil)
    }
}
