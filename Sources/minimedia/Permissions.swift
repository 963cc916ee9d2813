import ArgumentParser
import MiniCommandLine
import Foundation
import MiniCore
import MiniStorage

/// `minimedia permissions APP_ID`: list, grant, revoke or reset an app's decisions.
struct Permissions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List or change an app's permission decisions.",
        discussion: """
            Scopes are written as the dialect spells them (scope.camera; tt scope.album; my camera). \
            A change is printed only once it is on disk. Exit status: 0 done, 1 the data directory \
            cannot be used (not writable, full, removed), 2 usage error.
            """)

    @Argument(help: "The app id.")
    var appID: String

    @Option(help: "Grant a scope; repeatable.")
    var grant: [String] = []

    @Option(help: "Deny a scope; repeatable.")
    var revoke: [String] = []

    @Option(help: "Forget a decision so the app asks again; repeatable.")
    var reset: [String] = []

    @Flag(name: .customLong("reset-all"), help: "Forget every decision.")
    var resetAll = false

    @OptionGroup var data: DataOptions

    func run() throws {
        let dialect = try Setup.dialect(data.dialect)
        let app = try Setup.appID(appID)
        func scope(_ raw: String) throws -> Scope {
            guard let s = Scope.parse(raw, in: dialect) else {
                let known = Scope.allCases.map { $0.name(in: dialect) }.joined(separator: ", ")
                throw ValidationError("unknown scope \"\(raw)\" for \(dialect.rawValue); known: \(known)")
            }
            return s
        }
        let changes = try grant.map { (try scope($0), true) } + revoke.map { (try scope($0), false) }
        let resets = try reset.map(scope)
        let dataDir = Setup.dataDirectory(data.dataDir)
        let records = try Setup.usingData(dataDir) {
            let store = try PermissionStore(sandbox: try AppSandbox(dataDirectory: dataDir, appID: app, packageDir: nil))
            if resetAll { try store.reset() }
            for s in resets { try store.reset(s) }
            for (s, granted) in changes { try store.record(s, granted: granted) }
            return try store.all()
        }
        print("permissions of \(app):")
        if records.isEmpty { print("  (none asked yet)") }
        let formatter = ISO8601DateFormatter()
        for r in records {
            let name = r.scope.name(in: dialect).padding(toLength: 24, withPad: " ", startingAt: 0)
            let state = (r.granted ? "granted" : "denied").padding(toLength: 8, withPad: " ", startingAt: 0)
            print("  \(name) \(state) \(formatter.string(from: Date(timeIntervalSince1970: r.updatedAt)))")
        }
    }
}
