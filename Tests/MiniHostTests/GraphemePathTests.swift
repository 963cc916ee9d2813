import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

/// Paths are split on bytes, never on grapheme clusters: a mark that merges with a `/` or a
/// `.` into one `Character` must not hide `..` from the sandbox while the kernel follows it.
@Suite("Unicode marks next to separators and dots")
struct GraphemePathTests {
    /// One of every class of scalar that extends or prepends a grapheme cluster.
    static let marks: [(String, String)] = [
        ("Mn combining acute", "\u{0301}"), ("Mn combining grave", "\u{0300}"), ("Mc devanagari visarga", "\u{0903}"),
        ("Me enclosing circle", "\u{20DD}"), ("Prepend U+0600", "\u{0600}"), ("Prepend U+0601", "\u{0601}"),
        ("Prepend U+0602", "\u{0602}"), ("Prepend U+0603", "\u{0603}"), ("Prepend U+0604", "\u{0604}"),
        ("Prepend U+0605", "\u{0605}"), ("Prepend U+06DD", "\u{06DD}"), ("Prepend U+070F", "\u{070F}"),
        ("Prepend U+08E2", "\u{08E2}"), ("Prepend U+110BD", "\u{110BD}"), ("ZWJ", "\u{200D}"), ("ZWNJ", "\u{200C}"),
        ("VS16", "\u{FE0F}"), ("VS15", "\u{FE0E}"), ("Hangul L", "\u{1100}"), ("Hangul V", "\u{1161}"),
        ("Hangul T", "\u{11A8}"), ("Hangul LV", "\u{AC00}"), ("emoji modifier", "\u{1F3FB}"),
        ("regional indicator", "\u{1F1E6}"), ("regional pair", "\u{1F1E6}\u{1F1FA}"), ("emoji + ZWJ", "\u{1F469}\u{200D}"),
    ]

    /// Paths with the mark `M` before and after separators and dots; each would leave the user
    /// folder (or the area) if `..` were hidden from the checks.
    static func ladder(_ m: String) -> [String] {
        [
            "wxfile://usr/\(m)/../../x", "wxfile://usr/x\(m)/../../../x", "wxfile://usr/..\(m)/../../x",
            "wxfile://usr/\(m)../../x", "wxfile://usr/.\(m)./../../x", "wxfile://usr/a/\(m)/../../../../x",
            "wxfile://usr/..\(m)/", "wxfile://usr/../\(m)", "wxfile://usr/\(m)/..", "wxfile://usr\(m)/../x",
            "wxfile://usr/\(m)/../../other.app/usr/secret.txt", "wxfile://usr/a\(m)/../../settings.sqlite",
            "wxfile://usr/\(m)/../../../other.app/settings.sqlite", "wxfile://usr/\(m)/../../../../above.txt",
            "wxfile://tmp_\(m)/../../x", "wxfile://tmp_../\(m)", "wxfile://store_\(m)/../x", "wxfile://store_..\(m)/x",
            "\(m)/../../x", "pages/\(m)/../../../x", "/\(m)/../../data/apps/secret.txt",
        ]
    }

    /// Every operation page code has on a path, each allowed to fail but never to reach outside.
    static func attack(_ c: SandboxCanary, _ path: String) {
        let fs = c.fs
        let payload = [UInt8](repeating: 0x41, count: 4096)
        _ = try? fs.mkdir(path, recursive: true)
        _ = try? fs.mkdir(path + "/deeper", recursive: true)
        _ = try? fs.writeFile(path, bytes: payload)
        _ = try? fs.writeFile(path + "/w.txt", bytes: payload)
        _ = try? fs.writeFile(path, bytes: payload, append: true)
        _ = try? fs.copyFile(from: "wxfile://usr/src.txt", to: path)
        _ = try? fs.copyFile(from: path, to: "wxfile://usr/copied.txt")
        _ = try? fs.rename(from: path, to: "wxfile://usr/moved.txt")
        _ = try? fs.rename(from: "wxfile://usr/src.txt", to: path)
        if (try? fs.access("wxfile://usr/src.txt")) == nil { try? fs.writeFile("wxfile://usr/src.txt", bytes: Array("src".utf8)) }
        _ = try? fs.readFile(path)
        _ = try? fs.readdir(path)
        _ = try? fs.stat(path)
        _ = try? fs.statRecursive(path)
        _ = try? fs.access(path)
        _ = try? c.files.saveFile(tempFilePath: path)
        _ = try? c.files.saveFile(tempFilePath: "wxfile://usr/src.txt", filePath: path)
        _ = try? c.files.fileInfo(path, algorithm: .md5)
        _ = try? c.files.removeSavedFile(path)
        _ = try? fs.unlink(path)
        _ = try? fs.rmdir(path, recursive: true)
    }

    struct Outcome: Sendable {
        var changed: [String] = []
        var dotDot: [String] = []
        var usage: Int64 = 0
        var quota: Int64 = 0
    }

    @Test(arguments: [BeneathWalk.kernel, .userSpace], marks.map(\.0))
    func nothingOutsideChanges(walk: BeneathWalk, mark: String) async throws {
        if walk == .kernel && BeneathWalk.automatic != .kernel { return }  // no openat2 here: the walk below covers it
        let m = Self.marks.first { $0.0 == mark }!.1
        // Blocking file work: off the cooperative pool.
        let o = try await offCooperativePool { () throws -> Outcome in
            let c = try SandboxCanary(walk: walk, quota: 64 << 10)
            let before = c.outside()
            var o = Outcome()
            for path in Self.ladder(m) {
                // Whatever the resolver makes of it, no component is `..` once split on bytes.
                if let p = try? c.files.resolve(path), p.components.contains(where: { PathBytes.isDotDot($0) }) { o.dotDot.append(path) }
                Self.attack(c, path)
            }
            let after = c.outside()
            o.changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
            (o.usage, o.quota) = (c.files.usage(), c.files.quota)
            return o
        }
        #expect(o.changed.isEmpty, "\(mark): \(o.changed)")
        #expect(o.dotDot.isEmpty, "\(mark)")
        #expect(o.usage <= o.quota)
    }

    /// The quota holds however the writes are spelled: 78 writes of 4 KiB through marked names
    /// into a 64 KiB quota leave at most 64 KiB anywhere in the app root.
    @Test func quotaHoldsThroughMarkedPaths() async throws {
        let (refused, usage, total) = try await offCooperativePool { () throws -> (Int, Int64, Int64) in
            let c = try SandboxCanary(quota: 64 << 10)
            var refused = 0
            for (i, (_, m)) in Self.marks.enumerated() {
                for path in ["wxfile://usr/\(m)/../f\(i)", "wxfile://usr/f\(i)\(m)", "wxfile://usr/\(m)..\(i)"] {
                    do { try c.fs.writeFile(path, bytes: [UInt8](repeating: 1, count: 4096)) } catch let e as MediaError {
                        if e.code == .storageLimitExceeded { refused += 1 }
                    }
                }
            }
            return (refused, c.files.usage(), c.appRootBytes())
        }
        #expect(refused > 0)
        #expect(usage <= 64 << 10)
        #expect(total <= (64 << 10) + 3)  // + "src"
    }

    /// Marked names that stay inside are ordinary names: written, listed byte for byte, read back.
    @Test func markedNamesInsideWork() throws {
        let c = try SandboxCanary()
        let names = ["..\u{0301}", "\u{0600}", "a\u{200D}b", ".\u{FE0F}", "\u{1F1E6}\u{1F1FA}"]
        for n in names { try c.fs.writeFile("wxfile://usr/\(n)", bytes: Array(n.utf8)) }
        let listed = try c.fs.readdir("wxfile://usr")
        for n in names {
            #expect(listed.contains { PathBytes.equal($0, n) }, "\(n.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(try c.fs.readFile("wxfile://usr/\(n)").array == Array(n.utf8))
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: c.sandbox.userDir.path)
        #expect(onDisk.count == names.count + 1)
    }

    @Test func splitterWorksOnBytes() {
        #expect(PathBytes.components("a\u{0600}/../b") == ["a\u{0600}", "..", "b"])
        #expect(PathBytes.components("..\u{0301}/x").count == 2)
        #expect(PathBytes.isDotDot(PathBytes.components("x/\u{0301}/..")[2]))
        // What Character-based splitting does with the same text: the separators disappear.
        #expect("a\u{0600}/../b".split(separator: "/").count == 2)
        #expect(!PathBytes.equal("e\u{0301}", "\u{00E9}"))
    }
}
