import CFFmpeg

/// Converts decoded frames (any pixel format FFmpeg knows) or I420 images to I420 at another
/// size with swscale (bilinear). Keeps its context while the source geometry stays the same.
/// Not thread-safe.
public final class VideoScaler: @unchecked Sendable {
    private var sws: OpaquePointer?
    private var key = (sw: Int32(0), sh: Int32(0), fmt: Int32(-1), dw: Int32(0), dh: Int32(0))

    public init() {}

    deinit { release() }

    /// Scales an I420 image into another I420 image (any sizes ≥ 1).
    public func scale(_ source: YUVPlanes, into destination: MutableYUVPlanes) throws(CodecError) {
        var src: [UnsafePointer<UInt8>?] = [source.y, source.u, source.v, nil]
        var srcStride: [Int32] = [Int32(source.yStride), Int32(source.uStride), Int32(source.vStride), 0]
        try run(width: Int32(source.width), height: Int32(source.height), format: AV_PIX_FMT_YUV420P.rawValue,
                src: &src, srcStride: &srcStride, into: destination, name: "image")
    }

    /// Pixel layouts cameras deliver.
    public enum SourceLayout: Sendable {
        case i420, nv12, yuyv
        var ffmpeg: AVPixelFormat {
            switch self {
            case .i420: return AV_PIX_FMT_YUV420P
            case .nv12: return AV_PIX_FMT_NV12
            case .yuyv: return AV_PIX_FMT_YUYV422
            }
        }
    }

    /// Scales a camera image in `layout` (planes in layout order, with their strides) into I420.
    public func scale(_ layout: SourceLayout, planes: [UnsafePointer<UInt8>], strides: [Int], width: Int, height: Int,
                      into destination: MutableYUVPlanes) throws(CodecError) {
        guard !planes.isEmpty, planes.count == strides.count, planes.count <= 3 else { throw .invalidArgument("bad plane list") }
        var src: [UnsafePointer<UInt8>?] = planes.map { Optional($0) } + Array(repeating: nil, count: 4 - planes.count)
        var srcStride: [Int32] = strides.map { Int32($0) } + Array(repeating: 0, count: 4 - strides.count)
        try run(width: Int32(width), height: Int32(height), format: layout.ffmpeg.rawValue, src: &src, srcStride: &srcStride,
                into: destination, name: "image")
    }

    func scale(_ frame: UnsafeMutablePointer<AVFrame>, into destination: MutableYUVPlanes, name: String) throws(CodecError) {
        let f = frame.pointee
        guard f.width > 0, f.height > 0, f.format >= 0 else { throw .unreadable(path: name, reason: "decoder produced an invalid frame") }
        var data = f.data
        var lines = f.linesize
        var src: [UnsafePointer<UInt8>?] = withUnsafeBytes(of: &data) { raw in
            (0..<8).map { i in raw.load(fromByteOffset: i * MemoryLayout<UnsafeMutablePointer<UInt8>?>.stride, as: UnsafeMutablePointer<UInt8>?.self).map { UnsafePointer($0) } }
        }
        var srcStride: [Int32] = withUnsafeBytes(of: &lines) { raw in (0..<8).map { raw.load(fromByteOffset: $0 * 4, as: Int32.self) } }
        try run(width: f.width, height: f.height, format: f.format, src: &src, srcStride: &srcStride, into: destination, name: name)
    }

    private func run(width: Int32, height: Int32, format: Int32, src: inout [UnsafePointer<UInt8>?], srcStride: inout [Int32],
                     into d: MutableYUVPlanes, name: String) throws(CodecError) {
        guard d.width > 0, d.height > 0 else { throw .invalidArgument("destination size must be positive") }
        let k = (width, height, format, Int32(d.width), Int32(d.height))
        if sws == nil || key != k {
            if let s = sws { sws_freeContext(s) }
            sws = sws_getContext(width, height, AVPixelFormat(rawValue: format), k.3, k.4, AV_PIX_FMT_YUV420P,
                                 cffmpeg_sws_bilinear(), nil, nil, nil)
            key = k
            guard sws != nil else { throw .unreadable(path: name, reason: "unsupported pixel format \(format)") }
        }
        var dst: [UnsafeMutablePointer<UInt8>?] = [d.y, d.u, d.v, nil]
        var dstStride: [Int32] = [Int32(d.yStride), Int32(d.uStride), Int32(d.vStride), 0]
        let h = sws_scale(sws, &src, &srcStride, 0, height, &dst, &dstStride)
        guard h > 0 else { throw .unreadable(path: name, reason: "pixel conversion failed") }
    }

    /// Frees the swscale context (idempotent).
    public func release() {
        if let s = sws { sws_freeContext(s); sws = nil }
    }
}
