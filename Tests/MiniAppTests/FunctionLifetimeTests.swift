import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

/// A function passed to a factory (`onCameraFrame(callback)`) lives as long as the object made;
/// a started listener keeps its callback itself, whatever JS keeps.
@Suite("Function lifetimes: factories and listeners")
struct FunctionLifetimeTests {
    static let js = """
        Page({
          make() {
            const ctx = wx.createCameraContext()
            for (let i = 0; i < 1000; i++) ctx.onCameraFrame(() => {})
          },
          start() {
            let n = 0
            // The listener object itself is dropped at once: only the controller holds it now.
            wx.createCameraContext().onCameraFrame(() => {
              if (++n !== 5) return
              console.log('frames', n)
              // A new listener replaces this one; stopping it ends the frames and the run.
              const next = wx.createCameraContext().onCameraFrame(() => {})
              next.start({ success: () => next.stop() })
            }).start()
          },
        })
        """

    @Test func factoryCallbacksGoWithTheirObjectsAndStartedListenersKeepTheirs() async throws {
        let dir = TemporaryDirectory("fn-lifetime")
        let path = try writePage(dir, js: Self.js, wxml: #"<camera frame-size="small"></camera>"#)
        let camera = CameraEnvironment(spec: .synthetic(width: 160, height: 120, frameRate: 30))
        var config = MiniAppConfiguration(
            path: path, modules: StandardModules.make(camera: camera), user: ScriptedUser(consent: .allow),
            dataDirectory: dir.file("data"))
        config.timeout = 120
        let app = try MiniApp(config)
        #expect(await app.open())
        let before = await app.withRuntime { $0.heldFunctionCount } ?? -1
        #expect(await app.tap("make"))
        let made = await app.withRuntime { $0.heldFunctionCount } ?? -1
        #expect(made == before + 1000)
        let collected = await app.withRuntime { runtime in
            runtime.collectGarbage()
            return runtime.heldFunctionCount
        } ?? -1
        // The listeners were unreachable: their callbacks were released with them (a conservative
        // collector may keep a few).
        #expect(collected < before + 50, "before \(before), made \(made), after GC \(collected)")

        #expect(await app.tap("start"))
        await app.withRuntime { $0.collectGarbage() }
        // Frames keep coming to the started listener's callback after its object was collected.
        #expect(await app.stop() == .idle)
        #expect(app.logLines.contains("frames 5"), "\(app.logLines)")
        #expect(app.uncaughtError == nil)
    }
}
