#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

/// A user who, while a prompt is open, does something to the data dir (deletes it, fills the
/// disk), then allows (consent) or flips every decision (settings page).
struct MeddlingUser: SimulatedUser {
    var onConsent: @Sendable () -> Void = {}
    var onSettings: @Sendable () -> Void = {}
    let asked = Counter()

    init(onConsent: @escaping @Sendable () -> Void = {}, onSettings: @escaping @Sendable () -> Void = {}) {
        self.onConsent = onConsent
        self.onSettings = onSettings
    }

    func respond(to prompt: UserPrompt) async throws -> UserResponse {
        asked.increment()
        if case .settings(_, let current, _) = prompt {
            onSettings()
            return .settings(current.mapValues { !$0 })
        }
        onConsent()
        return .consent(true)
    }

    func show(_ notice: UserNotice) {}
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}

@Suite("Stores acknowledge only durable decisions; data-dir faults are clear")
struct StoreFaultTests {
    @Test func commitsAreSynchronousFullInWAL() throws {
        let dir = TemporaryDirectory()
        let store = try PermissionStore(path: dir.file("s.sqlite").path)
        // GRDB sets NORMAL when it enables WAL; the store must have put FULL back.
        #expect(try store.database.synchronousLevel() == 2)
        #expect(try store.database.journalMode() == "wal")
    }

    @Test func dataDirRemovedDuringThePromptFailsAndIsNotAcknowledged() async throws {
        let dir = TemporaryDirectory()
        let data = dir.file("data")
        let user = MeddlingUser(onConsent: { try? FileManager.default.removeItem(at: data) })
        let t = try TestSession(user: user, directory: dir)
        let failure = await t.failure("authorize", ["scope": "scope.camera"])
        #expect(failure?.shaped == ["errMsg": "authorize:fail data directory was removed or replaced", "errno": 1_300_201])
        #expect(user.asked.value == 1)
        // Nothing answers from the deleted file, and nothing recreated the folder behind our back.
        #expect(await t.failure("getSetting")?.shaped["errMsg"] == "getSetting:fail data directory was removed or replaced")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test func replacedDatabaseFileIsNotWrittenTo() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("settings.sqlite").path
        let first = try PermissionStore(path: path)
        try first.record(.camera, granted: true)
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let second = try PermissionStore(path: path)
        #expect(throws: StorageFault.vanished) { try first.record(.record, granted: true) }
        #expect(throws: StorageFault.vanished) { try first.decision(.camera) }
        #expect(try second.all().isEmpty)
    }

    @Test func aHeldOpenLockFailsInBoundedTime() throws {
        let dir = TemporaryDirectory()
        // Another process in the middle of creating the store holds the folder's lock.
        let fd = open(dir.path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let started = ContinuousClock.now
        #expect(throws: StorageFault.busy) {
            try PermissionStore(path: dir.file("s.sqlite").path, options: .init(busyTimeout: 0.3))
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        flock(fd, LOCK_UN)
        #expect(try PermissionStore(path: dir.file("s.sqlite").path).all().isEmpty)
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func readOnlyDataDir() async throws {
        // A fresh read-only data dir: the session cannot start, and says why.
        let empty = try #require(TmpfsMount(kilobytes: 256, readOnly: true))
        let fresh = DataDirectory(root: empty.url.appendingPathComponent("data"))
        #expect(throws: StorageFault.notWritable) {
            try AppSession(SessionConfiguration(dataDirectory: fresh, appID: try AppID("ro.app")))
        }
        // A data dir that became read-only after an earlier run recorded decisions.
        let used = try #require(TmpfsMount(kilobytes: 1024))
        let data = DataDirectory(root: used.url.appendingPathComponent("data"))
        do {
            let sandbox = try AppSandbox(dataDirectory: data, appID: try AppID("ro.app"), packageDir: nil)
            try PermissionStore(sandbox: sandbox).record(.camera, granted: true)
        }
        try used.remountReadOnly()
        #expect(throws: StorageFault.notWritable) {
            try PermissionStore(sandbox: try AppSandbox(dataDirectory: data, appID: try AppID("ro.app"), packageDir: nil))
        }
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func fullDiskFailsTheDecisionAndAsksAgainOnceThereIsSpace() async throws {
        let dir = TemporaryDirectory()
        let disk = try #require(TmpfsMount(kilobytes: 2048, at: dir.file("data")))
        let user = MeddlingUser(onConsent: { disk.fill() })
        let t = try TestSession(user: user, directory: dir)
        let failure = await t.failure("authorize", ["scope": "scope.camera"])
        #expect(failure?.shaped["errMsg"] == "authorize:fail data directory is full")
        disk.drain()
        #expect(try await t.call("getSetting")["authSetting"] == [:])
        // Not recorded, so the next request asks again (and this time it sticks).
        let again = ScriptedUser(consent: .allow)
        let t2 = try TestSession(user: again, directory: dir)
        _ = try await t2.call("authorize", ["scope": "scope.camera"])
        #expect(again.asked == [.camera])
        #expect(try await t2.session.permissions.settings() == [.camera: true])
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func settingsChangesLandTogetherOrNotAtAll() async throws {
        let dir = TemporaryDirectory()
        let disk = try #require(TmpfsMount(kilobytes: 2048, at: dir.file("data")))
        let fills = Counter()
        let user = MeddlingUser(onSettings: {
            guard fills.value == 0 else { return }  // only the first visit to the settings page
            fills.increment()
            disk.fill()
        })
        let t = try TestSession(user: user, directory: dir)
        _ = try await t.call("authorize", ["scope": "scope.camera"])
        _ = try await t.call("authorize", ["scope": "scope.record"])
        let failure = await t.failure("openSetting", userGesture: true)
        #expect(failure?.shaped["errMsg"] == "openSetting:fail data directory is full")
        disk.drain()
        #expect(try await t.call("getSetting")["authSetting"] == ["scope.camera": true, "scope.record": true])
        // With room again, both flips are kept.
        #expect(try await t.call("openSetting", userGesture: true)["authSetting"] == ["scope.camera": false, "scope.record": false])
        #expect(try await t.session.permissions.settings() == [.camera: false, .record: false])
    }

    @Test func aDataDirThatIsAFileIsNamedSo() throws {
        let dir = TemporaryDirectory()
        try dir.write("data", "not a folder")
        #expect(throws: StorageFault.notAFolder) {
            try AppSandbox(dataDirectory: DataDirectory(root: dir.file("data")), appID: try AppID("a.app"), packageDir: nil)
        }
    }

    @Test func aDamagedDatabaseIsNamedSo() throws {
        let dir = TemporaryDirectory()
        try dir.write("settings.sqlite", String(repeating: "not sqlite at all ", count: 300))
        do {
            _ = try PermissionStore(path: dir.file("settings.sqlite").path)
            Issue.record("opened a damaged database")
        } catch let e as MediaError {
            #expect(e.message.hasPrefix("data directory is damaged: "), "\(e.message)")
        }
    }
}
