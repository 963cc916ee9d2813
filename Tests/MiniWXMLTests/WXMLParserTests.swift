import MiniCore
import Testing
@testable import MiniWXML

@Suite("WXML parser")
struct WXMLParserTests {
    private func elements(_ source: String) throws -> [WXMLElement] {
        try WXMLParser.parse(source).compactMap(\.element)
    }

    @Test func elementsAttributesAndText() throws {
        let nodes = try WXMLParser.parse(#"<view class="box" data-x='1' hidden>Hello {{name}}!</view>"#)
        #expect(nodes.count == 1)
        let view = try #require(nodes.first?.element)
        #expect(view.tag == "view")
        #expect(view.attributes.map(\.name) == ["class", "data-x", "hidden"])
        #expect(view.attribute("class")?.value == "box")
        #expect(view.attribute("data-x")?.value == "1")
        #expect(view.hasAttribute("hidden") && view.attribute("hidden")?.value == nil)
        #expect(view.children == [.text("Hello {{name}}!", SourceLocation(line: 1, column: 37))])
    }

    @Test func selfClosingAndNesting() throws {
        let root = try #require(try elements(#"<view><image src="{{src}}"/><text>a</text><input /></view>"#).first)
        #expect(root.childElements.map(\.tag) == ["image", "text", "input"])
        #expect(root.childElements[0].selfClosing)
        #expect(root.childElements[0].attribute("src")?.value == "{{src}}")
        #expect(root.childElements[2].attributes.isEmpty)
    }

    @Test func commentsAreNodes() throws {
        let nodes = try WXMLParser.parse("<!-- top --><view><!-- <camera></camera> --></view>")
        #expect(nodes.first == .comment(" top ", SourceLocation(line: 1, column: 1)))
        let view = try #require(nodes.last?.element)
        guard case .comment(let body, _) = view.children.first else {
            Issue.record("expected a comment")
            return
        }
        #expect(body == " <camera></camera> ")
    }

    @Test func bindingsMayContainAngleBrackets() throws {
        let view = try #require(try elements(#"<view hidden="{{a > b}}">{{ a < b ? '<x>' : "y" }} & a < b</view>"#).first)
        #expect(view.attribute("hidden")?.value == "{{a > b}}")
        #expect(view.children.count == 1)
        guard case .text(let text, _) = view.children[0] else {
            Issue.record("expected text")
            return
        }
        #expect(text == #"{{ a < b ? '<x>' : "y" }} & a < b"#)
    }

    @Test func unquotedAndSpacedAttributes() throws {
        let view = try #require(try elements("<view  a = \"1\"\n  b=two c={{ x + 1 }} d/>").first)
        #expect(view.attributes.map(\.name) == ["a", "b", "c", "d"])
        #expect(view.attributes.map(\.value) == ["1", "two", "{{ x + 1 }}", nil])
        #expect(view.attribute("b")?.location == SourceLocation(line: 2, column: 3))
    }

    @Test func wxsBodyIsRaw() throws {
        let source = """
            <wxs module="m">
              var f = function(a) { return a < 3 && a > 0 ? "<view>" : '</view>'; }
              module.exports.f = f;
            </wxs>
            <view>{{m.f(1)}}</view>
            """
        let els = try elements(source)
        #expect(els.map(\.tag) == ["wxs", "view"])
        #expect(els[0].rawText?.contains("return a < 3") == true)
        #expect(els[0].children.isEmpty)
    }

    @Test func templatesImportsIncludes() throws {
        let source = """
            <import src="../common/head.wxml"/>
            <import src="item.wxml">
            <include src="footer.wxml"></include>
            <template name="msgItem"><view><text>{{index}}: {{msg}}</text></view></template>
            <template is="msgItem" data="{{...item}}"/>
            """
        let els = try elements(source)
        #expect(els.map(\.tag) == ["import", "import", "include", "template", "template"])
        #expect(els[3].attribute("name")?.value == "msgItem")
        #expect(els[3].childElements.first?.tag == "view")
        #expect(els[4].attribute("data")?.value == "{{...item}}")
    }

    @Test func wxDirectivesAreAttributes() throws {
        let source = """
            <view wx:if="{{length > 5}}">1</view>
            <view wx:elif="{{length > 2}}">2</view>
            <view wx:else>3</view>
            <block wx:for="{{list}}" wx:for-item="it" wx:key="id"><text>{{it.name}}</text></block>
            """
        let els = try elements(source)
        #expect(els.map(\.tag) == ["view", "view", "view", "block"])
        #expect(els[0].attribute("wx:if")?.value == "{{length > 5}}")
        #expect(els[2].hasAttribute("wx:else"))
        #expect(els[3].attribute("wx:key")?.value == "id")
    }

    @Test func declarationsAndCDATA() throws {
        let nodes = try WXMLParser.parse("<?xml version=\"1.0\"?><!DOCTYPE x><text><![CDATA[a<b]]></text>")
        let text = try #require(nodes.first?.element)
        #expect(text.children == [.text("a<b", SourceLocation(line: 1, column: 40))])
    }

    @Test func loneLessThanIsText() throws {
        let nodes = try WXMLParser.parse("1 < 2 <view/> 3 <")
        #expect(nodes.count == 3)
        #expect(nodes[0] == .text("1 < 2 ", SourceLocation(line: 1, column: 1)))
        #expect(nodes[2] == .text(" 3 <", SourceLocation(line: 1, column: 14)))
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let source: String
        let kind: WXMLError.Kind
        let line: Int
        let column: Int
        var testDescription: String { source.debugDescription }
    }

    @Test(
        "errors report line and column",
        arguments: [
            ErrorCase(source: "<view>\n  <text>hi</text>", kind: .unclosedElement, line: 1, column: 1),
            ErrorCase(source: "<view>\n  <text>hi</view>", kind: .mismatchedClosingTag, line: 2, column: 11),
            ErrorCase(source: "<view></view>\n</view>", kind: .unexpectedClosingTag, line: 2, column: 1),
            ErrorCase(source: "<view>\n<!-- never closed", kind: .unterminatedComment, line: 2, column: 1),
            ErrorCase(source: "<view class=\"a>\n</view>", kind: .unterminatedAttributeValue, line: 1, column: 13),
            ErrorCase(source: "<view class=\"a\"", kind: .unterminatedTag, line: 1, column: 1),
            ErrorCase(source: "<a>\n  <b x=></b></a>", kind: .invalidAttribute, line: 2, column: 8),
            ErrorCase(source: "<view \"oops\"></view>", kind: .invalidAttribute, line: 1, column: 7),
            ErrorCase(source: "<wxs module=\"m\">var a = 1;", kind: .unterminatedRawText, line: 1, column: 1),
            ErrorCase(source: "<view></view  x>", kind: .unterminatedTag, line: 1, column: 7),
            ErrorCase(source: "<camera>\n<video></camera></video>", kind: .mismatchedClosingTag, line: 2, column: 8),
        ])
    func errors(_ c: ErrorCase) {
        do {
            _ = try WXMLParser.parse(c.source)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.line == c.line && error.column == c.column, "\(error)")
            #expect(error.description.contains("line \(c.line), column \(c.column)"))
        }
    }

    @Test func mismatchMessageNamesBothTags() {
        #expect {
            _ = try WXMLParser.parse("<view>\n<text></view>")
        } throws: { error in
            let message = (error as? WXMLError)?.message ?? ""
            return message.contains("</view>") && message.contains("<text>") && message.contains("line 2, column 1")
        }
    }

    @Test func deepNestingIsRejected() {
        let deep = String(repeating: "<view>", count: 2000) + String(repeating: "</view>", count: 2000)
        #expect {
            _ = try WXMLParser.parse(deep)
        } throws: { ($0 as? WXMLError)?.kind == .nestingTooDeep }
        let ok = String(repeating: "<view>", count: 100) + String(repeating: "</view>", count: 100)
        #expect(throws: Never.self) { _ = try WXMLParser.parse(ok) }
    }
}
