// Test helper: records a synthetic 160x120@30 video with a 1 kHz tone into a crash-safe MP4
// until it is killed, printing `fragment N frames F` each time a fragment reaches the disk, so a
// test can SIGKILL it at a random moment and check what `RecordingRecovery` makes of the file.
// Usage: minimedia-recordprobe WORK_DIR DESTINATION
import Foundation
import MiniCodec

let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write(Data("usage: minimedia-recordprobe WORK_DIR DESTINATION\n".utf8))
    exit(2)
}
let (w, h, fps, rate) = (160, 120, 30, 44_100)
let recorder = try MP4Recorder(
    destination: args[2], workDirectory: args[1], video: VideoEncodeSettings(width: w, height: h, frameRate: fps, preset: "ultrafast"),
    audio: AudioEncodeSettings(sampleRate: rate, channels: 1))
var y = [UInt8](repeating: 0, count: w * h), u = [UInt8](repeating: 128, count: w * h / 4), v = u
var frame = 0
var reported = 0
let samplesPerFrame = rate / fps
while true {
    // A moving bar so frames differ.
    for row in 0..<h { for col in 0..<w { y[row * w + col] = UInt8(((col + frame * 4) % w) < 16 ? 235 : 16) } }
    try y.withUnsafeBufferPointer { yp in
        try u.withUnsafeBufferPointer { up in
            try v.withUnsafeBufferPointer { vp in
                let planes = YUVPlanes(width: w, height: h, y: yp.baseAddress!, yStride: w, u: up.baseAddress!, uStride: w / 2,
                                       v: vp.baseAddress!, vStride: w / 2)
                try recorder.appendVideo(planes, at: .nanoseconds(Int64(frame) * 1_000_000_000 / Int64(fps)))
            }
        }
    }
    let pcm = (0..<samplesPerFrame).map { i -> Int16 in
        let t = Double(frame * samplesPerFrame + i) / Double(rate)
        return Int16(12_000 * sin(2 * Double.pi * 1_000 * t))
    }
    try pcm.withUnsafeBufferPointer {
        try recorder.appendAudio($0, format: .init(sampleRate: rate, channels: 1),
                                 at: .nanoseconds(Int64(frame) * 1_000_000_000 / Int64(fps)))
    }
    frame += 1
    let f = recorder.fragmentsCommitted
    if f > reported {
        reported = f
        FileHandle.standardOutput.write(Data("fragment \(f) frames \(frame)\n".utf8))
    }
    usleep(2_000)
}
