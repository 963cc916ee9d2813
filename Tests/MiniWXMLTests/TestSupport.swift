import MiniMediaTesting
import MiniCore
@testable import MiniWXML

/// Same value, with NaN equal to NaN and 0 distinct from -0 (stricter than `==`).
func identical(_ a: HostValue, _ b: HostValue) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)):
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
        return x == y && x.sign == y.sign
    case (.array(let xs), .array(let ys)):
        return xs.count == ys.count && zip(xs, ys).allSatisfy { identical($0, $1) }
    case (.object(let x), .object(let y)):
        return x.keys == y.keys && x.keys.allSatisfy { identical(x[$0]!, y[$0]!) }
    default:
        return a == b
    }
}


/// Page data shared by the expression tests.
let sampleData: HostValue = [
    "a": ["b": ["c": 42]],
    "list": [10, 20, 30],
    "name": "cam",
    "key": "b",
    "i": 1,
    "zero": 0,
    "empty": "",
    "nul": nil,
    "flag": true,
    "obj": ["x": 1, "y": 2],
    "pos": "back",
    "nested": [["id": "a"], ["id": "b"]],
    "big": 1e21,
]
