/// The five mini-program platforms MiniMedia speaks, and each one's conventions.
///
/// Everything that differs by platform and is not an error code lives here: the global
/// namespace, file path schemes, template extension and directive prefix, limits and permission
/// scope names. Error shapes are mapped in `MiniHost` (`Dialect+Failure.swift`).
public enum Dialect: String, CaseIterable, Sendable, Codable {
    /// WeChat.
    case wx
    /// QQ: WeChat's API and failure shapes under `qq`, with `qqfile://` paths.
    case qq
    /// Baidu Smart Program.
    case swan
    /// Feishu / Douyin.
    case tt
    /// Alipay.
    case my

    /// The global object name in JS (`wx`, `qq`, `swan`, `tt`, `my`).
    public var namespace: String { rawValue }

    /// The scheme prefix every virtual file path of this dialect starts with.
    public var fileScheme: String {
        switch self {
        case .wx: "wxfile://"
        case .qq: "qqfile://"
        case .swan: "bdfile://"
        case .tt: "ttfile://"
        case .my: "https://"
        }
    }

    /// `env.USER_DATA_PATH`.
    public var userDataPath: String {
        switch self {
        case .wx: "wxfile://usr"
        case .qq: "qqfile://usr"
        case .swan: "bdfile://usr"
        case .tt: "ttfile://user"
        case .my: "https://usr"
        }
    }

    /// A temp file path for file `id` with extension `ext`.
    public func tempPath(id: String, ext: String) -> String {
        switch self {
        case .wx: "wxfile://tmp_\(id).\(ext)"
        case .qq: "qqfile://tmp_\(id).\(ext)"
        case .swan: "bdfile://tmp_\(id).\(ext)"
        case .tt: "ttfile://temp/\(id).\(ext)"
        case .my: "https://resource/\(id).\(Dialect.alipayExtension(ext))"
        }
    }

    /// A saved (persistent) file path for file `id` with extension `ext`.
    public func savedPath(id: String, ext: String) -> String {
        switch self {
        case .wx: "wxfile://store_\(id).\(ext)"
        case .qq: "qqfile://store_\(id).\(ext)"
        case .swan: "bdfile://store_\(id).\(ext)"
        case .tt: "ttfile://user/store_\(id).\(ext)"
        case .my: "https://usr/store_\(id).\(ext)"
        }
    }

    /// Alipay names temp images `<id>.image`; other kinds keep their extension.
    static func alipayExtension(_ ext: String) -> String {
        ["jpg", "jpeg", "png", "gif", "webp", "bmp", "heic"].contains(ext.lowercased()) ? "image" : ext
    }

    /// Total size allowed for saved + user files (WeChat and QQ 200 MB; Baidu, Feishu/Douyin and
    /// Alipay 10 MB — MiniMedia choice for qq, tt and my: QQ follows WeChat, tt and my the older
    /// 10 MB saveFile limit).
    public var defaultStorageQuota: Int64 {
        switch self {
        case .wx, .qq: 200 * 1024 * 1024
        case .swan, .tt, .my: 10 * 1024 * 1024
        }
    }

    /// The file extension of page templates (`wxml`, `qml`, `swan`, `ttml`, `axml`).
    public var templateExtension: String {
        switch self {
        case .wx: "wxml"
        case .qq: "qml"
        case .swan: "swan"
        case .tt: "ttml"
        case .my: "axml"
        }
    }

    /// The prefix of template directives (`wx:if`, `qq:if`, `s-if`, `tt:if`, `a:if`).
    public var directivePrefix: String {
        switch self {
        case .wx: "wx:"
        case .qq: "qq:"
        case .swan: "s-"
        case .tt: "tt:"
        case .my: "a:"
        }
    }

    /// Whether async APIs return a Promise when no callback is given (WeChat 2.10.2+ style).
    /// MiniMedia offers it on every dialect.
    public var promisifies: Bool { true }
}
