import Foundation
import MiniMediaTesting
import Testing

@Suite("minimedia run: navigating between pages")
struct NavigationCommandTests {
    let app = CLI.fixture("navigation")

    @Test func callsGoToThePageOnTopAndTheCameraStopsAndReopens() async throws {
        let r = try await CLI.run([
            "run", app, "--consent", "allow", "--call", "shoot", "--call", "back", "--call", "lost", "--call", "settings",
            "--call", "camera",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        // Camera events and the image size arrive asynchronously: checked apart.
        let async = ["camera ready", "camera stopped", "result image 1280x720"]
        #expect(r.lines.filter { !async.contains($0) } == [
            "app launch", "camera onLoad", "camera onShow",
            // shoot: takePhoto, then navigateTo the result page with the photo's path in the query.
            "camera onHide", "result onLoad shot 1 wxfile://tmp", "opened result, stack 2",
            // back (a tap on the result page, now on top).
            "result onUnload", "camera onShow", "back on pages/camera/camera",
            // lost (the camera page again).
            #"navigateTo:fail page "pages/lost/lost" is not found"#,
            // settings: switchTab; the camera tab stays alive, hidden.
            "camera onHide", "settings onLoad", "settings onShow",
            // camera: switchTab back (shown again, not loaded again).
            "settings onHide", "camera onShow",
            // The end of the run.
            "camera onHide", "app hide", "camera onUnload", "settings onUnload",
        ])
        #expect(r.lines.filter { $0 == "camera ready" }.count == 3)
        #expect(r.lines.filter { $0 == "camera stopped" }.count == 3)
        #expect(r.lines.contains("result image 1280x720"))
        #expect(r.stderr.isEmpty)
    }

    @Test func traceAddsOneLinePerNavigation() async throws {
        let plain = try await CLI.run(["run", app, "--consent", "allow", "--call", "shoot", "--call", "back"])
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("navigate"))
        let traced = try await CLI.run(["run", app, "--consent", "allow", "--trace", "--call", "shoot", "--call", "back"])
        #expect(traced.status == 0)
        let lines = traced.lines.filter { $0.hasPrefix("[trace] ") && !$0.hasPrefix("[trace] <") }
        #expect(lines.count == 3)
        #expect(lines.first == "[trace] appLaunch pages/camera/camera (stack: pages/camera/camera)")
        #expect(lines.dropFirst().first?.hasPrefix("[trace] navigateTo pages/camera/camera -> pages/result/result?shot=1&src=wxfile%3A%2F%2Ftmp_") == true)
        #expect(lines.last == "[trace] navigateBack pages/result/result -> pages/camera/camera (stack: pages/camera/camera)")
    }

    @Test func pageStillPicksTheFirstPage() async throws {
        let r = try await CLI.run(["run", app, "--page", "pages/settings/settings", "--call", "camera"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Array(r.lines.prefix(5)) == ["app launch", "settings onLoad", "settings onShow", "settings onHide", "camera onLoad"])
    }
}
