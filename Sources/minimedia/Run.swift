import ArgumentParser
import Foundation
import MiniCore
import MiniHost
import MiniJS
import MiniStorage

/// `minimedia run`: load a page, tap its methods, run until idle.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a mini-program page headless.",
        discussion: """
            PATH is a mini-program folder (app.json with "pages") or one page's .js file with an \
            optional .wxml beside it. The page loads (onLoad, onShow, onReady), each --call runs a \
            page method as a tap, in order, after the previous one's work settled; the run ends \
            when nothing is pending or at --timeout. console.log goes to stdout.
            Exit status: 0 clean run, 1 uncaught JS error, 2 usage error.
            """)

    @Argument(help: "Mini-program folder or page .js file.")
    var path: String

    @Option(help: "Page route to open (default: the first in app.json).")
    var page: String?

    @Option(name: .customLong("call"), help: "Page method to call as a tap; repeatable.")
    var calls: [String] = []

    @Option(help: "Page query as key=value; repeatable.")
    var query: [String] = []

    @OptionGroup var data: DataOptions

    @Option(help: "Camera: synthetic[:WxH], file:PATH or v4l2:DEVICE.")
    var camera: String = "synthetic"

    @Option(name: .customLong("camera-code"), help: "A code the synthetic camera shows, FORMAT:TEXT (e.g. QR_CODE:hello, EAN_13:5901234123457).")
    var cameraCode: String?

    @Option(help: "Microphone: synthetic or file:PATH.")
    var microphone: String = "synthetic"

    @Option(help: "Who picks from the album in choose* pickers: first, cancel or prompt.")
    var picker: String = "first"

    @Option(help: "Who answers permission prompts: prompt, allow or deny.")
    var consent: String = "prompt"

    @Option(name: .customLong("app-id"), help: "App id (default: the folder or page name).")
    var appID: String?

    @Option(help: "Seconds before the run stops.")
    var timeout: Double = 30

    @Flag(help: "Print native component mounts, attribute changes and events.")
    var trace = false

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        for q in query where !q.contains("=") { throw ValidationError("--query takes key=value (got \"\(q)\")") }
        for c in calls where c.isEmpty { throw ValidationError("--call needs a method name") }
    }

    func run() throws {
        let dialect = try Setup.dialect(data.dialect)
        let user = try Setup.user(consent: consent, picker: picker)
        let location: PageLocation
        do { location = try PageLocation.locate(path, page: page) } catch let e as PageLocation.LocateError {
            throw ValidationError(e.description)
        }
        let app = try Setup.appID(appID ?? Setup.defaultAppID(for: URL(fileURLWithPath: path).standardizedFileURL))
        let registry = try StandardRegistry.make(.init(camera: camera, microphone: microphone, cameraCode: cameraCode))
        let session = try AppSession(
            SessionConfiguration(
                dataDirectory: Setup.dataDirectory(data.dataDir), appID: app, dialect: dialect,
                packageDir: location.root, user: user),
            registry: registry)
        let runtime = try JSRuntime(session: session, packageRoot: location.root)
        let runner = PageRunner(runtime: runtime, location: location)
        runner.trace = trace
        var queryPairs: [String: String] = [:]
        for q in query {
            let parts = q.split(separator: "=", maxSplits: 1)
            queryPairs[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        if runner.load(query: queryPairs, timeout: timeout) {
            for method in calls where runner.tap(method) == false { break }
        }
        let result = runtime.uncaughtError != nil ? .uncaughtError : runner.finish()
        switch result {
        case .uncaughtError: throw ExitCode(1)
        case .timedOut: FileHandle.standardError.write(Data("minimedia: stopped at --timeout \(timeout)s with work still pending\n".utf8))
        case .idle: break
        }
    }
}
