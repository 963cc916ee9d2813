import MiniCore

/// How one platform spells template directives and component events: `wx:if` (WeChat),
/// `qq:if` (QQ), `s-if` (Baidu), `tt:if` (Douyin/Feishu), `a:if` (Alipay). The caller picks
/// one per dialect (or per template file extension); the renderer never hard-codes `wx:`.
public struct DirectiveSyntax: Sendable, Equatable, Hashable {
    /// How event handlers are attached.
    public enum EventStyle: Sendable, Equatable, Hashable {
        /// `bindxxx` / `bind:xxx` / `catchxxx` / `capture-bind:xxx`… (WeChat, QQ, Baidu, Douyin).
        case bind
        /// `onXxx="handler"` / `catchXxx="handler"` (Alipay); WeChat's forms are still read.
        case alipay
    }

    /// The directive prefix, e.g. `wx:` or `s-`.
    public var prefix: String
    /// Whether `if`/`elif`/`for` values may be written without `{{ }}` (Baidu: `s-if="cond"`,
    /// `s-for="item, index in list"`, `s-for="list"`).
    public var bareExpressions: Bool
    public var eventStyle: EventStyle
    /// Native event name → the name a page of this syntax binds (Alipay's `onReady` receives
    /// the camera's `initdone`). Names not listed are bound as they are fired.
    public var eventAliases: [String: String]

    public init(prefix: String, bareExpressions: Bool = false, eventStyle: EventStyle = .bind, eventAliases: [String: String] = [:]) {
        self.prefix = prefix
        self.bareExpressions = bareExpressions
        self.eventStyle = eventStyle
        self.eventAliases = eventAliases
    }

    /// WeChat: `wx:if`, `bindinitdone`.
    public static let wechat = DirectiveSyntax(prefix: "wx:")
    /// QQ: `qq:if`, WeChat's event forms.
    public static let qq = DirectiveSyntax(prefix: "qq:")
    /// Baidu: `s-if="cond"`, `s-for="item, index in list"`, braces optional.
    public static let baidu = DirectiveSyntax(prefix: "s-", bareExpressions: true)
    /// Douyin / Feishu: `tt:if`.
    public static let douyin = DirectiveSyntax(prefix: "tt:")
    /// Alipay: `a:if`, `onReady="h"` / `catchTap="h"`; the camera's `initdone` is `onReady`.
    public static let alipay = DirectiveSyntax(prefix: "a:", eventStyle: .alipay, eventAliases: ["initdone": "ready"])

    /// The syntax a dialect's pages use.
    public static func of(_ dialect: Dialect) -> DirectiveSyntax {
        switch dialect {
        case .wx: .wechat
        case .qq: .qq
        case .swan: .baidu
        case .tt: .douyin
        case .my: .alipay
        }
    }

    /// The syntax of a template file extension (`wxml`, `qml`, `swan`, `ttml`, `axml`), nil if
    /// the extension is not a template's.
    public static func ofTemplateExtension(_ ext: String) -> DirectiveSyntax? {
        switch ext.lowercased() {
        case "wxml": .wechat
        case "qml": .qq
        case "swan": .baidu
        case "ttml": .douyin
        case "axml": .alipay
        default: nil
        }
    }

    /// The full attribute name of directive `name` (`if` → `wx:if`).
    public func directive(_ name: String) -> String { prefix + name }

    /// Whether an attribute name is one of this syntax's directives.
    public func isDirective(_ attribute: String) -> Bool { attribute.hasPrefix(prefix) }

    /// The event name a page binds for a native event (`initdone` → `ready` on Alipay).
    public func boundName(ofNativeEvent event: String) -> String { eventAliases[event] ?? event }

    /// Recognizes an event attribute: WeChat's `bind…`/`catch…` forms, and on Alipay
    /// `onXxx`/`catchXxx` (the event name is the rest, lowercased: `onScanCode` → `scancode`).
    public func parseEvent(_ name: String) -> (event: String, kind: EventBindingKind)? {
        if eventStyle == .alipay {
            for (prefix, kind) in [("on", EventBindingKind.bind), ("catch", .catch)] where name.hasPrefix(prefix) {
                let rest = name.unicodeScalars.dropFirst(prefix.count)
                if let first = rest.first, ("A"..."Z").contains(first) {
                    return (String(String.UnicodeScalarView(rest)).lowercased(), kind)
                }
            }
        }
        return EventBinding.parseName(name)
    }
}
