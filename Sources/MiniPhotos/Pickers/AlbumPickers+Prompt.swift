#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore

extension AlbumPickers {
    /// Lists the album on stderr and reads the choice from stdin: item numbers separated by
    /// spaces or commas; an empty line, `c` or end of input cancels. With no terminal on stdin
    /// it fails and says to pass `--picker first` or `--picker cancel`.
    public struct Prompt: AlbumPicking {
        private let requireTTY: Bool
        private let readLine: @Sendable () async -> String?
        private let write: @Sendable (String) -> Void

        /// The terminal picker. Tests pass `requireTTY: false` and their own input and output.
        public init(
            requireTTY: Bool = true,
            readLine: @escaping @Sendable () async -> String? = Prompt.readStandardInput,
            write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
        ) {
            self.requireTTY = requireTTY
            self.readLine = readLine
            self.write = write
        }

        public func pick(_ items: [AlbumItem], count: Int) async throws -> [AlbumItem] {
            if requireTTY && isatty(STDIN_FILENO) == 0 {
                throw MediaError(.internalError, "no terminal to pick from the album; pass --picker first or --picker cancel")
            }
            var text = "Photo album (\(items.count) item\(items.count == 1 ? "" : "s"), newest first):\n"
            for (i, item) in items.enumerated() {
                text += "  \(i + 1). #\(item.id) \(item.kind.rawValue) \(item.width)x\(item.height) \(item.size) bytes"
                text += " from \(item.sourceApp)\n"
            }
            text += "Choose up to \(count) (numbers separated by spaces; empty cancels): "
            write(text)
            while true {
                guard let line = await readLine() else { throw AlbumPickers.cancelled }
                switch Self.parse(line, itemCount: items.count, limit: count) {
                case .cancel: throw AlbumPickers.cancelled
                case .chosen(let indices): return indices.map { items[$0] }
                case .invalid(let why): write("\(why); try again (empty cancels): ")
                }
            }
        }

        enum Choice: Equatable {
            case cancel
            case chosen([Int])
            case invalid(String)
        }

        /// Parses `"1 3"` / `"1,3"` into 0-based indices (duplicates dropped, order kept).
        static func parse(_ line: String, itemCount: Int, limit: Int) -> Choice {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || ["c", "cancel", "q"].contains(trimmed.lowercased()) { return .cancel }
            var out: [Int] = []
            for part in trimmed.split(whereSeparator: { $0 == " " || $0 == "," }) {
                guard let n = Int(part), (1...itemCount).contains(n) else {
                    return .invalid("\"\(part)\" is not an item number between 1 and \(itemCount)")
                }
                if !out.contains(n - 1) { out.append(n - 1) }
            }
            guard out.count <= limit else { return .invalid("choose at most \(limit)") }
            return .chosen(out)
        }

        /// One line of stdin, read on its own thread so no Swift concurrency thread blocks.
        public static let readStandardInput: @Sendable () async -> String? = {
            await withCheckedContinuation { cont in
                Thread.detachNewThread { cont.resume(returning: Swift.readLine()) }
            }
        }
    }
}
