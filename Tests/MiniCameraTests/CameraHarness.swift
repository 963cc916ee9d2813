import Foundation
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniApp
import MiniJS
import MiniMediaTesting
import Synchronization

/// Counts and keeps the devices a camera environment makes.
final class DeviceLog: Sendable {
    private let devices = Mutex<[any CameraDevice]>([])
    func add(_ d: any CameraDevice) { devices.withLock { $0.append(d) } }
    var all: [any CameraDevice] { devices.withLock { $0 } }
    var count: Int { all.count }
}

/// A camera environment over the synthetic card (or `spec`) whose devices are logged.
func testEnvironment(
    spec: CameraDeviceSpec = .synthetic(width: 1920, height: 1080, frameRate: 60), overlay: CodeOverlay? = nil,
    pacing: FramePacing = .paced, log: DeviceLog = DeviceLog(),
    scanFrameBudget: Int = 30, albumImage: (@Sendable (AppSession) async throws -> String?)? = nil
) -> CameraEnvironment {
    CameraEnvironment(
        spec: spec, overlay: overlay, pacing: pacing, scanFrameBudget: scanFrameBudget, albumImage: albumImage
    ) { env, clock in
        let d = env.spec.makeDevice(clock: clock, overlay: env.overlay)
        log.add(d)
        return d
    }
}

/// Runs one page (JS + WXML) with the camera module, as `minimedia run` does: load, taps, finish.
/// The runtime runs on its own thread (never on the cooperative pool the APIs use).
final class CameraHarness: @unchecked Sendable {
    let test: TestSession
    let output = CapturedOutput()
    let log: DeviceLog
    private(set) var result: JSRuntime.RunResult?
    private(set) var uncaughtError: String?
    /// The page's camera controller, kept after the page unloads (statistics).
    private(set) var lastController: CameraController?

    init(
        dialect: Dialect = .wx, user: any SimulatedUser = ScriptedUser(consent: .allow),
        environment: CameraEnvironment? = nil, log: DeviceLog = DeviceLog(), clock: any MediaClock = SystemClock()
    ) throws {
        self.log = log
        var registry = APIRegistry.foundation()
        CameraModule.register(into: &registry, environment: environment ?? testEnvironment(log: log))
        test = try TestSession(dialect: dialect, user: user, registry: registry, clock: clock)
    }

    var session: AppSession { test.session }
    var lines: [String] { output.lines }
    func lines(_ prefix: String) -> [String] { lines.filter { $0.hasPrefix(prefix) } }
    var controller: CameraController? { CameraHub.of(session).controller }

    /// Runs the page; `calls` are tapped in order after load.
    @discardableResult
    /// `timeout` is a deadline, not a wait: generous, because the suite runs many tests at once on 2 cores.
    func run(js: String, wxml: String, calls: [String] = [], timeout: Double = 60) async -> [String] {
        let dir = test.directory.file("package")
        try? js.write(to: dir.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try? wxml.write(to: dir.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        var config = MiniAppConfiguration(path: dir.appendingPathComponent("index.js").path)
        config.timeout = timeout
        config.output = output
        do {
            let app = try MiniApp(config, session: test.session)
            app.observe { [output] event in if let line = event.traceLine { output.log("[trace] " + line) } }
            if await app.open() {
                lastController = CameraHub.of(test.session).controller
                for c in calls where await app.tap(c) == false { break }
            }
            result = await app.stop()
            uncaughtError = app.uncaughtError
        } catch {
            uncaughtError = "\(error)"
        }
        return output.lines
    }

    /// The host path of a virtual temp path.
    func hostPath(_ virtual: String) throws -> String { try session.files.resolve(virtual).hostPath }
}

/// Extracts the value after `key=` in a printed line like `photo path=wxfile://… w=1280`.
func field(_ line: String, _ key: String) -> String? {
    for part in line.split(separator: " ") where part.hasPrefix(key + "=") {
        return String(part.dropFirst(key.count + 1))
    }
    return nil
}

enum Media {
    static var hasFFmpeg: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") }

    static func ffmpeg(_ args: [String]) throws { try MediaTools.ffmpeg(args) }
}
