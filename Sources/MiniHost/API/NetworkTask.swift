import Foundation
import MiniCore
import MiniNet
import Synchronization

/// The object `request`, `downloadFile` and `uploadFile` return (`RequestTask`, `DownloadTask`,
/// `UploadTask`): `abort()` and the task's events. The call's own `success`/`fail`/`complete`
/// are held (and the event loop kept alive, so a `--call` tap waits) until the result is
/// delivered, whether or not page code keeps the task.
final class NetworkTask: NativeObject, @unchecked Sendable {
    let kind: String
    let control = TransferControl()
    override var className: String { kind }

    init(kind: String) {
        self.kind = kind
        super.init()
    }

    /// The declarations of a task class: `abort` and `on/off` for each event.
    static func objectClass(_ name: String, events: [String]) -> ObjectClass {
        var members: [APIDeclaration] = [
            APIDeclaration("abort", .direct({ req in
                try req.target(as: NetworkTask.self).control.abort()
                return .undefined
            }), parameters: [])
        ]
        for event in events {
            let upper = event.prefix(1).uppercased() + event.dropFirst()
            members.append(APIDeclaration("on" + upper, .event(event)))
        }
        return ObjectClass(name, members: members)
    }

    /// Starts a task: `body` (on Swift's pool) does the work with this task; its value or error
    /// is shaped for the dialect and handed to the call's callbacks. Validation errors thrown by
    /// `body` arrive through `fail` too, as WeChat reports them.
    static func start(
        _ req: APIRequest, kind: String, body: @escaping @Sendable (APIRequest, NetworkTask) async throws -> HostValue
    ) throws -> NetworkTask {
        let task = NetworkTask(kind: kind)
        let o = try req.options()
        let callbacks = try ["success", "fail", "complete"].map { try o.optionalFunction($0) }
        let events = req.session.events
        // Taken now, on the JS thread, during the call that passed them.
        let holds = callbacks.compactMap { $0.map { events.retain($0) } }
        let work = events.pendingWork(req.api)
        let (api, session) = (req.api, req.session)
        Task {
            let outcome: Result<HostValue, MediaError>
            do { outcome = .success(try await body(req, task)) } catch { outcome = .failure(MediaError.wrap(error)) }
            let shaped: HostValue
            let callback: FunctionRef?
            switch outcome {
            case .success(let value):
                shaped = session.dialect.success(api: api, result: value)
                callback = callbacks[0]
            case .failure(let error):
                shaped = session.failure(api: api, error: error)
                callback = callbacks[1]
            }
            if let callback { events.invoke(callback, [shaped]) }
            if let complete = callbacks[2] { events.invoke(complete, [shaped]) }
            holds.forEach { $0.end() }
            work.end()
        }
        return task
    }

    /// Emits `event` on this task.
    func emit(_ event: String, _ payload: HostValue, session: AppSession) {
        session.events.emit(event, target: handle, payload: payload)
    }
}

/// Progress events, at most one per whole percent (or per 256 KB when the size is unknown).
final class ProgressThrottle: Sendable {
    private struct State {
        var percent = -1
        var bytes: Int64 = -1
    }
    private let state = Mutex(State())

    /// Whether `done` of `total` bytes deserves an event, and the percent to report.
    func next(_ done: Int64, of total: Int64) -> Int? {
        state.withLock { s in
            let percent = total > 0 ? Int(min(100, done * 100 / total)) : 0
            let due = total > 0 ? percent != s.percent : done - s.bytes >= 256 << 10 || s.bytes < 0
            guard due else { return nil }
            s.percent = percent
            s.bytes = done
            return percent
        }
    }
}
