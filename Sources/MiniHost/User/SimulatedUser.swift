import MiniCore
import MiniStorage

/// The person holding the phone: answers consent prompts, uses the settings page, picks from the
/// album and sees what the app shows (previews, and later toasts and modals).
///
/// One protocol for every feature, so a host swaps the whole user at once: `ScriptedUser` for
/// tests and headless runs (with terminal answers where asked for), and later the browser
/// simulator's dialogs. Every question is a `UserPrompt` value, so a backend can forward any of
/// them (to a terminal, a browser) without knowing the feature.
public protocol SimulatedUser: Sendable {
    /// Asks the user something and waits for the answer. Throws when nobody can answer.
    func respond(to prompt: UserPrompt) async throws -> UserResponse
    /// Shows the user something that needs no answer.
    func show(_ notice: UserNotice)
}

/// A question for the user.
public enum UserPrompt: Sendable, Equatable {
    /// May `app` use `scope`?
    case consent(app: AppID, scope: Scope, dialect: Dialect)
    /// The settings page (`openSetting`): the decisions so far; the user may flip them.
    case settings(app: AppID, current: [Scope: Bool], dialect: Dialect)
    /// An album picker: up to `count` of `items` (newest first).
    case pick(items: [PickableItem], count: Int)
    /// `showModal` (Alipay `confirm`): confirm or cancel, with text when it is editable.
    case modal(ModalRequest)
    /// `showActionSheet`: one of the items, or cancel.
    case actionSheet(ActionSheetRequest)
    /// The camera screen of `chooseImage` / `chooseVideo` / `chooseMedia` (`kind` `image` or
    /// `video`, a video at most `maxDuration` seconds): the user shoots, or cancels.
    case capture(kind: String, maxDuration: Double?)
}

/// The user's answer to a `UserPrompt`.
public enum UserResponse: Sendable, Equatable {
    case consent(Bool)
    case settings([Scope: Bool])
    /// The ids of the chosen items, in the order chosen.
    case picked([Int64])
    /// A modal's answer: confirm (with the text typed into an editable one) or cancel.
    case modal(confirm: Bool, content: String?)
    /// The 0-based index of the action-sheet item tapped.
    case tapped(Int)
    /// The user shot the photo or video a `capture` prompt asked for.
    case captured
    /// The user dismissed the prompt.
    case cancelled
}

/// Something shown to the user that needs no answer.
public enum UserNotice: Sendable, Equatable {
    /// `previewImage`: a full-screen preview of `urls`, starting at `current`.
    case preview(urls: [String], current: String)
    /// `showToast`: a toast that hides itself after `durationMs` (Alipay icons are mapped to
    /// `success` / `error` / `none`).
    case toast(title: String, icon: String, durationMs: Int, mask: Bool)
    /// `showLoading`: a loading toast until `hideLoading` (or a toast replaces it).
    case loading(title: String, mask: Bool)
    /// `hideToast` / `hideLoading` hid what the shared slot showed (`loading` or `toast`).
    case hidden(String)
    /// `setNavigationBarTitle`.
    case navigationBarTitle(String)
    /// `setNavigationBarColor`: text colour on background colour.
    case navigationBarColor(front: String, background: String)
    /// `vibrateShort` (`long: false`, with its `type` when given) / `vibrateLong`.
    case vibrate(long: Bool, type: String?)
    /// Alipay's `showAuthGuide`: a dialog pointing the user to the system setting `authType`.
    case authGuide(authType: String)
}

/// A modal dialog as the user sees it.
public struct ModalRequest: Sendable, Equatable {
    public var title: String
    public var content: String
    public var showCancel: Bool
    public var cancelText: String
    public var confirmText: String
    public var editable: Bool
    public var placeholderText: String

    public init(
        title: String = "", content: String = "", showCancel: Bool = true, cancelText: String = "取消",
        confirmText: String = "确定", editable: Bool = false, placeholderText: String = ""
    ) {
        self.title = title
        self.content = content
        self.showCancel = showCancel
        self.cancelText = cancelText
        self.confirmText = confirmText
        self.editable = editable
        self.placeholderText = placeholderText
    }
}

/// An action sheet as the user sees it.
public struct ActionSheetRequest: Sendable, Equatable {
    public var items: [String]
    public var alertText: String?

    public init(items: [String], alertText: String? = nil) {
        self.items = items
        self.alertText = alertText
    }
}

/// An album item as a picker shows it.
public struct PickableItem: Sendable, Equatable {
    public let id: Int64
    /// `image` or `video`.
    public let kind: String
    public let width: Int
    public let height: Int
    public let size: Int64
    /// The app (or tool) that added it.
    public let sourceApp: String
    /// A video's length in seconds (nil for images).
    public let duration: Double?

    public init(id: Int64, kind: String, width: Int, height: Int, size: Int64, sourceApp: String, duration: Double? = nil) {
        self.duration = duration
        self.id = id
        self.kind = kind
        self.width = width
        self.height = height
        self.size = size
        self.sourceApp = sourceApp
    }
}

/// Typed forms of the prompts, for the features that ask.
extension SimulatedUser {
    public func consent(app: AppID, scope: Scope, dialect: Dialect) async throws -> Bool {
        let answer = try await respond(to: .consent(app: app, scope: scope, dialect: dialect))
        switch answer {
        case .consent(let allowed): return allowed
        case .cancelled: return false
        default: throw Self.unexpected(answer, "a consent prompt")
        }
    }

    public func settings(app: AppID, current: [Scope: Bool], dialect: Dialect) async throws -> [Scope: Bool] {
        let answer = try await respond(to: .settings(app: app, current: current, dialect: dialect))
        switch answer {
        case .settings(let changed): return changed
        case .cancelled: return current
        default: throw Self.unexpected(answer, "the settings page")
        }
    }

    /// The camera screen of a picker: returns when the user shoots; throws `cancel` when they cancel.
    public func capture(kind: String, maxDuration: Double? = nil) async throws {
        let answer = try await respond(to: .capture(kind: kind, maxDuration: maxDuration))
        switch answer {
        case .captured: return
        case .cancelled: throw MediaError(.cancel, "cancel")
        default: throw Self.unexpected(answer, "the camera screen")
        }
    }

    /// The ids picked (at most `count`, each one of `items`); throws `cancel` when the user cancels.
    public func pick(_ items: [PickableItem], count: Int) async throws -> [Int64] {
        let answer = try await respond(to: .pick(items: items, count: count))
        switch answer {
        case .picked(let ids):
            let offered = Set(items.map(\.id))
            let chosen = ids.filter(offered.contains).prefix(count)
            guard !chosen.isEmpty else { throw MediaError(.cancel, "cancel") }
            return Array(chosen)
        case .cancelled: throw MediaError(.cancel, "cancel")
        default: throw Self.unexpected(answer, "an album picker")
        }
    }

    /// A modal's answer: `(confirm, content)`; `content` only for an editable modal confirmed.
    public func modal(_ request: ModalRequest) async throws -> (confirm: Bool, content: String?) {
        let answer = try await respond(to: .modal(request))
        switch answer {
        case .modal(let confirm, let content):
            guard confirm || request.showCancel else {
                throw MediaError.internalError("the modal has no cancel button; it can only be confirmed")
            }
            return (confirm, request.editable && confirm ? (content ?? "") : nil)
        case .cancelled:
            guard request.showCancel else {
                throw MediaError.internalError("the modal has no cancel button; it can only be confirmed")
            }
            return (false, nil)
        default: throw Self.unexpected(answer, "a modal")
        }
    }

    /// The index of the action-sheet item tapped; throws `cancel` when the user cancels.
    public func actionSheet(_ request: ActionSheetRequest) async throws -> Int {
        let answer = try await respond(to: .actionSheet(request))
        switch answer {
        case .tapped(let index):
            guard request.items.indices.contains(index) else {
                throw MediaError.internalError(
                    "the action sheet has \(request.items.count) item\(request.items.count == 1 ? "" : "s"); there is no item \(index)")
            }
            return index
        case .cancelled: throw MediaError(.cancel, "cancel")
        default: throw Self.unexpected(answer, "an action sheet")
        }
    }

    static func unexpected(_ answer: UserResponse, _ prompt: String) -> MediaError {
        MediaError.internalError("the user answered \(answer) to \(prompt)")
    }
}
