import Foundation
import MiniCore
import MiniHost
import Synchronization

/// A picture of the phone view as the browser shows it: a PNG the page drew (the phone's DOM,
/// its styles, images and live frames inlined, drawn through an SVG `foreignObject` onto a
/// canvas of the device's size) and the host checked.
public struct SimulatorScreenshot: Sendable {
    /// The PNG file.
    public let png: [UInt8]
    /// Its size in pixels (from the PNG's header).
    public let width: Int
    public let height: Int
    /// `png` in base64 (what the automation protocol's `App.captureScreenshot` returns).
    public var base64: String { Data(png).base64EncodedString() }

    /// Checks that `base64` holds a PNG and reads its size; nil when it is not one.
    init?(base64 text: String) {
        guard let data = Data(base64Encoded: text), data.count >= 33, data.count <= Self.maxBytes else { return nil }
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes[12..<16].elementsEqual(Array("IHDR".utf8)) else { return nil }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        let (w, h) = (be32(16), be32(20))
        guard (1...16384).contains(w), (1...16384).contains(h) else { return nil }
        (png, width, height) = (bytes, w, h)
    }

    static let maxBytes = 32 << 20
}

/// Why a screenshot could not be taken.
public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Screenshots asked of a browser and waiting for its `captured` answer.
final class ScreenshotRequests: Sendable {
    private struct State {
        var next = 1
        var waiting: [Int: CheckedContinuation<SimulatorScreenshot, any Error>] = [:]
    }
    private let state = Mutex(State())

    /// Sends `{type: "capture", id}` through `send` and waits up to `timeout` seconds for the answer.
    func request(timeout: Double, send: (String) -> Void) async throws -> SimulatorScreenshot {
        let id = state.withLock { s -> Int in
            defer { s.next += 1 }
            return s.next
        }
        let timer = Task.detached { [weak self] in
            try? await Task.sleep(for: .seconds(timeout))
            guard !Task.isCancelled else { return }
            self?.finish(id, .failure(SimulatorError("the browser did not send the screenshot within \(Int(timeout.rounded(.up))) s")))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { c in
            state.withLock { $0.waiting[id] = c }
            send(JSONText.message([("type", "capture"), ("id", .number(Double(id)))]))
        }
    }

    /// The browser's answer `{type: "captured", id, data}` or `{…, error}`. Returns an error
    /// text for one that is not understood.
    func answer(_ m: HostValue) -> String? {
        guard let n = m["id"]?.numberValue, n.rounded() == n, let id = Int(exactly: n) else { return "captured: id must be an integer" }
        if let error = m["error"]?.stringValue {
            return finish(id, .failure(SimulatorError("the browser could not draw the view: \(error.prefix(500))")))
                ? nil : "captured: no screenshot \(id) is waiting"
        }
        guard let data = m["data"]?.stringValue else { return "captured: needs data or error" }
        guard let shot = SimulatorScreenshot(base64: data) else {
            _ = finish(id, .failure(SimulatorError("the browser's screenshot is not a PNG")))
            return "captured: data must be a base64 PNG"
        }
        return finish(id, .success(shot)) ? nil : "captured: no screenshot \(id) is waiting"
    }

    @discardableResult
    func finish(_ id: Int, _ result: Result<SimulatorScreenshot, any Error>) -> Bool {
        guard let c = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return false }
        c.resume(with: result)
        return true
    }

    /// Fails every waiting request (the simulator stops).
    func failAll(_ reason: String) {
        let all = state.withLock { s -> [CheckedContinuation<SimulatorScreenshot, any Error>] in
            defer { s.waiting.removeAll() }
            return Array(s.waiting.values)
        }
        for c in all { c.resume(throwing: SimulatorError(reason)) }
    }
}
