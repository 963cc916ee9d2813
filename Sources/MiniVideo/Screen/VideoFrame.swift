/// One decoded picture as a player shows it: I420 pixels at the stream's size, with the media
/// time it is shown at and its number in presentation order (0 = the first frame shown after
/// a load; counting goes on across seeks and loops). Shared by `<video>` and `<live-player>`.
public struct VideoFrame: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Y plane (`width × height`), then U and V (`⌈width/2⌉ × ⌈height/2⌉` each), no padding.
    public let pixels: [UInt8]
    /// Media time of the frame (seconds since the stream start, as a `Duration`).
    public let presentationTime: Duration
    /// How many frames the player showed before this one.
    public let number: Int

    public init(width: Int, height: Int, pixels: [UInt8], presentationTime: Duration, number: Int) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.presentationTime = presentationTime
        self.number = number
    }

    /// Bytes of one I420 picture of this size.
    public static func byteCount(width: Int, height: Int) -> Int {
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        return width * height + 2 * cw * ch
    }

    /// The luma plane.
    public var luma: ArraySlice<UInt8> { pixels[0..<(width * height)] }

    /// The same picture with another number and time (a frame shown again).
    func renumbered(_ number: Int) -> VideoFrame {
        VideoFrame(width: width, height: height, pixels: pixels, presentationTime: presentationTime, number: number)
    }
}
