import MiniCore
import Synchronization

/// What a session's screen shows right now: the toast/loading slot, an open modal or action
/// sheet, and the navigation bar — the state a browser simulator draws.
public struct ScreenSnapshot: Sendable, Equatable {
    /// The one slot `showToast` and `showLoading` share.
    public enum Overlay: Sendable, Equatable {
        /// A toast, up until `hidesAt` on the session's clock.
        case toast(title: String, icon: String, mask: Bool, hidesAt: Duration)
        /// A loading toast, up until `hideLoading` (or `hideToast`, or a toast replaces it).
        case loading(title: String, mask: Bool)

        /// `toast` or `loading`.
        public var kind: String {
            switch self {
            case .toast: "toast"
            case .loading: "loading"
            }
        }
    }

    public var overlay: Overlay?
    /// The modal waiting for the user's answer.
    public var modal: ModalRequest?
    /// The action sheet waiting for the user's tap.
    public var actionSheet: ActionSheetRequest?
    /// Set by `setNavigationBarTitle` (nil: the page's configured title).
    public var navigationBarTitle: String?
    /// `(front, background)` set by `setNavigationBarColor`.
    public var navigationBarColors: (front: String, background: String)?

    public static func == (a: ScreenSnapshot, b: ScreenSnapshot) -> Bool {
        a.overlay == b.overlay && a.modal == b.modal && a.actionSheet == b.actionSheet
            && a.navigationBarTitle == b.navigationBarTitle
            && a.navigationBarColors?.front == b.navigationBarColors?.front
            && a.navigationBarColors?.background == b.navigationBarColors?.background
    }
}

/// A session's screen state, kept by the UI APIs. A toast hides itself once the session's
/// `MediaClock` passes its `duration` (read when the state is read, so a `ManualClock` decides
/// exactly when), and `showToast`/`showLoading` share one slot as on WeChat.
public final class Screen: Sendable {
    private let clock: any MediaClock
    private let state = Mutex(ScreenSnapshot())
    private let observers = Mutex<[@Sendable (ScreenSnapshot) -> Void]>([])

    public init(clock: any MediaClock) { self.clock = clock }

    /// The screen now (an expired toast is gone).
    public var snapshot: ScreenSnapshot {
        let now = clock.now()
        return state.withLock { s in
            Self.expire(&s, now: now)
            return s
        }
    }

    /// Calls `observer` with the new state after every change an API makes (a toast's own end is
    /// not a call: it is `Overlay.toast`'s `hidesAt`, for a simulator to draw).
    public func observe(_ observer: @escaping @Sendable (ScreenSnapshot) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    private func changed() {
        let list = observers.withLock { $0 }
        guard !list.isEmpty else { return }
        let now = snapshot
        for o in list { o(now) }
    }

    /// Shows a toast for `duration`, replacing whatever the slot showed.
    public func showToast(title: String, icon: String, mask: Bool, duration: Duration) {
        let hidesAt = clock.now() + duration
        state.withLock { $0.overlay = .toast(title: title, icon: icon, mask: mask, hidesAt: hidesAt) }
        changed()
    }

    /// Shows a loading toast, replacing whatever the slot showed.
    public func showLoading(title: String, mask: Bool) {
        state.withLock { $0.overlay = .loading(title: title, mask: mask) }
        changed()
    }

    /// Hides the slot's overlay: with `noConflict` only one of `kind` (`toast` / `loading`),
    /// else either (WeChat lets hideToast and hideLoading close each other). Returns the kind
    /// hidden, nil when nothing matching was up.
    public func hide(_ kind: String, noConflict: Bool) -> String? {
        let now = clock.now()
        let hidden: String? = state.withLock { s in
            Self.expire(&s, now: now)
            guard let overlay = s.overlay, !noConflict || overlay.kind == kind else { return nil }
            s.overlay = nil
            return overlay.kind
        }
        if hidden != nil { changed() }
        return hidden
    }

    /// Records an open modal (nil: answered).
    public func setModal(_ modal: ModalRequest?) {
        state.withLock { $0.modal = modal }
        changed()
    }

    /// Records an open action sheet (nil: answered).
    public func setActionSheet(_ sheet: ActionSheetRequest?) {
        state.withLock { $0.actionSheet = sheet }
        changed()
    }

    public func setNavigationBar(title: String) {
        state.withLock { $0.navigationBarTitle = title }
        changed()
    }

    public func setNavigationBar(front: String, background: String) {
        state.withLock { $0.navigationBarColors = (front, background) }
        changed()
    }

    private static func expire(_ s: inout ScreenSnapshot, now: Duration) {
        if case .toast(_, _, _, let hidesAt)? = s.overlay, now >= hidesAt { s.overlay = nil }
    }
}

extension AppSession {
    /// This session's screen: toasts, loading, modals, action sheets, the navigation bar.
    public var screen: Screen { service(Screen.self) { Screen(clock: clock) } }
}
