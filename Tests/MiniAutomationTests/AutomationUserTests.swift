import Foundation
import MiniAutomation
import MiniCore
import MiniHost
import MiniStorage
import Testing

@Suite struct AutomationUserTests {
    let app = try! AppID("u")

    @Test func answerGivenFirstIsKeptForItsKind() async throws {
        let user = AutomationUser(fallback: ScriptedUser(consent: .deny), answerTimeout: 30)
        #expect(user.give(.modal(confirm: true, content: "typed")) == false)
        #expect(user.give(.consent(true)) == false)
        // The consent prompt takes the consent answer, the modal the modal answer.
        #expect(try await user.consent(app: app, scope: .camera, dialect: .wx) == true)
        let modal = try await user.modal(ModalRequest(title: "t", editable: true))
        #expect(modal.confirm && modal.content == "typed")
    }

    @Test func waitingPromptTakesTheNextAnswer() async throws {
        let user = AutomationUser(fallback: ScriptedUser(consent: .deny), answerTimeout: 30)
        async let answer = user.consent(app: app, scope: .camera, dialect: .wx)
        let deadline = ContinuousClock.now + .seconds(10)
        while user.pendingPrompts.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(user.give(.consent(true)))
        #expect(try await answer == true)
        #expect(user.pendingPrompts.isEmpty)
    }

    @Test func unansweredPromptGoesToTheFallback() async throws {
        let user = AutomationUser(fallback: ScriptedUser(consent: .allow), answerTimeout: 0.05)
        #expect(try await user.consent(app: app, scope: .record, dialect: .wx) == true)
        let strict = AutomationUser(fallback: ScriptedUser(consent: .deny), answerTimeout: 0.05)
        #expect(try await strict.consent(app: app, scope: .record, dialect: .wx) == false)
    }

    @Test func picksByPositionAndSheets() async throws {
        let user = AutomationUser(fallback: ScriptedUser(), answerTimeout: 30)
        let items = [
            PickableItem(id: 7, kind: "image", width: 1, height: 1, size: 1, sourceApp: "a"),
            PickableItem(id: 9, kind: "image", width: 1, height: 1, size: 1, sourceApp: "a"),
        ]
        user.give(.pick([1]))
        #expect(try await user.pick(items, count: 1) == [9])
        user.give(.sheet(1))
        #expect(try await user.actionSheet(ActionSheetRequest(items: ["x", "y"])) == 1)
        user.give(.sheet(nil))
        await #expect(throws: MediaError.self) { try await user.actionSheet(ActionSheetRequest(items: ["x"])) }
    }
}
