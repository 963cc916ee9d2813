import Foundation
import MiniCore

/// The encodings `FileSystemManager` accepts for string data.
enum TextEncoding: String, CaseIterable {
    case utf8, utf_8 = "utf-8", ascii, base64, hex, binary, latin1, ucs2, ucs_2 = "ucs-2", utf16le, utf_16le = "utf-16le"

    func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        switch self {
        case .utf8, .utf_8: return String(decoding: bytes, as: UTF8.self)
        case .ascii: return String(bytes.map { Character(Unicode.Scalar($0 & 0x7F)) })
        case .binary, .latin1: return String(bytes.map { Character(Unicode.Scalar($0)) })
        case .base64: return Data(bytes).base64EncodedString()
        case .hex: return bytes.map { String(format: "%02x", $0) }.joined()
        case .ucs2, .ucs_2, .utf16le, .utf_16le:
            let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
            return String(decoding: units, as: UTF16.self)
        }
    }

    func encode(_ string: String) throws -> [UInt8] {
        switch self {
        case .utf8, .utf_8: return Array(string.utf8)
        case .ascii: return string.unicodeScalars.map { UInt8($0.value & 0x7F) }
        case .binary, .latin1: return string.unicodeScalars.map { UInt8($0.value & 0xFF) }
        case .base64:
            guard let d = Data(base64Encoded: string, options: .ignoreUnknownCharacters) else {
                throw MediaError.parameter("data is not valid base64;")
            }
            return Array(d)
        case .hex:
            let chars = Array(string.utf8)
            guard chars.count % 2 == 0 else { throw MediaError.parameter("data is not valid hex;") }
            return try stride(from: 0, to: chars.count, by: 2).map { i in
                guard let b = UInt8(String(decoding: chars[i...i + 1], as: UTF8.self), radix: 16) else {
                    throw MediaError.parameter("data is not valid hex;")
                }
                return b
            }
        case .ucs2, .ucs_2, .utf16le, .utf_16le:
            return string.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
    }
}
