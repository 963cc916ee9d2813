import MiniCore

/// How a dialect names an API's options and results where they differ from WeChat's — Alipay's
/// `apFilePath` / `apFilePaths` — so each API reads and writes one set of names and the mapping
/// lives in one table (`Dialect.convention(for:)`), applied around every API body the registry
/// holds (`APIBody.following`), not in each API.
public struct APIConvention: Sendable {
    /// An option the dialect spells `alias` that the API reads as `key`.
    public struct Alias: Sendable {
        public let alias: String, key: String
        /// A dialect value → the API's value (`compressLevel` 0–4 → `quality`); nil: the same value.
        public let values: [Double: Double]?
        /// Whether errors name the option `alias` when the page gave neither spelling (false: the
        /// dialect documents `key`, `alias` is only accepted too).
        public var inErrors = true
    }

    /// A dialect that passes a list (`apFilePaths`) where the API takes one value (`src`): the
    /// API runs once per element and the results' `result` values are returned as `into`.
    public struct Each: Sendable {
        public let list: String, key: String, result: String, into: String
    }

    public var options: [Alias] = []
    /// A result key the API writes → another key the dialect's pages read (both are kept);
    /// `fileList[].filePath` reaches into each object of an array.
    public var results: [(key: String, alias: String)] = []
    public var each: Each?
}

extension Dialect {
    /// The API's naming convention in this dialect, nil when it is WeChat's.
    public func convention(for api: String) -> APIConvention? {
        self == .my ? Self.alipay[api] : nil
    }

    /// Alipay's file parameters and results (`apFilePath`, `apFilePaths`) and compressLevel.
    static let alipay: [String: APIConvention] = [
        "saveFile": APIConvention(options: [.init(alias: "apFilePath", key: "tempFilePath", values: nil)],
            results: [("savedFilePath", "apFilePath")]),
        "getFileInfo": APIConvention(options: [.init(alias: "apFilePath", key: "filePath", values: nil)]),
        "getSavedFileInfo": APIConvention(options: [.init(alias: "apFilePath", key: "filePath", values: nil)]),
        "removeSavedFile": APIConvention(options: [.init(alias: "apFilePath", key: "filePath", values: nil)]),
        "getSavedFileList": APIConvention(results: [("fileList[].filePath", "apFilePath")]),
        // Alipay documents `src` (which may be an apFilePath) and its pages also pass `apFilePath`.
        "getImageInfo": APIConvention(options: [.init(alias: "apFilePath", key: "src", values: nil, inErrors: false)]),
        // compressLevel: 0 low, 1 medium, 2 high, 3 none, 4 "by network" (MiniMedia: high).
        "compressImage": APIConvention(
            options: [.init(alias: "compressLevel", key: "quality", values: [0: 40, 1: 60, 2: 80, 3: 100, 4: 80])],
            each: .init(list: "apFilePaths", key: "src", result: "tempFilePath", into: "apFilePaths")),
        "chooseImage": APIConvention(results: [("tempFilePaths", "apFilePaths")]),
    ]
}

extension APIConvention {
    /// Runs `body` for `request` in this convention: options renamed, lists fanned out, results
    /// given their aliases, and parameter errors naming the option as the page spelled it.
    func run(_ request: APIRequest, _ body: (APIRequest) throws -> HostValue) throws -> HostValue {
        var renamed: [(String, String)] = []
        do {
            let args = try options(request.args, renamed: &renamed)
            if let calls = try elements(args) { return collect(try calls.map { try body(request.with(args: $0)) }) }
            return aliased(try body(request.with(args: args)))
        } catch let e as MediaError where e.code == .parameterError {
            throw Self.renaming(e, renamed)
        }
    }

    /// `run` for async bodies (a fan-out runs its calls one after another).
    func runAsync(_ request: APIRequest, _ body: @Sendable (APIRequest) async throws -> HostValue) async throws -> HostValue {
        var renamed: [(String, String)] = []
        do {
            let args = try options(request.args, renamed: &renamed)
            if let calls = try elements(args) {
                var results: [HostValue] = []
                for call in calls { results.append(try await body(request.with(args: call))) }
                return collect(results)
            }
            return aliased(try await body(request.with(args: args)))
        } catch let e as MediaError where e.code == .parameterError {
            throw Self.renaming(e, renamed)
        }
    }

    static func renaming(_ e: MediaError, _ renamed: [(String, String)]) -> MediaError {
        var message = e.message
        for (key, alias) in renamed { message = message.replacingOccurrences(of: "parameter.\(key) ", with: "parameter.\(alias) ") }
        return MediaError(e.code, message)
    }

    /// The options of each call of a fan-out (nil: no fan-out, the API's own key is given).
    func elements(_ args: HostValue) throws -> [HostValue]? {
        guard let each, let o = args.objectValue, o[each.key] == nil else { return nil }
        guard let list = o[each.list], list != .undefined else { throw Options.typeError(each.list, "Array", nil) }
        guard case .array(let items) = list else { throw Options.typeError(each.list, "Array", list) }
        guard !items.isEmpty else { throw MediaError.parameter("parameter.\(each.list) should not be empty;") }
        return items.map { item in
            var one = o
            one[each.list] = nil
            one[each.key] = item
            return .object(one)
        }
    }

    /// The fan-out's result: the last call's object with every call's `result` as `into`.
    func collect(_ results: [HostValue]) -> HostValue {
        guard let each else { return results.last ?? .object([:]) }
        var out = results.last?.objectValue ?? HostObjectValue()
        out[each.result] = nil
        out[each.into] = .array(results.map { $0[each.result] ?? .undefined })
        return .object(out)
    }

    func options(_ args: HostValue, renamed: inout [(String, String)]) throws -> HostValue {
        guard var o = args.objectValue else { return args }
        for a in options where o[a.key] == nil || o[a.key] == .undefined {
            guard let value = o[a.alias], value != .undefined else {
                if a.inErrors { renamed.append((a.key, a.alias)) }
                continue
            }
            renamed.append((a.key, a.alias))
            if let values = a.values {
                guard case .number(let n) = value, let mapped = values[n] else {
                    let allowed = values.keys.sorted().map { JSNumber.format($0) }.joined(separator: ", ")
                    throw MediaError.parameter("parameter.\(a.alias) should be one of \(allowed) instead of \(value.typeName == "Number" ? JSNumber.format(value.numberValue!) : value.typeName);")
                }
                o[a.key] = .number(mapped)
            } else {
                o[a.key] = value
            }
        }
        if let each, o[each.key] == nil { renamed.append((each.key, each.list)) }
        return .object(o)
    }

    func aliased(_ result: HostValue) -> HostValue {
        guard var o = result.objectValue else { return result }
        for (key, alias) in results {
            if let dot = key.range(of: "[].") {
                let list = String(key[..<dot.lowerBound]), inner = String(key[dot.upperBound...])
                guard case .array(let items)? = o[list] else { continue }
                o[list] = .array(items.map { item in
                    guard var e = item.objectValue, let v = e[inner] else { return item }
                    e[alias] = v
                    return .object(e)
                })
            } else if let v = o[key] {
                o[alias] = v
            }
        }
        return .object(o)
    }
}

extension APIRequest {
    /// The same request with other options.
    func with(args: HostValue) -> APIRequest {
        APIRequest(api: api, args: args, session: session, target: target, isUserGesture: isUserGesture)
    }
}

extension APIBody {
    /// The body run in the calling dialect's convention for `api` (as is where it has none).
    func following(_ api: String) -> APIBody {
        guard Dialect.allCases.contains(where: { $0.convention(for: api) != nil }) else { return self }
        switch self {
        case .immediate(let f):
            return .immediate { req in try req.dialect.convention(for: req.api).map { try $0.run(req, f) } ?? f(req) }
        case .blocking(let f):
            return .blocking { req in try req.dialect.convention(for: req.api).map { try $0.run(req, f) } ?? f(req) }
        case .async(let f):
            return .async { req in
                guard let c = req.dialect.convention(for: req.api) else { return try await f(req) }
                return try await c.runAsync(req, f)
            }
        case .ordered(let f):
            return .ordered { req in
                guard let c = req.dialect.convention(for: req.api) else { return try f(req) }
                return Task { try await c.runAsync(req) { try await f($0).value } }
            }
        }
    }
}
