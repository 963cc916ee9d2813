import MiniAudio
import MiniCore
import MiniHost

/// `<audio>`'s controls in the browser, drawn as the platform draws them (poster with a
/// play/pause button, name, author, current time / duration) from the host's `AudioElement`:
/// its attributes and its player's `paused`, `currentTime`, `duration`. A click on the button
/// plays or pauses the host's player, as `AudioContext.play()` / `pause()` do (the page gets
/// its `play` / `pause` events from the player, not from the browser).
public struct AudioControlsView: ComponentStateView {
    public init() {}

    public func states(session: AppSession) -> [HostValue] {
        session.components.all(tag: "audio").compactMap { entry -> HostValue? in
            guard let element = entry.component as? AudioElement else { return nil }
            let a = element.attributes
            let player = element.audioPlayer
            return .object(HostObjectValue(pairs: [
                ("id", entry.id.map(HostValue.string) ?? .null), ("src", .string(a.src)), ("controls", .bool(a.controls)),
                ("poster", .string(a.poster)), ("name", .string(a.name)), ("author", .string(a.author)),
                ("paused", .bool(player.paused)),
                // Tenths of a second: the browser's clock shows whole seconds, and fewer changes go out.
                ("currentTime", .number(Self.tenths(player.currentTime))), ("duration", .number(Self.tenths(player.duration))),
            ]))
        }
    }

    public func control(session: AppSession, id: String?, index: Int, action: String) -> String? {
        let entries = session.components.all(tag: "audio")
        let found = id.map { id in entries.first { $0.id == id } } ?? (entries.indices.contains(index) ? entries[index] : nil)
        guard let element = found?.component as? AudioElement else {
            return "control: no <audio>\(id.map { " with id \"\($0)\"" } ?? " #\(index)") on the page"
        }
        switch action {
        case "play":
            guard !element.attributes.src.isEmpty else { return "control: the <audio> has no src" }
            element.audioPlayer.play()
        case "pause": element.audioPlayer.pause()
        default: return "control: <audio> has no action \"\(action)\" (play, pause)"
        }
        return nil
    }

    static func tenths(_ t: Double) -> Double { t.isFinite && t > 0 ? (t * 10).rounded() / 10 : 0 }
}
