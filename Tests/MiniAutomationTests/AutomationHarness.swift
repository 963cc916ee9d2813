import Foundation
import HummingbirdWSClient
import Logging
import MiniApp
import MiniAutomation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStandard
import Synchronization
import Testing

/// The fixture app (Tests/AutomationFixtures/app) served by an `AutomationServer` on a free
/// port, and a WebSocket client speaking to it as minium does.
struct AutomationHarness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = root.appendingPathComponent("Tests/AutomationFixtures/app").path

    /// Runs `body` with a connected client; the server and app stop afterwards.
    static func with(
        fallback: any SimulatedUser = ScriptedUser(consent: .deny), answerTimeout: Double = 30,
        _ body: @escaping @Sendable (AutomationClient, AutomationDriver) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory("auto") { dir in
            let user = AutomationUser(fallback: fallback, answerTimeout: answerTimeout)
            var config = MiniAppConfiguration(path: fixture, user: user, dataDirectory: dir.url)
            config.modules = try StandardModules.make(.init(camera: "synthetic", cameraCode: nil, microphone: "synthetic"))
            config.eventHistory = 0
            let app = try MiniApp(config)
            let driver = AutomationDriver(app: app, user: user)
            #expect(await driver.start())
            let server = AutomationServer(driver: driver, port: 0)
            let port = Mutex<Int>(0)
            let serving = Task { try await server.run { p in port.withLock { $0 = p } } }
            let deadline = ContinuousClock.now + .seconds(30)
            while port.withLock({ $0 }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let bound = port.withLock { $0 }
            try #require(bound > 0)
            let failure = Mutex<(any Error)?>(nil)
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(bound)/", logger: Logger(label: "test")) { inbound, outbound, _ in
                let client = AutomationClient(inbound: inbound.messages(maxSize: 1 << 24).makeAsyncIterator(), outbound: outbound)
                do { try await body(client, driver) } catch { failure.withLock { $0 = error } }
                try await outbound.close(.normalClosure, reason: nil)
            }
            serving.cancel()
            _ = try? await serving.value
            await driver.stop()
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }
}

/// A reply: its result or its error message.
struct Reply {
    let json: [String: Any]
    var result: [String: Any]? { json["result"] as? [String: Any] }
    var error: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

/// One client connection: requests with ids, and the events seen so far.
final class AutomationClient: @unchecked Sendable {
    private var inbound: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private var nextID = 0
    private(set) var events: [(method: String, params: [String: Any])] = []

    init(inbound: WebSocketInboundMessageStream.AsyncIterator, outbound: WebSocketOutboundWriter) {
        self.inbound = inbound
        self.outbound = outbound
    }

    func send(raw: String) async throws { try await outbound.write(.text(raw)) }

    /// The next message that is not an event (collecting events on the way).
    func nextReply() async throws -> [String: Any] {
        while true {
            guard let message = try await inbound.next() else { throw AutomationError("the connection closed") }
            guard case .text(let text) = message,
                let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            else { throw AutomationError("not a JSON object: \(message)") }
            if json["id"] == nil, let method = json["method"] as? String {
                events.append((method, json["params"] as? [String: Any] ?? [:]))
                continue
            }
            return json
        }
    }

    /// Sends `{id, method, params}` and waits for the reply with that id.
    func call(_ method: String, _ params: [String: Any] = [:]) async throws -> Reply {
        nextID += 1
        let id = "r\(nextID)"
        let data = try JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": params])
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
        while true {
            let json = try await nextReply()
            if json["id"] as? String == id { return Reply(json: json) }
        }
    }

    /// Polls `method` until `done` holds for its reply (up to 30 s).
    func poll(_ method: String, _ params: [String: Any] = [:], until done: (Reply) -> Bool) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = try await call(method, params)
        while !done(last), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            last = try await call(method, params)
        }
        return last
    }

    /// Waits for events until one satisfies `match` (up to 30 s), sending a cheap request to
    /// read what arrived.
    func waitForEvent(_ match: (String, [String: Any]) -> Bool) async throws -> [String: Any]? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let hit = events.first(where: { match($0.method, $0.params) }) { return hit.params }
            _ = try await call("Tool.getInfo")
            try await Task.sleep(for: .milliseconds(30))
        }
        return nil
    }
}
