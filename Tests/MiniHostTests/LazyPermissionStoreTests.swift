import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

/// A session opens its permission database only when a permission is first needed, so a page
/// that never asks for one never opens, creates or syncs SQLite at start.
@Suite("Permission store opened on first use")
struct LazyPermissionStoreTests {
    @Test func aNewSessionOpensNoDatabaseUntilAPermissionIsNeeded() async throws {
        let t = try TestSession(user: ScriptedUser(consent: .answers([true])))
        let database = t.session.sandbox.root.appendingPathComponent("settings.sqlite").path
        // Files and sync APIs need no permission: still no database.
        try t.session.fileSystem.writeFile("wxfile://usr/a.txt", bytes: Array("hello".utf8))
        _ = try await t.call("getFileInfo", ["filePath": "wxfile://usr/a.txt"])
        #expect(await t.session.permissions.isStoreOpen == false)
        #expect(!FileManager.default.fileExists(atPath: database))

        #expect(try await t.call("authorize", ["scope": "scope.camera"]) == ["errMsg": "authorize:ok"])
        #expect(await t.session.permissions.isStoreOpen)
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(try await t.session.permissions.settings() == [.camera: true])
    }

    @Test func decisionsMadeBeforeSurviveIntoALaterLazySession() async throws {
        let directory = TemporaryDirectory()
        do {
            let first = try TestSession(user: ScriptedUser(consent: .answers([false])), directory: directory)
            _ = await first.failure("authorize", ["scope": "scope.record"])
        }
        let user = ScriptedUser(consent: .answers([true]))
        let second = try TestSession(user: user, directory: directory)
        #expect(await second.session.permissions.isStoreOpen == false)
        let again = await second.failure("authorize", ["scope": "scope.record"])
        #expect(again?.shaped == ["errMsg": "authorize:fail auth deny", "errno": 103])
        #expect(user.asked.isEmpty)
    }

    /// Sync readers (`getSystemInfoSync` in a loop) do not stat for a missing database on every
    /// call, yet see one another process created within `absentRecheck`.
    @Test func decisionsFromAnotherProcessShowWithinTheRecheck() async throws {
        let directory = TemporaryDirectory()
        let reader = try TestSession(user: ScriptedUser(consent: .allow), directory: directory)
        #expect(try reader.session.permissions.currentDecisions() == [:])
        do {
            let writer = try TestSession(user: ScriptedUser(consent: .allow), directory: directory)
            _ = try await writer.call("authorize", ["scope": "scope.camera"])
        }
        try await Task.sleep(for: PermissionGate.absentRecheck + .milliseconds(100))
        #expect(try reader.session.permissions.currentDecisions() == [.camera: true])
    }

    @Test func aStoreThatCannotOpenFailsTheCallAndIsRetried() async throws {
        let attempts = CallCounter()
        let directory = TemporaryDirectory()
        let sandbox = try AppSandbox(dataDirectory: DataDirectory(root: directory.file("data")), appID: try AppID("lazy.app"), packageDir: nil)
        let gate = PermissionGate(
            app: try AppID("lazy.app"), dialect: .wx,
            openStore: {
                if attempts.next() == 1 { throw MediaError.internalError("disk full") }
                return try PermissionStore(sandbox: sandbox)
            },
            user: ScriptedUser(consent: .allow))
        await #expect(throws: MediaError.internalError("disk full")) { try await gate.require(.camera) }
        #expect(await gate.isStoreOpen == false)
        try await gate.require(.camera)
        #expect(try await gate.settings() == [.camera: true])
        #expect(attempts.value == 2)
    }
}

extension LazyPermissionStoreTests {
    @Test func concurrentFirstUsesOpenTheStoreOnce() async throws {
        let attempts = CallCounter()
        let directory = TemporaryDirectory()
        let sandbox = try AppSandbox(dataDirectory: DataDirectory(root: directory.file("data")), appID: try AppID("lazy.app"), packageDir: nil)
        let gate = PermissionGate(
            app: try AppID("lazy.app"), dialect: .wx,
            openStore: {
                _ = attempts.next()
                return try PermissionStore(sandbox: sandbox)
            },
            user: ScriptedUser(consent: .allow))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await gate.settings() } }
            try await group.waitForAll()
        }
        #expect(attempts.value == 1)
        #expect(await gate.isStoreOpen)
    }
}

/// A thread-safe count of calls.
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
