import Foundation
import MiniCapture
import MiniCore
import MiniImaging

/// What a photo is made with.
public struct PhotoRequest: Sendable {
    public var quality: PhotoQuality
    public var resolution: CameraResolution
    /// Mirror horizontally (front camera with `selfieMirror`).
    public var mirror: Bool
    public var zoom: Double
    /// EXIF Model.
    public var model: String
    /// EXIF DateTime, `YYYY:MM:DD HH:MM:SS`.
    public var dateTime: String

    public init(
        quality: PhotoQuality = .normal, resolution: CameraResolution = .medium, mirror: Bool = false, zoom: Double = 1,
        model: String = "MiniMedia Camera", dateTime: String = PhotoEncoder.exifDate(Date().timeIntervalSince1970)
    ) {
        self.quality = quality
        self.resolution = resolution
        self.mirror = mirror
        self.zoom = zoom
        self.model = model
        self.dateTime = dateTime
    }
}

/// Turns one camera frame into a JPEG: digital-zoom crop, scale to the photo size and convert to
/// RGBA in one libyuv pass, mirror for selfies, encode with TurboJPEG and EXIF (Make "MiniMedia",
/// Model, DateTime, Orientation 1).
public enum PhotoEncoder {
    /// The photo size for a device size: the resolution's long edge (never upscaled), or the
    /// full sensor size for `original` / `high`.
    public static func photoSize(deviceWidth: Int, deviceHeight: Int, request: PhotoRequest) -> (width: Int, height: Int) {
        let sensorLong = max(deviceWidth, deviceHeight)
        let long = request.quality == .original ? sensorLong : min(request.resolution.photoLongEdge ?? sensorLong, sensorLong)
        if long == sensorLong { return (deviceWidth & ~1, deviceHeight & ~1) }
        return CameraGeometry.fit(width: deviceWidth, height: deviceHeight, longEdge: long)
    }

    /// Encodes `frame`; returns the JPEG bytes and the photo size.
    public static func encode(_ frame: CameraFrame, _ request: PhotoRequest, converter: FrameConverter = FrameConverter())
        throws -> (jpeg: [UInt8], width: Int, height: Int)
    {
        let (w, h) = photoSize(deviceWidth: frame.width, deviceHeight: frame.height, request: request)
        let crop = CameraGeometry.zoomCrop(width: frame.width, height: frame.height, zoom: request.zoom)
        var pixels = try PixelBuffer(width: w, height: h)
        try converter.convert(try frame.yuv(crop: crop), into: &pixels)
        if request.mirror { pixels = try pixels.applying(.upMirrored) }
        let exif = ExifMetadata(orientation: .up, make: "MiniMedia", model: ascii(request.model), dateTime: request.dateTime)
        let jpeg = try JPEGEncoder(quality: request.quality.jpegQuality, exif: exif).encode(pixels)
        return (jpeg, w, h)
    }

    /// `YYYY:MM:DD HH:MM:SS` in local time, as cameras write EXIF DateTime.
    public static func exifDate(_ secondsSince1970: Double) -> String {
        var t = time_t(secondsSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        return String(
            format: "%04d:%02d:%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// EXIF strings are printable ASCII.
    static func ascii(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }).prefix(120))
    }
}
