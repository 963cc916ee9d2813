import Foundation
import MiniMediaTesting
import Testing
@testable import MiniImaging

/// Committed fixtures (regenerate with Scripts/make-fixtures.sh).
enum Fixture {
    static let directory: String = {
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }()

    static func path(_ name: String) -> String { "\(directory)/\(name)" }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// The upright test picture: 64x48, quadrants red / lime / blue / yellow.
    static let quadrantPoints: [(x: Int, y: Int, color: RGBA)] = [
        (16, 12, RGBA(255, 0, 0)), (48, 12, RGBA(0, 255, 0)),
        (16, 36, RGBA(0, 0, 255)), (48, 36, RGBA(255, 255, 0)),
    ]

    /// A fresh temporary directory removed by the caller.
    static func tempDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "miniimaging-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func run(_ tool: String, _ args: [String]) -> (status: Int32, output: String)? {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        do { try p.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Asserts the four quadrant colours of an upright 64x48 picture (scaled by `scale`).
func expectQuadrants(_ image: PixelBuffer, tolerance: Int, scaleX: Double = 1, scaleY: Double = 1,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    for p in Fixture.quadrantPoints {
        let x = Int(Double(p.x) * scaleX), y = Int(Double(p.y) * scaleY)
        let got = image.pixel(x: x, y: y)
        #expect(got.isClose(to: p.color, tolerance: tolerance),
                "pixel (\(x),\(y)) is \(got), expected \(p.color)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` and returns the ImagingError code it throws (nil if it did not throw).
func errorCode(_ body: () throws -> Void) -> ImagingError.Code? {
    do {
        try body()
        return nil
    } catch let e as ImagingError {
        return e.code
    } catch {
        return nil
    }
}
