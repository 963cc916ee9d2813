import MiniCore

/// A validated mini-program app id: 1–64 of `A–Z a–z 0–9 _ . -`, not `.` or `..`.
/// App ids name folders, so nothing else is accepted.
public struct AppID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ raw: String) throws {
        let allowed = raw.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x5F || b == 0x2E || b == 0x2D
        }
        guard !raw.isEmpty, raw.utf8.count <= 64, allowed, raw != ".", raw != ".." else {
            throw MediaError(.parameterError, "invalid app id \"\(raw)\": use 1-64 of A-Z a-z 0-9 _ . -")
        }
        rawValue = raw
    }

    public var description: String { rawValue }
}
