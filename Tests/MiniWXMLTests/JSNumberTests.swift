import MiniCore
import Testing
@testable import MiniWXML

@Suite("JavaScript number conversions")
struct JSNumberTests {
    @Test(
        "Number::toString",
        arguments: [
            (1.0, "1"), (-1.5, "-1.5"), (0.1, "0.1"), (100.0, "100"), (4.35, "4.35"),
            (0.1 + 0.2, "0.30000000000000004"), (123456.789, "123456.789"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (123e-20, "1.23e-18"),
            (1e-6, "0.000001"), (1e-7, "1e-7"), (1.2e-7, "1.2e-7"), (0.000123, "0.000123"),
            (9007199254740992.0, "9007199254740992"), (1152921504606846976.0, "1152921504606847000"),
            (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-0.0, "0"), (Double.nan, "NaN"), (Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"),
            (1e15 + 0.5, "1000000000000000.5"), (2.5e25, "2.5e+25"), (-1e-10, "-1e-10"),
        ] as [(Double, String)])
    func format(_ value: Double, _ expected: String) {
        #expect(JSNumber.format(value) == expected)
    }

    @Test(
        "StringToNumber",
        arguments: [
            ("", 0.0), ("  ", 0), (" 12 ", 12), ("0x1A", 26), ("0b101", 5), ("0o17", 15), ("1e3", 1000),
            ("-1.5", -1.5), ("+5", 5), ("1.", 1), (".5", 0.5), ("Infinity", .infinity), ("-Infinity", -.infinity),
            ("1e400", .infinity), ("1e-400", 0), ("\n\t3\u{A0}", 3),
        ] as [(String, Double)])
    func parse(_ text: String, _ expected: Double) {
        #expect(JSNumber.parse(text) == expected)
    }

    @Test("StringToNumber NaN", arguments: ["abc", "12px", "-0x10", "0x", "1e", ".", "+", "1 2", "inf", "nan", "0xG"])
    func parseNaN(_ text: String) {
        #expect(JSNumber.parse(text).isNaN)
    }

    @Test func toStringOfValues() {
        #expect(HostValue.array([1, .null, .undefined, "x", [2, 3]]).jsString == "1,,,x,2,3")
        #expect(HostValue.object(["a": 1]).jsString == "[object Object]")
        #expect(HostValue.undefined.wxmlText == "")
        #expect(HostValue.null.wxmlText == "null")
        #expect(HostValue.number(2.0).jsString == "2")
    }

    @Test func truthiness() {
        for v: HostValue in [.undefined, .null, false, 0, .number(-0.0), .number(.nan), ""] {
            #expect(!v.jsTruthy, "\(v)")
        }
        for v: HostValue in [true, 1, -1, "0", " ", [], [:]] {
            #expect(v.jsTruthy, "\(v)")
        }
    }
}
