import ArgumentParser
import MiniCommandLine
import Foundation
import MiniCore
import MiniHost
import MiniApp
import MiniJS
import MiniNet
import MiniStandard
import MiniStorage

/// `minimedia run`: load a page, tap its methods, run until idle.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a mini-program page headless.",
        discussion: """
            PATH is a mini-program folder (app.json with "pages") or one page's .js file with an \
            optional template beside it (.wxml, .qml, .swan, .ttml or .axml; the dialect's own \
            first, each read with its own directive syntax). The page loads (onLoad, onShow, onReady), each --call runs a \
            page method as a tap, in order, after the previous one's work settled; the run ends \
            when nothing is pending or at --timeout. console.log goes to stdout.
            Exit status: 0 clean run, 1 uncaught JS error, 2 usage error.
            A data directory that cannot be used (not writable, full, removed) ends the run with \
            one line on stderr and exit status 1.
            """)

    @Argument(help: "Mini-program folder or page .js file.")
    var path: String

    @Option(help: "Page route to open (default: the first in app.json).")
    var page: String?

    @Option(name: .customLong("call"), help: "Page method to call as a tap, or METHOD:JSON for an event whose detail is the JSON; repeatable.")
    var calls: [String] = []

    @Option(help: "Page query as key=value; repeatable.")
    var query: [String] = []

    @OptionGroup var data: DataOptions

    @OptionGroup var devices: DeviceOptions

    @OptionGroup var answers: AnswerOptions

    @Option(name: .customLong("app-id"), help: "App id (default: the folder or page name).")
    var appID: String?

    @Option(help: "Seconds before the run stops.")
    var timeout: Double = 30

    @Flag(help: "Print native component mounts, attribute changes and events.")
    var trace = false

    @OptionGroup var network: NetworkOptions

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        for q in query where !q.contains("=") { throw ValidationError("--query takes key=value (got \"\(q)\")") }
        _ = try Self.parseCalls(calls)
        _ = try network.policy()
    }

    /// `--call METHOD` or `--call METHOD:JSON` (the event's `detail`).
    static func parseCalls(_ calls: [String]) throws -> [(method: String, detail: HostValue?)] {
        try calls.map { call in
            guard let colon = call.firstIndex(of: ":") else {
                guard !call.isEmpty else { throw ValidationError("--call needs a method name") }
                return (call, nil)
            }
            let method = String(call[..<colon])
            guard !method.isEmpty else { throw ValidationError("--call needs a method name (got \"\(call)\")") }
            let json = String(call[call.index(after: colon)...])
            guard let detail = HostValue(json: json) else {
                throw ValidationError("--call \(method): the detail after ':' must be JSON (got \(json))")
            }
            return (method, detail)
        }
    }

    func run() throws {
        let app = try Setup.headlessApp(
            path: path, page: page, data: data, user: try answers.user(defaultConsent: "prompt"), devices: devices, network: network,
            appID: appID, timeout: timeout, query: query)
        if trace {
            app.observe { event in
                if let line = event.traceLine { FileHandle.standardOutput.write(Data("[trace] \(line)\n".utf8)) }
            }
        }
        if app.openSync() {
            for call in try Self.parseCalls(calls) where app.tapSync(call.method, detail: call.detail) == false { break }
        }
        switch app.stopSync() {
        case .uncaughtError: throw ExitCode(1)
        case .timedOut: FileHandle.standardError.write(Data("minimedia: stopped at --timeout \(timeout)s with work still pending\n".utf8))
        case .idle: break
        }
    }
}
