import Foundation
import MiniCodec
import MiniCore
import MiniHost

/// The quality presets of `compressVideo` (**MiniMedia choice**, Docs/API-COVERAGE.md).
enum CompressVideoQuality: String, CaseIterable, Sendable {
    case low, medium, high

    var target: MediaTranscoder.Target {
        switch self {
        case .low: .init(maxLongEdge: 640, videoBitRate: 600_000, audioBitRate: 64_000)
        case .medium: .init(maxLongEdge: 960, videoBitRate: 1_200_000)
        case .high: .init(maxLongEdge: 1280, videoBitRate: 2_500_000, audioBitRate: 128_000)
        }
    }
}

/// `compressVideo({src, quality} | {src, bitrate (kbps), fps, resolution (0,1]})` →
/// `{tempFilePath, size}` (size in kB; a string on WeChat): H.264 + AAC MP4 through MiniCodec.
enum CompressVideoAPI {
    static let declaration = APIDeclaration.async("compressVideo", .async { req in
        let o = try req.options()
        let src = try o.nonEmptyString("src")
        let target: MediaTranscoder.Target
        if o.has("quality") {
            let q: CompressVideoQuality = try o.enumeration("quality")
            target = q.target
        } else {
            let kbps = try o.number("bitrate", in: 10...200_000)
            let fps = try o.number("fps", in: 1...240)
            let resolution = try o.number("resolution")
            guard resolution > 0, resolution <= 1 else {
                throw MediaError.parameter("parameter.resolution should be in (0, 1] instead of \(JSNumber.format(resolution));")
            }
            target = .init(scale: resolution, maxFrameRate: Int(fps.rounded()), videoBitRate: Int(kbps * 1000))
        }
        let source = try VideoSource.open(src, session: req.session)
        _ = try source.probe()
        let work = req.session.files.sandbox.root.appendingPathComponent("transcode", isDirectory: true)
        try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let output = work.appendingPathComponent("\(UUID().uuidString).mp4").path
        defer { unlink(output) }
        let summary: RecordingSummary
        do {
            summary = try MediaTranscoder.transcode(source.input, to: output, target: target)
        } catch let e as CodecError {
            switch e {
            case .output, .encoder: throw MediaError(.compressVideoFailed, "compress failed: \(e.reason)")
            default: throw VideoErrors.invalid(e)
            }
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: summary.path)))
        let path = try req.session.files.createTempFile(ext: "mp4", bytes: bytes)
        let kB = (Double(bytes.count) / 1024 * 100).rounded() / 100
        let size: HostValue = req.dialect == .wx ? .string(JSNumber.format(kB)) : .number(kB)
        return .object(["tempFilePath": .string(path), "size": size])
    })
}
