import Foundation
import MiniApp
import MiniAudio
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting

/// Runs one page with the audio module on a manual clock that moves only when a step says so,
/// one microphone chunk (20 ms) at a time, waiting for the recorder to take each chunk.
final class RecorderHarness: @unchecked Sendable {
    enum Step {
        case tap(String)
        /// Moves the clock this long in 20 ms steps, letting the recording take each chunk.
        case record(Duration)
        /// Runs a closure (an embedder's call, e.g. an interruption), then settles.
        case host(@Sendable (AppSession) -> Void)
        case settle
    }

    let test: TestSession
    let clock = ManualClock(autoAdvance: false)
    let output = CapturedOutput()
    private(set) var uncaughtError: String?

    init(dialect: Dialect = .wx, user: any SimulatedUser = ScriptedUser(consent: .allow), environment: AudioEnvironment = AudioEnvironment())
        throws
    {
        var registry = APIRegistry.foundation()
        try AudioModule(environment: environment).register(into: &registry)
        test = try TestSession(dialect: dialect, user: user, registry: registry, clock: clock)
    }

    var session: AppSession { test.session }
    var lines: [String] { output.lines }

    /// The host path of a virtual path.
    func hostPath(_ virtual: String) throws -> String { try session.files.resolve(virtual).hostPath }

    @discardableResult
    func run(js: String, steps: [Step], timeout: Double = 120) async -> [String] {
        let dir = test.directory.file("package")
        try? js.write(to: dir.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try? "<view></view>".write(to: dir.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        var config = MiniAppConfiguration(path: dir.appendingPathComponent("index.js").path)
        config.timeout = timeout
        config.output = output
        do {
            let app = try MiniApp(config, session: test.session)
            guard await app.open() else { return output.lines }
            for step in steps {
                switch step {
                case .tap(let m): await app.tap(m)
                case .settle: await app.settle()
                case .host(let body):
                    body(session)
                    await app.settle()
                case .record(let d):
                    var left = d
                    while left > .zero {
                        await waitForChunk(after: nil)
                        let before = RecorderStatistics.chunksReceived(in: session)
                        await app.advance(by: .milliseconds(20))
                        await waitForChunk(after: before)
                        left -= .milliseconds(20)
                    }
                    await app.settle()
                }
            }
            _ = await app.stop()
            uncaughtError = app.uncaughtError
        } catch {
            uncaughtError = "\(error)"
        }
        return output.lines
    }

    /// Waits (real time, bounded) until the running recording took more than `count` chunks
    /// (nil: at least one), so each clock step makes exactly one chunk due.
    private func waitForChunk(after count: Int?) async {
        for _ in 0..<5_000 {
            guard let now = RecorderStatistics.chunksReceived(in: session) else { return }
            if now > (count ?? 0) { return }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// The value after `key=` in a printed line like `stop path=wxfile://… duration=1000`.
func field(_ line: String, _ key: String) -> String? {
    for part in line.split(separator: " ") where part.hasPrefix(key + "=") {
        return String(part.dropFirst(key.count + 1))
    }
    return nil
}

/// ffprobe's streams and format of a file, flat (`streams_stream_0_codec_name`, `format_duration`).
func ffprobe(_ path: String, input: [String] = []) throws -> [String: String] {
    let p = ChildProcess()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
    p.arguments = ["-v", "error"] + input + ["-show_streams", "-show_format", "-of", "flat=s=_", path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw MediaError.internalError("ffprobe failed on \(path)") }
    var fields: [String: String] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let kv = line.split(separator: "=", maxSplits: 1)
        if kv.count == 2 { fields[String(kv[0])] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
    return fields
}

/// A page that records with the RecorderManager: `start` with `options` (JS), `pause`,
/// `resume`, `stop`; every event is logged, frames are counted and kept, and at onStop the
/// concatenated frames are written to `frames.bin` in the user folder.
func recorderPage(_ options: String, namespace: String = "wx") -> String {
    """
    const rm = \(namespace).getRecorderManager()
    const frames = []
    rm.onStart((r) => console.log('start'))
    rm.onPause(() => console.log('pause'))
    rm.onResume(() => console.log('resume'))
    rm.onInterruptionBegin(() => console.log('interruptionBegin'))
    rm.onInterruptionEnd(() => console.log('interruptionEnd'))
    rm.onError((e) => console.log('error msg=' + JSON.stringify(e.errMsg || e.errorMessage) + ' no=' + (e.errno !== undefined ? e.errno : (e.errCode !== undefined ? e.errCode : e.error))))
    rm.onFrameRecorded((f) => {
      frames.push(f.frameBuffer)
      console.log('frame size=' + f.frameBuffer.byteLength + ' last=' + f.isLastFrame)
    })
    rm.onStop((r) => {
      let total = 0
      for (const f of frames) total += f.byteLength
      const all = new Uint8Array(total)
      let at = 0
      for (const f of frames) { all.set(new Uint8Array(f), at); at += f.byteLength }
      const path = \(namespace).env.USER_DATA_PATH + '/frames.bin'
      if (frames.length) \(namespace).getFileSystemManager().writeFileSync(path, all.buffer)
      console.log('stop path=' + r.tempFilePath + ' duration=' + r.duration + ' size=' + r.fileSize + ' frames=' + frames.length + ' framesPath=' + path)
    })
    Page({
      start() { rm.start(\(options)) },
      pause() { rm.pause() },
      resume() { rm.resume() },
      stop() { rm.stop() },
      same() { console.log('same', \(namespace).getRecorderManager() === rm) },
    })
    """
}
