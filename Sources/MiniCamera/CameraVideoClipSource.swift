import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost

/// `chooseVideo` / `chooseMedia` with `sourceType: ['camera']`: a clip from a fresh device through
/// the same recording path as `CameraContext.startRecord` (H.264 + AAC, long edge 1280, front
/// clips mirrored), `duration` long on the session's clock.
public struct CameraVideoClipSource: VideoClipSource {
    public let environment: CameraEnvironment

    public init(environment: CameraEnvironment) { self.environment = environment }

    public func recordClip(session: AppSession, position: MiniHost.CameraPosition, duration: Duration) async throws
        -> (video: String, thumb: String)
    {
        let device = try environment.openPickerDevice(session: session, position: position)
        defer { device.close() }
        guard let format = device.formatDescription else { throw MediaError.internalError("camera is not open") }
        let long = max(format.width, format.height)
        let (w, h) = CameraGeometry.fit(width: format.width, height: format.height, longEdge: min(1280, long))
        let dir = session.files.sandbox.root.appendingPathComponent("recordings", isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (recorder, mic) = try CameraController.openRecorder(
            in: dir, width: w, height: h, mirror: position == .front, environment: environment, clock: session.clock)
        let alive = session.events.pendingWork("recording a clip")
        defer { alive.end() }
        let startedAt = session.clock.now()
        let recording = CameraRecording(
            recorder: recorder, mirror: position == .front, zoom: 1, startedAt: startedAt, limit: duration, microphone: mic,
            timeoutCallback: nil, callbackHold: nil, alive: KeepAlive {})
        // One loop drives both: after each frame, the microphone's chunks up to its time (they
        // are due by then), so the clip is the same on any clock, manual ones included.
        var audioTime = Duration.zero
        do {
            while true {
                let frame = try await device.nextFrame()
                let t = frame.captureTime - startedAt
                if t >= duration { break }
                recording.offer(frame, crop: (0, 0, frame.width, frame.height))
                while audioTime <= t {
                    let chunk = try await mic.nextChunk()
                    guard chunk.presentationTime < duration else { break }
                    recording.enqueueAudio(chunk)
                    audioTime = chunk.presentationTime + .nanoseconds(Int64(chunk.frames) * 1_000_000_000 / Int64(chunk.format.sampleRate))
                }
            }
        } catch {
            recording.cancel()
            throw MediaError.camera(error)
        }
        let video = try await recording.finish(session: session)
        return (video.tempVideoPath, video.tempThumbPath)
    }
}
