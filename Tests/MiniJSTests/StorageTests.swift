import Foundation
import MiniCore
import MiniMediaTesting
import Testing

@Suite("Storage: setStorage & co. keep JS types, persist per app in SQLite, with WeChat's limits")
struct StorageTests {
    @Test func valuesKeepTheirTypeAndKeyOrder() async throws {
        let r = try await PageRun.run("""
            const when = new Date(Date.UTC(2024, 1, 29, 12, 30, 0))
            wx.setStorageSync('s', 'text')
            wx.setStorageSync('n', 3.25)
            wx.setStorageSync('b', false)
            wx.setStorageSync('z', null)
            wx.setStorageSync('o', { zeta: 1, alpha: [1, 'two', { d: when }], u: undefined, f() {} })
            wx.setStorageSync('a', [3, 2, 1])
            wx.setStorageSync('d', when)
            wx.setStorageSync('u', undefined)
            for (const k of ['s', 'n', 'b', 'z', 'a']) { const v = wx.getStorageSync(k); console.log(k, typeof v, JSON.stringify(v)) }
            console.log('o', JSON.stringify(wx.getStorageSync('o')))
            const d = wx.getStorageSync('d')
            console.log('d', d instanceof Date, d.getTime() === when.getTime())
            console.log('u', wx.getStorageSync('u') === undefined)
            console.log('missing', JSON.stringify(wx.getStorageSync('missing')))
            wx.setStorage({ key: 'async', data: { x: 1 }, success: (res) => {
              console.log(res.errMsg)
              wx.getStorage({ key: 'async', success: (g) => console.log(g.errMsg, JSON.stringify(g.data)) })
              wx.getStorage({ key: 'nope', fail: (e) => console.log(e.errMsg, e.errno) })
              wx.getStorage({ key: 'd' }).then((g) => console.log('promise date', g.data instanceof Date))
            } })
            """)
        #expect(r.uncaught == nil)
        #expect(Array(r.lines.prefix(9)) == [
            "s string \"text\"", "n number 3.25", "b boolean false", "z object null", "a object [3,2,1]",
            "o {\"zeta\":1,\"alpha\":[1,\"two\",{\"d\":\"2024-02-29T12:30:00.000Z\"}]}", "d true true", "u true", "missing \"\"",
        ])
        #expect(Set(r.lines.dropFirst(9)) == [
            "setStorage:ok", "getStorage:ok {\"x\":1}", "getStorage:fail data not found 1300002", "promise date true",
        ])
    }

    @Test func infoRemoveClearAndBatch() async throws {
        let r = try await PageRun.run("""
            wx.setStorageSync('first', 'a'.repeat(3000))
            wx.setStorageSync('second', 2)
            wx.setStorageSync('first', 'b'.repeat(3000))
            const info = wx.getStorageInfoSync()
            console.log(JSON.stringify(info.keys), info.currentSize, info.limitSize)
            wx.removeStorageSync('first')
            console.log(JSON.stringify(wx.getStorageInfoSync().keys))
            wx.batchSetStorageSync([{ key: 'k1', value: { v: 1 } }, { key: 'k2', value: new Date(0) }])
            const [v1, v2, v3] = wx.batchGetStorageSync(['k1', 'k2', 'none'])
            console.log(JSON.stringify(v1), v2 instanceof Date, JSON.stringify(v3))
            wx.removeStorage({ key: 'k1', success: () => {
              wx.clearStorage({ success: (res) => {
                console.log(res.errMsg, JSON.stringify(wx.getStorageInfoSync().keys), wx.getStorageInfoSync().currentSize)
              } })
            } })
            """)
        #expect(r.uncaught == nil)
        #expect(r.lines == [
            "[\"first\",\"second\"] 3 10240", "[\"second\"]", "{\"v\":1} true \"\"", "clearStorage:ok [] 0",
        ])
    }

    @Test func limitsAndBadArgumentsFailWithWeChatsStrings() async throws {
        let r = try await PageRun.run("""
            const big = 'x'.repeat(1024 * 1024)
            try { wx.setStorageSync('big', big) } catch (e) { console.log(e.message) }
            wx.setStorage({ key: 'big', data: big, fail: (e) => console.log(e.errMsg, e.errno) })
            const chunk = 'y'.repeat(1000 * 1024)
            for (let i = 0; i < 10; i++) wx.setStorageSync('k' + i, chunk)
            try { wx.setStorageSync('k9', 'small'); wx.setStorageSync('k9', chunk); wx.setStorageSync('k10', chunk) } catch (e) { console.log(e.message) }
            console.log(wx.getStorageInfoSync().keys.length, wx.getStorageSync('k9').length)
            try { wx.batchSetStorageSync([{ key: 'k9', value: 'kept?' }, { key: 'k11', value: chunk }, { key: 'k12', value: chunk }]) } catch (e) { console.log(e.message) }
            console.log('batch rolled back', wx.getStorageSync('k9') === chunk, wx.getStorageSync('k11') === '')
            try { wx.setStorageSync('', 1) } catch (e) { console.log(e.message) }
            try { wx.setStorageSync(5, 1) } catch (e) { console.log(e.message) }
            const cyclic = {}; cyclic.self = cyclic
            try { wx.setStorageSync('c', cyclic) } catch (e) { console.log(e.message.split(':').slice(0, 3).join(':')) }
            wx.getStorage({ fail: (e) => console.log(e.errMsg) })
            """)
        #expect(r.uncaught == nil)
        #expect(Array(r.lines.prefix(8)) == [
            "setStorageSync:fail exceed storage item max length",
            "setStorageSync:fail exceed storage max size 10Mb",
            "10 1024000",
            "batchSetStorageSync:fail exceed storage max size 10Mb",
            "batch rolled back true true",
            "setStorageSync:fail parameter error: parameter.key should not be empty;",
            "setStorageSync:fail parameter error: parameter.key should be String instead of Number;",
            "setStorageSync:fail parameter error: parameter.data cannot be serialised",
        ])
        #expect(Set(r.lines.dropFirst(8)) == [
            "setStorage:fail exceed storage item max length 1300202",
            "getStorage:fail parameter error: parameter.key should be String instead of Undefined;",
        ])
    }

    @Test func persistsAcrossRunsPerAppAndOpensNothingUntilUsed() async throws {
        let dir = TemporaryDirectory()
        let idle = try await PageRun.run("console.log('no storage used')", directory: dir)
        let db = idle.session.sandbox.root.appendingPathComponent("storage.sqlite").path
        #expect(!FileManager.default.fileExists(atPath: db))
        _ = try await PageRun.run("wx.setStorageSync('kept', { runs: 1 }); wx.setStorageSync('when', new Date(86400000))", directory: dir)
        #expect(FileManager.default.fileExists(atPath: db))
        let second = try await PageRun.run(
            "console.log(JSON.stringify(wx.getStorageSync('kept')), wx.getStorageSync('when').toISOString())", directory: dir)
        #expect(second.lines == ["{\"runs\":1} 1970-01-02T00:00:00.000Z"])
    }

    @Test func aRemovedDataDirIsAStorageFault() async throws {
        let r = try await PageRun.run("""
            try { wx.setStorageSync('k', 1) } catch (e) { console.log(e.message) }
            wx.getStorageInfo({ fail: (e) => console.log(e.errMsg) })
            """, prepare: { session in try FileManager.default.removeItem(at: session.sandbox.root) })
        #expect(r.lines == [
            "setStorageSync:fail data directory was removed or replaced", "getStorageInfo:fail data directory was removed or replaced",
        ])
    }

    @Test(arguments: [Dialect.swan, .tt])
    func baiduAndDouyinAreLikeWeChat(dialect: Dialect) async throws {
        let ns = dialect.namespace
        let r = try await PageRun.run("""
            \(ns).setStorageSync('k', [1, { a: 2 }])
            console.log(JSON.stringify(\(ns).getStorageSync('k')))
            \(ns).getStorage({ key: 'missing', fail: (e) => console.log(e.errMsg, e.errCode !== undefined || e.errNo !== undefined) })
            """, dialect: dialect)
        #expect(r.lines == ["[1,{\"a\":2}]", "getStorage:fail data not found true"])
    }

    @Test func alipayShapes() async throws {
        let r = try await PageRun.run("""
            my.setStorageSync({ key: 'k', data: { a: 1 } })
            console.log(JSON.stringify(my.getStorageSync({ key: 'k' })))
            console.log(JSON.stringify(my.getStorageSync({ key: 'missing' })))
            my.setStorage({ key: 'd', data: new Date(0), success: (res) => {
              console.log('set', JSON.stringify(res))
              my.getStorage({ key: 'd', success: (g) => console.log('date', g.data instanceof Date) })
              my.getStorage({ key: 'none', success: (g) => console.log('none', JSON.stringify(g)) })
            } })
            my.removeStorageSync({ key: 'k' })
            console.log(my.getStorageInfoSync().keys.includes('k'), typeof my.batchSetStorage)
            my.setStorage({ key: '', data: 1, fail: (e) => console.log(JSON.stringify(e)) })
            """, dialect: .my)
        #expect(r.uncaught == nil)
        #expect(Array(r.lines.prefix(3)) == ["{\"data\":{\"a\":1}}", "{\"data\":null}", "false undefined"])
        #expect(Set(r.lines.dropFirst(3)) == [
            "set {}", "date true", "none {\"data\":null}",
            "{\"error\":2,\"errorMessage\":\"parameter error: parameter.key should not be empty;\"}",
        ])
    }
}
