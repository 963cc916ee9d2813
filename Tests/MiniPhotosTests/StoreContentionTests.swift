import Foundation
import MiniCore
import MiniMediaTesting
import MiniPhotos
import MiniStorage
import Testing

/// Eight processes (`minimedia-storeprobe`) open one fresh data dir at the same moment — creating
/// the folders, the databases and their WAL and running the migrations concurrently — and write:
/// 200 album saves each, then 200 permission decisions each into one app's store. No write may
/// fail and every acknowledged one must be there afterwards. The two runs take turns (eight
/// processes at a time are load enough for a 2-core machine running the rest of the suite).
/// `MINIMEDIA_STRESS_COUNT` (or `make stress`) raises the per-process count.
@Suite("Stores shared by eight processes", .serialized)
struct StoreContentionTests {
    static let processes = 8
    static let count = ProcessInfo.processInfo.environment["MINIMEDIA_STRESS_COUNT"].flatMap(Int.init) ?? 200

    @Test func eightProcessesSaveWithoutFailuresOrLosses() async throws {
        let dir = TemporaryDirectory("contention")
        defer { dir.remove() }
        let data = dir.file("data").path
        let image = Fixture.path("orient_1.jpg")
        let started = ContinuousClock.now
        let results = try await offCooperativePool {
            try ProcessFleet.run(
                ProcessFleet.builtProduct("minimedia-storeprobe"),
                (0..<Self.processes).map { ["album", data, "\(Self.count)", image, "p\($0)"] })
        }
        let elapsed = ContinuousClock.now - started
        print("album contention: \(Self.processes) x \(Self.count) saves in \(elapsed)")
        var acked: [Int64: (filename: String, app: String)] = [:]
        var duplicates = 0  // counted, not #expect-ed per row: 1600 expectations cost seconds
        for (k, r) in results.enumerated() {
            #expect(r.status == 0, "process \(k): \(r.stderr)")
            let failures = r.lines.filter { $0.hasPrefix("fail") }
            #expect(failures.isEmpty, "process \(k): \(failures.prefix(3))")
            #expect(r.lines.last == "done \(Self.count) 0")
            for line in r.lines where line.hasPrefix("ack ") {
                let parts = line.split(separator: " ")
                guard parts.count == 3, let id = Int64(parts[1]) else { continue }
                if acked[id] != nil { duplicates += 1 }
                acked[id] = (String(parts[2]), "p\(k)")
            }
        }
        #expect(duplicates == 0)
        #expect(acked.count == Self.processes * Self.count)
        let library = try PhotoLibrary(dataDirectory: DataDirectory(root: URL(fileURLWithPath: data)))
        let items = Dictionary(uniqueKeysWithValues: try library.items().map { ($0.id, $0) })
        #expect(items.count == acked.count)
        var missing = 0
        for (id, ack) in acked {
            guard let item = items[id], item.filename == ack.filename, item.sourceApp == ack.app,
                FileManager.default.fileExists(atPath: library.hostPath(of: item))
            else {
                missing += 1
                continue
            }
        }
        #expect(missing == 0)
        #expect(try library.integrityCheck() == "ok")
    }

    @Test func eightProcessesRecordWithoutFailuresOrLosses() async throws {
        let dir = TemporaryDirectory("contention")
        defer { dir.remove() }
        let data = dir.file("data").path  // does not exist yet: the children race to create it
        let started = ContinuousClock.now
        let results = try await offCooperativePool {
            try ProcessFleet.run(
                ProcessFleet.builtProduct("minimedia-storeprobe"),
                (0..<Self.processes).map { ["permissions", data, "shared.app", "\(Self.count)", "\($0)"] })
        }
        let elapsed = ContinuousClock.now - started
        print("permission contention: \(Self.processes) x \(Self.count) writes in \(elapsed)")
        let store = try PermissionStore(
            sandbox: try AppSandbox(dataDirectory: DataDirectory(root: URL(fileURLWithPath: data)), appID: try AppID("shared.app"), packageDir: nil))
        let stored = Dictionary(uniqueKeysWithValues: try store.all().map { ($0.scope, $0.granted) })
        for (k, r) in results.enumerated() {
            #expect(r.status == 0, "process \(k): \(r.stderr)")
            let failures = r.lines.filter { $0.hasPrefix("fail") }
            #expect(failures.isEmpty, "process \(k): \(failures.prefix(3))")
            #expect(r.lines.last == "done \(Self.count) 0")
            // Each process owns one scope: the stored decision is its last acknowledged one.
            let acks = r.lines.filter { $0.hasPrefix("ack ") }.map { $0.split(separator: " ") }
            #expect(acks.count == Self.count)
            guard let last = acks.last, let scope = Scope(rawValue: String(last[2])) else { continue }
            #expect(stored[scope] == (last[3] == "true"), "process \(k) scope \(scope)")
        }
        #expect(stored.count == Self.processes)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.database.journalMode() == "wal")
    }
}
