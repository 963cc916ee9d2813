import MiniCore

/// The one place where domain errors become each dialect's failure object.
///
/// | dialect | shape |
/// |---|---|
/// | wx   | `{errMsg: "<api>:fail <reason>", errno}` |
/// | qq   | as wx (QQ numbers its errors as WeChat does) |
/// | swan | `{errMsg, errCode}` |
/// | tt   | `{errMsg, errNo, errno}` (Douyin `errNo`, Feishu `errno`, same number) |
/// | my   | `{error, errorMessage}` |
extension Dialect {
    /// The failure object for `api` failing with `error`, numbered from `table` (a session's
    /// registry holds the foundation's rows plus those its feature modules registered).
    public func failure(api: String, error: MediaError, table: ErrorTable = .foundation) -> HostValue {
        let number = Double(errorNumber(for: error.code, table: table))
        let errMsg = HostValue.string("\(api):fail \(error.message)")
        switch self {
        case .wx, .qq: return .object(["errMsg": errMsg, "errno": .number(number)])
        case .swan: return .object(["errMsg": errMsg, "errCode": .number(number)])
        case .tt: return .object(["errMsg": errMsg, "errNo": .number(number), "errno": .number(number)])
        case .my: return .object(["error": .number(number), "errorMessage": .string(error.message)])
        }
    }

    /// The text a sync API throws (`<api>:fail <reason>`), for every dialect.
    public func failureMessage(api: String, error: MediaError) -> String {
        "\(api):fail \(error.message)"
    }

    /// Whether success results carry `errMsg: "<api>:ok"` (Alipay's carry none).
    public var successCarriesErrMsg: Bool { self != .my }

    /// Adds `errMsg: "<api>:ok"` to a success result (Alipay results carry none).
    public func success(api: String, result: HostValue) -> HostValue {
        guard successCarriesErrMsg else { return result.objectValue.map(HostValue.object) ?? .object([:]) }
        var o = result.objectValue ?? HostObjectValue()
        o["errMsg"] = .string("\(api):ok")
        return .object(o)
    }

    /// The dialect's number for an error code. Numbers the platforms document are used as
    /// documented (see `Docs/API-COVERAGE.md`); the rest are MiniMedia choices listed there.
    /// A code with no row is numbered as an internal error. QQ uses WeChat's numbers.
    public func errorNumber(for code: MediaError.Code, table: ErrorTable = .foundation) -> Int {
        let row = table.rows[code] ?? ErrorTable.foundation.rows[.internalError]!
        switch self {
        case .wx, .qq: return row.wx
        case .swan: return row.swan
        case .tt: return row.tt
        case .my: return row.my
        }
    }
}

/// One error code's number in each dialect.
public struct ErrorNumbers: Sendable, Equatable {
    public let wx: Int, swan: Int, tt: Int, my: Int

    public init(wx: Int, swan: Int, tt: Int, my: Int) {
        self.wx = wx
        self.swan = swan
        self.tt = tt
        self.my = my
    }
}

/// Error numbers per code: the foundation's rows, plus the rows each feature module registers
/// with its `APIRegistry` (`registry.add(errors:)`), so MiniHost holds no module's numbers.
public struct ErrorTable: Sendable {
    public private(set) var rows: [MediaError.Code: ErrorNumbers]

    /// Adds rows; a code numbered twice is a programming error.
    public mutating func add(_ more: [MediaError.Code: ErrorNumbers]) {
        for (code, numbers) in more {
            precondition(rows[code] == nil || rows[code] == numbers, "error code \(code.rawValue) numbered twice")
            rows[code] = numbers
        }
    }

    /// The codes every session has: parameters, cancel, permissions, files and network.
    public static let foundation = ErrorTable(rows: [
        .parameterError: .init(wx: 101, swan: 202, tt: 104, my: 2),
        .cancel: .init(wx: 1, swan: 1001, tt: 1_300_001, my: 11),
        .authDeny: .init(wx: 103, swan: 10003, tt: 107, my: 2001),
        .scopeEmpty: .init(wx: 110, swan: 202, tt: 104, my: 2),
        .invalidScope: .init(wx: 101, swan: 202, tt: 104, my: 2),
        .needsUserGesture: .init(wx: 102, swan: 10001, tt: 103, my: 4),
        .systemPermissionDenied: .init(wx: 3, swan: 10005, tt: 106, my: 2002),
        .notSupported: .init(wx: 100, swan: 1001, tt: 103, my: 1),
        .internalError: .init(wx: 4, swan: 10001, tt: 102, my: 3),
        .timeout: .init(wx: 5, swan: 10001, tt: 102, my: 3),
        .fileNotFound: .init(wx: 1_300_002, swan: 1_300_002, tt: 203, my: 3),
        .fileExists: .init(wx: 1_301_005, swan: 1_301_005, tt: 204, my: 3),
        .storageLimitExceeded: .init(wx: 1_300_202, swan: 1_300_202, tt: 208, my: 3),
        .permissionDenied: .init(wx: 1_300_013, swan: 1_300_013, tt: 202, my: 4),
        .invalidPath: .init(wx: 1_300_013, swan: 1_300_013, tt: 213, my: 2),
        .nameTooLong: .init(wx: 1_300_036, swan: 1_300_036, tt: 214, my: 2),
        .notDirectory: .init(wx: 1_300_020, swan: 1_300_020, tt: 102, my: 3),
        .isDirectory: .init(wx: 1_301_003, swan: 1_301_003, tt: 102, my: 3),
        .directoryNotEmpty: .init(wx: 1_300_066, swan: 1_300_066, tt: 102, my: 3),
        .ioError: .init(wx: 1_300_201, swan: 1_300_201, tt: 102, my: 3),
        .networkError: .init(wx: 600_001, swan: 10002, tt: 102, my: 12),
    ])
}
