#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MiniCore

/// An exclusive lock on a folder shared by every process (`flock` on the folder itself, so no
/// lock file is left behind): a store holds it while it creates its database, switches it to WAL
/// and runs migrations, so eight processes opening a fresh data dir at once take turns.
///
/// Waiting is bounded: past `timeout` the open fails as `data directory is busy`, never hangs.
struct DirectoryLock: ~Copyable {
    private let fd: Int32

    init(directory: String, timeout: Double) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageFault.diagnose(directory: directory) ?? StorageFault.vanished }
        let deadline = ProcessInfo.processInfo.systemUptime + timeout
        var pause: UInt32 = 1_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            guard failure == EWOULDBLOCK || failure == EINTR, ProcessInfo.processInfo.systemUptime < deadline else {
                close(fd)
                throw StorageFault.busy
            }
            usleep(pause + UInt32.random(in: 0...pause))
            pause = min(pause * 2, 20_000)
        }
        self.fd = fd
    }

    deinit { close(fd) }  // closing the descriptor releases the lock
}
