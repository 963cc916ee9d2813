import Foundation
import MiniMediaTesting
import Testing

@Suite("Embedding and event details through the binaries")
struct EmbeddingTests {
    @Test func exampleHostAppRunsAPageWithItsOwnAPI() async throws {
        let host = CLI.root.appendingPathComponent(".build/debug/example-host")
        let r = try await CLI.run([CLI.root.appendingPathComponent("Examples/host-app/miniprogram").path], binary: host)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("page says: no such image: 1300002") || r.lines.contains { $0.hasPrefix("page says: no such image:") })
        #expect(r.lines.contains(#"getHostGreeting ok: {"greeting": "Hello, Ada, from the host app", "errMsg": "getHostGreeting:ok"}"#)
            || r.lines.contains { $0.hasPrefix("getHostGreeting ok:") && $0.contains("Hello, Ada, from the host app") })
        #expect(r.lines.contains { $0.hasPrefix("pages/index/index setData") && $0.contains("Hello, Ada") })
        // The host's own error number, in WeChat's shape.
        #expect(r.lines.contains("page says: greeting failed getHostGreeting:fail who is asking? 9100001"))
        #expect(r.lines.last == "stopped: idle")
    }

    @Test func callDetailReachesTheHandler() async throws {
        let scratch = TemporaryDirectory("mm-detail")  // the next run removes it after a crash
        defer { scratch.remove() }
        let dir = scratch.url
        let page = dir.appendingPathComponent("switch.js")
        try """
            Page({
              onSwitch(e) { console.log(e.type, JSON.stringify(e.detail)) },
              tapped(e) { console.log(e.type, JSON.stringify(e.detail)) },
            })
            """.write(to: page, atomically: true, encoding: .utf8)
        let r = try await CLI.run(["run", page.path, "--call", #"onSwitch:{"value":true}"#, "--call", "tapped",
                                   "--call", #"onSwitch:{"value":[1,"a"],"n":null}"#])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == [#"change {"value":true}"#, #"tap {"x":0,"y":0}"#, #"change {"n":null,"value":[1,"a"]}"#])
        let bad = try await CLI.run(["run", page.path, "--call", "onSwitch:{nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--call onSwitch: the detail after ':' must be JSON (got {nope)"))
    }
}
