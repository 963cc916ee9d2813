import MiniCapture
import MiniCore
import MiniHost
import Synchronization

/// The session's one mixer: every block (10 ms at 44.1 kHz stereo) it pulls each playing
/// `AudioSource`, applies the source's volume and mute, sums with clipping and plays the block to
/// the speaker device, which paces it (the null and file speakers on the session's clock, ALSA
/// by its hardware). It runs only while some source is playing; the speaker opens on the first
/// block and stays open for the session (`close()` ends it).
///
/// Attach with `AudioMixer.of(session).add(source)` → `AudioMixer.Handle` (`volume`, `muted`,
/// `isPlaying`, `remove()`); InnerAudioContext, background audio and `<video>` all do.
///
/// `setInnerAudioOption({mixWithOther: false})`: a source that starts playing pre-empts the
/// others (their `onPreempted` runs: an InnerAudioContext pauses, as WeChat's do).
public final class AudioMixer: Sendable {
    /// The mixed format.
    public static let format = AudioFormat(sampleRate: 44_100, channels: 2)
    /// One block.
    public static let blockDuration: Duration = .milliseconds(10)

    /// `setInnerAudioOption`'s switches (API.md §5).
    public struct Options: Sendable, Equatable {
        /// false: a source that starts playing pauses the others (default true).
        public var mixWithOther = true
        /// Honour the device's mute switch (the simulated device has none: no effect).
        public var obeyMuteSwitch = true
        /// false routes to the earpiece (the simulated device has one output: no effect).
        public var speakerOn = true
        public init() {}
    }

    /// A source attached to the mixer.
    public final class Handle: Sendable {
        fileprivate let id: Int
        fileprivate let source: any AudioSource
        fileprivate weak let mixer: AudioMixer?
        fileprivate let onPreempted: (@Sendable () -> Void)?
        fileprivate struct Settings {
            var volume: Double
            var muted = false
            var playing = false
            var removed = false
        }
        fileprivate let settings: Mutex<Settings>

        fileprivate init(id: Int, source: any AudioSource, mixer: AudioMixer, volume: Double, onPreempted: (@Sendable () -> Void)?) {
            self.id = id
            self.source = source
            self.mixer = mixer
            self.onPreempted = onPreempted
            settings = Mutex(Settings(volume: volume))
        }

        /// Gain 0…1 (clamped).
        public var volume: Double {
            get { settings.withLock { $0.volume } }
            set { settings.withLock { $0.volume = min(1, max(0, newValue.isFinite ? newValue : 0)) } }
        }
        /// A muted source is still pulled (it keeps its time) but not heard.
        public var muted: Bool {
            get { settings.withLock { $0.muted } }
            set { settings.withLock { $0.muted = newValue } }
        }
        /// Whether the mixer pulls this source. Setting true starts the mixer if it was idle
        /// (and, without `mixWithOther`, pre-empts the other playing sources).
        public var isPlaying: Bool {
            get { settings.withLock { $0.playing } }
            set {
                let changed = settings.withLock { s -> Bool in
                    guard !s.removed, s.playing != newValue else { return false }
                    s.playing = newValue
                    return true
                }
                if changed && newValue { mixer?.started(self) }
            }
        }
        /// Detaches the source: it is not pulled again.
        public func remove() {
            settings.withLock {
                $0.removed = true
                $0.playing = false
            }
            mixer?.remove(self)
        }

        fileprivate var snapshot: Settings { settings.withLock { $0 } }
    }

    private struct State {
        var environment: AudioEnvironment
        var clock: any MediaClock
        var events: (any EventSink)?
        var speaker: (any SpeakerDevice)?
        var handles: [Handle] = []
        var nextID = 0
        var running = false
        var options = Options()
        var failure: String?
        var blocks: Int64 = 0
    }
    private let state: Mutex<State>

    /// A mixer playing to `environment`'s speaker on `clock`.
    public init(environment: AudioEnvironment = AudioEnvironment(), clock: any MediaClock = SystemClock(), events: (any EventSink)? = nil) {
        state = Mutex(State(environment: environment, clock: clock, events: events))
    }

    /// The mixer of `session` (made on first use with the default environment — the audio
    /// module's APIs pass theirs, and it applies while the speaker is not open yet).
    public static func of(_ session: AppSession, environment: AudioEnvironment? = nil) -> AudioMixer {
        let mixer = session.service(AudioMixer.self) {
            AudioMixer(environment: environment ?? AudioEnvironment(), clock: session.clock, events: session.events)
        }
        if let environment { mixer.configure(environment) }
        return mixer
    }

    /// Uses `environment`'s speaker from now on, if none is open yet.
    public func configure(_ environment: AudioEnvironment) {
        state.withLock { s in if s.speaker == nil { s.environment = environment } }
    }

    /// `setInnerAudioOption`'s switches.
    public var options: Options {
        get { state.withLock { $0.options } }
        set { state.withLock { $0.options = newValue } }
    }

    /// The speaker while open (e.g. the null speaker a test reads).
    public var speaker: (any SpeakerDevice)? { state.withLock { $0.speaker } }

    /// Why the speaker failed, if it did (the mixer then stops and drops its sources' blocks).
    public var failure: String? { state.withLock { $0.failure } }

    /// Whether the mixing loop runs (some source plays).
    public var isRunning: Bool { state.withLock { $0.running } }

    /// Blocks mixed so far.
    public var blockCount: Int64 { state.withLock { $0.blocks } }

    /// Attaches `source` (not playing yet) at `volume`. `onPreempted` runs when another source
    /// starts while `mixWithOther` is false.
    public func add(_ source: any AudioSource, volume: Double = 1, onPreempted: (@Sendable () -> Void)? = nil) -> Handle {
        state.withLock { s in
            s.nextID += 1
            let h = Handle(id: s.nextID, source: source, mixer: self, volume: min(1, max(0, volume)), onPreempted: onPreempted)
            s.handles.append(h)
            return h
        }
    }

    /// Closes the speaker (the file speaker completes its WAV). Sources stay attached.
    public func close() {
        let speaker = state.withLock { s -> (any SpeakerDevice)? in
            defer { s.speaker = nil }
            return s.speaker
        }
        speaker?.close()
    }

    fileprivate func remove(_ handle: Handle) {
        state.withLock { s in s.handles.removeAll { $0 === handle } }
    }

    fileprivate func started(_ handle: Handle) {
        let (start, others, keep) = state.withLock { s -> (Bool, [Handle], KeepAlive?) in
            let others = s.options.mixWithOther ? [] : s.handles.filter { $0 !== handle && $0.snapshot.playing }
            if s.running { return (false, others, nil) }
            s.running = true
            // Taken now, so the session cannot end between this call and the loop's start.
            return (true, others, s.events?.keepAlive("audio playback"))
        }
        for other in others {
            other.settings.withLock { $0.playing = false }
            other.onPreempted?()
        }
        if start { Task { await run(keep) } }
    }

    /// The mixing loop: runs until no source plays.
    private func run(_ keep: KeepAlive?) async {
        let format = Self.format
        let configuration = SpeakerConfiguration(format: format, chunkDuration: Self.blockDuration, pacing: state.withLock { $0.environment.pacing })
        let frames = configuration.framesPerChunk
        defer { keep?.end() }
        var mix = [Float](repeating: 0, count: frames * format.channels)
        var scratch = [Float](repeating: 0, count: frames * format.channels)
        var block = [Int16](repeating: 0, count: frames * format.channels)
        var speaker: (any SpeakerDevice)?
        let yields = state.withLock { $0.clock.mode != .realTime }
        do {
            speaker = try openSpeaker(configuration)
        } catch {
            stopAll(failure: "\(error)")
            return
        }
        speaker?.resync()
        while let playing = nextBlockSources() {
            for i in mix.indices { mix[i] = 0 }
            for (handle, settings) in playing {
                let n = scratch.withUnsafeMutableBufferPointer { handle.source.render(into: $0, frames: frames, format: format) }
                guard n > 0, !settings.muted, settings.volume > 0 else { continue }
                let gain = Float(settings.volume)
                for i in 0..<(min(n, frames) * format.channels) { mix[i] += scratch[i] * gain }
            }
            for i in mix.indices {
                let v = (mix[i] * 32_768).rounded()
                block[i] = v >= 32_767 ? .max : (v <= -32_768 ? .min : Int16(v))
            }
            do {
                try await speaker?.play(block)
            } catch {
                stopAll(failure: "\(error)")
                return
            }
            state.withLock { $0.blocks += 1 }
            // A manual clock that jumps to each deadline never suspends the loop: let others run.
            if yields { await Task.yield() }
        }
    }

    private func openSpeaker(_ configuration: SpeakerConfiguration) throws -> any SpeakerDevice {
        let (existing, environment, clock) = state.withLock { ($0.speaker, $0.environment, $0.clock) }
        if let existing { return existing }
        let device = environment.makeSpeaker(clock: clock)
        try device.open(configuration)
        state.withLock { $0.speaker = device }
        return device
    }

    /// The playing sources for the next block, or nil (and the loop stops) when none plays.
    private func nextBlockSources() -> [(Handle, Handle.Settings)]? {
        state.withLock { s in
            let playing = s.handles.compactMap { h -> (Handle, Handle.Settings)? in
                let settings = h.snapshot
                return settings.playing ? (h, settings) : nil
            }
            if playing.isEmpty {
                s.running = false
                return nil
            }
            return playing
        }
    }

    private func stopAll(failure: String) {
        let handles = state.withLock { s -> [Handle] in
            s.failure = failure
            s.running = false
            return s.handles
        }
        for h in handles { h.settings.withLock { $0.playing = false } }
        state.withLock { $0.events?.warn("audio: speaker failed: \(failure)") }
    }
}
