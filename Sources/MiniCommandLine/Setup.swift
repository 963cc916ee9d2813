import ArgumentParser
import Foundation
import MiniCore
import MiniHost
import MiniStorage

/// Turns command-line strings into configuration, as usage errors (exit 2) when they are wrong.
public enum Setup {
    public static func dialect(_ raw: String) throws -> Dialect {
        guard let d = Dialect(rawValue: raw) else {
            throw ValidationError("--dialect must be one of wx, qq, swan, tt, my (got \"\(raw)\")")
        }
        return d
    }

    public static func dataDirectory(_ raw: String?) -> DataDirectory {
        DataDirectory(root: raw.map { URL(fileURLWithPath: $0) } ?? DataDirectory.defaultRoot())
    }

    /// Runs `body`, which opens or uses the stores of `data`; a data-dir fault (`data directory
    /// is not writable`, `… is full`, `… was removed or replaced`) names the folder, for the
    /// one-line error `Main` prints (exit status 1).
    public static func usingData<T>(_ data: DataDirectory, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as MediaError where e.message.hasPrefix("data directory ") {
            throw MediaError(e.code, "\(e.message): \(data.root.path)")
        }
    }

    public static func appID(_ raw: String) throws -> AppID {
        do { return try AppID(raw) } catch { throw ValidationError("--app-id: \((error as? MediaError)?.message ?? "\(error)")") }
    }

    /// The simulated user from `--consent` and `--picker`; notices (previews) print on stdout.
    /// `--modal` values: `confirm`, `confirm:TEXT`, `cancel`; none or `prompt`: the terminal.
    public static func modalAnswers(_ raw: [String]) throws -> ScriptedUser.Answers<ScriptedUser.ModalAnswer> {
        if raw.isEmpty || raw == ["prompt"] { return .terminal }
        return .scripted(try raw.map { value in
            if value == "confirm" { return .confirm(nil) }
            if value == "cancel" { return .cancel }
            if value.hasPrefix("confirm:") { return .confirm(String(value.dropFirst("confirm:".count))) }
            throw ValidationError("--modal must be confirm, confirm:TEXT, cancel or prompt (got \"\(value)\")")
        })
    }

    /// `--action-sheet` values: an item index or `cancel`; none or `prompt`: the terminal.
    public static func sheetAnswers(_ raw: [String]) throws -> ScriptedUser.Answers<ScriptedUser.SheetAnswer> {
        if raw.isEmpty || raw == ["prompt"] { return .terminal }
        return .scripted(try raw.map { value in
            if value == "cancel" { return .cancel }
            guard let index = Int(value), index >= 0 else {
                throw ValidationError("--action-sheet must be an item index (0, 1, …), cancel or prompt (got \"\(value)\")")
            }
            return .tap(index)
        })
    }

    public static func user(
        consent: String, picker: String, modals: ScriptedUser.Answers<ScriptedUser.ModalAnswer> = .terminal,
        actionSheets: ScriptedUser.Answers<ScriptedUser.SheetAnswer> = .terminal
    ) throws -> ScriptedUser {
        let consents: [String: ScriptedUser.Consent] = ["prompt": .terminal, "allow": .allow, "deny": .deny]
        let pickings: [String: ScriptedUser.Picking] = ["first": .first, "cancel": .cancel, "prompt": .terminal]
        guard let consentPolicy = consents[consent] else {
            throw ValidationError("--consent must be prompt, allow or deny (got \"\(consent)\")")
        }
        guard let picking = pickings[picker] else {
            throw ValidationError("--picker must be first, cancel or prompt (got \"\(picker)\")")
        }
        return ScriptedUser(
            consent: consentPolicy, picking: picking, modals: modals, actionSheets: actionSheets,
            display: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) })
    }
}
