import Foundation
import MiniApp
import MiniCore
import MiniMediaTesting
import Testing

/// `require` reads modules from the package only: paths split on bytes, `..` never above the
/// package, files opened beneath the package folder's descriptor (a link out is refused).
@Suite("require stays inside the package")
struct RequireSandboxTests {
    @Test func modulesLoadAndEscapesAreRefused() async throws {
        let dir = TemporaryDirectory("mm-require")
        let outside = try dir.write("outside/secret.js", "module.exports = 'SECRET'\n")
        try dir.write("pkg/utils/util.js", "module.exports = { twice: (x) => x * 2, up: require('../lib') }\n")
        try dir.write("pkg/lib/index.js", "module.exports = 'lib'\n")
        try FileManager.default.createSymbolicLink(
            atPath: dir.file("pkg/linked").path, withDestinationPath: outside.deletingLastPathComponent().path)
        try FileManager.default.createSymbolicLink(atPath: dir.file("pkg/secret.js").path, withDestinationPath: outside.path)
        try dir.write("pkg/inside.js", "module.exports = 'inside'\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("pkg/alias.js").path, withDestinationPath: "inside.js")
        let attempts = [
            "../outside/secret", "../../outside/secret.js", "./linked/secret", "/linked/secret.js", "./secret",
            "utils/../../outside/secret", "./a\u{301}/../../outside/secret", "./\u{600}../outside/secret",
            "\(outside.path)", "/../outside/secret",
        ]
        let js = """
            const util = require('./utils/util')
            console.log('util', util.twice(21), util.up, require('./alias'), require('/lib'))
            for (const p of \(String(decoding: try JSONEncoder().encode(attempts), as: UTF8.self))) {
              try { console.log('LEAK', p, require(p)) } catch (e) { console.log('refused', e.message) }
            }
            Page({})
            """
        let page = try dir.write("pkg/index.js", js)
        let app = try MiniApp(
            MiniAppConfiguration(path: page.path, dataDirectory: dir.file("data"), clock: ManualClock()))
        #expect(await app.open())
        _ = await app.stop()
        let lines = app.logLines
        #expect(lines.first == "util 42 lib inside lib")
        #expect(!lines.contains { $0.contains("LEAK") || $0.contains("SECRET") }, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("refused module ") }.count == attempts.count, "\(lines)")
    }
}
