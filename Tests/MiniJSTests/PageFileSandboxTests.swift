import Foundation
import MiniCore
import MiniMediaTesting
import Testing

/// The attack as page code wrote it: marks next to `/` and `..` through FileSystemManager's
/// sync methods. Nothing may appear beside the user folder, however the path is spelled.
@Suite("Page code and marked paths")
struct PageFileSandboxTests {
    @Test func marksDoNotHideDotDotFromPageCode() async throws {
        let h = try JSHarness()
        let appRoot = h.test.session.sandbox.root
        let above = appRoot.deletingLastPathComponent()
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: appRoot.path))
        let beforeApps = Set(try FileManager.default.contentsOfDirectory(atPath: above.path))
        await h.run(#"""
            const fs = wx.getFileSystemManager();
            const marks = ['\u0301', '\u20DD', '\u0600', '\u0605', '\u06DD', '\u070F', '\u08E2', '\uD804\uDCBD',
                           '\u200D', '\u200C', '\uFE0F', '\u1100', '\uD83C\uDFFB', '\uD83C\uDDE6'];
            let refused = 0, done = 0;
            for (const m of marks) {
              for (const p of [`${wx.env.USER_DATA_PATH}/${m}/../../escaped`, `${wx.env.USER_DATA_PATH}/x${m}/../../../escaped`,
                               `${wx.env.USER_DATA_PATH}/..${m}/../../escaped`]) {
                for (const op of [() => fs.mkdirSync(p, true), () => fs.writeFileSync(p, 'pwned'),
                                  () => fs.copyFileSync(`${wx.env.USER_DATA_PATH}/src.txt`, p)]) {
                  try { op(); done++ } catch (e) { refused++ }
                }
              }
            }
            console.log('refused', refused, 'done', done);
            """#)
        let line = try #require(h.lines.first { $0.hasPrefix("refused") })
        // 14 marks × 3 spellings × 3 operations, each refused for its `..`.
        #expect(line == "refused 126 done 0")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: appRoot.path)) == before)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: above.path)) == beforeApps)
        #expect(!FileManager.default.fileExists(atPath: above.deletingLastPathComponent().appendingPathComponent("escaped").path))
    }
}
