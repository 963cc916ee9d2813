import MiniApp
import MiniAutomation
import MiniHost
import MiniSimulator

/// `minimedia serve --auto-port`: the automation protocol over the simulator's own app (the one
/// the browser shows). Requests go through the app's JS thread like the browser's taps, so the
/// two never race; the simulator's keep-alive loop runs the app between them (the driver's own
/// pump stays off). `Tool.native` answers the browser's dialogs (the person at the browser can
/// answer them too), a reload re-attaches the driver to the new app, and
/// `App.captureScreenshot` is a PNG the connected browser draws of its phone view.
enum ServeAutomation {
    static func driver(for simulator: Simulator) -> AutomationDriver {
        let driver = AutomationDriver(app: simulator.app, user: BrowserAnswers(simulator.user))
        simulator.onAppReplaced { [weak driver] app in driver?.attach(app) }
        driver.screenshot = { [weak simulator] in
            guard let simulator else { throw AutomationError("App.captureScreenshot: the simulator has stopped") }
            do {
                return try await simulator.captureScreenshot().base64
            } catch let e as SimulatorError {
                throw AutomationError("App.captureScreenshot: \(e.message)")
            }
        }
        return driver
    }
}

/// `Tool.native` answers for the browser's dialogs.
final class BrowserAnswers: AutomationAnswering {
    let user: BrowserUser
    init(_ user: BrowserUser) { self.user = user }

    func give(_ answer: AutomationUser.Answer) -> Bool {
        user.give { prompt in answer.fits(prompt) ? answer.response(to: prompt) : nil }
    }

    var pendingPrompts: [UserPrompt] { user.pendingPrompts }
}
