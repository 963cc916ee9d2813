import MiniCore
import Testing
@testable import MiniWXML

struct ExprCase: Sendable, CustomTestStringConvertible {
    let source: String
    let expected: HostValue
    init(_ source: String, _ expected: HostValue) {
        self.source = source
        self.expected = expected
    }
    var testDescription: String { "{{\(source)}}" }
}

private let nan = HostValue.number(.nan)

@Suite("Binding expressions")
struct BindingExpressionTests {
    static let cases: [ExprCase] = [
        // Paths
        ExprCase("a.b.c", 42),
        ExprCase("a['b'].c", 42),
        ExprCase("a[\"b\"][\"c\"]", 42),
        ExprCase("a[key].c", 42),
        ExprCase("list[0]", 10),
        ExprCase("list[i]", 20),
        ExprCase("list[i + 1]", 30),
        ExprCase("list['2']", 30),
        ExprCase("list.length", 3),
        ExprCase("name.length", 3),
        ExprCase("name[0]", "c"),
        ExprCase("nested[1].id", "b"),
        ExprCase("list[5]", .undefined),
        ExprCase("missing", .undefined),
        ExprCase("missing.deep.path", .undefined),
        ExprCase("nul.x", .undefined),
        ExprCase("zero.x", .undefined),
        // Literals
        ExprCase("42", 42),
        ExprCase("3.5e2", 350),
        ExprCase(".5", 0.5),
        ExprCase("0x1F", 31),
        ExprCase("'it\\'s'", "it's"),
        ExprCase("\"say \\\"hi\\\"\"", "say \"hi\""),
        ExprCase("'a\\nb\\tc'", "a\nb\tc"),
        ExprCase("'\\u0041\\x42\\u{1F600}'", "AB😀"),
        ExprCase("true", true),
        ExprCase("false", false),
        ExprCase("null", nil),
        ExprCase("undefined", .undefined),
        ExprCase("[1, i, 'x']", [1, 1, "x"]),
        ExprCase("[]", []),
        ExprCase("[1, 2].length", 2),
        ExprCase("'abc'.length", 3),
        ExprCase("{a: 1, 'b c': name}", ["a": 1, "b c": "cam"]),
        ExprCase("{...obj, z: 3}", ["x": 1, "y": 2, "z": 3]),
        ExprCase("{...obj, x: 9}", ["x": 9, "y": 2]),
        ExprCase("{name}", ["name": "cam"]),
        ExprCase("[...list, 40]", [10, 20, 30, 40]),
        ExprCase("a: 1, b: name", ["a": 1, "b": "cam"]),
        ExprCase("...obj, w: 0", ["x": 1, "y": 2, "w": 0]),
        ExprCase("pos, i", ["pos": "back", "i": 1]),
        // Arithmetic and precedence
        ExprCase("1 + 2 * 3", 7),
        ExprCase("(1 + 2) * 3", 9),
        ExprCase("10 - 4 - 3", 3),
        ExprCase("2 * 3 % 4", 2),
        ExprCase("7 / 2", 3.5),
        ExprCase("7 % 3", 1),
        ExprCase("-7 % 3", -1),
        ExprCase("5.5 % 2", 1.5),
        ExprCase("5 % 0", nan),
        ExprCase("1 / 0", .number(.infinity)),
        ExprCase("-1 / 0", .number(-.infinity)),
        ExprCase("0 / 0", nan),
        ExprCase("0.1 + 0.2", 0.30000000000000004),
        ExprCase("'a' * 2", nan),
        ExprCase("'3' * '4'", 12),
        ExprCase("'10' / '4'", 2.5),
        ExprCase("'5' - 2", 3),
        ExprCase("true + 1", 2),
        ExprCase("null + 1", 1),
        ExprCase("undefined + 1", nan),
        ExprCase("missing + 1", nan),
        // String concatenation and number formatting
        ExprCase("'5' + 2", "52"),
        ExprCase("2 + '5'", "25"),
        ExprCase("1 + 2 + 'x'", "3x"),
        ExprCase("'x' + 1 + 2", "x12"),
        ExprCase("name + '-' + i", "cam-1"),
        ExprCase("'' + (0.1 + 0.2)", "0.30000000000000004"),
        ExprCase("'' + 1.0", "1"),
        ExprCase("'' + big", "1e+21"),
        ExprCase("'' + 1e-7", "1e-7"),
        ExprCase("'' + 0.000001", "0.000001"),
        ExprCase("'' + 0 / 0", "NaN"),
        ExprCase("'' + -0", "0"),
        ExprCase("'' + 1 / 0", "Infinity"),
        ExprCase("'v' + nul", "vnull"),
        ExprCase("'v' + missing", "vundefined"),
        ExprCase("'' + flag", "true"),
        ExprCase("list + ''", "10,20,30"),
        ExprCase("obj + ''", "[object Object]"),
        ExprCase("[] + []", ""),
        ExprCase("[1, null, 2] + ''", "1,,2"),
        // Equality
        ExprCase("'5' == 5", true),
        ExprCase("'5' === 5", false),
        ExprCase("null == undefined", true),
        ExprCase("null === undefined", false),
        ExprCase("nul == missing", true),
        ExprCase("null == 0", false),
        ExprCase("undefined == false", false),
        ExprCase("0 == ''", true),
        ExprCase("0 == false", true),
        ExprCase("'1' == true", true),
        ExprCase("'abc' == 'abc'", true),
        ExprCase("0 / 0 == 0 / 0", false),
        ExprCase("-0 === 0", true),
        ExprCase("1 != 2", true),
        ExprCase("'a' !== 'a'", false),
        ExprCase("list == '10,20,30'", true),
        ExprCase("obj === obj", true),
        // Relational
        ExprCase("2 < 10", true),
        ExprCase("'2' < '10'", false),
        ExprCase("'2' < 10", true),
        ExprCase("1 <= 1", true),
        ExprCase("2 >= 3", false),
        ExprCase("'b' > 'a'", true),
        ExprCase("undefined < 1", false),
        ExprCase("undefined >= 1", false),
        ExprCase("null >= 0", true),
        ExprCase("1 + 2 > 2", true),
        // Unary
        ExprCase("!''", true),
        ExprCase("!'0'", false),
        ExprCase("!!list", true),
        ExprCase("!zero", true),
        ExprCase("!missing", true),
        ExprCase("-'3'", -3),
        ExprCase("-'abc'", nan),
        ExprCase("-name", nan),
        ExprCase("+'42'", 42),
        ExprCase("+''", 0),
        ExprCase("+' 12 '", 12),
        ExprCase("+'0x10'", 16),
        ExprCase("+nul", 0),
        ExprCase("- -1", 1),
        ExprCase("-i * 2", -2),
        // Logical operators return operands
        ExprCase("missing || 'default'", "default"),
        ExprCase("name || 'default'", "cam"),
        ExprCase("zero || empty", ""),
        ExprCase("flag && name", "cam"),
        ExprCase("zero && name", 0),
        ExprCase("empty && 1", ""),
        ExprCase("1 || 2 && 0", 1),
        ExprCase("1 == 1 && 2 == 2", true),
        // Conditional
        ExprCase("flag ? 'on' : 'off'", "on"),
        ExprCase("i > 1 ? 'big' : i > 0 ? 'one' : 'none'", "one"),
        ExprCase("zero ? 1 : flag ? 2 : 3", 2),
        ExprCase("(flag ? list : obj).length", 3),
        ExprCase("pos == 'back' ? 'front' : 'back'", "front"),
    ]

    @Test("evaluates like JavaScript", arguments: cases)
    func evaluates(_ c: ExprCase) throws {
        let expression = try BindingExpression(c.source)
        let value = expression.evaluate(sampleData)
        #expect(identical(value, c.expected), "\(c.source) → \(value), expected \(c.expected)")
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.cases.count >= 60)
    }

    @Test func parseOnceEvaluateMany() throws {
        let e = try BindingExpression("count * 2 + 1")
        #expect(e.evaluate(["count": 1]) == 3)
        #expect(e.evaluate(["count": 20]) == 41)
        #expect(e.evaluate(["count": "x"]) != e.evaluate(["count": "x"]))  // NaN
    }

    @Test func precedenceTree() throws {
        let e = try BindingExpression("1 + 2 * 3")
        #expect(e.root == .binary(.add, .literal(1), .binary(.multiply, .literal(2), .literal(3))))
    }

    @Test func rootIdentifiers() throws {
        #expect(try BindingExpression("a.b[c].d + e['f'] + (g ? h : 'x')").rootIdentifiers == ["a", "c", "e", "g", "h"])
        #expect(try BindingExpression("{k: v, ...w, z}").rootIdentifiers == ["v", "w", "z"])
        #expect(try BindingExpression("'lit' + 1").rootIdentifiers.isEmpty)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let source: String
        let message: String
        let position: Int
        var testDescription: String { "{{\(source)}}" }
    }

    @Test(
        "syntax errors carry a position",
        arguments: [
            ErrorCase(source: "a +", message: "unexpected end", position: 3),
            ErrorCase(source: "foo()", message: "function calls", position: 3),
            ErrorCase(source: "a.b(1)", message: "function calls", position: 3),
            ErrorCase(source: "list[0](x)", message: "function calls", position: 7),
            ErrorCase(source: "a = 1", message: "assignment", position: 2),
            ErrorCase(source: "'abc", message: "unterminated string", position: 0),
            ErrorCase(source: "[1, 2", message: "expected ','", position: 5),
            ErrorCase(source: "a ? b", message: "expected ':'", position: 5),
            ErrorCase(source: "", message: "empty expression", position: 0),
            ErrorCase(source: "   ", message: "empty expression", position: 3),
            ErrorCase(source: "1 +* 2", message: "unexpected '*'", position: 3),
            ErrorCase(source: "a..b", message: "expected property name", position: 2),
            ErrorCase(source: "a & b", message: "bitwise", position: 2),
            ErrorCase(source: "{a: 1", message: "expected '}'", position: 5),
            ErrorCase(source: "typeof a", message: "not supported", position: 0),
            ErrorCase(source: "1 2", message: "unexpected number", position: 2),
            ErrorCase(source: "a)", message: "unexpected ')'", position: 1),
            ErrorCase(source: "12abc", message: "invalid number", position: 0),
            ErrorCase(source: "'\\x4'", message: "invalid escape", position: 1),
            ErrorCase(source: "a # b", message: "unexpected character", position: 2),
        ])
    func syntaxError(_ c: ErrorCase) {
        #expect {
            _ = try BindingExpression(c.source)
        } throws: { error in
            guard let error = error as? BindingError else { return false }
            return error.message.contains(c.message) && error.position == c.position
        }
    }

    @Test func deepNestingIsRejectedNotCrashing() throws {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: BindingError.self) { try BindingExpression(deep) }
        let bangs = String(repeating: "!", count: 5000) + "a"
        #expect(throws: BindingError.self) { try BindingExpression(bangs) }
        let ok = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(try BindingExpression(ok).evaluate(.undefined) == 1)
    }
}

@Suite("Templates")
struct BindingTemplateTests {
    @Test func singleExpressionKeepsType() throws {
        let t = try BindingTemplate("{{count}}")
        #expect(t.evaluate(["count": 3]) == 3)
        #expect(t.evaluate(["count": true]) == true)
        #expect(t.evaluate([:]) == .undefined)
    }

    @Test func mixedTextConcatenates() throws {
        let t = try BindingTemplate("width: {{w}}px; {{missing}}end {{ok}}")
        #expect(t.evaluate(["w": 0.5, "ok": false]) == "width: 0.5px; end false")
        #expect(try BindingTemplate(" {{n}}").evaluate(["n": 1]) == " 1")
        #expect(try BindingTemplate("{{a}}{{b}}").evaluate(["a": 1, "b": 2]) == "12")
    }

    @Test func bracesInsideBindings() throws {
        #expect(try BindingTemplate("{{ {a: 1}}}").evaluate(.undefined) == ["a": 1])
        #expect(try BindingTemplate("{{ '}}' + x }}").evaluate(["x": "!"]) == "}}!")
        #expect(try BindingTemplate("{{a}}}").evaluate(["a": "x"]) == "x}")
    }

    @Test func errors() {
        #expect {
            _ = try BindingTemplate("abc {{ a + ")
        } throws: { ($0 as? BindingError)?.position == 4 }
        #expect {
            _ = try BindingTemplate("abc {{ f() }}")
        } throws: { ($0 as? BindingError)?.position == 8 }
    }
}
