/// `<live-player bindstatechange>` codes (API.md §6; WeChat's TXLivePlayer numbers).
public enum LiveStateCode: Int, Sendable, CaseIterable {
    case connected = 2001
    case started = 2002
    case firstIFrame = 2003
    case playing = 2004
    case ended = 2006
    case loading = 2007
    case decoderStarted = 2008
    case resolutionChanged = 2009
    case reconnecting = 2103
    /// Packets arrive unevenly: more than a second passed between two while playing.
    case receiveLag = 2104
    /// The picture stalled: no new frame for half a second while playing.
    case videoLag = 2105
    /// A gap (or a step back) in the video's timestamps: frames were dropped.
    case videoDiscontinuity = 2107
    case failedAfterRetries = -2301
    case badURL = -2302
    case dnsFailed = 3001
    case connectFailed = 3002
    case serverDisconnected = 3004
    case readFailed = 3005

    /// The message beside the code in the event's detail.
    public var message: String {
        switch self {
        case .connected: "connected to server"
        case .started: "started pulling the stream"
        case .firstIFrame: "received the first I-frame"
        case .playing: "playback started"
        case .ended: "the stream ended"
        case .loading: "buffering"
        case .decoderStarted: "decoder started"
        case .resolutionChanged: "video resolution changed"
        case .reconnecting: "connection lost, reconnecting"
        case .receiveLag: "network packets arrive unevenly: low downlink bandwidth or an uneven publisher"
        case .videoLag: "video playback stalled"
        case .videoDiscontinuity: "video frames are not continuous: frames may have been dropped"
        case .failedAfterRetries: "connection lost after three reconnection attempts"
        case .badURL: "cannot play the url"
        case .dnsFailed: "cannot resolve the server's name"
        case .connectFailed: "cannot connect to the server"
        case .serverDisconnected: "the server closed the connection"
        case .readFailed: "reading from the server failed"
        }
    }
}
