import MiniCore
import Testing
@testable import MiniWXML

@Suite("setData paths")
struct SetDataTests {
    @Test func parsesSegments() throws {
        #expect(try SetDataPath("a.b[1].c").segments == [.key("a"), .key("b"), .index(1), .key("c")])
        #expect(try SetDataPath("list[0][2]").segments == [.key("list"), .index(0), .index(2)])
        #expect(try SetDataPath("a\\.b\\[0\\]").segments == [.key("a.b[0]")])
        #expect(try SetDataPath("中文.键").segments == [.key("中文"), .key("键")])
    }

    @Test func createsNestedObjects() throws {
        var data: HostValue = [:]
        try applySetData(&data, path: "a.b.c", value: 1)
        #expect(data == ["a": ["b": ["c": 1]]])
    }

    @Test func indexOnMissingContainerCreatesArray() throws {
        var data: HostValue = [:]
        try applySetData(&data, path: "list[2]", value: "x")
        #expect(data == ["list": [nil, nil, "x"]])
        try applySetData(&data, path: "a.b[1].c", value: true)
        #expect(data["a"] == ["b": [nil, ["c": true]]])
    }

    @Test func updatesExistingArraysAndObjects() throws {
        var data: HostValue = ["list": [["name": "a"], ["name": "b"]], "pos": "back", "n": 5]
        try applySetData(&data, path: "list[1].name", value: "B")
        try applySetData(&data, path: "list[2]", value: ["name": "c"])
        try applySetData(&data, path: "list.0", value: "first")
        try applySetData(&data, path: "pos", value: "front")
        #expect(data["list"] == ["first", ["name": "B"], ["name": "c"]])
        #expect(data["pos"] == "front")
        // A primitive in the way is replaced by a container.
        try applySetData(&data, path: "n.x", value: 1)
        try applySetData(&data, path: "pos[0]", value: 1)
        #expect(data["n"] == ["x": 1])
        #expect(data["pos"] == [1])
    }

    @Test func overwritingKeepsKeyOrder() throws {
        var data: HostValue = ["a": 1, "b": 2, "c": 3]
        try applySetData(&data, path: "b", value: ["deep": true])
        #expect(data.objectValue?.keys == ["a", "b", "c"])
        try applySetData(&data, path: "d", value: nil)
        #expect(data.objectValue?.keys == ["a", "b", "c", "d"])
        #expect(data["d"] == .null)
    }

    @Test func indexOnObjectUsesStringKey() throws {
        var data: HostValue = ["obj": ["k": 1]]
        try applySetData(&data, path: "obj[1]", value: "one")
        #expect(data["obj"] == ["k": 1, "1": "one"])
    }

    @Test func undefinedDataBecomesObject() throws {
        var data = HostValue.undefined
        try applySetData(&data, path: "x", value: 1)
        #expect(data == ["x": 1])
    }

    @Test func batchReturnsRoots() throws {
        var data: HostValue = [:]
        let roots = try applySetData(&data, HostObjectValue(["a.b": 1, "c[0]": 2, "a.d": 3]))
        #expect(roots == ["a", "c"])
        #expect(data == ["a": ["b": 1, "d": 3], "c": [2]])
    }

    @Test(
        "bad paths throw",
        arguments: [
            ("", "empty path"), ("a..b", "empty property name"), ("a[", "missing ']'"), ("a[]", "empty array index"),
            ("a[x]", "non-negative integer"), ("a[-1]", "non-negative integer"), (".a", "empty property name"),
            ("a.", "ends with '.'"), ("[0]", "start with a property name"), ("a]", "unexpected ']'"),
            ("a[0]b", "expected '.' or '['"), ("a\\", "dangling"), ("a[1.5]", "non-negative integer"),
            ("a.[0]", "empty property name"), ("a[99999999999999999999999]", "non-negative integer"),
        ])
    func badPaths(_ path: String, _ message: String) {
        var data: HostValue = ["a": 1]
        #expect {
            try applySetData(&data, path: path, value: 2)
        } throws: { error in
            guard let error = error as? SetDataError else { return false }
            return error.message.contains(message) && error.path == path
        }
        #expect(data == ["a": 1])
    }

    @Test func impossibleAssignmentsLeaveDataUnchanged() {
        let original: HostValue = ["list": [1, ["x": [2]]], "v": 1]
        var data = original
        #expect(throws: SetDataError.self) { try applySetData(&data, path: "list[1].x.name", value: 1) }
        #expect(throws: SetDataError.self) { try applySetData(&data, path: "list.foo", value: 1) }
        #expect(throws: SetDataError.self) { try applySetData(&data, path: "v.q[5000000]", value: 1) }
        #expect(data == original)
        var notObject: HostValue = [1, 2]
        #expect(throws: SetDataError.self) { try applySetData(&notObject, path: "a", value: 1) }
    }
}
