#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniStorage

extension ConsentPrompters {
    /// Asks on the terminal: the question goes to stderr, the answer is read from stdin.
    /// With no terminal on stdin it fails and says to pass `--consent`.
    public struct Terminal: ConsentPrompting {
        private let requireTTY: Bool

        /// `requireTTY: false` lets tests pipe answers in.
        public init(requireTTY: Bool = true) { self.requireTTY = requireTTY }

        public func ask(app: AppID, scope: Scope, dialect: Dialect) async throws -> Bool {
            let line = try await prompt(
                "\(app) wants to use \(Self.describe(scope)) (\(scope.name(in: dialect))). Allow? [y/n] ")
            return Self.isYes(line)
        }

        public func settings(app: AppID, current: [Scope: Bool], dialect: Dialect) async throws -> [Scope: Bool] {
            var out = current
            for scope in current.keys.sorted() {
                let state = current[scope]! ? "allowed" : "denied"
                let line = try await prompt(
                    "Settings for \(app): \(scope.name(in: dialect)) is \(state). Allow? [y/n, empty keeps] ")
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { out[scope] = Self.isYes(trimmed) }
            }
            return out
        }

        static func isYes(_ line: String) -> Bool {
            ["y", "yes", "allow"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
        }

        static func describe(_ scope: Scope) -> String {
            switch scope {
            case .camera: "the camera"
            case .record: "the microphone"
            case .writePhotosAlbum: "your photo album"
            default: scope.rawValue
            }
        }

        private func prompt(_ text: String) async throws -> String {
            if requireTTY && isatty(STDIN_FILENO) == 0 {
                throw MediaError(
                    .systemPermissionDenied,
                    "no terminal to ask for consent; pass --consent allow or --consent deny")
            }
            FileHandle.standardError.write(Data(text.utf8))
            return await withCheckedContinuation { cont in
                Thread.detachNewThread { cont.resume(returning: readLine() ?? "") }
            }
        }
    }
}
