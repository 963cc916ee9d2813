import MiniCore

/// Host UI APIs through the simulated user and the session's `Screen`: toasts, loading,
/// modals, action sheets, the navigation bar and vibration. One declaration per name; where
/// Alipay names its parameters differently (`content`, `type`, `items`) the handler reads
/// that dialect's spelling. Validation follows WeChat's messages.
enum UIAPIs {
    /// Every dialect but Alipay (which has `confirm`/`alert`/`setNavigationBar` instead).
    static let wechatFamily = Set(Dialect.allCases).subtracting([.my])

    static let declarations: [APIDeclaration] = [
        .async("showToast", .immediate(showToast))
            .reading("title", "icon=success|error|loading|none|fail|exception", "image", "duration", "mask", "content", "type")
            .status(.partial("shown to the simulated user; a custom `image` is checked and named (`image:<path>`), not drawn")),
        .async("hideToast", .immediate { req in try hide(req, "toast") }).reading("noConflict"),
        .async("showLoading", .immediate(showLoading)).reading("title", "mask", "content", "delay"),
        .async("hideLoading", .immediate { req in try hide(req, "loading") }).reading("noConflict"),
        .async("showModal", dialects: wechatFamily, .async(showModal))
            .reading(
                "title", "content", "showCancel", "cancelText", "cancelColor", "confirmText", "confirmColor", "editable",
                "placeholderText"
            )
            .returning("confirm", "cancel", "content"),
        .async("confirm", dialects: [.my], .async(alipayConfirm))
            .reading("title", "content", "confirmButtonText", "cancelButtonText").returning("confirm"),
        .async("alert", dialects: [.my], .async(alipayAlert)).reading("title", "content", "buttonText"),
        .async("showActionSheet", .async(showActionSheet))
            .reading("itemList", "itemColor", "alertText", "items", "title", "cancelButtonText", "destructiveBtnIndex")
            .returning("tapIndex", "index"),
        .async("setNavigationBarTitle", dialects: wechatFamily, .immediate { req in
            let title = try req.options().string("title")
            req.session.screen.setNavigationBar(title: title)
            req.session.user.show(.navigationBarTitle(title))
            return .object([:])
        }).reading("title"),
        .async("setNavigationBarColor", dialects: wechatFamily, .immediate(setNavigationBarColor))
            .reading("frontColor=#ffffff|#000000", "backgroundColor", "animation"),
        .async("setNavigationBar", dialects: [.my], .immediate(alipaySetNavigationBar))
            .reading("title", "backgroundColor", "borderBottomColor", "image", "reset"),
        .async("vibrateShort", .immediate { req in
            // The typings require `type` since 2.13.0, but WeChat still vibrates without one.
            let type = try oneOf(try req.options(), "type", ["heavy", "medium", "light"], default: nil)
            req.session.user.show(.vibrate(long: false, type: type))
            return .object([:])
        }).reading("type=heavy|medium|light"),
        .async("vibrateLong", .immediate { req in
            _ = try req.options()
            req.session.user.show(.vibrate(long: true, type: nil))
            return .object([:])
        }),
        .async("vibrate", dialects: [.my], .immediate { req in
            _ = try req.options()
            req.session.user.show(.vibrate(long: true, type: nil))
            return .object([:])
        }),
    ]

    // MARK: Toast and loading

    static func showToast(_ req: APIRequest) throws -> HostValue {
        let o = try req.options()
        let title: String, icon: String, duration: Double, mask: Bool
        if req.dialect == .my {
            title = try o.string("content", default: "")
            let type = try oneOf(o, "type", ["success", "fail", "exception", "none"], default: "none")!
            icon = ["fail": "error", "exception": "error"][type] ?? type
            duration = try o.number("duration", default: 2000, in: 0...86_400_000)
            mask = false
        } else {
            title = try o.string("title")
            let named = try oneOf(o, "icon", toastIcons(req.dialect), default: "success")!
            // A custom icon wins over `icon`; its path must be one the app may read.
            if let image = try o.optionalString("image") {
                guard !image.isEmpty else { throw MediaError.parameter("parameter.image should not be empty;") }
                _ = try req.session.files.resolve(image)
                icon = "image:" + image
            } else {
                icon = named
            }
            duration = try o.number("duration", default: req.dialect == .swan ? 2000 : 1500, in: 0...86_400_000)
            mask = try o.bool("mask", default: false)
        }
        let ms = Int(duration.rounded())
        req.session.screen.showToast(title: title, icon: icon, mask: mask, duration: .milliseconds(ms))
        req.session.user.show(.toast(title: title, icon: icon, durationMs: ms, mask: mask))
        return .object([:])
    }

    /// The icons each platform's `showToast` accepts (Baidu has no `error`, Douyin says `fail`).
    static func toastIcons(_ dialect: Dialect) -> [String] {
        switch dialect {
        case .swan: ["success", "loading", "none"]
        case .tt: ["success", "loading", "none", "fail"]
        default: ["success", "error", "loading", "none"]
        }
    }

    static func showLoading(_ req: APIRequest) throws -> HostValue {
        let o = try req.options()
        let title: String, mask: Bool
        if req.dialect == .my {
            title = try o.string("content", default: "")
            _ = try o.optionalNumber("delay", in: 0...86_400_000)
            mask = false
        } else {
            title = try o.string("title")
            mask = try o.bool("mask", default: false)
        }
        req.session.screen.showLoading(title: title, mask: mask)
        req.session.user.show(.loading(title: title, mask: mask))
        return .object([:])
    }

    /// `hideToast` / `hideLoading`: they close each other's overlay unless `noConflict`.
    static func hide(_ req: APIRequest, _ kind: String) throws -> HostValue {
        let noConflict = try req.options().bool("noConflict", default: false)
        guard let hidden = req.session.screen.hide(kind, noConflict: noConflict) else {
            throw MediaError.internalError("toast can't be found")
        }
        req.session.user.show(.hidden(hidden))
        return .object([:])
    }

    // MARK: Modals

    static func showModal(_ req: APIRequest) async throws -> HostValue {
        let o = try req.options()
        let request = ModalRequest(
            title: try o.string("title", default: ""), content: try o.string("content", default: ""),
            showCancel: try o.bool("showCancel", default: true),
            cancelText: try buttonText(o, "cancelText", default: "取消"),
            confirmText: try buttonText(o, "confirmText", default: "确定"),
            editable: try o.bool("editable", default: false),
            placeholderText: try o.string("placeholderText", default: ""))
        _ = try color(o, "cancelColor")
        _ = try color(o, "confirmColor")
        let (confirm, content) = try await ask(req, request)
        var result = HostObjectValue(["confirm": .bool(confirm), "cancel": .bool(!confirm)])
        if request.editable { result["content"] = .string(content ?? "") }
        return .object(result)
    }

    static func alipayConfirm(_ req: APIRequest) async throws -> HostValue {
        let o = try req.options()
        let request = ModalRequest(
            title: try o.string("title", default: ""), content: try o.string("content", default: ""),
            cancelText: try o.string("cancelButtonText", default: "取消"),
            confirmText: try o.string("confirmButtonText", default: "确定"))
        return .object(["confirm": .bool(try await ask(req, request).confirm)])
    }

    static func alipayAlert(_ req: APIRequest) async throws -> HostValue {
        let o = try req.options()
        let request = ModalRequest(
            title: try o.string("title", default: ""), content: try o.string("content", default: ""),
            showCancel: false, confirmText: try o.string("buttonText", default: "确定"))
        _ = try await ask(req, request)
        return .object([:])
    }

    /// Shows `request` on the screen while the user answers it.
    static func ask(_ req: APIRequest, _ request: ModalRequest) async throws -> (confirm: Bool, content: String?) {
        let screen = req.session.screen
        screen.setModal(request)
        defer { screen.setModal(nil) }
        return try await req.session.user.modal(request)
    }

    /// A button label: WeChat allows at most 4 Chinese characters (8 Latin ones).
    static func buttonText(_ o: Options, _ key: String, default value: String) throws -> String {
        let text = try o.string(key, default: value)
        let width = text.unicodeScalars.reduce(0) { $0 + ($1.value < 0x80 ? 1 : 2) }
        guard width <= 8 else { throw MediaError(.parameterError, "\(key) length should not larger than 4 Chinese characters") }
        return text
    }

    // MARK: Action sheets

    static func showActionSheet(_ req: APIRequest) async throws -> HostValue {
        let o = try req.options()
        let alipay = req.dialect == .my
        let items = try o.stringArray(alipay ? "items" : "itemList")
        let key = alipay ? "items" : "itemList"
        guard !items.isEmpty else { throw MediaError.parameter("parameter.\(key) should not be empty;") }
        if !alipay {
            guard items.count <= 6 else { throw MediaError.parameter("\(key) should not be large than 6") }
            _ = try color(o, "itemColor")
        } else {
            _ = try o.optionalString("cancelButtonText")
            _ = try o.optionalInt("destructiveBtnIndex", in: -1...(items.count - 1))
        }
        let request = ActionSheetRequest(
            items: items, alertText: try o.optionalString(alipay ? "title" : "alertText"))
        let screen = req.session.screen
        screen.setActionSheet(request)
        defer { screen.setActionSheet(nil) }
        do {
            let index = try await req.session.user.actionSheet(request)
            return .object([alipay ? "index" : "tapIndex": .number(Double(index))])
        } catch let e as MediaError where e.code == .cancel && alipay {
            // Alipay: a cancel is a success with index -1.
            return .object(["index": -1])
        }
    }

    // MARK: Navigation bar

    static func setNavigationBarColor(_ req: APIRequest) throws -> HostValue {
        let o = try req.options()
        let front = try oneOf(o, "frontColor", ["#ffffff", "#000000"], default: nil, required: true)!
        guard let background = try color(o, "backgroundColor", required: true) else { return .object([:]) }
        if let animation = o["animation"] {
            let a = try Options(animation)
            _ = try a.optionalNumber("duration", in: 0...86_400_000)
            _ = try oneOf(a, "timingFunc", ["linear", "easeIn", "easeOut", "easeInOut"], default: nil)
        }
        req.session.screen.setNavigationBar(front: front, background: background)
        req.session.user.show(.navigationBarColor(front: front, background: background))
        return .object([:])
    }

    static func alipaySetNavigationBar(_ req: APIRequest) throws -> HostValue {
        let o = try req.options()
        let title = try o.optionalString("title")
        let background = try color(o, "backgroundColor")
        _ = try color(o, "borderBottomColor")
        _ = try o.optionalString("image")
        _ = try o.bool("reset", default: false)
        if let title {
            req.session.screen.setNavigationBar(title: title)
            req.session.user.show(.navigationBarTitle(title))
        }
        if let background {
            req.session.screen.setNavigationBar(front: "#000000", background: background)
            req.session.user.show(.navigationBarColor(front: "#000000", background: background))
        }
        return .object([:])
    }

    // MARK: Validation helpers

    /// A string option that must be one of `allowed`.
    static func oneOf(
        _ o: Options, _ key: String, _ allowed: [String], default value: String?, required: Bool = false
    ) throws -> String? {
        guard o.has(key) else {
            if required { throw Options.typeError(key, "String", nil) }
            return value
        }
        let s = try o.string(key)
        guard allowed.contains(s) else {
            let list = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            throw MediaError.parameter("parameter.\(key) should be one of \(list) instead of \"\(s)\";")
        }
        return s
    }

    /// A `#rgb` / `#rrggbb` colour option (nil when absent and not required).
    static func color(_ o: Options, _ key: String, required: Bool = false) throws -> String? {
        guard o.has(key) || required else { return nil }
        let s = try o.string(key)
        let hex = s.utf8.dropFirst()
        guard s.hasPrefix("#"), hex.count == 3 || hex.count == 6,
            hex.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) })
        else {
            throw MediaError.parameter("parameter.\(key) should be a hex color like \"#RRGGBB\" instead of \"\(s)\";")
        }
        return s
    }
}
