import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

@Suite("Permission state machine")
struct PermissionTests {
    @Test func neverAskedAsksThenRemembersGrant() async throws {
        let user = ScriptedUser(consent: .answers([true]))
        let t = try TestSession(user: user)
        #expect(try await t.call("authorize", ["scope": "scope.camera"]) == ["errMsg": "authorize:ok"])
        #expect(try await t.call("authorize", ["scope": "scope.camera"]) == ["errMsg": "authorize:ok"])
        #expect(user.asked == [.camera])
    }

    @Test func deniedFailsAtOnceWithoutAsking() async throws {
        let user = ScriptedUser(consent: .answers([false]))
        let t = try TestSession(user: user)
        let first = await t.failure("authorize", ["scope": "scope.record"])
        #expect(first?.shaped == ["errMsg": "authorize:fail auth deny", "errno": 103])
        let second = await t.failure("authorize", ["scope": "scope.record"])
        #expect(second?.shaped == ["errMsg": "authorize:fail auth deny", "errno": 103])
        #expect(user.asked == [.record])
    }

    @Test(arguments: [
        (Dialect.swan, "scope.camera", HostValue.object(["errMsg": "authorize:fail auth deny", "errCode": 10003])),
        (.tt, "scope.album", .object(["errMsg": "authorize:fail auth deny", "errNo": 107, "errno": 107])),
        (.qq, "scope.camera", .object(["errMsg": "authorize:fail auth deny", "errno": 103])),
    ])
    func denyShapePerDialect(dialect: Dialect, scope: String, expected: HostValue) async throws {
        let t = try TestSession(dialect: dialect, user: ScriptedUser(consent: .deny))
        #expect(await t.failure("authorize", ["scope": .string(scope)])?.shaped == expected)
    }

    /// Alipay asks from the APIs themselves: `my.authorize` does not exist, from JS or from Swift.
    @Test func alipayHasNoAuthorize() async throws {
        let user = ScriptedUser(consent: .allow)
        let t = try TestSession(dialect: .my, user: user)
        let f = await t.failure("authorize", ["scope": "camera"])
        #expect(f?.shaped == ["error": 1, "errorMessage": "authorize is not supported"])
        #expect(user.asked.isEmpty)
        #expect(try await t.call("getSetting")["authSetting"] == [:])
    }

    @Test func getSettingListsOnlyAskedScopes() async throws {
        let t = try TestSession(user: ScriptedUser(consent: .answers([true, false])))
        #expect(try await t.call("getSetting")["authSetting"] == [:])
        _ = try await t.call("authorize", ["scope": "scope.camera"])
        _ = await t.failure("authorize", ["scope": "scope.writePhotosAlbum"])
        #expect(try await t.call("getSetting")["authSetting"] == ["scope.camera": true, "scope.writePhotosAlbum": false])
    }

    @Test func openSettingNeedsATapAndChangesOnlyAskedScopes() async throws {
        let user = ScriptedUser(consent: .answers([false]), settingsChanges: [.record: true, .camera: true])
        let t = try TestSession(user: user)
        _ = await t.failure("authorize", ["scope": "scope.record"])
        let noTap = await t.failure("openSetting")
        #expect(noTap?.shaped["errMsg"] == "openSetting:fail can only be invoked by user TAP gesture.")
        let res = try await t.call("openSetting", userGesture: true)
        #expect(res["authSetting"] == ["scope.record": true])
        // Now granted, without another prompt.
        _ = try await t.call("authorize", ["scope": "scope.record"])
        #expect(user.asked == [.record])
    }

    @Test func badScopes() async throws {
        let t = try TestSession()
        #expect(await t.failure("authorize", ["scope": ""])?.shaped == ["errMsg": "authorize:fail scope is empty", "errno": 110])
        #expect(await t.failure("authorize", ["scope": "scope.album"])?.shaped["errMsg"] == "authorize:fail invalid scope scope.album")
        #expect(await t.failure("authorize", ["scope": 3])?.shaped["errMsg"] == "authorize:fail parameter error: parameter.scope should be String instead of Number;")
    }

    @Test func noUserToAskFailsWithoutRecording() async throws {
        let t = try TestSession(user: ScriptedUser(consent: .answers([])))
        #expect(await t.failure("authorize", ["scope": "scope.camera"]) != nil)
        #expect(try await t.call("getSetting")["authSetting"] == [:])
    }

    @Test func gateUsedByDeviceAPIs() async throws {
        let user = ScriptedUser(consent: .answers([false]))
        let t = try TestSession(user: user)
        await #expect(throws: MediaError(.authDeny, "auth deny")) { try await t.session.permissions.require(.camera) }
        await #expect(throws: MediaError(.authDeny, "auth deny")) { try await t.session.permissions.require(.camera) }
        #expect(user.asked == [.camera])
    }

    @Test func decisionsPersistAcrossRunsAndStayPerApp() async throws {
        let dir = TemporaryDirectory()
        do {
            let t = try TestSession(appID: "a.app", user: ScriptedUser(consent: .allow), directory: dir)
            _ = try await t.call("authorize", ["scope": "scope.camera"])
        }
        let again = ScriptedUser(consent: .answers([]))
        let t2 = try TestSession(appID: "a.app", user: again, directory: dir)
        _ = try await t2.call("authorize", ["scope": "scope.camera"])
        #expect(again.asked.isEmpty)
        let other = try TestSession(appID: "b.app", user: ScriptedUser(consent: .deny), directory: dir)
        #expect(await other.failure("authorize", ["scope": "scope.camera"]) != nil)
    }

    @Test func concurrentRequestsAskOnce() async throws {
        let user = ScriptedUser(consent: .answers([true]))
        let t = try TestSession(user: user)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { try await t.session.permissions.require(.camera) } }
            try await group.waitForAll()
        }
        #expect(user.asked == [.camera])
    }
}
