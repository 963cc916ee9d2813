import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage

/// A sandbox among things page code must never reach: a secret beside the apps, another app's
/// files and permission database, a folder above the data dir. `outside()` snapshots every
/// file and folder outside the victim's four areas (its own app root included), with contents.
struct SandboxCanary {
    let directory: TemporaryDirectory
    let sandbox: AppSandbox
    let files: AppFiles
    var fs: SandboxFileSystem { SandboxFileSystem(files: files) }

    init(walk: BeneathWalk = .automatic, quota: Int64? = nil, tempQuota: Int64? = nil) throws {
        directory = TemporaryDirectory("mm-canary")
        let data = directory.file("data")
        try directory.write("data/apps/secret.txt", "top secret")
        try directory.write("data/apps/other.app/usr/secret.txt", "other")
        try directory.write("data/apps/other.app/settings.sqlite", "other's permissions")
        try directory.write("above.txt", "above the data dir")
        try directory.write("package/pages/index.js", "Page({})")
        sandbox = try AppSandbox(
            dataDirectory: DataDirectory(root: data), appID: try AppID("victim.app"),
            packageDir: directory.file("package"), walk: walk)
        files = AppFiles(sandbox: sandbox, dialect: .wx, quota: quota, tempQuota: tempQuota)
        try Data("src".utf8).write(to: sandbox.userDir.appendingPathComponent("src.txt"))
    }

    /// Relative path → contents ("<dir>" for folders, "-> target" for links) of everything
    /// outside the victim's temp, store, user and partial folders.
    func outside() -> [String: String] {
        let areas = [sandbox.tempDir, sandbox.storeDir, sandbox.userDir, sandbox.root.appendingPathComponent("partial")]
            .map { $0.path }
        var out: [String: String] = [:]
        let root = directory.url.resolvingSymlinksInPath().path
        func visit(_ path: String, _ rel: String) {
            if areas.contains(path) { return }
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                out[rel] = "<dir>"
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                    visit(path + "/" + name, rel + "/" + name)
                }
            case S_IFLNK: out[rel] = "-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            default: out[rel] = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            }
        }
        visit(root, "")
        return out
    }

    /// Bytes of regular files anywhere below the victim's app root (areas included).
    func appRootBytes() -> Int64 {
        var total: Int64 = 0
        let e = FileManager.default.enumerator(atPath: sandbox.root.path)
        while let rel = e?.nextObject() as? String {
            var st = stat()
            if lstat(sandbox.root.path + "/" + rel, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { total += Int64(st.st_size) }
        }
        return total
    }
}
