import MiniJS
import Testing

/// The tokenizer and the ES module compiler on their own: what is and is not module syntax,
/// regex-vs-division, templates, line keeping, and the CommonJS they produce.
@Suite("ES module compiler")
struct ESModuleCompilerTests {
    func kinds(_ source: String) throws -> [String] {
        let bytes = Array(source.utf8)
        return try JSTokenizer.tokenize(bytes).map { t in
            let text = String(decoding: bytes[t.start..<t.end], as: UTF8.self)
            return t.kind == .punctuator || t.kind == .identifier ? text : "\(t.kind):\(text)"
        }
    }

    @Test func regexOrDivisionFollowsWhatPrecedes() throws {
        #expect(try kinds("a = (b) / c / d") == ["a", "=", "(", "b", ")", "/", "c", "/", "d"])
        #expect(try kinds("return /re/g") == ["return", "regex:/re/g"])
        #expect(try kinds("if (x) /re/.test(y)") == ["if", "(", "x", ")", "regex:/re/", ".", "test", "(", "y", ")"])
        #expect(try kinds("x = {} / 2") == ["x", "=", "{", "}", "/", "number:2"])
        #expect(try kinds("{}\n/re/.x") == ["{", "}", "regex:/re/", ".", "x"])
        #expect(try kinds("a.return / 2 / b") == ["a", ".", "return", "/", "number:2", "/", "b"])
        #expect(try kinds("x = /[/]/ / 2") == ["x", "=", "regex:/[/]/", "/", "number:2"])
        #expect(try kinds("a++ / 2") == ["a", "++", "/", "number:2"])
    }

    @Test func templatesNestAndCommentsVanish() throws {
        #expect(try kinds("`a${ `b${c}` }d` // export x\n/* import y */ z") == [
            "templateHead:`a${", "templateHead:`b${", "c", "templateTail:}`", "templateTail:}d`", "z",
        ])
        #expect(try kinds("`${ {a: 1}.a }`") == ["templateHead:`${", "{", "a", ":", "number:1", "}", ".", "a", "templateTail:}`"])
        #expect(try kinds("a?.b ?.5:c") == ["a", "?.", "b", "?", "number:.5", ":", "c"])
    }

    @Test func errorsCarryLineAndColumn() {
        #expect(throws: JSSyntaxError("Unterminated string literal", line: 2, column: 5)) { try JSTokenizer.tokenize(Array("x\ny = 'a\n'".utf8)) }
        #expect(throws: JSSyntaxError("Unterminated comment", line: 1, column: 3)) { try JSTokenizer.tokenize(Array("a /* b".utf8)) }
        #expect(throws: JSSyntaxError("Unterminated regular expression literal", line: 1, column: 5)) { try JSTokenizer.tokenize(Array("x = /ab\n/".utf8)) }
        #expect(throws: JSSyntaxError("Unexpected token ')'", line: 1, column: 3)) { try JSTokenizer.tokenize(Array("a )".utf8)) }
    }

    @Test func moduleSyntaxOnlyAtTopLevel() throws {
        let scripts = [
            "const o = { export: 1, import: 2 }; o.export = o.import",
            "const s = 'export default 1' // import x from 'y'",
            "const t = `${'export'} import x from 'y'`",
            "function f() { return import_ + exported }",
            "module.exports = require('./x')",
        ]
        for s in scripts { #expect(try ESModuleCompiler.compile(s) == nil, "\(s)") }
    }

    @Test func outputKeepsLinesAndIsCommonJS() throws {
        let source = """
            import a, { b as c } from './m'

            export const x = c + 1
            export default function () { return a(c) }
            export { x as y }
            """
        let out = try #require(try ESModuleCompiler.compile(source))
        #expect(out.split(separator: "\n", omittingEmptySubsequences: false).count == 5)
        let first = out.split(separator: "\n", omittingEmptySubsequences: false)[0]
        #expect(first.hasPrefix(#""use strict"; Object.defineProperty(exports, "__esModule", { value: true });"#))
        #expect(first.contains(#"__esm_export(exports, { "x": function () { return x; }, "default": function () { return __esm_default_value; }, "y": function () { return x; } });"#))
        #expect(first.contains("var _esm_m_1 = __esm_wildcard(require('./m'));"))
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2] == "const x = _esm_m_1.b + 1")
        #expect(lines[3] == "function __esm_default_value () { return (0, _esm_m_1.default)(_esm_m_1.b) }")
        #expect(lines[4].allSatisfy { $0 == " " })
    }

    @Test func moduleErrors() {
        #expect(throws: JSSyntaxError("Duplicate export of 'a'", line: 2, column: 10)) {
            try ESModuleCompiler.compile("export const a = 1\nexport { b as a }")
        }
        #expect(throws: JSSyntaxError("Identifier 'a' has already been declared", line: 2, column: 5)) {
            try ESModuleCompiler.compile("import { a } from './m'\nlet a = 2")
        }
        #expect(throws: JSSyntaxError("import.meta is not supported: modules are compiled to CommonJS", line: 1, column: 1)) {
            try ESModuleCompiler.compile("import.meta.url")
        }
    }
}
