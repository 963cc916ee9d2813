// video-bench: the <video> player's decode speed and its CPU cost at 1×, beside the ffmpeg CLI
// in the same run. Release build: swift build -c release --product video-bench
import Foundation
import MiniCodec
import MiniCore
import MiniMediaTesting
import MiniVideo

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func cpuSeconds(_ who: __rusage_who) -> Double {
    var u = rusage()
    getrusage(Int32(who.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

func row(_ cells: [String]) { print("| " + cells.joined(separator: " | ") + " |") }

/// Runs the ffmpeg CLI; returns its wall time.
func ffmpeg(_ args: [String]) -> Double {
    let t0 = now()
    do { try MediaTools.ffmpeg(args) } catch { print("ffmpeg failed: \(error)"); exit(1) }
    return now() - t0
}

/// Plays `clip` to its end on `clock` and returns the wall time it took.
func play(_ clip: URL, clock: any MediaClock) -> (seconds: Double, frames: Int) {
    let done = DispatchSemaphore(value: 0)
    let player = VideoPlayer(clock: clock, hooks: PlayerHooks(emit: { e in
        if e == .ended { done.signal() }
        if case .error(let r) = e { print("player error: \(r)"); exit(1) }
    }))
    let t0 = now()
    player.load { .file(clip.path) }
    player.play()
    done.wait()
    let t = now() - t0
    let frames = player.screen.framesShown
    player.close()
    return (t, frames)
}

let dir = TemporaryDirectory("video-bench")
let seconds = 6
let hd = dir.file("1080p.mp4")
_ = ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-t", String(seconds), "-c:v", "libx264", "-preset", "veryfast",
            "-pix_fmt", "yuv420p", hd.path])
let frameCount = seconds * 30

print("## <video> decode speed: 1080p30 H.264, \(frameCount) frames, single-threaded decoder, as fast as it goes")
print()
row(["decoder", "fps", "vs ffmpeg", "target"])
row(["---", "---", "---", "---"])
var ffBest = Double.infinity, oursBest = Double.infinity
for _ in 0..<3 {
    ffBest = min(ffBest, ffmpeg(["-threads", "1", "-i", hd.path, "-f", "null", "-"]))
    // An auto-advancing manual clock: the player never waits, every picture is decoded and shown.
    let r = play(hd, clock: ManualClock(autoAdvance: true))
    if r.frames < frameCount - 1 { print("only \(r.frames) pictures shown"); exit(1) }
    oursBest = min(oursBest, r.seconds)
}
let ffFPS = Double(frameCount) / ffBest, ourFPS = Double(frameCount) / oursBest
row(["`ffmpeg -threads 1 -i clip -f null -`", String(format: "%.0f", ffFPS), "1.00×", ""])
row(["VideoPlayer (decode + I420 copy + screen + events)", String(format: "%.0f", ourFPS), String(format: "%.2f×", ourFPS / ffFPS), "≥ 0.90×"])
print()

let hd720 = dir.file("720p.mp4")
let playSeconds = 5
_ = ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440", "-t", String(playSeconds),
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", hd720.path])
print("## <video> CPU at 1×: 720p30 H.264 + AAC, \(playSeconds) s on the real clock (getrusage)")
print()
row(["player", "wall s", "CPU s", "CPU per second", "target"])
row(["---", "---", "---", "---", "---"])
let childBefore = cpuSeconds(RUSAGE_CHILDREN)
let ffWall = ffmpeg(["-re", "-threads", "1", "-i", hd720.path, "-f", "null", "-"])
let ffCPU = cpuSeconds(RUSAGE_CHILDREN) - childBefore
row(["`ffmpeg -re -threads 1 -i clip -f null -`", String(format: "%.2f", ffWall), String(format: "%.2f", ffCPU),
     String(format: "%.1f %%", ffCPU / ffWall * 100), ""])
let selfBefore = cpuSeconds(RUSAGE_SELF)
let ours = play(hd720, clock: SystemClock())
let ourCPU = cpuSeconds(RUSAGE_SELF) - selfBefore
row(["VideoPlayer (video to the screen, audio decoded)", String(format: "%.2f", ours.seconds), String(format: "%.2f", ourCPU),
     String(format: "%.1f %%", ourCPU / ours.seconds * 100), "≤ 25 %"])
