import CJavaScriptCore
import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

/// Page code is untrusted: it reaches the host only through registered APIs, and nothing it
/// passes to anything it can reach crashes the host or reads outside the sandbox.
@Suite("Hostile page code")
struct HostilePageTests {
    /// The names a pristine JavaScriptCore global has: the standard built-ins we do not probe.
    static func standardGlobals() -> Set<String> {
        let ctx = JSGlobalContextCreate(nil)!
        defer { JSGlobalContextRelease(ctx) }
        let src = JSStringCreateWithUTF8CString("JSON.stringify(Object.getOwnPropertyNames(globalThis))")
        defer { JSStringRelease(src) }
        let v = JSEvaluateScript(ctx, src, nil, nil, 1, nil)!
        let s = JSValueToStringCopy(ctx, v, nil)!
        defer { JSStringRelease(s) }
        let text = String(decoding: UnsafeBufferPointer(start: JSStringGetCharactersPtr(s), count: JSStringGetLength(s)), as: UTF16.self)
        return Set(try! JSONDecoder().decode([String].self, from: Data(text.utf8)))
    }

    static func app(_ dir: TemporaryDirectory, js: String, dialect: Dialect = .wx) throws -> MiniApp {
        let pkg = dir.file("package")
        try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
        try js.write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try #"<camera id="cam"></camera>"#.write(to: pkg.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        var camera = CameraEnvironment(spec: .synthetic(width: 160, height: 120, frameRate: 30), scanFrameBudget: 3)
        camera.albumImage = nil
        var config = MiniAppConfiguration(
            path: pkg.appendingPathComponent("index.js").path, dialect: dialect, modules: StandardModules.make(camera: camera),
            user: ScriptedUser(consent: .deny, picking: .cancel), dataDirectory: dir.file("data"), clock: ManualClock())
        // A deadline, not a wait: generous enough for 50 MB strings on a loaded 2-core machine.
        config.timeout = 120
        // Every call is an event too: keep them all, so the attempt lines are still there.
        config.eventHistory = 500_000
        return try MiniApp(config)
    }

    @Test func noInternalsAreReachable() async throws {
        let dir = TemporaryDirectory("hostile")
        let app = try Self.app(dir, js: """
            Page({ probe() {
              const g = Function('return this')()
              const names = Object.getOwnPropertyNames(g)
              console.log('internal globals:', names.filter(n => /^__|native/i.test(n)).join(',') || 'none')
              console.log('this in sloppy function:', (function () { return this })() === g)
              let leaked = []
              try { leaked.push(typeof __mm_native) } catch (e) { leaked.push('throws') }
              console.log('__mm_native:', leaked.join())
              console.log('global require:', typeof g.require, 'module require:', typeof require)
              try { wx.getSetting.caller } catch (e) { console.log('caller:', e.constructor.name) }
              console.log('api props:', Object.getOwnPropertyNames(wx.getSetting).sort().join(','))
              console.log('proto props:', Object.getOwnPropertyNames(Object.getPrototypeOf(wx.getFileSystemManager())).filter(k => typeof wx.getFileSystemManager()[k] !== 'function').join(',') || 'none')
              // Replacing intrinsics and the namespace itself does not break the host for other calls.
              const saved = { Promise, JSON, Map, apply: Function.prototype.apply, call: Function.prototype.call }
              Map.prototype.get = () => { throw new Error('poisoned') }
              Map.prototype.set = () => { throw new Error('poisoned') }
              Function.prototype.apply = () => { throw new Error('poisoned') }
              g.Promise = function () { throw new Error('poisoned') }
              g.JSON = { parse() { throw new Error('poisoned') }, stringify() { throw new Error('poisoned') } }
              wx.getSetting = null
              setTimeout(() => console.log('timer still fires'), 1)
              wx.getFileInfo({ filePath: 'wxfile://usr/none', fail: (e) => console.log('callback still arrives', e.errno) })
              wx.getSystemInfo().then((r) => console.log('promise still resolves', r.errMsg))
              this.setData({ a: 1 }, () => console.log('setData callback still runs'))
              Object.assign(g, saved)
            } })
            """)
        #expect(await app.open())
        #expect(await app.tap("probe"))
        _ = await app.stop()
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        let lines = app.logLines
        #expect(lines.contains("internal globals: none"))
        #expect(lines.contains("__mm_native: undefined"))
        #expect(lines.contains("global require: undefined module require: function"))
        #expect(lines.contains("caller: TypeError"))
        #expect(lines.contains("api props: length,name"))
        #expect(lines.contains("timer still fires"))
        #expect(lines.contains("callback still arrives 1300002"))
        #expect(lines.contains("promise still resolves getSystemInfo:ok"))
        #expect(lines.contains("setData callback still runs"))
    }

    /// Enumerates every non-standard global and every property reachable from it (3 levels,
    /// prototypes included, plus the objects factories return) and calls each function with
    /// hostile arguments. The process must survive, every call must end in a value, a platform
    /// failure or a thrown error, and nothing from outside the sandbox may come back.
    @Test func everyReachableFunctionSurvivesHostileArguments() async throws {
        let dir = TemporaryDirectory("hostile")
        let outside = dir.file("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let canary = "CANARY-\(UUID().uuidString)"
        try canary.write(to: outside.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        let secret = outside.appendingPathComponent("secret.txt").path
        // `global` is the global object itself (as mini-program code expects): walking it would
        // only reach the standard globals again under another name.
        let standard = Self.standardGlobals().subtracting(["console"]).union(["global"])
        let standardJSON = String(decoding: try JSONEncoder().encode(standard.sorted()), as: UTF8.self)
        let app = try Self.app(dir, js: """
            const STANDARD = new Set(\(standardJSON))
            const SECRET = \(String(reflecting: secret))
            Page({ attack() {
              const g = Function('return this')()
              const noop = function () {}
              const cyclic = { a: 1 }; cyclic.self = cyclic
              let dag = { leaf: 1 }; for (let i = 0; i < 30; i++) dag = { l: dag, r: dag }
              const sparse = []; sparse.length = 1e8
              const throwing = { get filePath() { throw new Error('getter') }, get success() { throw new Error('getter') } }
              const proxy = new Proxy({}, { get() { throw new Error('trap') }, ownKeys() { throw new Error('trap') }, has() { throw new Error('trap') } })
              const arrayProxy = new Proxy([1, 2], { get(t, k) { if (k === 'length') throw new Error('trap'); return t[k] } })
              const badString = { toString() { throw new Error('toString') }, valueOf() { throw new Error('valueOf') } }
              const errorWithBadStack = new Error('x'); Object.defineProperty(errorWithBadStack, 'stack', { get() { throw new Error('stack') } })
              const paths = [SECRET, '/etc/passwd', '../../../../../../etc/passwd', 'wxfile://usr/../../../../etc/passwd', 'wxfile://usr/a\\u0301/../../../etc/passwd', 'http://169.254.169.254/latest', '\\u0000']
              const values = [undefined, null, NaN, Infinity, -Infinity, -1, 0, 1e308, 2 ** 53, '', 'x'.repeat(10000), true, Symbol('s'), noop,
                {}, [], Object.create(null), cyclic, dag, sparse, throwing, proxy, arrayProxy, badString, errorWithBadStack,
                new Uint8Array(4), new ArrayBuffer(8), new Uint8Array(new ArrayBuffer(16), 4, 4), ...paths,
                { filePath: SECRET, src: SECRET, url: SECRET, path: SECRET, tempFilePath: SECRET, dirPath: '/', success: noop, fail: noop },
                { filePath: 'wxfile://usr/x', data: 'y', encoding: 'nope', success: noop, fail: noop, complete: noop }]
              const argLists = values.map(v => [v]).concat([[], [SECRET, 'utf8'], [noop, NaN, true], [proxy, proxy, proxy]])

              // Collect functions: non-standard globals, 3 levels deep, prototypes included.
              const found = []
              const seen = new Set([Object.prototype, Function.prototype, Array.prototype])
              function walk(owner, label, depth) {
                if (owner === null || (typeof owner !== 'object' && typeof owner !== 'function') || seen.has(owner) || depth > 3) return
                seen.add(owner)
                let o = owner
                for (let level = 0; o && level < 3 && !(level > 0 && seen.has(o) && o !== owner); level++) {
                  let names = []
                  try { names = Object.getOwnPropertyNames(o) } catch (e) {}
                  for (const name of names) {
                    if (['caller', 'arguments', 'prototype', 'constructor'].includes(name)) continue
                    let v
                    try { v = owner[name] } catch (e) { continue }
                    const path = label + '.' + name
                    if (typeof v === 'function') found.push([owner, path, v])
                    if (v && typeof v === 'object') walk(v, path, depth + 1)
                  }
                  o = Object.getPrototypeOf(o)
                  if (o === Object.prototype || o === Function.prototype) break
                }
              }
              for (const name of Object.getOwnPropertyNames(g)) if (!STANDARD.has(name)) {
                if (typeof g[name] === 'function') found.push([g, name, g[name]])
                walk(g[name], name, 1)
              }
              walk(this, 'page', 1)
              walk(getApp(), 'getApp()', 1)
              // Objects factories make.
              for (const ns of ['wx']) {
                for (const name of Object.keys(g[ns])) {
                  if (!/^(create|get).*(Context|Manager)$/.test(name)) continue
                  try { walk(g[ns][name](), ns + '.' + name + '()', 1) } catch (e) {}
                  try { walk(g[ns][name]('cam'), ns + '.' + name + "('cam')", 1) } catch (e) {}
                }
              }
              const report = new Map()
              let leaks = 0
              for (const [owner, path, fn] of found) {
                if (/^(setInterval|Page|App|Component|page\\.attack)$/.test(path)) continue
                const outcomes = report.get(path) || {}
                for (const args of argLists) {
                  let outcome
                  try {
                    const r = fn.apply(owner, args)
                    if (r && typeof r.then === 'function') { r.then(noop, noop); outcome = 'promise' } else outcome = 'returned'
                    try { if (r !== undefined && !values.includes(r) && String(JSON.stringify(r)).includes('CANARY')) leaks++ } catch (e) {}
                  } catch (e) {
                    outcome = (e && e.constructor && e.constructor.name) || typeof e
                  }
                  outcomes[outcome] = (outcomes[outcome] || 0) + 1
                }
                report.set(path, outcomes)
              }
              for (let id = 1; id < 5000; id++) clearInterval(id)
              for (const [path, outcomes] of report) console.log('attempt', path, JSON.stringify(outcomes))
              console.log('functions', report.size, 'calls', report.size * argLists.length, 'leaks', leaks)
            } })
            """)
        #expect(await app.open())
        await app.tap("attack")
        _ = await app.stop()
        let lines = app.logLines
        for line in lines where line.hasPrefix("attempt ") { print(line) }
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        let summary = try #require(lines.last { $0.hasPrefix("functions ") })
        print(summary)
        #expect(summary.hasSuffix("leaks 0"))
        let functions = Int(summary.split(separator: " ")[1]) ?? 0
        #expect(functions > 130, "only \(functions) functions were reachable")
        // Nothing the host sent back (results, events, console) carries the outside file.
        let everything = app.events.map { "\($0)" }.joined(separator: "\n")
        #expect(!everything.contains(canary))
        for api in ["wx.getFileSystemManager().readFile", "wx.getImageInfo", "wx.canIUse", "setTimeout", "console.log"] {
            #expect(lines.contains { $0.hasPrefix("attempt \(api) ") }, "\(api) was not probed")
        }
    }

    @Test func hugeAndNastyArgumentsFailCleanly() async throws {
        let dir = TemporaryDirectory("hostile")
        let app = try Self.app(dir, js: """
            Page({ attack() {
              const big = 'x'.repeat(50 * 1024 * 1024)
              const fs = wx.getFileSystemManager()
              const log = (label) => ({ success: () => console.log(label, 'ok'), fail: (e) => console.log(label, e.errMsg.slice(0, 120)) })
              wx.getImageInfo({ src: big, ...log('getImageInfo big') })
              fs.writeFile({ filePath: `${wx.env.USER_DATA_PATH}/big.txt`, data: big, ...log('writeFile big') })
              const sparse = []; sparse.length = 1e8
              wx.getFileInfo({ filePath: sparse, ...log('sparse') })
              let dag = { leaf: 1 }; for (let i = 0; i < 30; i++) dag = { l: dag, r: dag }
              wx.getFileInfo({ filePath: 'wxfile://usr/x', extra: dag, ...log('dag') })
              const cyclic = {}; cyclic.me = cyclic
              wx.getFileInfo({ filePath: 'wxfile://usr/x', extra: cyclic, ...log('cyclic') })
              wx.getFileInfo({ filePath: 'wxfile://usr/x', get digestAlgorithm() { throw new Error('no') }, ...log('getter') })
              wx.getFileInfo(new Proxy({}, { ownKeys() { throw new Error('no') } })).catch((e) => console.log('proxy', e.errMsg))
              wx.getFileInfo({ filePath: 'x', get success() { throw new Error('no') }, fail: (e) => console.log('throwing callback getter', e.errMsg) })
              try { this.setData({ huge: sparse }) } catch (e) { console.log('setData', e.message) }
              try { wx.canIUse(big) } catch (e) { console.log('canIUse big', e.message) }
              try { wx.canIUse(NaN) } catch (e) { console.log('canIUse nan', e.message) }
            } })
            """)
        #expect(await app.open())
        await app.tap("attack")
        _ = await app.stop()
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        let lines = app.logLines
        #expect(lines.contains("sparse getFileInfo:fail parameter error: parameter.filePath is an array too long to read (length 100000000);"))
        // Shared subtrees are counted each time they are reached: the DAG fails fast, not in minutes.
        #expect(lines.contains { $0.hasPrefix("dag getFileInfo:fail parameter error: parameter.extra.") && $0.contains("has too many") })
        #expect(lines.contains("cyclic getFileInfo:fail parameter error: parameter.extra.me refers back to itself (cyclic);"))
        #expect(lines.contains("getter getFileInfo:fail parameter error: parameter.digestAlgorithm could not be read;"))
        #expect(lines.contains("proxy getFileInfo:fail parameter error: parameter could not be read;"))
        #expect(lines.contains("throwing callback getter getFileInfo:fail parameter error: parameter could not be read;"))
        #expect(lines.contains("setData setData: parameter error: data.huge is an array too long to read (length 100000000);"))
        #expect(lines.contains("getImageInfo big getImageInfo:fail parameter error: parameter.src is too long (strings over 67108864 characters in all);") == false)
        #expect(lines.contains { $0.hasPrefix("getImageInfo big getImageInfo:fail") })
        #expect(lines.contains { $0.hasPrefix("writeFile big") })
        #expect(lines.contains("canIUse nan canIUse:fail parameter error: parameter.schema should be String instead of Number;"))
    }
}
