import ArgumentParser
import MiniHost

/// How the simulated user answers what a page asks (`run`; under `auto`, what the automation
/// client leaves unanswered): permission prompts, album pickers, modals and action sheets.
public struct AnswerOptions: ParsableArguments {
    public init() {}

    @Option(help: "Who picks from the album in choose* pickers: first, cancel or prompt.")
    public var picker: String = "first"

    @Option(help: "Who answers permission prompts: prompt (the terminal), allow or deny. Default: prompt for run, deny for auto.")
    public var consent: String?

    @Option(help: "How modals are answered: confirm, confirm:TEXT (an editable modal's text), cancel or prompt (the terminal; without one the modal fails). Repeatable: answers in order, the last one repeats.")
    public var modal: [String] = []

    @Option(name: .customLong("action-sheet"), help: "How action sheets are answered: an item INDEX (0-based), cancel or prompt (the terminal). Repeatable like --modal.")
    public var actionSheet: [String] = []

    public func validate() throws {
        _ = try Setup.modalAnswers(modal)
        _ = try Setup.sheetAnswers(actionSheet)
    }

    /// The scripted user these answers make; `consent` when `--consent` is not given.
    public func user(defaultConsent: String) throws -> ScriptedUser {
        try Setup.user(
            consent: consent ?? defaultConsent, picker: picker, modals: Setup.modalAnswers(modal), actionSheets: Setup.sheetAnswers(actionSheet))
    }
}
