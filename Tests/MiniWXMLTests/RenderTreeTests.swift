import MiniCore
import Testing
@testable import MiniWXML

/// Renders `source` as the page `/p/index.<ext>` with `files` for imports and includes.
func render(
    _ source: String, _ data: HostValue = [:], syntax: DirectiveSyntax = .wechat, files: [String: String] = [:],
    limits: RenderLimits = .standard
) throws(RenderError) -> RenderTree {
    let template = try PageTemplate(source: source, path: "/p/index.wxml", syntax: syntax, limits: limits) { path in
        guard let text = files[path] else { throw RenderError(.missingFile, "no file", file: path) }
        return text
    }
    return try template.render(data: data)
}

/// Tags of the rendered elements, depth-first.
func tags(_ tree: RenderTree) -> [String] { tree.elements.map(\.tag) }

/// Ids of the rendered elements that have one.
func ids(_ tree: RenderTree) -> [String] { tree.elements.compactMap(\.id) }

@Suite("Rendered tree: directives")
struct RenderDirectiveTests {
    static let spellings: [(DirectiveSyntax, String)] = [
        (.wechat, "wx:"), (.qq, "qq:"), (.baidu, "s-"), (.douyin, "tt:"), (.alipay, "a:"),
    ]

    @Test(arguments: spellings.map(\.1))
    func ifElifElseInEverySpelling(prefix: String) throws {
        let syntax = Self.spellings.first { $0.1 == prefix }!.0
        let page = """
            <view \(prefix)if="{{n == 1}}" id="one"/>
            <view \(prefix)elif="{{n == 2}}" id="two"/>
            <view \(prefix)else id="other"/>
            <camera \(prefix)if="{{on}}" id="cam"/>
            """
        #expect(ids(try render(page, ["n": 1, "on": false], syntax: syntax)) == ["one"])
        #expect(ids(try render(page, ["n": 2, "on": true], syntax: syntax)) == ["two", "cam"])
        #expect(ids(try render(page, ["n": 3], syntax: syntax)) == ["other"])
    }

    @Test(arguments: spellings.map(\.1))
    func forWithItemIndexAndKeyInEverySpelling(prefix: String) throws {
        let syntax = Self.spellings.first { $0.1 == prefix }!.0
        let page = """
            <view \(prefix)for="{{list}}" \(prefix)for-item="it" \(prefix)for-index="k" \(prefix)key="name" id="v-{{k}}-{{it.name}}"/>
            """
        let tree = try render(page, ["list": [["name": "a"], ["name": "b"]]], syntax: syntax)
        #expect(ids(tree) == ["v-0-a", "v-1-b"])
        #expect(tree.elements.map { $0.identity.steps.first?.key } == ["k:a", "k:b"])
    }

    @Test func otherSpellingsAreOrdinaryAttributes() throws {
        // A wx: directive in an Alipay template is not a directive there.
        let tree = try render(#"<view wx:if="{{false}}" id="x"/>"#, syntax: .alipay)
        #expect(ids(tree) == ["x"])
        #expect(tree.elements[0].attributes["wx:if"] == .bool(false))
    }

    @Test func baiduBareExpressions() throws {
        let page = """
            <view s-if="n > 1" id="big"/>
            <view s-else id="small"/>
            <text s-for="item, i in list" id="t{{i}}">{{item}}</text>
            <text s-for="list" id="u{{index}}"/>
            <text s-for="x in list trackBy x" id="w{{x}}"/>
            """
        let tree = try render(page, ["n": 2, "list": ["p", "q"]], syntax: .baidu)
        #expect(ids(tree) == ["big", "t0", "t1", "u0", "u1", "wp", "wq"])
        #expect(tree.elements.last?.identity.steps.first?.key == "k:q")
        #expect(ids(try render(page, ["n": 0, "list": []], syntax: .baidu)) == ["small"])
    }

    @Test func forOverObjectsNumbersAndStringsAndIfPerItem() throws {
        let page = #"<view wx:for="{{src}}" wx:if="{{item != 'b'}}" id="{{index}}:{{item}}"/>"#
        #expect(ids(try render(page, ["src": ["x": "a", "y": "b", "z": "c"]])) == ["x:a", "z:c"])
        #expect(ids(try render(page, ["src": 3])) == ["0:0", "1:1", "2:2"])
        #expect(ids(try render(page, ["src": "abc"])) == ["0:a", "2:c"])
        #expect(ids(try render(page, ["src": nil])) == [])
    }

    @Test func blockIsTransparentAndHiddenStaysInTheTree() throws {
        let page = """
            <block wx:if="{{show}}"><camera id="cam"/><text>on</text></block>
            <video id="v" hidden="{{!show}}"/>
            """
        let on = try render(page, ["show": true])
        #expect(tags(on) == ["camera", "text", "video"])
        #expect(on.elements.last?.hidden == false)
        let off = try render(page, ["show": false])
        #expect(tags(off) == ["video"])
        #expect(off.elements[0].hidden == true)
    }

    @Test func elementsKeepTheirBoundParts() throws {
        let page = """
            <view id="{{id}}" class="a {{cls}}  c" style="width: {{w}}px" data-user-id="{{7}}" data-x="y" bindtap="onTap" catch:longpress="{{h}}" title="t{{n}}">Hi {{name}}!</view>
            """
        let tree = try render(page, ["id": "box", "cls": "b", "w": 10, "h": "onLong", "n": 1, "name": "Ada"])
        let e = tree.elements[0]
        #expect(e.id == "box")
        #expect(e.classes == ["a", "b", "c"])
        #expect(e.style == "width: 10px")
        #expect(e.dataset == ["userId": 7, "x": "y"])
        #expect(e.events == [ResolvedEvent(event: "tap", handler: "onTap", kind: .bind), ResolvedEvent(event: "longpress", handler: "onLong", kind: .catch)])
        #expect(e.attributes["title"] == "t1")
        #expect(e.children == [.text("Hi Ada!")])
    }

    @Test func alipayEventSpelling() throws {
        let page = #"<camera onReady="ready" onError="failed" catchTap="t" onStop="s" onScanCode="sc" bindinitdone="w" online="x"/>"#
        let e = try render(page, syntax: .alipay).elements[0]
        #expect(e.events.map(\.event) == ["ready", "error", "tap", "stop", "scancode", "initdone"])
        #expect(e.events[2].kind == .catch)
        #expect(e.attributes["online"] == "x")
        #expect(DirectiveSyntax.alipay.boundName(ofNativeEvent: "initdone") == "ready")
        #expect(DirectiveSyntax.wechat.boundName(ofNativeEvent: "initdone") == "initdone")
        // On WeChat `onReady` is an ordinary attribute (and `catchTap` binds "Tap").
        #expect(try render(page).elements[0].events.map(\.event) == ["Tap", "initdone"])
    }

    @Test func syntaxPerDialectAndExtension() {
        #expect(DirectiveSyntax.of(.swan) == .baidu)
        #expect(DirectiveSyntax.of(.my) == .alipay)
        #expect(DirectiveSyntax.ofTemplateExtension("qml") == .qq)
        #expect(DirectiveSyntax.ofTemplateExtension("TTML") == .douyin)
        #expect(DirectiveSyntax.ofTemplateExtension("html") == nil)
    }
}

@Suite("Rendered tree: templates, imports, includes")
struct RenderTemplateTests {
    @Test func importedTemplatesAreInstantiatedWithTheirData() throws {
        let files = [
            "/p/item.wxml": #"<template name="card"><view class="card" id="c-{{n}}">{{label}}</view></template><import src="deep.wxml"/>"#,
            "/p/deep.wxml": #"<template name="deep"><view id="deep"/></template>"#,
        ]
        let page = """
            <import src="item.wxml"/>
            <template is="card" data="{{n: 1, label}}"/>
            <template is="{{which}}" data="{{...obj}}"/>
            <template is="deep"/>
            <template is="missing"/>
            """
        let tree = try render(page, ["label": "L", "which": "card", "obj": ["n": 2, "label": "M"]], files: files)
        // Imports are not transitive (WeChat): `deep` is not visible from the page.
        #expect(ids(tree) == ["c-1", "c-2"])
        #expect(tree.elements.map(\.children) == [[.text("L")], [.text("M")]])
        #expect(tree.elements[0].identity != tree.elements[1].identity)
    }

    @Test func localTemplatesAndTemplatesInLoops() throws {
        let page = """
            <template name="cam"><camera id="cam-{{i}}"/></template>
            <block wx:for="{{list}}" wx:key="*this"><template is="cam" data="{{i: item}}"/></block>
            """
        let tree = try render(page, ["list": ["a", "b"]])
        #expect(ids(tree) == ["cam-a", "cam-b"])
    }

    @Test func includesRenderInPlaceWithThePagesData() throws {
        let files = [
            "/common/head.wxml": #"<template name="t"><view id="t"/></template><wxs module="m">x</wxs><view id="head">{{title}}</view><include src="./foot"/>"#,
            "/common/foot.wxml": #"<view id="foot"/>"#,
        ]
        let tree = try render(#"<include src="../common/head.wxml"/><include src="/common/foot.wxml"/>"#, ["title": "T"], files: files)
        #expect(ids(tree) == ["head", "foot", "foot"])
        #expect(tree.elements[1].identity != tree.elements[2].identity)
    }

    @Test func badAndMissingSourcesFailClearly() throws {
        // `..` stops at the package root (as URLs resolve): this is /x.wxml, which is not there.
        do {
            _ = try render(#"<include src="../../x.wxml"/>"#)
            Issue.record("a missing include rendered")
        } catch {
            #expect(error.kind == .missingFile)
            #expect(error.description == "/p/index.wxml: cannot read /x.wxml: /x.wxml: no file")
        }
        #expect(try render(#"<include src="../../../p/part"/>"#, files: ["/p/part.wxml": "<view id='part'/>"]).elements.map(\.id) == ["part"])
        do {
            _ = try render(#"<import src="nope.wxml"/>"#)
            Issue.record("a missing import rendered")
        } catch {
            #expect(error.kind == .missingFile)
            #expect(error.message.hasPrefix("cannot read /p/nope.wxml"))
        }
        do {
            _ = try render(#"<include src="a\b.wxml"/>"#)
            Issue.record("a backslash path rendered")
        } catch { #expect(error.kind == .invalidPath) }
    }

    @Test func bindingsThatCallFunctionsRenderUndefinedWithAWarning() throws {
        let page = #"<wxs module="m">module.exports = { f: function (x) { return x } }</wxs><view id="v" title="{{m.f(a)}}">[{{m.f(a)}}]</view><view wx:if="{{m.f(a)}}" id="gone"/>"#
        let template = try PageTemplate(source: page, path: "/index.wxml", syntax: .wechat)
        let tree = try template.render(data: ["a": 1])
        #expect(tree.elements.map(\.id) == ["v"])
        #expect(tree.elements[0].attributes["title"] == .undefined)
        // The whole value with the call is undefined (the text around it too).
        #expect(tree.elements[0].children == [])
        #expect(template.warnings == [
            "/index.wxml:1:85: attribute 'title' of <view> calls a function (wxs is not supported); it renders as undefined",
            "/index.wxml:1:104: text calls a function (wxs is not supported); it renders as undefined",
            "/index.wxml:1:129: attribute 'wx:if' of <view> calls a function (wxs is not supported); it renders as undefined",
        ])
    }

    @Test func includeCyclesAndSelfUsingTemplatesAreBounded() throws {
        let files = ["/p/a.wxml": #"<include src="b.wxml"/>"#, "/p/b.wxml": #"<include src="a.wxml"/>"#]
        do {
            _ = try render(#"<include src="a.wxml"/>"#, files: files)
            Issue.record("an include cycle rendered")
        } catch {
            #expect(error.kind == .cycle)
            #expect(error.message == "include cycle: /p/index.wxml → /p/a.wxml → /p/b.wxml → /p/a.wxml")
        }
        do {
            _ = try render(#"<template name="r"><view><template is="r"/></view></template><template is="r"/>"#)
            Issue.record("a recursive template rendered")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.message.contains("instantiated more than 32 levels deep"))
        }
    }
}

@Suite("Rendered tree: identity and bounds")
struct RenderIdentityTests {
    @Test func identitiesAreStableAcrossRenders() throws {
        let page = """
            <view wx:if="{{a}}" id="a"/>
            <camera id="cam"/>
            <view wx:for="{{list}}" wx:key="id" id="i{{item.id}}"/>
            """
        let template = try PageTemplate(source: page, path: "/index.wxml", syntax: .wechat)
        let before = try template.render(data: ["a": false, "list": [["id": 1], ["id": 2]]])
        let after = try template.render(data: ["a": true, "list": [["id": 0], ["id": 2]]])
        func identity(_ tree: RenderTree, _ id: String) -> NodeIdentity? { tree.elements.first { $0.id == id }?.identity }
        #expect(identity(before, "cam") == identity(after, "cam"))
        #expect(identity(before, "i2") == identity(after, "i2"))
        #expect(identity(before, "i1") != identity(after, "i0"))
        #expect(identity(after, "cam")?.description == "/index.wxml:2:1")
        #expect(identity(after, "i2")?.description == "/index.wxml:3:1[k:2] > /index.wxml:3:1")
        #expect(template.depends(onChangedPaths: ["list[0].id"]))
        #expect(!template.depends(onChangedPaths: ["unrelated"]))
    }

    @Test func duplicateKeysFallBackToTheIndex() throws {
        let tree = try render(#"<view wx:for="{{l}}" wx:key="*this"/>"#, ["l": ["x", "x"]])
        #expect(tree.elements.map { $0.identity.steps[0].key } == ["k:x", "i:1"])
    }

    @Test func hostileDataAndTemplatesHitTheLimits() throws {
        let limits = RenderLimits(maxNodes: 100, maxLoopLength: 50)
        do {
            _ = try render(#"<view wx:for="{{n}}"/>"#, ["n": 1e12], limits: limits)
            Issue.record("a huge loop rendered")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.message == "wx:for list has 1000000000000 items; at most 50 are rendered")
        }
        do {
            _ = try render(#"<view wx:for="{{40}}"><view wx:for="{{40}}"/></view>"#, limits: limits)
            Issue.record("too many nodes rendered")
        } catch {
            #expect(error.message == "the page renders more than 100 nodes")
        }
        // Work that makes no nodes is bounded too: a template using itself twice per level, empty loops.
        do {
            _ = try render(#"<block wx:for="{{40}}"><block wx:for="{{40}}"/></block>"#, limits: limits)
            Issue.record("unbounded empty loops rendered")
        } catch { #expect(error.message == "the page renders more than 100 nodes") }
        do {
            // t0 uses t1 twice, t1 uses t2 twice, … : 2^25 uses, within every depth limit.
            let chain = (0..<25).map { #"<template name="t\#($0)"><template is="t\#($0 + 1)"/><template is="t\#($0 + 1)"/></template>"# }
            _ = try render(chain.joined() + #"<template is="t0"/>"#, limits: limits)
            Issue.record("a doubling template rendered")
        } catch { #expect(error.message == "the page renders more than 100 nodes") }
        let deep = String(repeating: "<view>", count: 300) + String(repeating: "</view>", count: 300)
        #expect(throws: RenderError.self) { try render(deep) }
        #expect(try render(#"<view wx:for="{{-5}}"/><view wx:for="{{'x'}}"/>"#).nodeCount == 1)
    }

    @Test func malformedTemplatesAndBindingsAreErrors() {
        do {
            _ = try render("<view>")
            Issue.record("unclosed rendered")
        } catch { #expect(error.kind == .syntax) }
        do {
            _ = try render(#"<view wx:if="{{a +}}"/>"#)
            Issue.record("bad binding rendered")
        } catch {
            #expect(error.kind == .invalidBinding)
            #expect(error.location == SourceLocation(line: 1, column: 7))
        }
    }
}
