import Dispatch
import Foundation
import MiniApp
import MiniAutomation
import MiniCommandLine
import MiniCore
import MiniNet
import MiniSimulator
import MiniStandard
import MiniStorage

// `minimedia serve` runs this program (the simulator's server lives in its own binary so that
// `minimedia run` does not map HTTP and WebSocket code it never uses). Its one argument is the
// JSON `minimedia serve` built from its validated options.

func fail(_ message: String, _ status: Int32) -> Never {
    FileHandle.standardError.write(Data("minimedia: \(message)\n".utf8))
    exit(status)
}

// `minimedia auto ARGS` becomes `minimedia-serve auto ARGS`.
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "auto" {
    CommandMain.run(Auto.self, arguments: Array(CommandLine.arguments.dropFirst(2)))
}

guard CommandLine.arguments.count == 2, let request = try? JSONDecoder().decode(ServeRequest.self, from: Data(CommandLine.arguments[1].utf8)) else {
    fail("minimedia-serve is run by `minimedia serve`; see `minimedia serve --help`", 2)
}
guard let dialect = Dialect(rawValue: request.dialect) else { fail("--dialect must be one of wx, qq, swan, tt, my", 2) }
var options = SimulatorOptions(path: request.path)
options.page = request.page
options.dialect = dialect
options.devices = StandardModules.Devices(camera: request.camera, cameraCode: request.cameraCode, microphone: request.microphone)
options.dataDirectory = request.dataDir.map { URL(fileURLWithPath: $0) }
options.appID = request.appID
options.deviceWidth = request.deviceWidth
options.deviceHeight = request.deviceWidth * 667 / 375
options.query = request.query
options.automation = request.autoPort != nil
options.hostSpeaker = request.speaker
var hosts: [AllowedHost] = []
for raw in request.allowedDomains {
    guard let host = AllowedHost(raw) else { fail("--allow-domain takes HOST, https://HOST[:PORT] or http://HOST[:PORT] (got \"\(raw)\")", 2) }
    hosts.append(host)
}
options.network = NetworkAccess(
    policy: NetworkPolicy(allowedHosts: hosts, checksDomains: !request.noDomainCheck, allowsLocalNetwork: request.allowLocalNetwork),
    trace: { FileHandle.standardError.write(Data("minimedia: \($0)\n".utf8)) })

let simulator: Simulator
do {
    simulator = try Simulator(options)
} catch let e as MiniAppError {
    fail(e.description, 2)
} catch let e as MediaError {
    let data = request.dataDir ?? DataDirectory.defaultRoot().path
    if e.message.hasPrefix("data directory ") { fail("\(e.message): \(data)", 1) }
    fail(e.message, 2)
} catch {
    fail("\(error)", 1)
}

/// The server's failure, reported once it stopped.
final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    var message: String? { lock.withLock { text } }
    func set(_ s: String) { lock.withLock { text = s } }
}

let outcome = Outcome()
let server = SimulatorServer(simulator: simulator, port: request.port)
simulator.start()
let serving = Task.detached {
    do {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let listening = AsyncStream<Void>.makeStream()
            group.addTask {
                try await server.run { url in
                    FileHandle.standardOutput.write(Data("minimedia serve: \(url)\n".utf8))
                    listening.continuation.yield()
                }
            }
            if let port = request.autoPort {
                // The automation server starts once the page's URL is printed (its line comes second);
                // Tool.close / App.exit end the whole simulator, as they end `minimedia auto`.
                group.addTask {
                    for await _ in listening.stream { break }
                    let automation = AutomationServer(
                        driver: ServeAutomation.driver(for: simulator), port: port, replyFloor: .milliseconds(request.replyDelay ?? 10))
                    try await automation.run { port in
                        FileHandle.standardOutput.write(Data("minimedia serve: automation on ws://127.0.0.1:\(port)\n".utf8))
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    } catch is CancellationError {
    } catch {
        outcome.set("serve: \(error)")
    }
    await simulator.stop()
    if let message = outcome.message { fail(message, 1) }
    exit(0)
}
var sources: [any DispatchSourceSignal] = []
for sig in [SIGINT, SIGTERM] {
    signal(sig, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
    source.setEventHandler { serving.cancel() }
    source.resume()
    sources.append(source)
}
withExtendedLifetime(sources) { dispatchMain() }
