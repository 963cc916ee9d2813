/// Records a clip from the camera device layer without a `<camera>` component (`chooseVideo` /
/// `chooseMedia` with `sourceType: ['camera']`). Implemented by MiniCamera, wired in by the host;
/// the caller has already passed the `scope.camera` and `scope.record` gates.
public protocol VideoClipSource: Sendable {
    /// Records `duration` of video with the microphone's audio into a new temp MP4 of `session`;
    /// returns its virtual path and that of its thumbnail (a JPEG of the first frame).
    func recordClip(session: AppSession, position: CameraPosition, duration: Duration) async throws
        -> (video: String, thumb: String)
}
