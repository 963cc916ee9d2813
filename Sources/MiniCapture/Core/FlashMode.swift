/// Flash / torch setting, as WeChat's `<camera flash="...">`: `auto`, `on`, `off`, `torch`.
public enum FlashMode: String, Sendable, Hashable, CaseIterable {
    case auto
    case on
    case off
    /// Continuous light (torch).
    case torch
}
