import MiniCore
import MiniHost
import MiniJS
import Testing

@Suite("Calling conventions from JS")
struct CallingConventionTests {
    @Test func successThenComplete() async throws {
        let h = try JSHarness()
        await h.run("""
            wx.getSetting({ success(r) { console.log('success', r.errMsg) }, complete(r) { console.log('complete', r.errMsg) } })
            console.log('sync part done')
            """)
        #expect(h.lines == ["sync part done", "success getSetting:ok", "complete getSetting:ok"])
    }

    @Test func failThenComplete() async throws {
        let h = try JSHarness()
        await h.run("""
            const ret = wx.getFileInfo({ filePath: 'wxfile://usr/none', fail(e) { console.log('fail', e.errMsg, e.errno) }, complete() { console.log('complete') } })
            console.log('returned', ret)
            """)
        #expect(h.lines == ["returned undefined", "fail getFileInfo:fail file not exist 1300002", "complete"])
    }

    @Test func promiseWhenNoCallback() async throws {
        let h = try JSHarness()
        await h.run("""
            const p = wx.getSetting()
            console.log(p instanceof Promise)
            p.then(r => console.log('resolved', r.errMsg))
            wx.getFileInfo({ filePath: 7 }).catch(e => console.log('rejected', e.errMsg, e.errno))
            """)
        // The two calls are independent: their order is not defined.
        #expect(h.lines.first == "true")
        #expect(Set(h.lines.dropFirst()) == [
            "resolved getSetting:ok",
            "rejected getFileInfo:fail parameter error: parameter.filePath should be String instead of Number; 101",
        ])
    }

    @Test func parameterMustBeObject() async throws {
        let h = try JSHarness()
        await h.run("wx.saveFile('x').catch(e => console.log(e.errMsg))")
        #expect(h.lines == ["saveFile:fail parameter error: parameter should be Object instead of String;"])
    }

    @Test func syncApiThrowsWithErrno() async throws {
        let h = try JSHarness()
        await h.run("""
            const fs = wx.getFileSystemManager()
            try { fs.readFileSync('wxfile://usr/missing.txt', 'utf8') } catch (e) {
              console.log(e instanceof Error, e.message, e.errno)
            }
            """)
        #expect(h.lines == ["true readFileSync:fail no such file or directory, open wxfile://usr/missing.txt 1300002"])
    }

    @Test func factoryReturnsTheSameObject() async throws {
        let h = try JSHarness()
        await h.run("console.log(wx.getFileSystemManager() === wx.getFileSystemManager(), typeof wx.getFileSystemManager().readFile)")
        #expect(h.lines == ["true function"])
    }

    @Test func arrayBuffersBothWays() async throws {
        let h = try JSHarness()
        await h.run("""
            const fs = wx.getFileSystemManager()
            const path = wx.env.USER_DATA_PATH + '/bin'
            fs.writeFileSync(path, new Uint8Array([1, 2, 250]).buffer)
            fs.appendFileSync(path, new Uint8Array([7]))
            const data = fs.readFileSync(path)
            console.log(data instanceof ArrayBuffer, data.byteLength, Array.from(new Uint8Array(data)).join(','))
            fs.readFile({ filePath: path, position: 1, length: 2, success: r => console.log(Array.from(new Uint8Array(r.data)).join(',')) })
            console.log(fs.readFileSync(path, 'base64'), fs.readFileSync(path, 'hex'))
            """)
        #expect(h.lines == ["true 4 1,2,250,7", "AQL6Bw== 0102fa07", "2,250"])
    }

    @Test func statsHaveMethods() async throws {
        let h = try JSHarness()
        await h.run("""
            const fs = wx.getFileSystemManager()
            fs.writeFileSync(wx.env.USER_DATA_PATH + '/a.txt', 'hi')
            const s = fs.statSync(wx.env.USER_DATA_PATH + '/a.txt')
            console.log(s.isFile(), s.isDirectory(), s.size)
            fs.stat({ path: wx.env.USER_DATA_PATH, recursive: true, success: r => console.log(r.stats.map(e => e.path + ':' + e.stats.isDirectory()).join(' ')) })
            """)
        #expect(h.lines == ["true false 2", "/:true /a.txt:false"])
    }

    @Test func canIUse() async throws {
        let h = try JSHarness()
        await h.run("console.log(wx.canIUse('getFileSystemManager'), wx.canIUse('getSavedFileList.success'), wx.canIUse('nope'))")
        #expect(h.lines == ["true true false"])
    }

    @Test func openSettingOutsideATapFails() async throws {
        let h = try JSHarness()
        await h.run("wx.openSetting({ fail: e => console.log(e.errMsg, e.errno) })")
        #expect(h.lines == ["openSetting:fail can only be invoked by user TAP gesture. 102"])
    }
}
