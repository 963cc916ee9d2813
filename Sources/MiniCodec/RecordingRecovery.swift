#if canImport(Glibc)
import Glibc
#endif

/// The note written beside a recording's fragment file before its first byte: which process
/// records it and where the finished MP4 belongs. Format (UTF-8 lines):
/// `minimedia-recording 1`, `pid N`, `destination PATH`.
public struct RecordingJournal: Sendable, Equatable {
    public var destination: String
    public var pid: Int32

    public static let fragmentSuffix = ".fragmented.mp4"
    public static let journalSuffix = ".journal"

    public init(destination: String, pid: Int32) {
        self.destination = destination
        self.pid = pid
    }

    /// A name no other recording of any process uses.
    static func uniqueName() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return "rec-\(getpid())-\(ts.tv_sec)\(ts.tv_nsec)-\(UInt32.random(in: 0...UInt32.max))"
    }

    var text: String { "minimedia-recording 1\npid \(pid)\ndestination \(destination)\n" }

    /// Parses a journal's text; nil when it is not one.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, lines[0] == "minimedia-recording 1", lines[1].hasPrefix("pid "),
              let pid = Int32(lines[1].dropFirst(4)), lines[2].hasPrefix("destination ")
        else { return nil }
        let dest = String(lines[2].dropFirst("destination ".count))
        guard dest.hasPrefix("/") else { return nil }
        self.init(destination: dest, pid: pid)
    }

    /// Writes the journal durably (created exclusively, fsynced).
    func write(to path: String) throws(CodecError) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .output(path: path, reason: "cannot create the journal (errno \(errno))") }
        defer { Glibc.close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw .output(path: path, reason: "cannot write the journal (errno \(errno))")
        }
    }

    static func read(_ path: String) -> RecordingJournal? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var buf = [UInt8](repeating: 0, count: 8192)
        let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return RecordingJournal(text: String(decoding: buf[0..<n], as: UTF8.self))
    }
}

/// One orphaned recording found at start.
public struct RecoveredRecording: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The fragments were remuxed into a playable MP4 at `destination`.
        case recovered(RemuxSummary)
        /// Nothing playable was on disk (the process died before its first fragment); removed.
        case unrecoverable(String)
    }
    public var destination: String
    public var outcome: Outcome
}

/// Turns the fragment files of recordings whose process died (SIGKILL, power loss of the app)
/// into playable MP4s at their journals' destinations.
public enum RecordingRecovery {
    /// Recovers every orphaned recording in `directory` (journals of live processes are left
    /// alone). Fragment file and journal are removed once handled.
    public static func recover(in directory: String) -> [RecoveredRecording] {
        var results: [RecoveredRecording] = []
        for name in journalNames(in: directory) {
            let journalPath = directory + "/" + name
            let fragmentPath = String(journalPath.dropLast(RecordingJournal.journalSuffix.count))
            guard let journal = RecordingJournal.read(journalPath) else {
                // Not ours or torn before it was written: the fragment cannot be placed.
                unlink(fragmentPath)
                unlink(journalPath)
                continue
            }
            if journal.pid == getpid() || processIsAlive(journal.pid) { continue }
            let outcome: RecoveredRecording.Outcome
            if access(fragmentPath, F_OK) != 0 {
                outcome = .unrecoverable("the fragment file is missing")
            } else {
                do {
                    outcome = .recovered(try MP4Remuxer.remux(from: fragmentPath, to: journal.destination))
                } catch {
                    outcome = .unrecoverable(error.reason)
                }
            }
            unlink(fragmentPath)
            unlink(journalPath)
            results.append(RecoveredRecording(destination: journal.destination, outcome: outcome))
        }
        return results
    }

    private static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    private static func journalNames(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(RecordingJournal.fragmentSuffix + RecordingJournal.journalSuffix) { names.append(name) }
        }
        return names.sorted()
    }
}
