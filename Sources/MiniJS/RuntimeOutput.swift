import Foundation

/// Where `console` output goes. The CLI writes to stdout/stderr; tests capture it.
public protocol RuntimeOutput: Sendable {
    func log(_ line: String)
    func error(_ line: String)
}

/// stdout for `console.log/info/debug`, stderr for `console.warn/error` and uncaught errors.
public struct StandardOutput: RuntimeOutput {
    public init() {}
    public func log(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    public func error(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}

/// Collects output in memory (tests, benchmarks).
public final class CapturedOutput: RuntimeOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []
    private var _errors: [String] = []
    public init() {}
    public func log(_ line: String) { lock.withLock { _lines.append(line) } }
    public func error(_ line: String) { lock.withLock { _errors.append(line) } }
    public var lines: [String] { lock.withLock { _lines } }
    public var errors: [String] { lock.withLock { _errors } }
}
