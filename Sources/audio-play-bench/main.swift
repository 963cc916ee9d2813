// audio-bench — the audio playback engine: play → onPlay latency, CPU per playing stream at
// 44.1 kHz (getrusage over a run on the real clock), decode + resample speed beside `ffmpeg -f null`.
// Build and run in release: swift run -c release audio-bench [seconds-per-cpu-run]
import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStorage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

let cpuSeconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 5.0
let work = TemporaryDirectory()
func file(_ name: String) -> String { work.file(name).path }

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func fmt(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
func row(_ name: String, _ ours: String, _ peer: String, _ notes: String) {
    print("| \(pad(name, 46)) | \(pad(ours, 14)) | \(pad(peer, 14)) | \(pad(notes, 34)) |")
}
func cpuTime() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

// Media: 60 s of 48 kHz stereo AAC (resampled to 44.1 kHz when played) and 44.1 kHz stereo AAC.
try MediaTools.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=60", "-ac", "2", "-c:a", "aac", "-b:a", "128k", file("48k.m4a")])
try MediaTools.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=60", "-ac", "2", "-c:a", "aac", "-b:a", "128k", file("44k.m4a")])

print("audio-bench: mixer \(AudioMixer.format) in \(Int(seconds(AudioMixer.blockDuration) * 1000)) ms blocks; CPU runs of \(fmt(cpuSeconds, 1)) s")
print("| \(pad("benchmark", 46)) | \(pad("MiniMedia", 14)) | \(pad("peer", 14)) | \(pad("notes", 34)) |")
print("|\(String(repeating: "-", count: 48))|\(String(repeating: "-", count: 16))|\(String(repeating: "-", count: 16))|\(String(repeating: "-", count: 36))|")

// 1. Decode + resample 60 s (48 kHz → 44.1 kHz stereo S16) beside ffmpeg's CLI doing the same to -f null.
do {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<3 {
        let t0 = clock.now
        let d = try AudioDecoder(.file(file("48k.m4a")), output: .init(sampleRate: 44_100, channels: 2))
        var n = 0
        while let c = try d.nextChunk() { n += c.samples.count }
        best = min(best, seconds(clock.now - t0))
        precondition(n > 44_100 * 2 * 59)
    }
    var peer = Double.infinity, startup = Double.infinity
    for _ in 0..<3 {
        let t0 = clock.now
        try MediaTools.ffmpeg(["-threads", "1", "-i", file("48k.m4a"), "-ar", "44100", "-ac", "2", "-f", "null", "-"])
        peer = min(peer, seconds(clock.now - t0))
        // The CLI's own start-up (process, libraries, a 1 ms null input), subtracted from its figure.
        let t1 = clock.now
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", "0.001", "-f", "null", "-"])
        startup = min(startup, seconds(clock.now - t1))
    }
    let net = max(0.001, peer - startup)
    row("decode+resample 60 s AAC 48k→44.1k (x realtime)", fmt(60 / best, 0) + "×", fmt(60 / net, 0) + "×",
        "ours \(fmt(best * 1000, 0)) ms, ffmpeg \(fmt(net * 1000, 0)) ms + \(fmt(startup * 1000, 0)) ms start")
}

// 2. atempo 2.0 over the same decode.
do {
    let clock = ContinuousClock()
    let t0 = clock.now
    let d = try AudioDecoder(.file(file("44k.m4a")), output: .init(sampleRate: 44_100, channels: 2))
    let tempo = try TempoFilter(tempo: 2, sampleRate: 44_100, channels: 2)
    var out = 0
    while let c = try d.nextChunk() {
        let f = c.samples.map { Float($0) / 32_768 }
        out += try f.withUnsafeBufferPointer { try tempo.process($0) }.count
    }
    out += try tempo.flush().count
    let ours = seconds(clock.now - t0)
    let t1 = clock.now
    try MediaTools.ffmpeg(["-threads", "1", "-i", file("44k.m4a"), "-af", "atempo=2", "-f", "null", "-"])
    let peer = seconds(clock.now - t1)
    let t2 = clock.now
    try MediaTools.ffmpeg(["-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "0.001", "-f", "null", "-"])
    let net = max(0.001, peer - seconds(clock.now - t2))
    row("decode + atempo 2.0, 60 s (x realtime)", fmt(60 / ours, 0) + "×", fmt(60 / net, 0) + "×", "\(fmt(Double(out / 2) / 44_100, 1)) s out; ffmpeg net of start")
}

// 3. play() → play event, engine level (real clock, null speaker), and through JS (onPlay).
final class Stamp: @unchecked Sendable {
    let lock = NSLock()
    var canplay = false
    var played: ContinuousClock.Instant?
}
do {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for _ in 0..<20 {
        let mixer = AudioMixer(environment: AudioEnvironment(), clock: SystemClock())
        let stamp = Stamp()
        let player = AudioPlayer(mixer: mixer) { e in
            stamp.lock.withLock {
                if e == .canplay { stamp.canplay = true }
                if e == .play { stamp.played = clock.now }
            }
        }
        player.load(.file(OpenFile(adopting: open(file("44k.m4a"), O_RDONLY)), name: "44k.m4a"), autoplay: false)
        while !stamp.lock.withLock({ stamp.canplay }) { try await Task.sleep(for: .milliseconds(1)) }
        let t0 = clock.now
        player.play()
        while stamp.lock.withLock({ stamp.played }) == nil { try await Task.sleep(for: .microseconds(200)) }
        samples.append(seconds(stamp.lock.withLock { stamp.played! } - t0) * 1000)
        player.destroy()
        mixer.close()
    }
    samples.sort()
    row("play() → play event, engine (ms)", fmt(samples[10]), "—", "median of 20; p95 \(fmt(samples[18])) ms; target ≤ 20")
}
do {
    let dir = TemporaryDirectory()
    let pkg = dir.file("package")
    try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: file("44k.m4a"), toPath: pkg.appendingPathComponent("a.m4a").path)
    let test = try TestSession(directory: dir, registry: try APIRegistry.with([AudioModule()]))
    var config = MiniAppConfiguration()
    let output = CapturedOutput()
    config.output = output
    config.timeout = 60
    let app = try MiniApp(config, session: test.session)
    _ = await app.evaluate("""
        var n = 0, ctx = wx.createInnerAudioContext(), t0 = 0;
        ctx.onPlay(function () { console.log('latency ' + (Date.now() - t0)); ctx.pause(); if (++n < 20) setTimeout(go, 30); else ctx.destroy(); });
        function go() { t0 = Date.now(); ctx.play(); }
        ctx.onCanplay(function () { go(); });
        ctx.src = '/a.m4a';
        """, url: "bench.js")
    _ = await app.stop()
    let ms = output.lines.compactMap { $0.hasPrefix("latency ") ? Double($0.dropFirst(8)) : nil }.sorted()
    if ms.count == 20 {
        row("ctx.play() → onPlay, JS (ms, Date.now)", fmt(ms[10], 0), "—", "median of 20; max \(fmt(ms.last!, 0)) ms; target ≤ 20")
    } else {
        row("ctx.play() → onPlay, JS", "failed", "—", "\(output.lines.suffix(3))")
    }
}

// 4. CPU per playing stream at 44.1 kHz on the real clock (null speaker paced by the system clock).
for streams in [1, 4] {
    let mixer = AudioMixer(environment: AudioEnvironment(), clock: SystemClock())
    let players = (0..<streams).map { _ in AudioPlayer(mixer: mixer, volume: 0.2) { _ in } }
    for p in players {
        p.load(.file(OpenFile(adopting: open(file("44k.m4a"), O_RDONLY)), name: "44k.m4a"), autoplay: true)
    }
    while players.contains(where: { $0.paused }) { try await Task.sleep(for: .milliseconds(2)) }
    let c0 = cpuTime()
    let wall = ContinuousClock().now
    try await Task.sleep(for: .milliseconds(Int64(cpuSeconds * 1000)))
    let cpu = cpuTime() - c0
    let elapsed = seconds(ContinuousClock().now - wall)
    let speakerFrames = (mixer.speaker as? NullSpeaker)?.totalFrames ?? 0
    for p in players { p.destroy() }
    mixer.close()
    row("CPU, \(streams) stream\(streams > 1 ? "s" : "") at 44.1 kHz (% of a core)", fmt(cpu / elapsed * 100 / Double(streams)) + " %/stream", "—",
        "total \(fmt(cpu / elapsed * 100)) %; \(fmt(Double(speakerFrames) / 44_100, 1)) s played; target ≤ 2")
}
