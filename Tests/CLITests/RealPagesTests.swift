import Foundation
import MiniMediaTesting
import Testing

/// The example mini-programs in Examples/real-pages, one per dialect, written in the style of the
/// platforms' own demos: a toast, a loading overlay, a modal and an action sheet, navigation
/// between two pages with a `<camera>` inside the dialect's `if`, storage kept across runs, a
/// request to a local server, ES module utils, and the dialect's own template extension and
/// event spelling (Alipay `onTap` / `onReady`, Baidu `s-if` and `setData(key, value)`).
@Suite("Real pages in every dialect, through minimedia run", .serialized)
struct RealPagesTests {
    static func example(_ dialect: String) -> String {
        CLI.root.appendingPathComponent("Examples/real-pages/\(dialect)").path
    }

    /// Toasts last 1500 ms on WeChat, QQ and Douyin, 2000 ms on Baidu and Alipay.
    static func toastMs(_ dialect: String) -> Int { ["swan", "my"].contains(dialect) ? 2000 : 1500 }

    @Test(arguments: ["wx", "qq", "swan", "tt", "my"])
    func aUserSessionAndASecondRun(dialect: String) async throws {
        let server = try await offCooperativePool { try HTTPTestServer() }
        defer { server.stop() }
        let data = TemporaryFolder()
        let common = [
            "run", Self.example(dialect), "--dialect", dialect, "--consent", "allow", "--data-dir", data.path,
            "--app-id", "real.\(dialect)", "--query", "api=\(server.allowedHost)",
            "--allow-domain", server.allowedHost, "--allow-local-network",
        ]
        let first = try await CLI.run(common + [
            "--modal", "confirm", "--action-sheet", "1",
            "--call", "fetchGreeting", "--call", "openCamera", "--call", "snap", "--call", "chooseAction",
            "--call", "toggleCamera", "--call", "back", "--call", "showStorage",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let photoExtension = dialect == "my" ? "image" : "jpg"
        #expect(first.lines == [
            "app launch",
            "visit 1",
            "index show, pages: pages/index/index",
            "[loading] Loading",
            "greeting 200 hello camera",
            "[loading] hidden",
            "[modal] Camera — \"Open the camera page?\" → confirm",
            "index hide",
            "camera page opened from index",
            "camera box 375 x 300",
            "camera ready",
            "[toast] Saved (success, \(Self.toastMs(dialect)) ms)",
            "photo .\(photoExtension)",
            "[action-sheet] Take photo | Close camera → 1 (Close camera)",
            "camera shown: false",
            "camera stopped",
            "camera shown: true",
            "camera ready",
            "camera page unload",
            "index show, pages: pages/index/index",
            "storage keys: visits",
            "index hide",
        ], "\(first.stderr)")

        // The visit count survived in storage; the user declines the modal this time.
        let second = try await CLI.run(common + ["--modal", "cancel", "--call", "openCamera"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.lines == [
            "app launch",
            "visit 2",
            "index show, pages: pages/index/index",
            "[modal] Camera — \"Open the camera page?\" → cancel",
            "[toast] Maybe later (none, \(Self.toastMs(dialect)) ms)",
            "index hide",
        ], "\(second.stderr)")
    }

    /// A picker's change event carries the chosen index in `detail.value`.
    @Test func aPickerChangeEvent() async throws {
        let r = try await CLI.run(["run", Self.example("wx"), "--call", #"pick:{"value":2}"#])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains("frame size: large"), "\(r.stdout)")
    }

    /// Without the domain allowance the request fails in the dialect's own shape, and the page
    /// goes on.
    @Test(arguments: [("wx", "request failed: request:fail url not in domain list"), ("my", "request failed: 12 url not in domain list")])
    func aRefusedRequestFailsInTheDialectsShape(dialect: String, line: String) async throws {
        let r = try await CLI.run([
            "run", Self.example(dialect), "--dialect", dialect, "--query", "api=http://127.0.0.1:9", "--call", "fetchGreeting",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.contains(line), "\(r.stdout)")
        #expect(r.lines.contains("[loading] hidden"), "\(r.stdout)")
    }
}
