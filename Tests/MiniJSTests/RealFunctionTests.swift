import MiniCore
import MiniHost
import MiniJS
import Testing

@Suite("APIs are real JS functions: call, apply, bind and promisify wrappers work")
struct RealFunctionTests {
    @Test(arguments: Dialect.allCases)
    func wrappersWork(dialect: Dialect) async throws {
        let h = try JSHarness(dialect: dialect)
        await h.run("""
            const ns = \(dialect.namespace)
            const promisify = (fn) => (opts = {}) => new Promise((resolve, reject) => fn({ ...opts, success: resolve, fail: reject }))
            const f = ns.getSetting
            console.log(typeof f, f instanceof Function, Object.getPrototypeOf(f) === Function.prototype, f.name)
            console.log(String(f) === 'function getSetting() {\\n    [native code]\\n}', Function.prototype.toString.call(f).includes('[native code]'))
            try { new f() } catch (e) { console.log('new', e instanceof TypeError) }
            f.call(ns, { success: () => console.log('call ok') })
            f.apply(ns, [{ success: () => console.log('apply ok') }])
            const bound = f.bind(ns)
            bound({ success: () => console.log('bind ok') })
            const fs = ns.getFileSystemManager()
            console.log(typeof fs.readFile, fs.readFile instanceof Function, String(fs.readFileSync).includes('[native code]'))
            ;(async () => {
              const r = await promisify(ns.getSetting)()
              console.log('promisified', typeof r.authSetting)
              try { await promisify(fs.readFile.bind(fs))({ filePath: '\(dialect.userDataPath)/missing.txt' }) } catch (e) {
                console.log('promisified method rejects', JSON.stringify(e).includes('no such file'))
              }
              try { fs.readFileSync.call(fs, '\(dialect.userDataPath)/missing.txt') } catch (e) { console.log('sync via call throws', e instanceof Error) }
              const onOff = ns.getFileSystemManager
              console.log('factory via apply', onOff.apply(ns, []) === fs)
            })()
            """)
        #expect(h.uncaughtError == nil)
        #expect(h.lines.prefix(3) == ["function true true getSetting", "true true", "new true"])
        #expect(Set(h.lines) == [
            "function true true getSetting", "true true", "new true", "function true true",
            "call ok", "apply ok", "bind ok", "promisified object", "promisified method rejects true",
            "sync via call throws true", "factory via apply true",
        ])
    }

    @Test func consoleAndTimersAreFunctionsToo() async throws {
        let h = try JSHarness()
        await h.run("""
            console.log.call(console, 'log via call')
            setTimeout.apply(null, [() => console.log('timer via apply'), 0])
            const p = Promise.resolve().then(() => console.log('then'))
            """)
        #expect(h.lines == ["log via call", "then", "timer via apply"])
    }
}
