import MiniCore

/// A failed call: the domain error and the dialect's failure object for it.
public struct CallFailure: Error, Sendable {
    public let error: MediaError
    public let shaped: HostValue
}

extension AppSession {
    /// Calls a global async API (or a method of `target`) from Swift, the way JS would with
    /// callbacks: the result is the dialect's success object or a `CallFailure`.
    public func call(
        _ name: String, _ args: HostValue = .undefined, target: NativeObject? = nil, userGesture: Bool = false
    ) async -> Result<HostValue, CallFailure> {
        let decl = target.flatMap { registry.member(name, of: $0.className) } ?? registry.global(name)
        guard let decl, target != nil || decl.dialects.contains(dialect), case .async(let body, _, _) = decl.kind else {
            return .failure(fail(name, MediaError(.notSupported, "\(name) is not supported")))
        }
        let request = APIRequest(api: name, args: args, session: self, target: target, isUserGesture: userGesture)
        do {
            let result = try await body.run(request)
            return .success(dialect.success(api: name, result: result))
        } catch {
            return .failure(fail(name, MediaError.wrap(error)))
        }
    }

    func fail(_ api: String, _ error: MediaError) -> CallFailure {
        CallFailure(error: error, shaped: failure(api: api, error: error))
    }

    /// The dialect's failure object for `api` failing with `error`, numbered from this session's
    /// error table (the foundation's rows and its modules').
    public func failure(api: String, error: MediaError) -> HostValue {
        dialect.failure(api: api, error: error, table: registry.errors)
    }
}

extension APIBody {
    /// Runs the body from any context (blocking bodies run inline).
    public func run(_ request: APIRequest) async throws -> HostValue {
        switch self {
        case .immediate(let f), .blocking(let f): try f(request)
        case .async(let f): try await f(request)
        case .ordered(let f): try await f(request).value
        }
    }
}

extension MediaError {
    /// Any error as a `MediaError` (unknown errors become internal errors).
    public static func wrap(_ error: any Error) -> MediaError {
        (error as? MediaError) ?? MediaError(.internalError, "\(error)")
    }
}
