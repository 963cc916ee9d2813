import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

@testable import MiniSimulator

/// Custom components in the simulator: host elements and their templates reach the browser, a
/// tap inside a component runs the component's method, component styles are scoped.
@Suite struct SimulatorComponentTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ComponentFixtures/app").path

    /// `SimulatorSessionTests.wait` with a deadline for a loaded machine (the page opens a camera).
    static func wait(_ client: SimulatorClient, _ seen: Outbox, for text: String) async -> HostValue? {
        let end = Date().addingTimeInterval(180)
        while Date() < end {
            for t in client.take().texts { seen.append(t) }
            if let m = seen.all.last(where: { $0.contains(text) }) { return HostValue(json: m) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func aTapInsideAComponentRunsItsMethodAndItsStylesAreScoped() async throws {
        let dir = TemporaryDirectory("sim-components")
        defer { dir.remove() }
        var options = SimulatorOptions(path: Self.fixture)
        options.dataDirectory = dir.file("data")
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        let seen = Outbox()
        // The panel's <camera> asks for the camera: the browser user allows it.
        let prompt = try #require(await Self.wait(client, seen, for: #""type":"prompt""#))
        let promptID = try #require(prompt["id"]?.numberValue)
        #expect(sim.received(JSONText.message([("type", "answer"), ("id", .number(promptID)), ("answer", ["allow": true])])) == nil)
        #expect(await Self.wait(client, seen, for: "panel camera initdone") != nil)
        let render = try #require(await Self.wait(client, seen, for: #""type":"render""#))
        // The counter's style file, limited to the counter's own elements.
        #expect(render["css"]?.stringValue?.contains(#".counter[data-mmc="/components/counter/counter"] { color: red; }"#) == true)
        let keys = SimulatorSessionTests.keys(render)
        // The first #inner in document order is c1's (the nested counter has one too).
        var firstInner: String?
        func find(_ v: HostValue) {
            if firstInner == nil, v["id"]?.stringValue == "inner" { firstInner = v["key"]?.stringValue }
            for c in v["children"]?.arrayValue ?? [] { find(c) }
        }
        for n in render["tree"]?.arrayValue ?? [] { find(n) }
        let inner = try #require(firstInner)
        #expect(keys["c1"] != nil && keys["nested"] != nil && keys["default-slot"] != nil)
        // Elements a component's template wrote carry its scope; slot content is the page's.
        var scopes: [String: HostValue] = [:]
        func walk(_ v: HostValue) {
            if let id = v["id"]?.stringValue { scopes[id] = v["scope"] ?? .undefined }
            for c in v["children"]?.arrayValue ?? [] { walk(c) }
        }
        for n in render["tree"]?.arrayValue ?? [] { walk(n) }
        #expect(scopes["nested"] != nil && scopes["inner"] == .string("/components/counter/counter"))
        #expect(scopes["nested"] == .string("/components/panel/panel"))
        #expect(scopes["default-slot"] == .null && scopes["c1"] == .null)
        #expect(sim.received(JSONText.message([("type", "event"), ("event", "tap"), ("target", .string(inner)), ("chain", [.string(inner)])])) == nil)
        #expect(await Self.wait(client, seen, for: "inc c1 inner v inner") != nil)
        #expect(await Self.wait(client, seen, for: #"page change change {\"clicks\":1} c1 first c1"#) != nil)
        // The component's setData re-renders: its text shows the click.
        #expect(await Self.wait(client, seen, for: #""text":"n: 3 / 1""#) != nil)
        await sim.stop()
    }
}
