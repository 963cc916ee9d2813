import Foundation
import MiniApp
import MiniCore
import MiniMediaTesting
import Testing

/// Baidu pages read data with `this.getData(path)` and write with `this.setData(key, value)`;
/// other dialects have neither form.
@Suite("Baidu getData and setData(key, value)")
struct BaiduPageTests {
    static let page = """
        Page({
          data: { a: { b: [ { c: 1 }, 'two' ] }, n: 0 },
          onLoad() {
            if (typeof this.getData !== 'function') return console.log('no getData', typeof this.getData)
            const copy = this.getData('a.b[0]')
            copy.c = 99
            console.log(JSON.stringify(copy), this.data.a.b[0].c, this.getData('a.b[1]'), this.getData('a.x.y'), this.getData('a.b[5]'))
            this.setData('a.b[0].c', 2, function () { console.log('callback', this.getData('a.b[0].c'), this === page) })
            const page = this
            this.setData('n', 7)
            this.setData({ 'a.b[1]': 'deux' })
            console.log(this.getData('n'), this.getData('a.b[1]'), JSON.stringify(this.getData()))
            try { this.getData(3) } catch (e) { console.log(e.name, e.message) }
          },
        })
        """

    func run(_ dialect: Dialect) async throws -> [String] {
        let dir = TemporaryDirectory("mm-swan")
        let path = try dir.write("p/index.js", Self.page)
        let app = try MiniApp(
            MiniAppConfiguration(path: path.path, dialect: dialect, dataDirectory: dir.file("data"), clock: ManualClock()))
        #expect(await app.open())
        _ = await app.stop()
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        return app.logLines
    }

    @Test func swanPages() async throws {
        #expect(try await run(.swan) == [
            #"{"c":99} 1 two undefined undefined"#,
            #"7 deux {"a":{"b":[{"c":2},"deux"]},"n":7}"#,
            "TypeError getData: path should be String",
            "callback 2 true",
        ])
    }

    @Test(arguments: [Dialect.wx, .qq, .tt, .my])
    func otherDialectsHaveNoGetData(dialect: Dialect) async throws {
        #expect(try await run(dialect) == ["no getData undefined"])
    }
}
