import Foundation
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing

/// Eight processes open one fresh data dir at the same moment (creating the folders, the
/// database, its WAL and running the migration concurrently) and record decisions in one app's
/// store. `MINIMEDIA_STRESS_COUNT` raises the per-process count (default 200).
@Suite("Permission store shared by eight processes")
struct PermissionContentionTests {
    static let processes = 8
    static let count = ProcessInfo.processInfo.environment["MINIMEDIA_STRESS_COUNT"].flatMap(Int.init) ?? 200

    @Test func eightProcessesRecordWithoutFailuresOrLosses() async throws {
        let dir = TemporaryDirectory("contention")
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
