import Foundation
import MiniApp

/// `setData` → re-render → diff on a page of `count` list rows, three ways: rows that are
/// custom component instances (`<row-item>`, a typed property each), the same rows as plain
/// `<view>`s, and — the reference — a page whose template reads none of the data (setData's
/// bookkeeping without any render). Each figure is the median ms of one `setData` that changes
/// every row, and of one that changes a single field the template shows.
struct RenderBench {
    let count: Int
    let root: URL

    init(count: Int, under dir: URL) throws {
        self.count = count
        root = dir.appendingPathComponent("render-bench")
        let fm = FileManager.default
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("app.json", #"{"pages": ["pages/components/components", "pages/plain/plain", "pages/unbound/unbound"]}"#)
        try write("app.js", "App({})")
        let js = "Page({ data: { rows: [], title: '' } })"
        for page in ["components", "plain", "unbound"] { try write("pages/\(page)/\(page).js", js) }
        try write("pages/components/components.json", #"{"usingComponents": {"row-item": "/components/row-item/row-item"}}"#)
        try write("pages/components/components.wxml", #"<text>{{title}}</text><row-item wx:for="{{rows}}" wx:key="id" value="{{item.v}}"/>"#)
        try write("pages/plain/plain.wxml", #"<text>{{title}}</text><view wx:for="{{rows}}" wx:key="id" class="row"><text>{{item.v}}</text></view>"#)
        try write("pages/unbound/unbound.wxml", "<text>nothing bound</text>")
        try write("components/row-item/row-item.json", #"{"component": true}"#)
        try write("components/row-item/row-item.js", "Component({ properties: { value: { type: Number, value: 0 } }, data: { seen: 0 } })")
        try write("components/row-item/row-item.wxml", #"<view class="row"><text>{{value}}</text></view>"#)
    }

    /// (every row, one field) median ms for `page`.
    func measure(_ page: String, dataDir: URL, runs: Int = 31) throws -> (all: Double, one: Double) {
        var config = MiniAppConfiguration(path: root.path, page: "pages/\(page)/\(page)", dataDirectory: dataDir)
        config.appID = "bench.render"
        config.timeout = 300
        config.eventHistory = 0
        let app = try MiniApp(config)
        defer { _ = app.stopSync() }
        guard app.openSync() else { throw BenchFailure("the \(page) page did not open") }
        func timed(_ script: String) -> Double {
            let t0 = now()
            _ = app.evaluateSync(script)
            return (now() - t0) * 1000
        }
        let rows = "Array.from({length: \(count)}, (_, i) => ({ id: i, v: i + n }))"
        _ = timed("var p = getCurrentPages()[0]; var n = 0; p.setData({ rows: \(rows) })")
        // What is measured is what it says: the component page has its \(count) instances.
        let check = page == "components"
            ? "if (p.selectAllComponents('row-item').length !== \(count)) throw new Error('expected \(count) row-item instances')" : ""
        guard app.evaluateSync(check), app.uncaughtError == nil else { throw BenchFailure("\(page): \(app.uncaughtError ?? "setup failed")") }
        var all: [Double] = [], one: [Double] = []
        for _ in 0..<runs {
            all.append(timed("n++; p.setData({ rows: \(rows) })"))
            one.append(timed("n++; p.setData({ title: 'title ' + n })"))
        }
        return (median(all), median(one))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
