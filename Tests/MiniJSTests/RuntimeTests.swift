import Foundation
import MiniCore
import MiniHost
import MiniJS
import Testing

@Suite("Runtime: timers, console, errors, events, callbacks")
struct RuntimeTests {
    @Test func timersAndMicrotasksOrder() async throws {
        let h = try JSHarness()
        await h.run("""
            setTimeout(() => console.log('t30'), 30)
            setTimeout(() => console.log('t10'), 10)
            setTimeout(() => console.log('t0-a'), 0)
            setTimeout(() => console.log('t0-b'))
            Promise.resolve().then(() => console.log('micro'))
            queueMicrotask(() => console.log('queued'))
            let n = 0
            const iv = setInterval(() => {
              console.log('iv', ++n)
              if (n === 3) { clearInterval(iv); setTimeout((a, b) => console.log('args', a, b), 40, 'x', 2) }
            }, 5)
            const cancelled = setTimeout(() => console.log('never'), 1)
            clearTimeout(cancelled)
            console.log('sync')
            """)
        let lines = h.lines
        #expect(Array(lines.prefix(5)) == ["sync", "micro", "queued", "t0-a", "t0-b"])
        #expect(lines.filter { $0.hasPrefix("iv") } == ["iv 1", "iv 2", "iv 3"])
        #expect(lines.firstIndex(of: "t10")! < lines.firstIndex(of: "t30")!)
        #expect(lines.last == "args x 2")
        #expect(!lines.contains("never"))
    }

    @Test func consoleFormatsObjects() async throws {
        let h = try JSHarness()
        await h.run("""
            console.log('s', 1, true, null, undefined, [1, 'a'], { a: { b: [] }, 'x-y': 2 }, new ArrayBuffer(3))
            console.log('%s is %d years', 'Tom', 7)
            console.warn('careful')
            """)
        #expect(h.lines == ["s 1 true null undefined [ 1, 'a' ] { a: { b: [] }, 'x-y': 2 } ArrayBuffer { byteLength: 3 }", "Tom is 7 years"])
        #expect(h.output.errors == ["careful"])
    }

    @Test func uncaughtErrorStopsWithStack() async throws {
        let h = try JSHarness()
        let result = await h.run("""
            function inner() { throw new TypeError('bad thing') }
            setTimeout(() => inner(), 1)
            setTimeout(() => console.log('after'), 50)
            """)
        #expect(result == .uncaughtError)
        #expect(h.uncaughtError?.hasPrefix("TypeError: bad thing") == true)
        #expect(h.uncaughtError?.contains("inner@test.js:1") == true)
        #expect(!h.lines.contains("after"))
    }

    @Test func errorInCallbackIsUncaught() async throws {
        let h = try JSHarness()
        #expect(await h.run("wx.getSetting({ success() { undefinedFunction() } })") == .uncaughtError)
        #expect(h.uncaughtError?.contains("undefinedFunction") == true)
    }

    static func eventRegistry() -> APIRegistry {
        var r = APIRegistry.foundation()
        r.add([
            APIDeclaration("onTestPing", .event("testPing")),
            .async("emitPing", .immediate { req in
                req.session.events.emit("testPing", target: nil, payload: req.args["payload"] ?? .null)
                return .object([:])
            }),
            .async("echo", .immediate { req in req.args }),
            .async("callMeBack", .immediate { req in
                guard case .function(let f)? = req.args["fn"] else { throw MediaError.parameter("fn") }
                req.session.events.invoke(f, [42, "x"])
                return .object([:])
            }),
            .async("holdLoop", .immediate { req in
                let token = req.session.events.keepAlive("test")
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) {
                    req.session.events.emit("testPing", target: nil, payload: "late")
                    token.end()
                }
                return .object([:])
            }),
        ])
        return r
    }

    @Test func onOffEvents() async throws {
        let h = try JSHarness(registry: Self.eventRegistry())
        await h.run("""
            const a = p => console.log('a', p.n)
            const b = p => console.log('b', p.n)
            wx.onTestPing(a); wx.onTestPing(b); wx.onTestPing(a)
            wx.emitPing({ payload: { n: 1 }, success() {
              wx.offTestPing(a)
              wx.emitPing({ payload: { n: 2 }, success() { wx.offTestPing(); wx.emitPing({ payload: { n: 3 } }) } })
            } })
            """)
        #expect(h.lines == ["a 1", "b 1", "b 2"])
    }

    @Test func valuesRoundTripThroughNative() async throws {
        let h = try JSHarness(registry: Self.eventRegistry())
        await h.run(#"""
            const input = { q: 'q"uo\\te\n\t\u0001', neg: -0, big: 1e21, exp: 1.5e-7, frac: 0.1 + 0.2, max: 2 ** 53,
              list: [1, null, { deep: 'ü😀\u2028' }, [], {}], yes: true, none: null, n: -42 }
            wx.echo({ payload: input, success(res) {
              console.log(JSON.stringify(res.payload) === JSON.stringify(input), Object.is(res.payload.neg, -0))
              console.log(JSON.stringify(res.payload))
            } })
            """#)
        #expect(h.lines.first == "true true")
    }

    @Test func nativeCallsJSFunctionArguments() async throws {
        let h = try JSHarness(registry: Self.eventRegistry())
        await h.run("wx.callMeBack({ fn: (n, s) => console.log('called', n, s) })")
        #expect(h.lines == ["called 42 x"])
    }

    @Test func keepAliveHoldsTheLoop() async throws {
        let h = try JSHarness(registry: Self.eventRegistry())
        await h.run("wx.onTestPing(p => console.log('got', p)); wx.holdLoop()")
        #expect(h.lines == ["got late"])
    }

    @Test func timeoutEndsARunThatNeverIdles() async throws {
        let h = try JSHarness()
        let started = Date()
        #expect(await h.run("setInterval(() => {}, 10)", timeout: 0.3) == .timedOut)
        // Without the deadline it would never end; the bound only has to tell that apart from a
        // loaded machine, where the suite's CPU-heavy tests can hold both pool threads for seconds.
        #expect(Date().timeIntervalSince(started) < 60)
    }
}
