import Foundation
import Testing

@Suite("minimedia run: each dialect's template and directives")
struct TemplateRunTests {
    /// The same page under each dialect: the camera sits in an `if` that starts false; a tap
    /// opens it, another closes it (its stop event reaches the page).
    static let page = """
        const api = { wx, swan, tt, my }[globalThis.__dialect]
        Page({
          data: { on: false },
          onReady() { console.log('ready, cameras:', api.createSelectorQuery ? 'query' : 'none') },
          opened(e) { console.log('camera opened', e.type) },
          stopped() { console.log('camera stopped') },
          open() { this.setData({ on: true }) },
          close() { this.setData({ on: false }) },
          measure() {
            api.createSelectorQuery().select('#cam').boundingClientRect().exec(res => console.log('rect', res[0] && res[0].height))
          },
        })
        """

    @Test(arguments: [
        ("wx", "wxml", #"<camera wx:if="{{on}}" id="cam" bindinitdone="opened" bindstop="stopped"/>"#),
        ("swan", "swan", #"<camera s-if="on" id="cam" bindinitdone="opened" bindstop="stopped"/>"#),
        ("tt", "ttml", #"<camera tt:if="{{on}}" id="cam" bindinitdone="opened" bindstop="stopped"/>"#),
        ("my", "axml", #"<camera a:if="{{on}}" id="cam" onReady="opened" onStop="stopped"/>"#),
    ])
    func theCameraFollowsTheCondition(dialect: String, ext: String, template: String) async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", "globalThis.__dialect = '\(dialect)'\n" + Self.page)
        try dir.write("p.\(ext)", template)
        let r = try await CLI.run([
            "run", dir.path + "/p.js", "--dialect", dialect, "--consent", "allow", "--camera", "synthetic:320x240",
            "--call", "measure", "--call", "open", "--call", "measure", "--call", "close", "--trace",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.filter { !$0.hasPrefix("[trace]") } == [
            "ready, cameras: query", "rect null", "camera opened initdone", "rect 225", "camera stopped",
        ], "\(r.stdout)")
        #expect(r.stdout.contains("[trace] <camera#cam> mounted"), "\(r.stdout)")
        #expect(r.stdout.contains("[trace] <camera#cam> unmounted"), "\(r.stdout)")
    }
}
