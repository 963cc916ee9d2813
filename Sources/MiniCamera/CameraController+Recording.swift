import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost

extension MediaError.Code {
    /// `startRecord` while a recording runs (Alipay error 7 "already recording").
    public static let alreadyRecording = Self(rawValue: "alreadyRecording")
}

/// Recording's numbers (registered by `CameraModule`): Alipay's 7 is documented; the others use
/// each platform's internal-error number (**MiniMedia choice**).
let recordingErrorNumbers: [MediaError.Code: ErrorNumbers] = [
    .alreadyRecording: .init(wx: 4, swan: 10001, tt: 102, my: 7)
]

extension CameraController {
    /// Recordings' frame rate and audio (API.md §2, MiniMedia choice).
    static let recordingFrameRate = 30
    static let recordingAudio = AudioEncodeSettings(sampleRate: 44_100, channels: 1)

    /// Where recordings are written while they run (and found again after a crash).
    var recordingsDirectory: URL { session.files.sandbox.root.appendingPathComponent("recordings", isDirectory: true) }

    /// `startRecord`: needs the open camera, `scope.record`, and no recording or scan mode.
    /// Frames keep flowing to the listener and scanner; `timeoutCallback` (held from now) fires
    /// at the timeout and when the recording ends abnormally.
    public func startRecord(_ options: RecordOptions, timeoutCallback: FunctionRef?) async throws {
        // Held before anything waits: the call's own hold ends with its result.
        let hold = timeoutCallback.map { session.events.retain($0) }
        do {
            let device = try await readyDevice()
            try state.withLock { s throws(MediaError) in
                guard s.settings.mode != .scanCode else { throw MediaError(.notSupported, "cannot record in scanCode mode") }
                guard s.recording == nil, !s.recordingStarting else { throw MediaError(.alreadyRecording, "is recording") }
                s.recordingStarting = true
            }
            do {
                try await session.permissions.require(.record)
                let recording = try makeRecording(device, options, timeoutCallback: timeoutCallback, hold: hold)
                let startedAt = recording.startedAt
                let timeout = Task { [self] in
                    do { try await session.clock.sleep(until: startedAt + options.timeout) } catch { return }
                    await endRecording(ifStartedAt: startedAt)
                }
                state.withLock { s in
                    s.recording = recording
                    s.recordingStarting = false
                    s.recordingTimeout = timeout
                }
                recording.startAudio()
                ensurePump()
            } catch {
                state.withLock { $0.recordingStarting = false }
                throw error
            }
        } catch {
            hold?.end()
            throw error
        }
    }

    private func makeRecording(_ device: any CameraDevice, _ options: RecordOptions, timeoutCallback: FunctionRef?, hold: KeepAlive?) throws
        -> CameraRecording
    {
        let dir = recordingsDirectory
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        recoverOrphans(in: dir)
        guard let format = device.formatDescription else { throw MediaError.internalError("camera is not open") }
        let (settings, zoom) = state.withLock { ($0.settings, $0.zoom) }
        let crop = CameraGeometry.zoomCrop(width: format.width, height: format.height, zoom: zoom)
        let long = max(crop.width, crop.height)
        let (w, h) = CameraGeometry.fit(width: crop.width, height: crop.height, longEdge: min(settings.resolution.photoLongEdge ?? long, long))
        let mirror = options.selfieMirror && settings.position == .front
        let (recorder, mic) = try Self.openRecorder(in: dir, width: w, height: h, mirror: mirror, environment: environment, clock: session.clock)
        return CameraRecording(
            recorder: recorder, mirror: mirror, zoom: zoom, startedAt: session.clock.now(), limit: options.timeout, microphone: mic,
            timeoutCallback: timeoutCallback, callbackHold: hold, alive: session.events.keepAlive("camera recording"))
    }

    /// A crash-safe recorder at `width`×`height` in `dir` and the environment's microphone,
    /// both open: what `startRecord` and the pickers' camera clips record with.
    static func openRecorder(
        in dir: URL, width: Int, height: Int, mirror: Bool, environment: CameraEnvironment, clock: any MediaClock
    ) throws -> (MP4Recorder, any MicrophoneDevice) {
        let recorder: MP4Recorder
        do {
            recorder = try MP4Recorder(
                destination: dir.appendingPathComponent("\(UUID().uuidString).mp4").path, workDirectory: dir.path,
                video: VideoEncodeSettings(width: width, height: height, frameRate: recordingFrameRate, mirror: mirror),
                audio: recordingAudio)
        } catch {
            throw MediaError.internalError("cannot start recording: \(error)")
        }
        let mic = environment.makeMicrophone(clock: clock)
        do {
            try mic.open(MicrophoneConfiguration(format: AudioFormat(sampleRate: recordingAudio.sampleRate, channels: 1),
                                                 pacing: environment.pacing))
        } catch {
            recorder.cancel()
            throw MediaError.internalError("microphone error: \(error)")
        }
        return (recorder, mic)
    }

    /// Recordings a crashed run left: remuxed, then handed to the environment's
    /// `recoveredRecording` (the album) or kept in `recordings/recovered/`.
    func recoverOrphans(in dir: URL) {
        let recovered = RecordingRecovery.recover(in: dir.path)
        guard !recovered.isEmpty else { return }
        let target = dir.appendingPathComponent("recovered", isDirectory: true)
        for r in recovered {
            guard case .recovered = r.outcome else { continue }
            if let hook = environment.recoveredRecording {
                do {
                    try hook(session, r.destination)
                    unlink(r.destination)
                    continue
                } catch {
                    session.events.warn("a recovered recording could not be kept: \(MediaError.wrap(error).message)")
                }
            }
            try? FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let name = URL(fileURLWithPath: r.destination).lastPathComponent
            rename(r.destination, target.appendingPathComponent(name).path)
        }
    }

    /// `stopRecord`: ends the recording and returns its temp video and thumbnail.
    /// `compressed` re-encodes at half the bit rate with the long edge at most 960.
    public func stopRecord(compressed: Bool) async throws -> RecordedVideo {
        // A start still asking for consent or opening the microphone is waited for.
        while state.withLock({ $0.recordingStarting }) { try await Task.sleep(for: .milliseconds(2)) }
        // Stopped before its first frame: give the pump a moment (real time, bounded) to deliver one.
        for _ in 0..<250 where state.withLock({ ($0.recording?.offeredFrames ?? 1) == 0 && $0.latest == nil }) {
            try await Task.sleep(for: .milliseconds(2))
        }
        let (recording, latest) = state.withLock { s -> (CameraRecording?, CameraFrame?) in
            defer {
                s.recording = nil
                s.recordingTimeout?.cancel()
                s.recordingTimeout = nil
            }
            return (s.recording, s.latest)
        }
        guard let recording else { throw MediaError.internalError("is not recording") }
        // Stopped before the first frame: the newest captured one is its only frame.
        if recording.offeredFrames == 0, let latest {
            recording.offer(latest, crop: CameraGeometry.zoomCrop(width: latest.width, height: latest.height, zoom: recording.zoom))
        }
        defer {
            recording.callbackHold?.end()
            recording.alive.end()
        }
        var video = try await recording.finish(session: session)
        if compressed { video = try await compress(video) }
        return video
    }

    /// Whether a recording runs.
    public var isRecording: Bool { state.withLock { $0.recording != nil } }

    /// Frames the running recording dropped (encoder behind), 0 when idle.
    public var recordingDroppedFrames: Int { state.withLock { $0.recording?.droppedFrames ?? 0 } }

    /// Ends a recording abnormally (timeout, page hide, device lost or switched): the file is
    /// finished and `timeoutCallback` gets `{tempThumbPath, tempVideoPath}`.
    func endRecording(ifStartedAt startedAt: Duration? = nil) async {
        let recording = state.withLock { s -> CameraRecording? in
            guard let r = s.recording, startedAt == nil || r.startedAt == startedAt else { return nil }
            s.recording = nil
            if startedAt == nil { s.recordingTimeout?.cancel() }
            s.recordingTimeout = nil
            return r
        }
        guard let recording else { return }
        let finishing = session.events.pendingWork("recording finishing")
        defer {
            finishing.end()
            recording.alive.end()
        }
        do {
            let video = try await recording.finish(session: session)
            if let cb = recording.timeoutCallback {
                let hold = recording.callbackHold
                session.events.invoke(cb, [video.hostValue]) { hold?.end() }
            } else {
                recording.callbackHold?.end()
            }
        } catch {
            recording.callbackHold?.end()
            session.events.warn("recording could not be finished: \(MediaError.wrap(error).message)")
        }
    }

    /// `compressed`: half the bit rate, long edge at most 960 (API.md §2), through MiniCodec's
    /// transcoder; the uncompressed temp file is replaced.
    private func compress(_ video: RecordedVideo) async throws -> RecordedVideo {
        let source = try session.files.resolve(video.tempVideoPath).hostPath
        let dir = recordingsDirectory
        let output = dir.appendingPathComponent("\(UUID().uuidString).mp4").path
        defer { unlink(output) }
        let summary: RecordingSummary = try await Task.detached(priority: .userInitiated) {
            do {
                let info = try MediaProbe.probe(.file(source))
                let bitRate = max(100_000, info.bitRate / 2)
                return try MediaTranscoder.transcode(.file(source), to: output, target: .init(maxLongEdge: 960, videoBitRate: bitRate))
            } catch {
                throw MediaError.internalError("cannot compress the recording: \((error as? CodecError)?.reason ?? "\(error)")")
            }
        }.value
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: summary.path)))
        let path = try session.files.createTempFile(ext: "mp4", bytes: bytes)
        unlink(source)
        return RecordedVideo(tempVideoPath: path, tempThumbPath: video.tempThumbPath, frames: summary.videoFrames, duration: summary.duration)
    }
}
