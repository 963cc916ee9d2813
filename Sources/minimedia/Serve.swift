import ArgumentParser
import Dispatch
import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniSimulator
import MiniStandard

/// `minimedia serve`: the browser simulator.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a mini-program in the browser simulator.",
        discussion: """
            Serves one web page on 127.0.0.1 showing a phone-sized view of the running page: its \
            template with its styles, re-rendered after each setData; taps and inputs reach the \
            page's handlers; <camera> shows the device's frames; permission prompts, the album \
            picker, toasts, modals and action sheets are dialogs; a side panel shows page data, \
            the console, API calls, permissions, the album and the page stack. Prints the URL \
            and opens nothing; every asset is in the binary. Ctrl-C stops it.
            """)

    @Argument(help: "Mini-program folder or page .js file.")
    var path: String

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 8750

    @Option(help: "Page route to open (default: the first in app.json).")
    var page: String?

    @OptionGroup var data: DataOptions

    @Option(help: "Camera: synthetic[:WxH], file:PATH or v4l2:DEVICE.")
    var camera: String = "synthetic"

    @Option(name: .customLong("camera-code"), help: "A code the synthetic camera shows, FORMAT:TEXT.")
    var cameraCode: String?

    @Option(help: "Microphone for recordings: synthetic, file:PATH or alsa:DEVICE.")
    var microphone: String = "synthetic"

    @Option(name: .customLong("app-id"), help: "App id (default: the folder or page name).")
    var appID: String?

    @Option(name: .customLong("device-width"), help: "The phone's width in CSS px (rpx = width / 750).")
    var deviceWidth: Int = 375

    @Option(help: "Page query as key=value; repeatable.")
    var query: [String] = []

    @OptionGroup var network: NetworkOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535 (got \(port))") }
        guard (240...1280).contains(deviceWidth) else { throw ValidationError("--device-width must be 240…1280 (got \(deviceWidth))") }
        for q in query where !q.contains("=") { throw ValidationError("--query takes key=value (got \"\(q)\")") }
        _ = try network.policy()
    }

    func run() throws {
        var options = SimulatorOptions(path: path)
        options.page = page
        options.dialect = try Setup.dialect(data.dialect)
        options.devices = StandardModules.Devices(camera: camera, cameraCode: cameraCode, microphone: microphone)
        options.dataDirectory = data.dataDir.map { URL(fileURLWithPath: $0) }
        options.appID = appID
        options.deviceWidth = deviceWidth
        options.deviceHeight = deviceWidth * 667 / 375
        options.network = try network.access()
        for q in query {
            let parts = q.split(separator: "=", maxSplits: 1)
            options.query[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let simulator: Simulator
        do {
            simulator = try Setup.usingData(Setup.dataDirectory(data.dataDir)) { try Simulator(options) }
        } catch let e as MiniAppError {
            throw ValidationError(e.description)
        } catch let e as MediaError where !e.message.hasPrefix("data directory ") {
            throw ValidationError(e.message)
        }
        let server = SimulatorServer(simulator: simulator, port: port)
        let failed = Failure()
        simulator.start()
        let serving = Task.detached {
            do {
                try await server.run { url in
                    FileHandle.standardOutput.write(Data("minimedia serve: \(url)\n".utf8))
                }
            } catch is CancellationError {
            } catch {
                failed.set("minimedia: serve: \(error)")
            }
            await simulator.stop()
            if let message = failed.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(failed.message == nil ? 0 : 1)
        }
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { serving.cancel() }
            source.resume()
            sources.append(source)
        }
        Failure.keep(sources)
        dispatchMain()
    }
}

/// A failure message shared with the serving task.
private final class Failure: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    nonisolated(unsafe) private static var kept: [Any] = []

    var message: String? { lock.withLock { text } }
    func set(_ s: String) { lock.withLock { text = s } }
    static func keep(_ objects: [Any]) { kept = objects }
}
