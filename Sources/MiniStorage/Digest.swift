import COpenSSL
import Foundation
import MiniCore

/// File digests for `getFileInfo` (OpenSSL EVP).
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case md5, sha1, sha256

    /// Hex digest of an open file, read in 1 MiB chunks from its start.
    public func hexDigest(of file: OpenFile) throws -> String {
        var offset: Int64 = 0
        return try hexDigest { () throws -> [UInt8] in
            let chunk: [UInt8]
            do { chunk = try file.read(at: offset, count: 1 << 20) } catch { throw MediaError(.ioError, "read failed") }
            offset += Int64(chunk.count)
            return chunk
        }
    }

    private func hexDigest(chunks next: () throws -> [UInt8]) throws -> String {
        guard let ctx = EVP_MD_CTX_new() else { throw MediaError.internalError("digest context") }
        defer { EVP_MD_CTX_free(ctx) }
        let md: OpaquePointer? =
            switch self {
            case .md5: EVP_md5()
            case .sha1: EVP_sha1()
            case .sha256: EVP_sha256()
            }
        guard EVP_DigestInit_ex(ctx, md, nil) == 1 else { throw MediaError.internalError("digest init") }
        while true {
            let chunk = try next()
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { _ = EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }
        }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var len: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &len)
        return out.prefix(Int(len)).map { String(format: "%02x", $0) }.joined()
    }
}
