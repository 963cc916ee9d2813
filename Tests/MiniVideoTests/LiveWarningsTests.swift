@testable import MiniVideo
import Testing

/// The warning rules on their own, fed instants by hand.
@Suite struct LiveWarningsTests {
    let t0 = ContinuousClock.now

    @Test func unevenArrivalWarnsOnlyWhilePlaying() {
        var w = LiveWarnings(frameRate: 25)
        #expect(w.arrived(at: t0, playing: true) == nil)
        #expect(w.arrived(at: t0 + .milliseconds(900), playing: true) == nil)
        #expect(w.arrived(at: t0 + .milliseconds(2_000), playing: true) == .receiveLag)
        #expect(w.arrived(at: t0 + .milliseconds(4_000), playing: false) == nil)
    }

    @Test func timestampJumpsAreDiscontinuities() {
        var w = LiveWarnings(frameRate: 25)
        #expect(w.discontinuityGap == .milliseconds(500))
        #expect(w.decoded(.milliseconds(0)) == nil)
        #expect(w.decoded(.milliseconds(40)) == nil)
        #expect(w.decoded(.milliseconds(1_100)) == .videoDiscontinuity)
        #expect(w.decoded(.milliseconds(1_140)) == nil)
        #expect(w.decoded(.milliseconds(600)) == .videoDiscontinuity)
        // A 1 fps stream's frames are a second apart: four intervals before it counts.
        var slow = LiveWarnings(frameRate: 1)
        #expect(slow.discontinuityGap == .seconds(4))
        #expect(slow.decoded(.zero) == nil)
        #expect(slow.decoded(.seconds(1)) == nil)
    }

    @Test func aStalledPictureWarnsOncePerStall() {
        var w = LiveWarnings(frameRate: 25)
        #expect(w.presented(true, at: t0, expectsVideo: true) == nil)
        #expect(w.presented(false, at: t0 + .milliseconds(400), expectsVideo: true) == nil)
        #expect(w.presented(false, at: t0 + .milliseconds(600), expectsVideo: true) == .videoLag)
        #expect(w.presented(false, at: t0 + .milliseconds(900), expectsVideo: true) == nil)
        #expect(w.presented(true, at: t0 + .milliseconds(1_000), expectsVideo: true) == nil)
        #expect(w.presented(false, at: t0 + .milliseconds(1_600), expectsVideo: true) == .videoLag)
        // Audio-only streams have no picture to stall; a restart starts the picture's age again.
        var audioOnly = LiveWarnings(frameRate: nil)
        _ = audioOnly.presented(false, at: t0, expectsVideo: false)
        #expect(audioOnly.presented(false, at: t0 + .seconds(2), expectsVideo: false) == nil)
        w.restarted()
        #expect(w.presented(false, at: t0 + .seconds(5), expectsVideo: true) == nil)
    }
}
