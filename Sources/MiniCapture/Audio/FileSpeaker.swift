import MiniCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `file:PATH`: writes the mixed output to a 16-bit PCM WAV file, each block at its due time on
/// the injected clock. The header's sizes are rewritten after every block, so the file is a
/// valid WAV of what was played so far while open; `close()` completes it and syncs.
public final class FileSpeaker: SpeakerDevice {
    public let path: String
    public let clock: any MediaClock

    private struct State {
        var configuration: SpeakerConfiguration
        var fd: Int32
        var schedule = SpeakerSchedule()
        var dataBytes: UInt32 = 0
    }
    private let state = Mutex<State?>(nil)

    public init(path: String, clock: any MediaClock = SystemClock()) {
        self.path = path
        self.clock = clock
    }

    deinit { close() }

    public var specDescription: String { SpeakerDeviceSpec.file(path: path).description }
    public var format: AudioFormat? { state.withLock { $0?.configuration.format } }

    public func open(_ configuration: SpeakerConfiguration) throws(CameraError) {
        try configuration.validate()
        close()
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .deviceFailure(operation: "open \(path)", errno: errno) }
        let header = Self.header(configuration.format, dataBytes: 0)
        guard Self.writeAll(fd, header, at: 0) else {
            let e = errno
            Glibc.close(fd)
            throw .deviceFailure(operation: "write \(path)", errno: e)
        }
        state.withLock { $0 = State(configuration: configuration, fd: fd) }
    }

    public func resync() { state.withLock { $0?.schedule.resync() } }

    public func close() {
        state.withLock { s in
            guard let st = s else { return }
            _ = Self.writeAll(st.fd, Self.header(st.configuration.format, dataBytes: st.dataBytes), at: 0)
            fsync(st.fd)
            Glibc.close(st.fd)
            s = nil
        }
    }

    public func play(_ samples: [Int16]) async throws {
        try Task.checkCancellation()
        let now = clock.now()
        let (due, paced) = try state.withLock { s throws(CameraError) -> (Duration, Bool) in
            guard var st = s else { throw .notOpen }
            let f = st.configuration.format
            let due = st.schedule.next(frames: samples.count / f.channels, rate: f.sampleRate, now: now)
            let bytes = samples.withUnsafeBytes { [UInt8]($0) }
            let room = Int(UInt32.max - 44) - Int(st.dataBytes)
            if bytes.count <= room {
                guard Self.writeAll(st.fd, bytes, at: 44 + Int(st.dataBytes)) else { throw .deviceFailure(operation: "write \(path)", errno: errno) }
                st.dataBytes += UInt32(bytes.count)
                _ = Self.writeAll(st.fd, Self.header(f, dataBytes: st.dataBytes), at: 0)
            }
            s = st
            return (due, st.configuration.pacing == .paced)
        }
        if paced { try await clock.sleep(until: due) }
    }

    /// A canonical 44-byte RIFF/WAVE header for S16LE.
    static func header(_ f: AudioFormat, dataBytes: UInt32) -> [UInt8] {
        var h: [UInt8] = []
        func u32(_ v: UInt32) { h += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)] }
        func u16(_ v: UInt16) { h += [UInt8(v & 0xff), UInt8(v >> 8)] }
        h += Array("RIFF".utf8)
        u32(36 + dataBytes)
        h += Array("WAVEfmt ".utf8)
        u32(16)
        u16(1)
        u16(UInt16(f.channels))
        u32(UInt32(f.sampleRate))
        u32(UInt32(f.sampleRate * f.channels * 2))
        u16(UInt16(f.channels * 2))
        u16(16)
        h += Array("data".utf8)
        u32(dataBytes)
        return h
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
