import Foundation
import MiniCore
import MiniStorage

extension ConsentPrompters {
    /// Answers from a script, and records every question, for tests and demos.
    public final class Scripted: ConsentPrompting, @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [Bool]
        private var settingsChanges: [Scope: Bool]
        private var _asked: [Scope] = []
        private var _settingsOpened = 0

        /// `answers` are used in order; when they run out the prompt fails like a missing user.
        public init(answers: [Bool] = [], settingsChanges: [Scope: Bool] = [:]) {
            self.answers = answers
            self.settingsChanges = settingsChanges
        }

        /// Scopes asked about, in order.
        public var asked: [Scope] { lock.withLock { _asked } }
        public var settingsOpened: Int { lock.withLock { _settingsOpened } }

        public func ask(app: AppID, scope: Scope, dialect: Dialect) async throws -> Bool {
            try lock.withLock {
                _asked.append(scope)
                guard !answers.isEmpty else { throw MediaError.internalError("no scripted answer left for \(scope.name(in: dialect))") }
                return answers.removeFirst()
            }
        }

        public func settings(app: AppID, current: [Scope: Bool], dialect: Dialect) async throws -> [Scope: Bool] {
            lock.withLock {
                _settingsOpened += 1
                var out = current
                // The settings page shows only scopes already asked for.
                for (scope, value) in settingsChanges where current[scope] != nil { out[scope] = value }
                return out
            }
        }
    }
}
