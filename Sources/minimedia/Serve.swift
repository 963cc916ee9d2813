import ArgumentParser
import Foundation
import MiniCore
import MiniCommandLine
import MiniHost

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
            and opens nothing; every asset is in the binary. Ctrl-C stops it. With --auto-port, an \
            automation client (minium) drives the same app; App.captureScreenshot is a PNG of the \
            browser's phone view.
            """)

    @Argument(help: "Mini-program folder or page .js file.")
    var path: String

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 8750

    @Option(help: "Page route to open (default: the first in app.json).")
    var page: String?

    @OptionGroup var data: DataOptions

    @OptionGroup var capture: CaptureOptions

    @Option(help: "A speaker of this host (alsa:DEVICE or file:PATH) the Device panel offers beside \"browser\" (the default: heard in the tab) and \"muted\".")
    var speaker: String?

    @Option(name: .customLong("app-id"), help: "App id (default: the folder or page name).")
    var appID: String?

    @Option(name: .customLong("device-width"), help: "The phone's width in CSS px (rpx = width / 750).")
    var deviceWidth: Int = 375

    @Option(help: "Page query as key=value; repeatable.")
    var query: [String] = []

    @Option(name: .customLong("auto-port"), help: "Also serve the DevTools automation protocol (minium) on ws://127.0.0.1:PORT (0: any free port, printed).")
    var autoPort: Int?

    @Option(name: .customLong("reply-delay"), help: "With --auto-port: milliseconds before the earliest automation reply (see minimedia auto --help).")
    var replyDelay: Int = 10

    @OptionGroup var network: NetworkOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535 (got \(port))") }
        if let autoPort, !(0...65535).contains(autoPort) { throw ValidationError("--auto-port must be 0…65535 (got \(autoPort))") }
        if let autoPort, autoPort != 0, autoPort == port { throw ValidationError("--auto-port must differ from --port") }
        guard (0...10_000).contains(replyDelay) else { throw ValidationError("--reply-delay must be 0…10000 milliseconds") }
        guard (240...1280).contains(deviceWidth) else { throw ValidationError("--device-width must be 240…1280 (got \(deviceWidth))") }
        for q in query where !q.contains("=") { throw ValidationError("--query takes key=value (got \"\(q)\")") }
        if let speaker, speaker.isEmpty || speaker == "browser" || speaker == "muted" {
            throw ValidationError("--speaker takes a host device, alsa:DEVICE or file:PATH (\"browser\" and \"muted\" are always offered)")
        }
        _ = try network.policy()
    }

    /// Validates, then becomes `minimedia-serve` (beside this binary): the simulator's HTTP and
    /// WebSocket code lives there, so `minimedia run` never maps it.
    func run() throws {
        _ = try Setup.dialect(data.dialect)
        var q: [String: String] = [:]
        for item in query {
            let parts = item.split(separator: "=", maxSplits: 1)
            q[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let request = ServeRequest(
            path: path, page: page, dialect: data.dialect, camera: capture.camera, cameraCode: capture.cameraCode, microphone: capture.microphone,
            dataDir: data.dataDir, appID: appID, deviceWidth: deviceWidth, port: port, query: q,
            allowedDomains: network.allowedDomains, noDomainCheck: network.noDomainCheck, allowLocalNetwork: network.allowLocalNetwork,
            autoPort: autoPort, replyDelay: replyDelay, speaker: speaker)
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        try CommandMain.become(try CommandMain.sibling("minimedia-serve", for: "serve"), [json], for: "serve")
    }
}

