import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import Testing

/// Every API the registry declares, in every dialect, called with options page code made
/// hostile (throwing getters, Proxies whose traps throw, Errors whose `stack`/`message`/`toString`
/// throw, `Symbol.toPrimitive` that throws, callbacks behind throwing getters): each call ends in
/// the platform's fail or a TypeError, never a crash, a hang or an uncaught host error.
@Suite("Hostile options, for every API in the registry")
struct HostileOptionsTests {
    /// How each declared function of `dialect` is called: `{name: kind}` for globals and for the
    /// members of native object classes (kinds: async, sync, direct, factory, event, off; a member
    /// name two classes declare differently — RecorderManager's async `stop`, InnerAudioContext's
    /// direct one — is `mixed`: attacked, but not counted).
    static func surface(_ registry: APIRegistry, _ dialect: Dialect) -> (globals: [String: String], members: [String: String]) {
        func add(_ d: APIDeclaration, into table: inout [String: String]) {
            switch d.kind {
            case .async(_, let sync, _):
                table[d.name] = "async"
                if let sync { table[sync.name] = "sync" }
            case .direct: table[d.name] = "direct"
            case .factory: table[d.name] = "factory"
            case .event:
                table[d.name] = "event"
                table["off" + d.name.dropFirst(2)] = "off"
            case .property, .constant: break
            }
        }
        var globals: [String: String] = [:]
        for d in registry.globals where d.dialects.contains(dialect) { add(d, into: &globals) }
        var members: [String: String] = [:]
        for (_, c) in registry.classes {
            var own: [String: String] = [:]
            for m in c.members { add(m, into: &own) }
            for (name, kind) in own { members[name] = members[name].map { $0 == kind ? kind : "mixed" } ?? kind }
        }
        return (globals, members)
    }

    static func json(_ table: [String: String]) -> String {
        String(decoding: try! JSONEncoder().encode(table), as: UTF8.self)
    }

    @Test(arguments: Dialect.allCases)
    func everyAPIFailsCleanlyOnHostileOptions(dialect: Dialect) async throws {
        let dir = TemporaryDirectory("hostile-options")
        // The registry the app really runs with (foundation + camera + photos + …).
        let probeDir = TemporaryDirectory("hostile-probe")
        let probe = try HostilePageTests.app(probeDir, js: "Page({})", dialect: dialect)
        let (globals, members) = Self.surface(probe.session.registry, dialect)
        _ = await probe.stop()
        #expect(globals.count > 15, "\(globals.count) globals in \(dialect)")
        let app = try HostilePageTests.app(dir, js: """
            const GLOBALS = \(Self.json(globals)), MEMBERS = \(Self.json(members))
            const ns = \(dialect.namespace)
            const hostileError = new Error('hostile')
            for (const k of ['stack', 'message', 'name']) Object.defineProperty(hostileError, k, { get() { throw hostileError } })
            hostileError.toString = () => { throw hostileError }
            const toPrim = { [Symbol.toPrimitive]() { throw hostileError }, toJSON() { throw hostileError } }
            const revoked = Proxy.revocable({}, {}); revoked.revoke()
            const results = {}, counts = { calls: 0, async: 0, completes: 0 }
            const bad = []
            function record(label, outcome) { results[label] = results[label] || {}; results[label][outcome] = (results[label][outcome] || 0) + 1 }
            // Options whose non-callback keys cannot be read, in several ways; callbacks readable.
            function kinds(cbs) {
              return {
                getter: Object.assign({ get filePath() { throw hostileError }, get src() { throw toPrim }, get x() { throw revoked.proxy } }, cbs),
                proxy: new Proxy(cbs, {
                  ownKeys: () => ['x'].concat(Object.keys(cbs)),
                  getOwnPropertyDescriptor: (t, k) => ({ value: cbs[k], enumerable: true, configurable: true, writable: true }),
                  get: (t, k) => { if (k in cbs) return cbs[k]; throw hostileError },
                }),
                keys: new Proxy(cbs, { ownKeys() { throw hostileError } }),
                values: Object.assign({ filePath: hostileError, src: toPrim, data: revoked.proxy, x: [hostileError, toPrim], y: { z: revoked.proxy } }, cbs),
              }
            }
            function classify(e) {
              if (e instanceof TypeError) return 'TypeError'
              let m
              try { m = String(e && e.message) } catch (x) { return 'unreadable' }
              return /:fail/.test(m) ? 'fail' : 'other: ' + m.slice(0, 80)
            }
            function attack(owner, label, name, kind) {
              const fn = owner[name]
              if (typeof fn !== 'function') return
              for (const [kindName] of Object.entries(kinds({}))) {
                let settled = 0
                const cbs = {
                  success: () => { record(label, 'success ' + kindName); if (kindName !== 'values') bad.push(label + ' succeeded with ' + kindName) },
                  fail: (e) => record(label, 'fail'),
                  complete: () => { if (kind !== 'mixed') counts.completes++; if (++settled > 1) bad.push(label + ' completed twice') },
                }
                const options = kinds(cbs)[kindName]
                counts.calls++
                if (kind === 'async') counts.async++
                try {
                  const r = fn.call(owner, options)
                  if (r && typeof r.then === 'function') r.then(() => {}, () => {})
                  record(label, 'returned')
                  // Options that cannot be read are refused (APIs that take none do not read them).
                  if (kindName !== 'values' && (kind === 'factory' || kind === 'event'))
                    bad.push(label + ' returned with ' + kindName)
                } catch (e) {
                  const c = classify(e)
                  record(label, c)
                  if (c !== 'TypeError' && c !== 'fail') bad.push(label + ' threw ' + c + ' with ' + kindName)
                  if (kind === 'async') counts.async--  // a sync throw, no callbacks expected
                }
              }
            }
            Page({
              attack() {
                const objects = []
                for (const [name, kind] of Object.entries(GLOBALS)) {
                  if (kind === 'factory') { for (const a of [undefined, 'cam']) { try { objects.push([name, ns[name](a)]) } catch (e) {} } }
                }
                for (const [name, kind] of Object.entries(GLOBALS)) attack(ns, 'ns.' + name, name, kind)
                for (const [made, obj] of objects) {
                  for (const [name, kind] of Object.entries(MEMBERS)) attack(obj, made + '().' + name, name, kind)
                }
                // Hostile values elsewhere: console, setData, timers.
                console.log(hostileError, toPrim, revoked.proxy, new Proxy({}, { get() { throw hostileError }, ownKeys() { throw hostileError } }))
                for (const v of [hostileError, toPrim, revoked.proxy, { a: toPrim }]) {
                  try { this.setData({ v }) } catch (e) { record('setData', classify(e)) }
                }
                try { setTimeout(toPrim, toPrim) } catch (e) { record('setTimeout', classify(e)) }
                setTimeout(() => console.log('calls', counts.calls, 'async', counts.async, 'completes', counts.completes, 'bad', JSON.stringify(bad)), 3000)
              },
            })
            """, dialect: dialect)
        #expect(await app.open())
        await app.tap("attack")
        _ = await app.stop()
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        let summary = try #require(app.logLines.last { $0.hasPrefix("calls ") }, "\(app.logLines.suffix(5))")
        print(dialect, summary.prefix(300))
        let parts = summary.split(separator: " ", maxSplits: 7)
        let (calls, asyncCalls, completes) = (Int(parts[1]) ?? 0, Int(parts[3]) ?? -1, Int(parts[5]) ?? -2)
        #expect(calls > 250, "\(summary)")
        // Every async call that did not throw at once completed, exactly once.
        #expect(completes == asyncCalls, "\(summary)")
        #expect(summary.hasSuffix("bad []"), "\(summary)")
    }

    /// Values page code throws or rejects with, or returns from a page method, that fight being
    /// printed: each ends the run as an uncaught error with some description, never a crash.
    @Test(arguments: [
        "throw hostile", "throw prim", "throw revoked.proxy", "throw trap",
        "Promise.reject(hostile)", "return trap", "return revoked.proxy", "return { get then() { throw hostile } }",
        "setTimeout(() => { throw hostile }, 0)", "wx.getSystemInfo({ success() { throw trap } })",
    ])
    func hostileThrownValuesAreReportedNotFatal(statement: String) async throws {
        let dir = TemporaryDirectory("hostile-throw")
        let app = try HostilePageTests.app(dir, js: """
            const hostile = new Error('hostile')
            for (const k of ['stack', 'message', 'name', 'constructor']) Object.defineProperty(hostile, k, { get() { throw hostile } })
            hostile.toString = () => { throw hostile }
            const prim = { [Symbol.toPrimitive]() { throw hostile }, toJSON() { throw hostile } }
            const revoked = Proxy.revocable({}, {}); revoked.revoke()
            const trap = new Proxy(new Error('trap'), { get() { throw hostile }, getPrototypeOf() { throw hostile }, ownKeys() { throw hostile } })
            Page({ go() { \(statement) }, after() { console.log('after') } })
            """)
        #expect(await app.open())
        await app.tap("go")
        await app.tap("after")
        _ = await app.stop()
        let error = try #require(app.uncaughtError, "no uncaught error for \(statement)")
        #expect(!error.isEmpty)
        #expect(!app.logLines.contains("after"))
    }
}
