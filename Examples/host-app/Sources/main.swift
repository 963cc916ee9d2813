// A Swift host app that embeds MiniMedia: it registers the photo module and one API of its own
// (`wx.getHostGreeting`), runs a mini-program page through MiniApp, taps it, and prints what the
// page did as structured events. Built by `make test`; run it with
//   .build/debug/example-host Examples/host-app/miniprogram
import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniPhotos

/// The host's own feature module: one async API and its own error number.
struct GreetingModule: FeatureModule {
    static let unknownGuest = MediaError.Code(rawValue: "unknownGuest")

    func register(into registry: inout APIRegistry) throws {
        registry.add([
            .async("getHostGreeting", .immediate { request in
                let name = try request.options().string("name")
                guard !name.isEmpty else { throw MediaError(Self.unknownGuest, "who is asking?") }
                return ["greeting": .string("Hello, \(name), from the host app")]
            })
        ])
        registry.add(errors: [Self.unknownGuest: ErrorNumbers(wx: 9_100_001, swan: 9101, tt: 9102, my: 9103)])
    }
}

let path = CommandLine.arguments.dropFirst().first ?? "Examples/host-app/miniprogram"
let data = FileManager.default.temporaryDirectory.appendingPathComponent("example-host-\(getpid())")
defer { try? FileManager.default.removeItem(at: data) }

var config = MiniAppConfiguration(
    path: path, modules: [PhotosModule(), GreetingModule()], user: ScriptedUser(consent: .allow), dataDirectory: data)
config.appID = "example.host"
let app = try MiniApp(config)
app.observe { event in
    switch event {
    case .console(_, let text): print("page says: \(text)")
    case .setData(let route, let changes): print("\(route) setData \(changes)")
    case .apiCall(let name, let ok, let result): print("\(name) \(ok ? "ok" : "failed"): \(result)")
    case .uncaughtError(let text): print("uncaught: \(text)")
    default: break
    }
}
guard app.openSync() else {
    try? FileManager.default.removeItem(at: data)  // `exit` skips the `defer` above
    exit(1)
}
app.tapSync("greet", detail: ["name": "Ada"])
app.tapSync("greet", detail: ["name": ""])
let result = app.stopSync()
print("stopped: \(result)")
try? FileManager.default.removeItem(at: data)
exit(result == .idle ? 0 : 1)
