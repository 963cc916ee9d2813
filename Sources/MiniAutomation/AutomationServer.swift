import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The automation protocol on `ws://127.0.0.1:PORT`: each text message `{id, method, params}`
/// gets `{id, result}` or `{id, error: {message}}`; events (`App.logAdded`,
/// `App.exceptionThrown`, `App.bindingCalled`, `App.initialized`) go to every connection as
/// `{method, params}`. Requests take effect in the order they arrive (see `AutomationDriver`);
/// their replies go out as each one finishes.
public final class AutomationServer: Sendable {
    public let driver: AutomationDriver
    public let host: String
    public let port: Int
    /// Gets a line per request and reply (`minimedia auto --trace`).
    public let trace: (@Sendable (String) -> Void)?
    /// No reply goes out sooner than this after its request arrived. minium 1.6.1 waits for a
    /// reply with `Condition.wait` after sending, and a reply that lands before it started
    /// waiting is only seen when its timeout runs out (a 60 s stall per call); DevTools itself
    /// is never that fast. 0 sends replies as soon as they are ready.
    public let replyFloor: Duration

    public init(
        driver: AutomationDriver, host: String = "127.0.0.1", port: Int, replyFloor: Duration = .milliseconds(10),
        trace: (@Sendable (String) -> Void)? = nil
    ) {
        self.driver = driver
        self.host = host
        self.port = port
        self.replyFloor = replyFloor
        self.trace = trace
    }

    /// Runs until the task is cancelled or a client sends `Tool.close` / `App.exit`.
    /// `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "minimedia.auto")
        // Cancelling the server on close logs child-channel errors; real faults reach the caller.
        logger.logLevel = .critical
        let driver = self.driver
        let trace = self.trace
        let floor = self.replyFloor
        let router = Router()
        router.get("/") { _, _ in "minimedia automation: connect with a WebSocket\n" }
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(maxFrameSize: AutomationRequest.maxSize)) { _, _, _ in
                .upgrade([:]) { inbound, outbound, _ in
                    try await Self.serve(driver: driver, inbound: inbound, outbound: outbound, replyFloor: floor, trace: trace)
                }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "minimedia"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let closed = AsyncStream<Void>.makeStream()
            driver.onClose = { closed.continuation.yield() }
            group.addTask { try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint]) }
            group.addTask {
                for await _ in closed.stream { break }
                // Let the reply to Tool.close / App.exit go out first.
                try? await Task.sleep(for: .milliseconds(200))
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    static func serve(
        driver: AutomationDriver, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, replyFloor: Duration,
        trace: (@Sendable (String) -> Void)?
    ) async throws {
        let (out, sink) = AsyncStream<String>.makeStream()
        let id = UUID()
        driver.addSink(id) { sink.yield($0) }
        defer {
            driver.removeSink(id)
            sink.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in out { try await outbound.write(.text(text)) }
            }
            for try await message in inbound.messages(maxSize: AutomationRequest.maxSize) {
                guard case .text(let text) = message else {
                    sink.yield(AutomationMessage.error(id: nil, "binary messages are not part of the protocol"))
                    continue
                }
                let request: AutomationRequest
                do { request = try AutomationRequest(text: text) } catch {
                    sink.yield(AutomationMessage.error(id: nil, Self.message(error)))
                    continue
                }
                let requestID = JSONValue(request.id ?? NSNull())
                let began = ContinuousClock.now
                let label = "\(request.method) [\(request.id.map { "\($0)" } ?? "-")]"
                trace?("-> \(label)")
                func done(_ outcome: String) { trace?("<- \(label) \(outcome) after \(ContinuousClock.now - began)") }
                do {
                    let pending = try await driver.start(request.method, request.params)
                    group.addTask {
                        do {
                            let value = try await pending.value()
                            let elapsed = ContinuousClock.now - began
                            if elapsed < replyFloor { try? await Task.sleep(for: replyFloor - elapsed) }
                            sink.yield(AutomationMessage.reply(id: requestID.value, result: value.value))
                            done("ok")
                        } catch {
                            let elapsed = ContinuousClock.now - began
                            if elapsed < replyFloor { try? await Task.sleep(for: replyFloor - elapsed) }
                            sink.yield(AutomationMessage.error(id: requestID.value, Self.message(error)))
                            done("error: \(Self.message(error))")
                        }
                    }
                } catch {
                    let message = Self.message(error)
                    group.addTask {
                        let elapsed = ContinuousClock.now - began
                        if elapsed < replyFloor { try? await Task.sleep(for: replyFloor - elapsed) }
                        sink.yield(AutomationMessage.error(id: requestID.value, message))
                        done("error: \(message)")
                    }
                }
            }
            sink.finish()
            try await group.waitForAll()
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? AutomationError)?.message ?? "\(error)"
    }
}
