import Foundation
import MiniCore
import MiniHost
import MiniPhotos
import MiniStorage

/// `getImageInfo` through the whole API path (options, sandbox resolve, probe, result object),
/// on a session with the photo APIs, microseconds per call.
func measureGetImageInfo(input: String, dir: String, calls: Int = 500) async throws -> [Double] {
    var registry = APIRegistry.foundation()
    registry.addPhotos()
    let session = try AppSession(
        SessionConfiguration(dataDirectory: DataDirectory(root: URL(fileURLWithPath: dir + "/data")), appID: try AppID("bench.app")),
        registry: registry)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input)))
    let path = HostValue.string(try session.files.createTempFile(ext: "jpg", bytes: bytes))
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<calls {
        let start = clock.now
        guard case .success = await session.call("getImageInfo", ["src": path]) else { throw MediaError.internalError("getImageInfo failed") }
        let d = clock.now - start
        times.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
    }
    return times
}
