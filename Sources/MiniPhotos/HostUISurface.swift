import Foundation

/// The host's screen, for APIs that show UI instead of returning data (`previewImage`).
public protocol HostUISurface: Sendable {
    /// Shows a full-screen preview of `urls`, starting at `current`.
    func showPreview(urls: [String], current: String)
}

/// Built-in UI surfaces.
public enum HostUISurfaces {
    /// Prints one line per UI action (`minimedia run`):
    /// `[ui] previewImage current=<url> urls=[<url>, …]`.
    public struct Console: HostUISurface {
        private let write: @Sendable (String) -> Void

        /// Writes to stdout (unbuffered, so lines interleave with `console.log`) unless told otherwise.
        public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }) {
            self.write = write
        }

        public func showPreview(urls: [String], current: String) {
            write("[ui] previewImage current=\(current) urls=[\(urls.joined(separator: ", "))]")
        }
    }

    /// Remembers what was shown (tests).
    public final class Recording: HostUISurface, @unchecked Sendable {
        private let lock = NSLock()
        private var _previews: [(urls: [String], current: String)] = []

        public init() {}

        public func showPreview(urls: [String], current: String) {
            lock.withLock { _previews.append((urls, current)) }
        }

        /// Every preview shown so far, oldest first.
        public var previews: [(urls: [String], current: String)] { lock.withLock { _previews } }
    }
}
