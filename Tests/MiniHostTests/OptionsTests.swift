import MiniCore
import MiniHost
import Testing

@Suite("Argument validation messages")
struct OptionsTests {
    enum Quality: String, CaseIterable { case high, normal, low }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let e as MediaError {
            #expect(e.code == .parameterError)
            return e.message
        } catch { return "\(error)" }
    }

    @Test func wrongType() {
        let m = message { _ = try Options(["count": "9"]).int("count", default: 9) }
        #expect(m == "parameter error: parameter.count should be Number instead of String;")
    }

    @Test func missingRequired() {
        #expect(message { _ = try Options([:]).string("src") } == "parameter error: parameter.src should be String instead of Undefined;")
    }

    @Test func nullIsNotAString() {
        #expect(message { _ = try Options(["src": nil]).string("src") } == "parameter error: parameter.src should be String instead of Null;")
    }

    @Test func notAnObject() {
        #expect(message { _ = try Options("x") } == "parameter error: parameter should be Object instead of String;")
        #expect(message { _ = try Options([1]) } == "parameter error: parameter should be Object instead of Array;")
    }

    @Test func unknownEnum() {
        let m = message { let _: Quality = try Options(["quality": "ultra"]).enumeration("quality", default: .normal) }
        #expect(m == "parameter error: parameter.quality should be one of \"high\", \"normal\", \"low\" instead of \"ultra\";")
    }

    @Test func enumListItem() {
        let m = message { let _: [Quality] = try Options(["q": ["high", 3]]).enumList("q", default: []) }
        #expect(m == "parameter error: parameter.q[1] should be String instead of Number;")
    }

    @Test func outOfRange() {
        let m = message { _ = try Options(["count": 12]).int("count", default: 9, in: 1...9) }
        #expect(m == "parameter error: parameter.count should be in range [1, 9] instead of 12;")
    }

    @Test func notInteger() {
        #expect(message { _ = try Options(["count": 1.5]).int("count") } == "parameter error: parameter.count should be an integer instead of 1.5;")
    }

    @Test func notFinite() {
        #expect(message { _ = try Options(["n": .number(.nan)]).number("n") } == "parameter error: parameter.n should be a finite Number instead of NaN;")
    }

    @Test func defaultsApplyOnlyWhenAbsent() throws {
        let o = try Options(["a": .undefined])
        #expect(try o.int("a", default: 7) == 7)
        #expect(try o.bool("b", default: true) == true)
        #expect(message { _ = try Options(["b": "yes"]).bool("b", default: true) } == "parameter error: parameter.b should be Boolean instead of String;")
    }
}
