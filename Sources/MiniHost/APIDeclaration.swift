import MiniCore

/// How an API's work runs.
public enum APIBody: Sendable {
    /// Cheap work that runs on the JS thread (callbacks still arrive asynchronously).
    case immediate(@Sendable (APIRequest) throws -> HostValue)
    /// Blocking I/O: the async form runs it off the JS thread, the `Sync` form runs it inline.
    case blocking(@Sendable (APIRequest) throws -> HostValue)
    /// Truly asynchronous work (prompts, devices). Has no `Sync` form.
    case async(@Sendable (APIRequest) async throws -> HostValue)
    /// Asynchronous work that must start in call order (`startRecord` then `stopRecord` in one
    /// tick): the handler runs on the JS thread, validates and queues its work (e.g. on the
    /// object's `OperationChain`), and returns the task whose value is the result. No `Sync` form.
    case ordered(@Sendable (APIRequest) throws -> Task<HostValue, any Error>)
}

/// The `xxxSync` twin of an async API: positional parameters and what it returns.
public struct SyncForm: Sendable {
    public enum Returns: Sendable {
        /// The success object without `errMsg`.
        case object
        /// One field of the success object (e.g. `data` for `readFileSync`).
        case field(String)
        /// `undefined`.
        case nothing
    }

    public let name: String
    /// Names for positional arguments, zipped into an options object. `nil`: one options object.
    public let parameters: [String]?
    public let returns: Returns

    public init(_ name: String, parameters: [String]? = nil, returns: Returns = .object) {
        self.name = name
        self.parameters = parameters
        self.returns = returns
    }
}

/// How far an API or component is implemented, as `Docs/API-COVERAGE.md` reports it.
public enum APIStatus: Sendable, Equatable {
    /// Implemented and tested.
    case works
    /// Works, with a limit the note names.
    case partial(String)
    /// Declared so pages get a clear `:fail` with this reason instead of a `TypeError`.
    case fails(String)
}

/// What `canIUse` and the coverage document know about an API: the options it reads (with the
/// values an enumerated option accepts) and the fields of its result.
public struct APIMetadata: Sendable {
    /// Option name → accepted values (empty: any value of the option's type).
    public var options: [String: [String]] = [:]
    /// Fields of the success result (`return.` for sync forms, `success.` for callbacks).
    public var resultFields: [String] = []
    public var status: APIStatus = .works

    public init() {}
}

/// One API as JS sees it. Declared once; `MiniJS` builds the `wx`/`swan`/`tt`/`my` objects
/// (and factory objects' methods) from these.
public struct APIDeclaration: Sendable {
    public enum Kind: Sendable {
        /// `api({…, success, fail, complete})`, or a Promise when no callback is given.
        case async(APIBody, sync: SyncForm?, promise: Bool)
        /// A function that returns its value directly and throws on failure (`canIUse`,
        /// `getSystemInfoSync`).
        case direct(@Sendable (APIRequest) throws -> HostValue)
        /// Returns a native object (`getFileSystemManager()`, `createCameraContext()`).
        case factory(@Sendable (APIRequest) throws -> NativeObject)
        /// `onX(callback)` / `offX(callback)`: JS keeps the listeners; native emits `event`.
        case event(String)
        /// A live property of a native object (`InnerAudioContext.src`, `.paused`): the getter
        /// runs native code on each read; the setter (nil: read-only) gets the new value as the
        /// request's `value` argument and validates it like an option.
        case property(get: @Sendable (APIRequest) throws -> HostValue, set: (@Sendable (APIRequest) throws -> Void)?)
        /// A plain value property (`env`), per dialect.
        case constant(@Sendable (Dialect) -> HostValue)
    }

    public let name: String
    public let kind: Kind
    /// Names for positional arguments of `direct`/`factory` functions and of methods that take
    /// plain values (`seek(10)`); `nil` means a single options object.
    public let parameters: [String]?
    /// Dialects that have this API (default: all).
    public let dialects: Set<Dialect>
    /// JS source of a function `(res) => res` applied to success results before JS sees them
    /// (e.g. to give `Stats` objects their `isFile()` method).
    public private(set) var resultAdapter: String?
    /// JS source of a function `(...args) => newArgs` (an array) applied to the arguments of the
    /// async call and its `Sync` form before they are read (e.g. storage tags a `Date` with its
    /// type and serialises values the way the platform's own JS does). Evaluated once, before
    /// page code runs, so it may capture intrinsics.
    public private(set) var argumentAdapter: String?
    /// Options read, result fields and status (for `canIUse` and the coverage document).
    public private(set) var metadata = APIMetadata()
    /// For `.event`: the same listener added twice is called twice (`off` removes one), as
    /// WeChat's audio objects do; otherwise a listener is kept once.
    public private(set) var repeatsListeners = false

    public init(_ name: String, _ kind: Kind, parameters: [String]? = nil, dialects: Set<Dialect> = Set(Dialect.allCases)) {
        self.name = name
        self.kind = kind
        self.parameters = parameters
        self.dialects = dialects
    }

    /// The same declaration with a JS result adapter.
    public func adaptingResult(_ js: String) -> APIDeclaration {
        var copy = self
        copy.resultAdapter = js
        return copy
    }

    /// The same declaration with a JS argument adapter.
    public func adaptingArguments(_ js: String) -> APIDeclaration {
        var copy = self
        copy.argumentAdapter = js
        return copy
    }

    /// The same declaration reading `options`: `"title"`, or `"icon=success|error|none"` for
    /// an option with a fixed set of values.
    public func reading(_ options: String...) -> APIDeclaration {
        var copy = self
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1)
            copy.metadata.options[String(parts[0])] = parts.count > 1 ? parts[1].split(separator: "|").map(String.init) : []
        }
        return copy
    }

    /// The same declaration with these success-result fields.
    public func returning(_ fields: String...) -> APIDeclaration { returning(fields) }

    /// The same declaration with these success-result fields.
    public func returning(_ fields: [String]) -> APIDeclaration {
        var copy = self
        copy.metadata.resultFields += fields
        return copy
    }

    /// The same `.event` declaration with WeChat's audio listener semantics (`repeatsListeners`).
    public func repeatingListeners() -> APIDeclaration {
        var copy = self
        copy.repeatsListeners = true
        return copy
    }

    /// The same declaration with a coverage status other than `works`.
    public func status(_ status: APIStatus) -> APIDeclaration {
        var copy = self
        copy.metadata.status = status
        return copy
    }

    /// The declaration with its async body run in each dialect's `APIConvention`.
    func followingConventions() -> APIDeclaration {
        guard case .async(let body, let sync, let promise) = kind else { return self }
        var copy = APIDeclaration(name, .async(body.following(name), sync: sync, promise: promise), parameters: parameters, dialects: dialects)
        copy.resultAdapter = resultAdapter
        copy.argumentAdapter = argumentAdapter
        copy.metadata = metadata
        return copy
    }

    // Convenience constructors.

    public static func async(
        _ name: String, sync: SyncForm? = nil, promise: Bool = true, dialects: Set<Dialect> = Set(Dialect.allCases),
        _ body: APIBody
    ) -> APIDeclaration {
        APIDeclaration(name, .async(body, sync: sync, promise: promise), dialects: dialects)
    }

    public static func direct(
        _ name: String, parameters: [String]? = nil, dialects: Set<Dialect> = Set(Dialect.allCases),
        _ body: @escaping @Sendable (APIRequest) throws -> HostValue
    ) -> APIDeclaration {
        APIDeclaration(name, .direct(body), parameters: parameters, dialects: dialects)
    }

    public static func property(
        _ name: String, get: @escaping @Sendable (APIRequest) throws -> HostValue,
        set: (@Sendable (APIRequest) throws -> Void)? = nil
    ) -> APIDeclaration {
        APIDeclaration(name, .property(get: get, set: set))
    }

    public static func factory(
        _ name: String, parameters: [String]? = nil, _ make: @escaping @Sendable (APIRequest) throws -> NativeObject
    ) -> APIDeclaration {
        APIDeclaration(name, .factory(make), parameters: parameters)
    }
}

/// The JS-visible shape of a native object class: its methods and events.
public struct ObjectClass: Sendable {
    public let name: String
    public let members: [APIDeclaration]

    public init(_ name: String, members: [APIDeclaration]) {
        self.name = name
        self.members = members
    }
}
