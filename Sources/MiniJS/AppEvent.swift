import MiniCore

/// What a running mini-program did, as structured values: what `MiniApp` observers receive
/// (and what `--trace` prints).
public enum AppEvent: Sendable, Equatable {
    public enum ConsoleLevel: String, Sendable {
        /// `console.log/info/debug`.
        case log
        /// `console.warn/error`, uncaught errors, host warnings.
        case error
    }

    /// A console line.
    case console(level: ConsoleLevel, text: String)
    /// A page called `setData` with `changes`.
    case setData(route: String, changes: HostValue)
    /// A component of the page's template was mounted with its bound attributes.
    case componentMounted(tag: String, id: String?, attributes: [String: HostValue])
    /// `setData` changed these bound attributes of a component.
    case componentChanged(tag: String, id: String?, changes: [String: HostValue])
    /// A native component fired an event (`bindinitdone`, `bindtimeupdate`…).
    case componentEvent(tag: String, id: String?, event: String, detail: HostValue)
    /// An async API call finished with the dialect's success or failure object.
    case apiCall(name: String, ok: Bool, result: HostValue)
    /// An uncaught JS error (with its stack) stopped the run.
    case uncaughtError(String)
    /// The page stack changed: `kind` is the platform's open type (`appLaunch`, `navigateTo`,
    /// `redirectTo`, `navigateBack`, `switchTab`, `reLaunch`), `from` the route on top before,
    /// `stack` the pages after, bottom first (the last one shows).
    case navigated(kind: String, from: String?, stack: [PageEntry])
}

/// One page of the stack: its route and the query its `onLoad` received.
public struct PageEntry: Sendable, Equatable, CustomStringConvertible {
    public let route: String
    /// Keys and values as `onLoad` received them, in url order.
    public let query: [String: String]

    public init(route: String, query: [String: String] = [:]) {
        self.route = route
        self.query = query
    }

    public var description: String {
        query.isEmpty ? route : route + "?" + query.keys.sorted().map { "\($0)=\(query[$0]!)" }.joined(separator: "&")
    }
}

extension AppEvent {
    /// The `--trace` line for component events (nil for the others).
    public var traceLine: String? {
        func label(_ tag: String, _ id: String?) -> String { "<\(tag)\(id.map { "#" + $0 } ?? "")>" }
        switch self {
        case .componentMounted(let tag, let id, let attributes):
            return "\(label(tag, id)) mounted {" + attributes.keys.sorted().map { "\($0): \(Self.show(attributes[$0]!))" }
                .joined(separator: ", ") + "}"
        case .componentChanged(let tag, let id, let changes):
            return changes.keys.sorted().map { "\(label(tag, id)) \($0) = \(Self.show(changes[$0]!))" }.joined(separator: "\n[trace] ")
        case .componentEvent(let tag, let id, let event, _):
            return "\(label(tag, id)) event \(event)"
        case .navigated(let kind, let from, let stack):
            return "\(kind) \(from.map { $0 + " -> " } ?? "")\(stack.last?.description ?? "") (stack: "
                + stack.map(\.route).joined(separator: ", ") + ")"
        default:
            return nil
        }
    }

    static func show(_ v: HostValue) -> String {
        switch v {
        case .string(let s): "\"\(s)\""
        case .number(let n): JSNumber.format(n)
        case .bool(let b): "\(b)"
        case .undefined: "undefined"
        case .null: "null"
        default: v.typeName
        }
    }
}
