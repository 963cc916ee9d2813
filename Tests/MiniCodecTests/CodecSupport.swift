import Foundation
import MiniCodec
import MiniMediaTesting
import Testing

/// Helpers for the MiniCodec tests: ffmpeg/ffprobe CLIs, synthetic frames, tone detection.
enum CodecSupport {
    static let ffmpeg = "/usr/bin/ffmpeg"
    static let ffprobe = "/usr/bin/ffprobe"
    static var hasTools: Bool { FileManager.default.isExecutableFile(atPath: ffmpeg) && FileManager.default.isExecutableFile(atPath: ffprobe) }

    struct CommandFailed: Error, CustomStringConvertible { var description: String }

    /// Runs a command, returns stdout; throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ tool: String, _ args: [String]) throws -> String {
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CommandFailed(description: "\(tool) \(args.joined(separator: " ")): \(String(decoding: e, as: UTF8.self))")
        }
        return String(decoding: o, as: UTF8.self)
    }

    static func makeMedia(_ args: [String]) throws {
        try run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + args)
    }

    /// One stream's fields from ffprobe (`-count_frames`: decodes every frame).
    struct Stream {
        var fields: [String: String]
        subscript(_ k: String) -> String? { fields[k] }
        var frames: Int { Int(fields["nb_read_frames"] ?? "") ?? -1 }
        var duration: Double { Double(fields["duration"] ?? "") ?? -1 }
    }

    /// ffprobe's view of a file's streams, every frame decoded (fails when ffprobe fails).
    static func probe(_ path: String) throws -> [Stream] {
        let text = try run(ffprobe, ["-v", "error", "-count_frames", "-show_streams", "-of", "flat=s=_", path])
        var streams: [Int: [String: String]] = [:]
        for line in text.split(separator: "\n") {
            // streams_stream_0_codec_name="h264"
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("streams_stream_") else { continue }
            let rest = parts[0].dropFirst("streams_stream_".count)
            guard let us = rest.firstIndex(of: "_"), let idx = Int(rest[..<us]) else { continue }
            let key = String(rest[rest.index(after: us)...])
            streams[idx, default: [:]][key] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return streams.keys.sorted().map { Stream(fields: streams[$0]!) }
    }

    /// An I420 image, left half bright and right half dark (for mirror checks), with a moving
    /// block so frames differ.
    final class Picture {
        let width: Int, height: Int
        var y: [UInt8], u: [UInt8], v: [UInt8]
        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            y = [UInt8](repeating: 16, count: width * height)
            u = [UInt8](repeating: 128, count: width * height / 4)
            v = u
            for row in 0..<height { for col in 0..<(width / 2) { y[row * width + col] = 235 } }
        }
        func with<T>(_ body: (YUVPlanes) throws -> T) rethrows -> T {
            try y.withUnsafeBufferPointer { yp in
                try u.withUnsafeBufferPointer { up in
                    try v.withUnsafeBufferPointer { vp in
                        try body(YUVPlanes(width: width, height: height, y: yp.baseAddress!, yStride: width, u: up.baseAddress!,
                                           uStride: width / 2, v: vp.baseAddress!, vStride: width / 2))
                    }
                }
            }
        }
    }

    /// `count` samples of a sine at `frequency` per channel (channel c: frequency × (c + 1)).
    static func tone(_ frequency: Double, sampleRate: Int, channels: Int, start: Int, count: Int) -> [Int16] {
        var out = [Int16](repeating: 0, count: count * channels)
        for i in 0..<count {
            let t = Double(start + i) / Double(sampleRate)
            for c in 0..<channels { out[i * channels + c] = Int16(10_000 * sin(2 * Double.pi * frequency * Double(c + 1) * t)) }
        }
        return out
    }

    /// Byte offset of a top-level MP4 box type, nil when absent.
    static func boxOffset(_ type: String, in path: String) throws -> Int? {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var offset = 0
        while offset + 8 <= data.count {
            let size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let name = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            if name == type { return offset }
            guard size >= 8 else { return nil }
            offset += size
        }
        return nil
    }
}
