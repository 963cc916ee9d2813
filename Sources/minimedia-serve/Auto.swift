import ArgumentParser
import Foundation
import MiniApp
import MiniAutomation
import MiniCommandLine
import MiniCore
import MiniHost
import MiniJS
import MiniStandard

/// `minimedia auto`: the app headless, driven over the DevTools automation protocol. It runs in
/// this binary (`minimedia auto ARGS` becomes `minimedia-serve auto ARGS`), so `minimedia run`
/// never maps the WebSocket server.
struct Auto: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimedia auto",
        abstract: "Run a mini-program headless for an automation client (minium, miniprogram-automator).",
        discussion: """
            Opens PATH's first page (or --page) and serves the WeChat DevTools automation protocol \
            on ws://127.0.0.1:PORT until a client sends Tool.close or App.exit, or SIGINT/SIGTERM. \
            Permission prompts, modals, album pickers and action sheets wait for the client's \
            Tool.native answer (authorizeAllow, authorizeCancel, confirmModal, cancelModal, \
            pickMediaFile, selectActionSheet, cancelActionSheet); unanswered after \
            --answer-timeout seconds they get the --consent/--modal/--picker/--action-sheet answer. \
            Docs/AUTOMATION.md lists the methods.
            """)

    @Argument(help: "Mini-program folder or page .js file.")
    var path: String

    @Option(name: .customLong("auto-port"), help: "Port of the automation WebSocket on 127.0.0.1 (0: any free port, printed).")
    var autoPort: Int

    @Option(help: "Page route to open (default: the first in app.json).")
    var page: String?

    @Option(help: "Page query as key=value; repeatable.")
    var query: [String] = []

    @OptionGroup var data: DataOptions

    @OptionGroup var devices: DeviceOptions

    @OptionGroup var answers: AnswerOptions

    @Option(name: .customLong("answer-timeout"), help: "Seconds a prompt waits for the client's Tool.native answer.")
    var answerTimeout: Double = 30

    @Option(name: .customLong("app-id"), help: "App id (default: the folder or page name).")
    var appID: String?

    @Option(help: "Seconds the first page may take to load and settle.")
    var timeout: Double = 30

    @Option(name: .customLong("reply-delay"), help: "Milliseconds before the earliest reply (minium 1.6.1 misses replies faster than it starts waiting; 0: none).")
    var replyDelay: Int = 10

    @Flag(help: "Print each automation request and reply (method, id, outcome, time) on stderr.")
    var trace = false

    @OptionGroup var network: NetworkOptions

    func validate() throws {
        guard (0...65535).contains(autoPort) else { throw ValidationError("--auto-port must be 0...65535") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard (0...10_000).contains(replyDelay) else { throw ValidationError("--reply-delay must be 0...10000 milliseconds") }
        guard answerTimeout > 0, answerTimeout.isFinite else { throw ValidationError("--answer-timeout must be a positive number of seconds") }
        for q in query where !q.contains("=") { throw ValidationError("--query takes key=value (got \"\(q)\")") }
        _ = try network.policy()
    }

    func run() throws {
        let fallback = try answers.user(defaultConsent: "deny")
        let user = AutomationUser(fallback: fallback, answerTimeout: answerTimeout)
        let app = try Setup.headlessApp(
            path: path, page: page, data: data, user: user, devices: devices, network: network, appID: appID, timeout: timeout, query: query)
        let driver = AutomationDriver(app: app, user: user)
        let printTrace: @Sendable (String) -> Void = { line in
            FileHandle.standardError.write(Data("[auto \(Date().formatted(.iso8601.time(includingFractionalSeconds: true)))] \(line)\n".utf8))
        }
        let server = AutomationServer(
            driver: driver, port: autoPort, replyFloor: .milliseconds(replyDelay), trace: trace ? printTrace : nil)
        let done = DispatchSemaphore(value: 0)
        let failure = Mutexed<String?>(nil)
        Task.detached {
            // The server listens while the first page loads: a prompt it raises (a <camera> on
            // the first page) can be answered through Tool.native; other requests queue behind
            // the load on the app's JS thread.
            let opening = Task {
                if await driver.start() == false {
                    FileHandle.standardError.write(Data("minimedia: the page did not load; serving the automation protocol anyway\n".utf8))
                }
            }
            do {
                try await server.run { port in
                    FileHandle.standardError.write(Data("minimedia: automation on ws://127.0.0.1:\(port)\n".utf8))
                }
            } catch {
                failure.set("\(error)")
            }
            await opening.value
            await driver.stop()
            done.signal()
        }
        done.wait()
        if let message = failure.get() {
            FileHandle.standardError.write(Data("minimedia: automation server: \(message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// A value shared between the waiting command and its task.
final class Mutexed<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ v: T) { lock.withLock { value = v } }
}
