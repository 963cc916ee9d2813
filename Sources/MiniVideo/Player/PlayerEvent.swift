/// What a player reports, in the order it happens on the media timeline. Each event carries
/// the clock time it belongs to (`at`), so catching up after a long clock step reports the
/// same sequence as playing in small steps.
public enum PlayerEvent: Sendable, Equatable {
    /// The source is open: picture size and duration (seconds).
    case loadedMetadata(width: Int, height: Int, duration: Double)
    /// Percent of the source that is available locally.
    case progress(buffered: Double)
    /// Waiting for data (a download in progress).
    case waiting
    case play
    case pause
    /// Every 250 ms of playing (clock time), and after a seek.
    case timeUpdate(currentTime: Double, duration: Double)
    case seekComplete(position: Double)
    case ended
    /// The source cannot be played; the reason.
    case error(String)
}

/// Where a player is.
public enum PlayerState: Sendable, Equatable {
    /// No source yet.
    case idle
    /// Opening (or downloading) the source.
    case loading
    case paused
    case playing
    /// Reached the end (without `loop`).
    case ended
    /// The source failed; the reason.
    case failed(String)
}
