/// JavaScript number <-> string conversions (ECMAScript `Number::toString` and `StringToNumber`).
public enum JSNumber {
    /// Formats `value` exactly as JavaScript's `String(value)` does:
    /// `1` (not `1.0`), `0.30000000000000004`, `1e+21`, `1e-7`, `NaN`, `Infinity`, and `-0` → `"0"`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value < 0 { return "-" + format(-value) }
        // Integers below 2^53 are exact and JS prints all their digits.
        if value < 9_007_199_254_740_992, value == value.rounded(.towardZero) {
            return String(Int64(value))
        }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let cut = digits.index(digits.startIndex, offsetBy: n)
            return String(digits[..<cut]) + "." + String(digits[cut...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let exponent = e >= 0 ? "e+\(e)" : "e-\(-e)"
        if k == 1 { return digits + exponent }
        return String(digits.prefix(1)) + "." + String(digits.dropFirst()) + exponent
    }

    /// The shortest round-tripping decimal digits of a finite positive `value`, and the
    /// exponent `n` such that value = 0.d1d2…dk × 10^n (ECMAScript's k and n).
    static func shortestDigits(_ value: Double) -> (digits: String, n: Int) {
        // Swift's `description` already yields the shortest round-trip digits.
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var intCount = 0
        var seenDot = false
        for c in mantissa {
            if c == "." { seenDot = true; continue }
            digits.append(c)
            if !seenDot { intCount += 1 }
        }
        var n = intCount + exponent
        while digits.first == "0" {
            digits.removeFirst()
            n -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        if digits.isEmpty { return ("0", 1) }
        return (digits, n)
    }

    /// Converts a string to a number as JavaScript's `Number(string)` does: surrounding
    /// whitespace is ignored, `""` is 0, `0x`/`0o`/`0b` prefixes and `Infinity` are
    /// understood, anything else that is not a decimal literal is `NaN`.
    public static func parse(_ string: String) -> Double {
        let scalars = Array(string.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end && isJSWhitespace(scalars[start]) { start += 1 }
        while end > start && isJSWhitespace(scalars[end - 1]) { end -= 1 }
        if start == end { return 0 }
        let body = scalars[start..<end]
        let text = String(String.UnicodeScalarView(body))
        switch text {
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        if body.count > 2, body.first == "0" {
            let marker = body[body.startIndex + 1]
            let radix: Double? =
                switch marker {
                case "x", "X": 16
                case "o", "O": 8
                case "b", "B": 2
                default: nil
                }
            if let radix {
                var result = 0.0
                for s in body.dropFirst(2) {
                    guard let d = Int(String(s), radix: Int(radix)) else { return .nan }
                    result = result * radix + Double(d)
                }
                return result
            }
        }
        return parseDecimal(body) ?? .nan
    }

    /// Parses `StrDecimalLiteral` (sign, digits, optional fraction, optional exponent).
    private static func parseDecimal(_ s: ArraySlice<Unicode.Scalar>) -> Double? {
        var i = s.startIndex
        var sign = ""
        if i < s.endIndex, s[i] == "+" || s[i] == "-" {
            if s[i] == "-" { sign = "-" }
            i += 1
        }
        func digits() -> String {
            var out = ""
            while i < s.endIndex, ("0"..."9").contains(s[i]) {
                out.unicodeScalars.append(s[i])
                i += 1
            }
            return out
        }
        let intPart = digits()
        var fracPart = ""
        if i < s.endIndex, s[i] == "." {
            i += 1
            fracPart = digits()
        }
        if intPart.isEmpty && fracPart.isEmpty { return nil }
        var exponent = "0"
        if i < s.endIndex, s[i] == "e" || s[i] == "E" {
            i += 1
            var expSign = ""
            if i < s.endIndex, s[i] == "+" || s[i] == "-" {
                if s[i] == "-" { expSign = "-" }
                i += 1
            }
            let expDigits = digits()
            if expDigits.isEmpty { return nil }
            exponent = expSign + expDigits
        }
        guard i == s.endIndex else { return nil }
        let canonical =
            sign + (intPart.isEmpty ? "0" : intPart) + "." + (fracPart.isEmpty ? "0" : fracPart) + "e" + exponent
        if let value = Double(canonical) { return value }
        // Exponents too long for the platform parser: decide by the sign of the exponent.
        let zero = intPart.allSatisfy { $0 == "0" } && fracPart.allSatisfy { $0 == "0" }
        let magnitude: Double = zero || exponent.hasPrefix("-") ? 0 : .infinity
        return sign == "-" ? -magnitude : magnitude
    }

    /// ECMAScript `WhiteSpace` and `LineTerminator` code points.
    public static func isJSWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            true
        default: false
        }
    }
}
