import Foundation
import MiniMediaTesting
import Testing
import MiniBarcode
@testable import MiniCapture

/// Helpers shared by the MiniCapture tests.
enum TestSupport {
    static let ffmpegPath: String? = {
        for p in ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }()
    static var hasFFmpeg: Bool { ffmpegPath != nil }

    /// A fresh temporary directory.
    static func makeTempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minicapture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the ffmpeg CLI quietly; throws with stderr on failure.
    static func ffmpeg(_ args: [String]) throws {
        guard ffmpegPath != nil else { throw CommandFailed(description: "ffmpeg not installed") }
        try MediaTools.ffmpeg(args)
    }

    /// Writes an 8-bit greyscale PGM (P5) image.
    static func writePGM(_ pixels: [UInt8], width: Int, height: Int, to url: URL) throws {
        var data = Data("P5\n\(width) \(height)\n255\n".utf8)
        data.append(contentsOf: pixels)
        try data.write(to: url)
    }

    /// Converts a MiniBarcode matrix into a MiniCapture overlay (the app-level glue).
    static func overlay(_ m: BitMatrix, coverage: Double = 0.6) -> CodeOverlay {
        CodeOverlay(width: m.width, height: m.height, modules: m.bits, quietZone: 4, coverage: coverage)
    }

    /// Scans the luma of a frame.
    static func scan(_ frame: CameraFrame, options: ScanOptions = .camera) throws -> [ScanResult] {
        let l = try #require(frame.luma)
        return try BarcodeScanner(options: options).scan(luminance: l.baseAddress, width: frame.width, height: frame.height,
                                                         bytesPerRow: l.bytesPerRow, pixelStride: l.pixelStride)
    }
}

