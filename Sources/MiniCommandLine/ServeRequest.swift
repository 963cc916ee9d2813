/// What `minimedia serve` hands `minimedia-serve` (as JSON, its one argument): the validated
/// options.
public struct ServeRequest: Codable, Sendable {
    public var path: String
    public var page: String?
    public var dialect: String
    public var camera: String
    public var cameraCode: String?
    public var microphone: String
    public var dataDir: String?
    public var appID: String?
    public var deviceWidth: Int
    public var port: Int
    public var query: [String: String]
    public var allowedDomains: [String]
    public var noDomainCheck: Bool
    public var allowLocalNetwork: Bool
    /// `--auto-port`: also serve the automation protocol there.
    public var autoPort: Int?
    /// `--reply-delay` for the automation replies (ms).
    public var replyDelay: Int?
    /// `--speaker`: the host's speaker the side panel offers beside the browser and muted.
    public var speaker: String?

    public init(
        path: String, page: String?, dialect: String, camera: String, cameraCode: String?, microphone: String, dataDir: String?,
        appID: String?, deviceWidth: Int, port: Int, query: [String: String], allowedDomains: [String], noDomainCheck: Bool,
        allowLocalNetwork: Bool, autoPort: Int?, replyDelay: Int?, speaker: String? = nil
    ) {
        self.path = path
        self.page = page
        self.dialect = dialect
        self.camera = camera
        self.cameraCode = cameraCode
        self.microphone = microphone
        self.dataDir = dataDir
        self.appID = appID
        self.deviceWidth = deviceWidth
        self.port = port
        self.query = query
        self.allowedDomains = allowedDomains
        self.noDomainCheck = noDomainCheck
        self.allowLocalNetwork = allowLocalNetwork
        self.autoPort = autoPort
        self.replyDelay = replyDelay
        self.speaker = speaker
    }
}
