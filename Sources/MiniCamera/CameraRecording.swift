import Dispatch
import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import Synchronization

/// `startRecord`'s options, validated.
public struct RecordOptions: Sendable, Equatable {
    /// Longest recording: default 30 s, at most 300 s.
    public var timeout: Duration
    /// Mirror a front-camera recording left to right.
    public var selfieMirror: Bool

    public static let defaultTimeout = Duration.seconds(30)
    public static let maxTimeout = Duration.seconds(300)

    public init(timeout: Duration = defaultTimeout, selfieMirror: Bool = true) {
        self.timeout = timeout
        self.selfieMirror = selfieMirror
    }
}

/// A finished recording as page code sees it.
public struct RecordedVideo: Sendable, Equatable {
    public var tempVideoPath: String
    public var tempThumbPath: String
    /// Video frames in the file and the video track's duration.
    public var frames: Int
    public var duration: Duration

    var hostValue: HostValue { .object(["tempVideoPath": .string(tempVideoPath), "tempThumbPath": .string(tempThumbPath)]) }
}

/// One recording of a `<camera>`: frames from the controller's pump and PCM from the microphone
/// go to an `MP4Recorder` on a serial queue of its own (encoding never holds the pump or the
/// cooperative pool); the first frame also becomes the thumbnail JPEG.
final class CameraRecording: @unchecked Sendable {
    let recorder: MP4Recorder
    let width: Int
    let height: Int
    let mirror: Bool
    let zoom: Double
    let startedAt: Duration
    /// Longest recording: frames captured and audio after it are not recorded, however late the
    /// timeout itself is handled.
    let limit: Duration
    let timeoutCallback: FunctionRef?
    /// The timeout callback's hold, ended when the recording is done with.
    let callbackHold: KeepAlive?
    /// Keeps the event loop running while recording.
    let alive: KeepAlive
    /// Frames waiting for the encoder before new ones are dropped (1.5 s at 30 fps).
    static let maxPending = 45

    private let queue = DispatchQueue(label: "minimedia.camera.recording")
    private let scaler = VideoScaler()
    private let scaled: FrameBuffer
    private let microphone: (any MicrophoneDevice)?
    private struct State {
        var firstPresentation: Duration?
        var pending = 0
        var offered = 0
        var dropped = 0
        var thumb: [UInt8]?
        var failure: String?
        var micTask: Task<Void, Never>?
        var ended = false
    }
    private let state = Mutex(State())

    init(recorder: MP4Recorder, mirror: Bool, zoom: Double, startedAt: Duration, limit: Duration, microphone: (any MicrophoneDevice)?,
         timeoutCallback: FunctionRef?, callbackHold: KeepAlive?, alive: KeepAlive) {
        self.recorder = recorder
        width = recorder.video.width
        height = recorder.video.height
        self.mirror = mirror
        self.zoom = zoom
        self.startedAt = startedAt
        self.limit = limit
        self.microphone = microphone
        self.timeoutCallback = timeoutCallback
        self.callbackHold = callbackHold
        self.alive = alive
        scaled = FrameBuffer(pixelFormat: .i420, width: width, height: height)
    }

    /// Frames handed to the encoder so far.
    var offeredFrames: Int { state.withLock { $0.offered } }

    /// Frames dropped because the encoder fell behind.
    var droppedFrames: Int { state.withLock { $0.dropped } }

    /// Starts pulling the microphone (its chunks are timed from the recording's start).
    func startAudio() {
        guard let mic = microphone else { return }
        let task = Task.detached(priority: .userInitiated) { [self] in
            while !Task.isCancelled {
                let chunk: AudioChunk
                do { chunk = try await mic.nextChunk() } catch { break }
                guard chunk.presentationTime < limit else { break }
                enqueueAudio(chunk)
            }
        }
        state.withLock { $0.micTask = task }
    }

    /// Hands a microphone chunk to the encoder (in order; timed from the recording's start).
    func enqueueAudio(_ chunk: AudioChunk) {
        queue.async { [self] in
            do {
                try chunk.samples.withUnsafeBufferPointer { b throws(CodecError) in
                    try recorder.appendAudio(b, format: .init(sampleRate: chunk.format.sampleRate, channels: chunk.format.channels),
                                             at: chunk.presentationTime)
                }
            } catch {
                record(failure: "audio: \(error)")
            }
        }
    }

    /// Hands a frame to the encoder without copying it here (the queue holds the frame's
    /// buffer until it is encoded). Called from the pump.
    func offer(_ frame: CameraFrame, crop: (x: Int, y: Int, width: Int, height: Int)) {
        let t = state.withLock { s -> Duration? in
            guard !s.ended, frame.captureTime - startedAt < limit else { return nil }
            guard s.pending < Self.maxPending else {
                s.dropped += 1
                return nil
            }
            s.pending += 1
            s.offered += 1
            if s.firstPresentation == nil { s.firstPresentation = frame.presentationTime }
            return frame.presentationTime - s.firstPresentation!
        }
        guard let t else { return }
        queue.async { [self] in
            defer { state.withLock { $0.pending -= 1 } }
            do {
                try encode(frame, crop: crop, at: t)
            } catch {
                record(failure: "\(error)")
            }
        }
    }

    private func record(failure: String) {
        state.withLock { s in if s.failure == nil { s.failure = failure } }
    }

    private func encode(_ frame: CameraFrame, crop: (x: Int, y: Int, width: Int, height: Int), at t: Duration) throws {
        if state.withLock({ $0.thumb == nil }) {
            let request = PhotoRequest(quality: .normal, resolution: .medium, mirror: mirror, zoom: zoom)
            let jpeg = try PhotoEncoder.encode(frame, request).jpeg
            state.withLock { $0.thumb = jpeg }
        }
        let p = frame.planes
        if frame.pixelFormat == .i420, crop.x == 0, crop.y == 0, frame.width == width, frame.height == height {
            try recorder.appendVideo(frame.buffer.yuvPlanes, at: t)
            return
        }
        // Crop (digital zoom) and scale into the recording's size.
        let layout: VideoScaler.SourceLayout
        var planes: [UnsafePointer<UInt8>] = []
        switch frame.pixelFormat {
        case .i420:
            layout = .i420
            planes = [p[0].baseAddress + crop.y * p[0].bytesPerRow + crop.x,
                      p[1].baseAddress + (crop.y / 2) * p[1].bytesPerRow + crop.x / 2,
                      p[2].baseAddress + (crop.y / 2) * p[2].bytesPerRow + crop.x / 2].map { $0.assumingMemoryBound(to: UInt8.self) }
        case .nv12:
            layout = .nv12
            planes = [p[0].baseAddress + crop.y * p[0].bytesPerRow + crop.x,
                      p[1].baseAddress + (crop.y / 2) * p[1].bytesPerRow + crop.x].map { $0.assumingMemoryBound(to: UInt8.self) }
        case .yuyv:
            layout = .yuyv
            planes = [(p[0].baseAddress + crop.y * p[0].bytesPerRow + crop.x * 2).assumingMemoryBound(to: UInt8.self)]
        case .rgba:
            throw MediaError.internalError("camera delivered RGBA frames, which MiniCamera does not record")
        }
        try scaler.scale(layout, planes: planes, strides: p.map(\.bytesPerRow), width: crop.width, height: crop.height,
                         into: scaled.yuvDestination)
        try recorder.appendVideo(scaled.yuvPlanes, at: t)
    }

    /// Ends the recording: the microphone stops, queued frames are encoded, the MP4 is
    /// finished (remuxed to faststart) and copied into temp with its thumbnail.
    func finish(session: AppSession) async throws -> RecordedVideo {
        let files = session.files
        let task = state.withLock { s -> Task<Void, Never>? in
            s.ended = true
            defer { s.micTask = nil }
            return s.micTask
        }
        task?.cancel()
        await task?.value
        microphone?.close()
        let summary: RecordingSummary
        do {
            summary = try await onQueue { [self] in try recorder.finish() }
        } catch let e as CodecError {
            throw MediaError.internalError("cannot finish the recording: \(e.reason)")
        }
        defer { unlink(summary.path) }
        let (thumb, failure) = state.withLock { ($0.thumb, $0.failure) }
        if let failure { session.events.warn("recording: \(failure)") }
        guard let thumb else { throw MediaError.internalError("the recording has no frames") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: summary.path)))
        let video = try files.createTempFile(ext: "mp4", bytes: bytes)
        let thumbPath = try files.createTempFile(ext: "jpg", bytes: thumb)
        return RecordedVideo(tempVideoPath: video, tempThumbPath: thumbPath, frames: summary.videoFrames, duration: summary.duration)
    }

    /// Drops the recording (nothing is kept).
    func cancel() {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.ended = true
            return s.micTask
        }
        task?.cancel()
        microphone?.close()
        queue.async { [self] in recorder.cancel() }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            queue.async { c.resume(with: Result { try body() }) }
        }
    }
}
