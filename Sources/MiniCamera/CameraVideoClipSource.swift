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
        let device = environment.makeDevice(clock: session.clock)
        let pos: MiniCapture.CameraPosition = position == .front ? .front : .back
        do {
            try device.open(CameraConfiguration(position: pos, resolution: .native, pacing: environment.pacing))
        } catch {
            throw MediaError.camera(error)
        }
        defer { device.close() }
        guard let format = device.formatDescription else { throw MediaError.internalError("camera is not open") }
        let long = max(format.width, format.height)
        let (w, h) = CameraGeometry.fit(width: format.width, height: format.height, longEdge: min(1280, long))
        let dir = session.files.sandbox.root.appendingPathComponent("recordings", isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let recorder: MP4Recorder
        do {
            recorder = try MP4Recorder(
                destination: dir.appendingPathComponent("\(UUID().uuidString).mp4").path, workDirectory: dir.path,
                video: VideoEncodeSettings(width: w, height: h, frameRate: CameraController.recordingFrameRate, mirror: pos == .front),
                audio: CameraController.recordingAudio)
        } catch {
            throw MediaError.internalError("cannot start recording: \(error)")
        }
        let mic = environment.makeMicrophone(clock: session.clock)
        do {
            try mic.open(MicrophoneConfiguration(format: AudioFormat(sampleRate: CameraController.recordingAudio.sampleRate, channels: 1),
                                                 pacing: environment.pacing))
        } catch {
            recorder.cancel()
            throw MediaError.internalError("microphone error: \(error)")
        }
        let alive = session.events.pendingWork("recording a clip")
        defer { alive.end() }
        let startedAt = session.clock.now()
        let recording = CameraRecording(
            recorder: recorder, mirror: pos == .front, zoom: 1, startedAt: startedAt, limit: duration, microphone: mic,
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
