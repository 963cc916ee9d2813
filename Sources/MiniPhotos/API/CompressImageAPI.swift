#if canImport(Glibc)
import Glibc
#endif
import MiniCore
import MiniHost
import MiniImaging
import MiniStorage

/// `compressImage({src, quality = 80, compressedWidth, compressedHeight})` → `{tempFilePath}`:
/// an upright JPEG; with one of the sizes the other side stays proportional.
///
/// Errors follow WeChat: 1103002 source missing, 1103003 not decodable, 1103004 temp file,
/// 1103005 encoder, 1103006 quality outside 0–100, 1103007 a zero or negative size.
enum CompressImageAPI {
    static let declaration = APIDeclaration.async("compressImage", .blocking { req in
        let o = try req.options()
        let src = try o.nonEmptyString("src")
        let quality = try o.number("quality", default: 80)
        guard (0...100).contains(quality) else {
            throw MediaError(.qualityInvalid, "quality should be in range [0, 100] instead of \(JSNumber.format(quality))")
        }
        let width = try size(o, "compressedWidth")
        let height = try size(o, "compressedHeight")
        let input: [UInt8]
        do { input = try ImageSource.local(src, session: req.session).bytes() } catch let e as MediaError
        where e.code == .fileNotFound {
            throw MediaError(.compressTargetMissing, "file not found")
        }
        let bytes: [UInt8]
        do {
            let encoder = try JPEGEncoder(quality: Int(quality.rounded()))
            bytes = try ImageCompressor.compressToData(
                data: input, encoder: encoder, compressedWidth: width, compressedHeight: height)
        } catch let e as ImagingError {
            throw PhotoErrors.compress(e)
        }
        let virtual: String
        do { virtual = try req.session.files.createTempFile(ext: "jpg", bytes: bytes) } catch let e as MediaError
        where e.code != .storageLimitExceeded {
            throw MediaError(.tempFileFailed, "cannot write temp file: \(e.message)")
        }
        return .object(["tempFilePath": .string(virtual)])
    }).reading("src", "quality", "compressedWidth", "compressedHeight").returning("tempFilePath")

    /// A target side: a positive Number (rounded to whole pixels), or absent.
    static func size(_ o: Options, _ key: String) throws -> Int? {
        guard let n = try o.optionalNumber(key) else { return nil }
        let px = Int(max(-1, min(n, 1e9)).rounded()) // clamped both ways: Int(-1e300) would trap
        guard px > 0 else { throw MediaError(.zeroSize, "\(key) should be greater than 0 instead of \(JSNumber.format(n))") }
        return px
    }
}
