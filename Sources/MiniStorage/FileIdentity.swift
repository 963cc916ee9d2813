#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path names (device and inode): a store compares it with the one it opened to
/// tell that its database was deleted, or replaced, while it was open.
public struct FileIdentity: Sendable, Equatable {
    public let device: UInt64
    public let inode: UInt64

    /// The identity of the file at `path`, nil if there is none.
    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}
