#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child process for tests, started with `posix_spawn` directly: the subset of Foundation's
/// `Process` the tests use (executable, arguments, environment, standard streams as `Pipe` or
/// `FileHandle`, run, wait, status).
///
/// Foundation's `Process.run()` on Linux (swift-corelibs-foundation up to 6.3.1) copies a whole
/// 256-byte `d_name` out of each `/proc/self/fd` dirent and crashes intermittently when a record
/// ends a page (fixed upstream in swift-corelibs-foundation PR #5472); a test runner with many
/// descriptors open hits it. This spawns with only the three standard streams open in the child
/// (`posix_spawn_file_actions_addclosefrom_np`), so a concurrently started child never holds
/// another child's pipe open.
public final class ChildProcess: @unchecked Sendable {
    public enum TerminationReason: Sendable, Equatable {
        case exit
        case uncaughtSignal
    }

    public var executableURL: URL?
    public var arguments: [String] = []
    /// The child's whole environment; nil inherits this process's.
    public var environment: [String: String]?
    /// `Pipe`, `FileHandle` or nil (inherit).
    public var standardInput: Any?
    public var standardOutput: Any?
    public var standardError: Any?

    private let lock = NSLock()
    private var pid: pid_t = 0
    private var waitStatus: Int32?

    public init() {}

    public var processIdentifier: Int32 { lock.withLock { pid } }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    public func run() throws {
        guard let path = executableURL?.path else { throw SpawnError(description: "no executableURL") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Child-side descriptors the parent closes once the child has them.
        var parentCloses: [FileHandle] = []
        func wire(_ stream: Any?, to target: Int32, reading: Bool) {
            switch stream {
            case let pipe as Pipe:
                let child = reading ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, child.fileDescriptor, target)
                parentCloses.append(child)
            case let handle as FileHandle:
                posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
            default:
                break
            }
        }
        wire(standardInput, to: 0, reading: true)
        wire(standardOutput, to: 1, reading: false)
        wire(standardError, to: 2, reading: false)
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { env?.forEach { free($0) } }
        var child: pid_t = 0
        let rc: Int32 = argv.withUnsafeBufferPointer { a in
            if let env {
                return env.withUnsafeBufferPointer { e in
                    posix_spawn(&child, path, &actions, nil, UnsafeMutablePointer(mutating: a.baseAddress!), UnsafeMutablePointer(mutating: e.baseAddress!))
                }
            }
            return posix_spawn(&child, path, &actions, nil, UnsafeMutablePointer(mutating: a.baseAddress!), environ)
        }
        guard rc == 0 else { throw SpawnError(description: "posix_spawn \(path): \(String(cString: strerror(rc)))") }
        lock.withLock { pid = child }
        for handle in parentCloses { try? handle.close() }
    }

    /// Waits for the child (EINTR retried); returns at once once it has been reaped.
    public func waitUntilExit() {
        let child = lock.withLock { waitStatus == nil ? pid : 0 }
        guard child > 0 else { return }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        lock.withLock { if waitStatus == nil { waitStatus = status } }
    }

    public var isRunning: Bool {
        lock.withLock {
            guard pid > 0, waitStatus == nil else { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { waitStatus = status }
            return waitStatus == nil
        }
    }

    /// The exit code, or the signal number when a signal ended it.
    public var terminationStatus: Int32 {
        guard let status = lock.withLock({ waitStatus }) else { return -1 }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    public var terminationReason: TerminationReason {
        guard let status = lock.withLock({ waitStatus }) else { return .exit }
        return status & 0x7f == 0 ? .exit : .uncaughtSignal
    }

    /// SIGTERM.
    public func terminate() {
        let child = processIdentifier
        if child > 0 { kill(child, SIGTERM) }
    }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np` (not in Swift's Glibc module).
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}
