/// How frames are timed.
public enum FramePacing: Sendable, Hashable {
    /// Frames are delivered at the device frame rate, waiting on the injected `MediaClock`.
    case paced
    /// Frames are produced as fast as possible (benchmarks, offline processing).
    case unpaced
}

/// Parameters for `CameraDevice.open(_:)`.
public struct CameraConfiguration: Sendable, Hashable {
    /// Front or back camera.
    public var position: CameraPosition
    /// Requested size.
    public var resolution: ResolutionRequest
    /// Paced at the device rate or unpaced.
    public var pacing: FramePacing

    /// Creates a configuration (default: back camera, native size, paced).
    public init(position: CameraPosition = .back, resolution: ResolutionRequest = .native, pacing: FramePacing = .paced) {
        self.position = position
        self.resolution = resolution
        self.pacing = pacing
    }
}
