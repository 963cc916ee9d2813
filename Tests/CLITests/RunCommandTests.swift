import Foundation
import MiniMediaTesting
import Testing

@Suite("minimedia run, end to end")
struct RunCommandTests {
    let page = CLI.fixture("basics/page.js")

    @Test func lifecycleCallbacksPromisesSyncThrowAndRequire() async throws {
        let r = try await CLI.run(["run", page, "--consent", "deny", "--query", "id=7"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.lines
        #expect(Array(lines.prefix(4)) == [
            "onLoad {\"id\":\"7\"} 5 true",
            "sync threw accessSync:fail no such file or directory, access wxfile://usr/missing",
            "onShow", "onReady",
        ])
        // Two independent async calls: both complete before the page hides, in either order.
        #expect(Set(lines.dropFirst(4).prefix(2)) == ["callback getSetting:ok", "promise getSetting:ok"])
        #expect(Array(lines.dropFirst(6)) == ["onHide", "onUnload"])
    }

    @Test func callsRunInOrderEachAfterThePreviousSettled() async throws {
        let r = try await CLI.run(["run", page, "--consent", "deny", "--call", "slow", "--call", "next"])
        #expect(r.status == 0)
        let lines = r.lines
        #expect(lines.firstIndex(of: "slow done")! < lines.firstIndex(of: "next")!)
    }

    @Test func uncaughtErrorExitsOneWithStack() async throws {
        let r = try await CLI.run(["run", page, "--consent", "deny", "--call", "boom", "--call", "next"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Uncaught TypeError: boom went the page"))
        #expect(r.stderr.contains("at helper@page.js:27:33"))
        #expect(!r.lines.contains("next"))
    }

    @Test func setDataRebindsComponentAttributes() async throws {
        let r = try await CLI.run(["run", page, "--consent", "deny", "--trace", "--call", "flip"])
        #expect(r.status == 0)
        #expect(r.lines.contains("[trace] <camera#cam> mounted {device-position: \"back\", flash: \"off\", frame-size: \"small\"}"))
        #expect(r.lines.contains("[trace] <camera#cam> device-position = \"front\""))
        #expect(r.lines.contains("[trace] <camera#cam> frame-size = \"large\""))
    }

    @Test func requireCannotLeaveThePackage() async throws {
        let r = try await CLI.run(["run", page, "--consent", "deny", "--call", "escape"])
        #expect(r.lines.contains("require refused: module \"../../../etc/passwd\" is not defined"))
    }

    @Test func openSettingFromATap() async throws {
        let r = try await CLI.run(["run", page, "--consent", "deny", "--call", "settings"])
        // The page's <camera> asked for scope.camera when it mounted (denied by --consent deny).
        #expect(r.lines.contains("openSetting ok {\"scope.camera\":false}"))
    }

    @Test func officialDemoStylePageRunsUnchanged() async throws {
        let r = try await CLI.run(["run", CLI.fixture("demo-style"), "--consent", "deny", "--call", "getSystemInfo"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == ["App Launch", "theme: dark", "platform: linux window: 375", "unloaded"])
        let second = try await CLI.run(["run", CLI.fixture("demo-style"), "--page", "pages/device/saved-files", "--consent", "deny"])
        #expect(second.lines == ["App Launch", "saved files: 0"])
    }

    @Test func promptWithoutATerminalSaysToPassConsent() async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", "wx.authorize({ scope: 'scope.camera', fail: e => console.log(e.errMsg) })\nPage({})")
        let r = try await CLI.run(["run", dir.path + "/p.js", "--consent", "prompt"])
        #expect(r.lines == ["authorize:fail no terminal to ask for consent; pass --consent allow or --consent deny"])
    }

    @Test func dialectsShapeErrors() async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", "my.getFileInfo({ filePath: 'https://usr/none', fail: e => console.log(JSON.stringify(e)) })\nPage({})")
        let r = try await CLI.run(["run", dir.path + "/p.js", "--dialect", "my", "--consent", "deny"])
        #expect(r.lines == [#"{"error":3,"errorMessage":"file not exist"}"#])
    }

    @Test(arguments: [
        (["run", "/nonexistent/x.js"], "no such file or folder"),
        (["run", "Tests/CLIFixtures/basics/page.js", "--dialect", "xx"], "--dialect must be one of wx, qq, swan, tt, my"),
        (["run", "Tests/CLIFixtures/basics/page.js", "--consent", "maybe"], "--consent must be prompt, allow or deny"),
        (["run", "Tests/CLIFixtures/demo-style", "--page", "pages/none"], "page pages/none is not in app.json pages"),
        (["run", "Tests/CLIFixtures/basics/page.wxml"], "a single page must be a .js file"),
        (["run", "Tests/CLIFixtures/basics/page.js", "--timeout", "0"], "--timeout must be a positive number"),
        (["run", "Tests/CLIFixtures/basics/page.js", "--app-id", "../x"], "invalid app id"),
        (["bogus"], "Unexpected argument 'bogus'"),
    ])
    func usageErrorsExitTwo(args: [String], message: String) async throws {
        let r = try await CLI.run(args.map { $0.hasPrefix("Tests/") ? CLI.root.appendingPathComponent($0).path : $0 })
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func versionAndHelp() async throws {
        #expect(try await CLI.run(["--version"]).stdout == "0.1.0\n")
        let help = try await CLI.run(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status: 0 clean run, 1 uncaught JS error, 2 usage error."))
        #expect(help.stdout.contains("--consent <consent>"))
    }
}

/// A scratch folder for pages written by a test (removed with the value).
final class TemporaryFolder {
    private let dir = TemporaryDirectory("mm-page")
    var path: String { dir.path }
    func write(_ name: String, _ text: String) throws { try dir.write(name, text) }
}
