/// Which camera faces the user (`front`) or the scene (`back`), as WeChat's `device-position`.
public enum CameraPosition: String, Sendable, Hashable, CaseIterable {
    case front
    case back
}
