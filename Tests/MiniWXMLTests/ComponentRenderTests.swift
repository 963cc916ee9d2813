import MiniCore
import Testing
@testable import MiniWXML

/// A component instance source over plain dictionaries: data per instance identity, the hosts
/// it was asked for, in order.
final class FakeInstances: ComponentInstanceSource {
    var asked: [ComponentHost] = []
    var data: [String: HostValue] = [:]
    var multipleSlots = false

    func instance(for host: ComponentHost) throws -> ComponentInstanceState {
        asked.append(host)
        var d = data[host.path]?.objectValue ?? HostObjectValue()
        for (k, v) in host.attributes { d[k] = v }
        return ComponentInstanceState(data: .object(d), multipleSlots: multipleSlots)
    }
}

@Suite struct ComponentRenderTests {
    func library(_ components: [String: (String, [String: String])], page: [String: String], limits: RenderLimits = .standard) throws -> ComponentLibrary {
        var out: [String: ComponentTemplate] = [:]
        for (path, (source, tags)) in components {
            let template = try PageTemplate(source: source, path: path + ".wxml", syntax: .wechat, limits: limits)
            out[path] = ComponentTemplate(path: path, template: template, usingComponents: tags)
        }
        return ComponentLibrary(components: out, pageTags: page)
    }

    @Test func hostElementsOwnersAndSlots() throws {
        let lib = try library(
            ["/c/box": (#"<view id="frame"><slot/><view id="tail"><slot name="tail"/></view><text>{{label}}</text></view>"#, [:])],
            page: ["box": "/c/box"])
        let page = try PageTemplate(
            source: #"<box id="b" label="{{name}}" data-x="1" bindtap="t"><text id="s1">{{name}}</text><text id="s2" slot="tail">t</text></box>"#,
            path: "/p/index.wxml", syntax: .wechat)
        let source = FakeInstances()
        // Without multipleSlots every child goes to the default slot.
        var tree = try page.render(data: ["name": "N"], components: lib, instances: source)
        var host = try #require(tree.elements.first)
        #expect(host.tag == "box" && host.component == "/c/box" && host.owner == nil && host.dataset["x"] == .string("1"))
        #expect(host.events.map(\.handler) == ["t"])
        let frame = try #require(host.childElements.first)
        #expect(frame.owner == host.identity)
        #expect(frame.childElements.map { $0.id ?? $0.tag } == ["s1", "s2", "tail", "text"])
        #expect(tree.elements.first { $0.id == "s1" }?.owner == nil)
        #expect(source.asked.map(\.attributes) == [["label": .string("N")]])
        // With it, the named slot takes its child.
        source.multipleSlots = true
        tree = try page.render(data: ["name": "N"], components: lib, instances: source)
        host = try #require(tree.elements.first)
        #expect(tree.elements.first { $0.id == "tail" }?.childElements.map(\.id) == ["s2"])
        #expect(tree.chain(to: try #require(tree.elements.first { $0.id == "s2" }).identity)?.map { $0.id ?? $0.tag } == ["b", "frame", "tail", "s2"])
    }

    @Test func selfUseDepthAndInstanceLimitsAreErrors() throws {
        let page = try PageTemplate(source: "<a-comp/>", path: "/p/index.wxml", syntax: .wechat)
        let looping = try library(["/c/a": ("<view><a-comp/></view>", ["a-comp": "/c/a"])], page: ["a-comp": "/c/a"])
        #expect(throws: RenderError.self) { try page.render(data: [:], components: looping, instances: FakeInstances()) }
        do { _ = try page.render(data: [:], components: looping, instances: FakeInstances()) } catch {
            #expect(error.kind == .cycle && error.message == "component /c/a uses itself: /c/a → /c/a")
        }
        var limits = RenderLimits.standard
        limits.maxComponentInstances = 10
        let many = try PageTemplate(source: #"<item wx:for="{{20}}"/>"#, path: "/p/index.wxml", syntax: .wechat, limits: limits)
        let items = try library(["/c/item": ("<view/>", [:])], page: ["item": "/c/item"])
        do { _ = try many.render(data: [:], components: items, instances: FakeInstances()); Issue.record("rendered 20 instances") } catch {
            #expect(error.kind == .limit && error.message == "the page renders more than 10 custom components")
        }
        // No instance source: a clear error rather than an empty element.
        let one = try PageTemplate(source: "<item/>", path: "/p/index.wxml", syntax: .wechat)
        do { _ = try one.render(data: [:], components: items, instances: nil); Issue.record("rendered without instances") } catch {
            #expect(error.kind == .component && error.message == "<item> (/c/item): no component runtime to make its instance")
        }
    }
}
