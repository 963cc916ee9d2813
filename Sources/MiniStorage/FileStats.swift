/// What `FileSystemManager.stat` reports for one file or folder.
public struct FileStats: Sendable, Equatable {
    public let mode: UInt32
    public let size: Int64
    /// Seconds since 1970.
    public let lastAccessedTime: Int64
    public let lastModifiedTime: Int64
    public var isDirectory: Bool { mode & 0o170000 == 0o040000 }
    public var isFile: Bool { mode & 0o170000 == 0o100000 }
}
