import Foundation
import MiniApp
import MiniCore
import MiniMediaTesting
import Testing

/// ES module syntax in page files and required modules, compiled to CommonJS as it loads.
@Suite("ES modules in pages and modules")
struct ESModuleTests {
    /// Runs `pkg/index.js` with the other files beside it; returns the lines printed, or the
    /// uncaught error.
    func run(_ files: [String: String], page: String) async throws -> (lines: [String], error: String?) {
        let dir = TemporaryDirectory("mm-esm")
        for (name, text) in files { try dir.write("pkg/" + name, text) }
        let path = try dir.write("pkg/index.js", page)
        let app = try MiniApp(MiniAppConfiguration(path: path.path, dataDirectory: dir.file("data"), clock: ManualClock()))
        _ = await app.open()
        _ = await app.stop()
        return (app.logLines, app.uncaughtError)
    }

    @Test func everyImportAndExportForm() async throws {
        let files = [
            "utils/util.js": """
                export const answer = 42, [first, second] = ['a', 'b']
                export let counter = 0
                export function bump() { counter += 1; return counter }
                export class Box { constructor(v) { this.v = v } }
                const hidden = 'h'
                export { hidden as visible, hidden }
                export default function (x) { return 'default:' + x }
                """,
            "utils/more.js": """
                export * from './util'
                export * as ns from './util'
                export { answer as renamed, default } from './util'
                export var extra = 'extra'
                """,
            "utils/side.js": "globalThis.sideEffect = 'ran'\n",
            "utils/obj.js": "export default { kind: 'object' }\n",
            "utils/cls.js": "export default class { hello() { return 'hi' } }\n",
            "legacy.js": "module.exports = { old: 'cjs' }\n",
        ]
        let page = """
            import fmt, { answer, first, second, counter, bump, Box as B, visible } from './utils/util'
            import * as more from './utils/more'
            import './utils/side'
            import obj from './utils/obj'
            import Cls from './utils/cls'
            import legacy, { old } from './legacy'
            console.log(fmt('x'), answer, first, second, new B(3).v, visible)
            console.log('live', counter, bump(), counter, bump(), counter)
            console.log('more', more.renamed, more.extra, more.ns.answer, more.default('y'), more.answer, typeof more.bump)
            console.log('side', globalThis.sideEffect, obj.kind, new Cls().hello())
            console.log('cjs', legacy.old, old, JSON.stringify(Object.keys(more).sort()))
            const util = require('./utils/util')
            console.log('esModule', util.__esModule, Object.keys(util).join(','))
            Page({ data: { answer } })
            """
        let r = try await run(files, page: page)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.lines == [
            "default:x 42 a b 3 h",
            "live 0 1 1 2 2",
            "more 42 extra 42 default:y 42 function",
            "side ran object hi",
            #"cjs cjs cjs ["Box","answer","bump","counter","default","extra","first","hidden","ns","renamed","second","visible"]"#,
            "esModule true answer,first,second,counter,bump,Box,visible,hidden,default",
        ])
    }

    @Test func circularImportsSeeLiveBindings() async throws {
        let files = [
            "a.js": """
                import { b, fromB } from './b'
                export const a = 'A'
                export function callB() { return b() + '+' + fromB }
                """,
            "b.js": """
                import { a, callB } from './a'
                export const fromB = 'B'
                export function b() { return 'b saw ' + a }
                export const early = typeof callB
                """,
        ]
        let page = """
            import { callB } from './a'
            import { early } from './b'
            console.log(callB(), early)
            Page({})
            """
        let r = try await run(files, page: page)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.lines == ["b saw A+B function"])
    }

    @Test func shadowedNamesAreLeftAlone() async throws {
        let files = ["m.js": "export const x = 'module x'; export function f() { return 'module f' }\n"]
        let page = """
            import { x, f } from './m'
            function g(x) { return x }
            const h = (x) => x + '!'
            const k = x => x + '?'
            function l() { var x = 'var x'; return x }
            function m() { { let x = 'block x' } return x }
            try { throw 'caught' } catch (x) { console.log(x) }
            const o = { x, f, y: x, z() { return x }, ['w']: 1 }
            class C { x = 1; f() { return f() } }
            console.log(g('param'), h('arrow'), k('single'), l(), m(), o.x, o.f(), o.y, o.z(), new C().f(), o.x.length)
            label: for (const x of ['loop']) { console.log(x); break label }
            console.log(`${x} in template`, typeof x, f.call(null))
            Page({})
            """
        let r = try await run(files, page: page)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.lines == [
            "caught",
            "param arrow! single? var x module x module x module f module x module x module f 8",
            "loop",
            "module x in template string module f",
        ])
    }

    @Test func trickyLexingIsNotModuleSyntax() async throws {
        let page = #"""
            export const out = []
            const obj = { export: 1, import: 2 }
            obj.export = obj.import + 1
            const s = "import x from 'nowhere'"
            const t = `export default ${ { a: 'export const no = 1' }.a } import`
            // import y from 'nowhere'
            /* export const z = 1 */
            const re = /export \/ import/g, half = (obj.export) / 2 / 1
            function f() { return /import[/]x/.test('import/x') }
            if (half) /export/.test('export') && out.push('regex after if')
            out.push(obj.export, s.length, t, re.source, half, f())
            console.log(JSON.stringify(out))
            Page({})
            """#
        let r = try await run([:], page: page)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.lines == [#"["regex after if",3,23,"export default export const no = 1 import","export \\/ import",1.5,true]"#])
    }

    @Test func dynamicImportWorksAndImportMetaFails() async throws {
        let r = try await run(["m.js": "export default 'dyn'\nexport const n = 1\n"], page: """
            import('./m').then(ns => console.log('dynamic', ns.default, ns.n))
            Page({})
            """)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.lines == ["dynamic dyn 1"])
        let meta = try await run([:], page: "export const u = 1\nconsole.log(import.meta.url)\nPage({})\n")
        #expect(meta.error?.hasPrefix("SyntaxError: index.js:2:13: import.meta is not supported") == true, "\(meta.error ?? "")")
    }

    @Test func syntaxErrorsNameFileLineAndColumn() async throws {
        let cases: [(String, String)] = [
            ("const a = 1\nimport { x y } from './m'\n", "SyntaxError: index.js:2:12: Unexpected token 'y'"),
            ("const a = 1\nimport { x from './m'\n", "SyntaxError: index.js:3:1: Unexpected end of script"),
            ("export { a, a }\nconst a = 1\n", "SyntaxError: index.js:1:13: Duplicate export of 'a'"),
            ("const s = 'open\nexport default 1\n", "SyntaxError: index.js:1:11: Unterminated string literal"),
            ("export const t = `never closed ${1}\n", "SyntaxError: index.js:1:36: Unterminated template literal"),
            ("foo(); x = 1 export const y = 2\n", "SyntaxError: index.js:1:14: Unexpected keyword 'export'"),
        ]
        for (page, message) in cases {
            let r = try await run([:], page: page)
            #expect(r.error?.hasPrefix(message) == true, "\(page): \(r.error ?? "no error")")
        }
    }
}
