import Foundation
import MiniMediaTesting
import Testing
@testable import MiniImaging

@Suite("Decode budgets")
struct BudgetTests {
    @Test("a decode larger than the whole memory budget fails at once, naming the budget")
    func tooLargeForBudget() throws {
        let png = Crafted.blackPNG(width: 1000, height: 1000)    // ~4 MB of RGBA
        let limits = ImagingLimits(memoryBudget: ImagingMemoryBudget(capacity: 1 << 20))
        let e = imagingError { _ = try ImageDecoder.decode(data: png, limits: limits) }
        #expect(e?.code == .tooLarge)
        #expect(e?.message.contains("1 MiB image memory budget") == true)
        #expect(try ImageDecoder.decode(data: png).pixels.width == 1000)
    }

    @Test("concurrent decodes that do not fit together run one after another")
    func concurrentDecodesQueue() async throws {
        let png = Crafted.blackPNG(width: 1000, height: 1000)
        let one = DecodeCost.bytes(header: try ImageProbe.probe(data: png), fileBytes: 0,
                                   request: DecodeRequest(limits: .default), output: nil)
        // Room for one decode, not two.
        let budget = ImagingMemoryBudget(capacity: one + one / 2)
        let limits = ImagingLimits(memoryBudget: budget)
        let widths = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0 ..< 4 {
                group.addTask {
                    try await offCooperativePool { try ImageDecoder.decode(data: png, limits: limits).pixels.width }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(widths == [1000, 1000, 1000, 1000])
        #expect(budget.peakReserved == one)
        #expect(budget.reserved == 0)
    }

    @Test("a reservation that cannot get room before the deadline fails clearly")
    func waitTimesOut() throws {
        let budget = ImagingMemoryBudget(capacity: 1000)
        try budget.reserve(800, deadline: .none, "holder")
        defer { budget.release(800) }
        let e = imagingError { try budget.reserve(500, deadline: DecodeDeadline(seconds: 0.05), "waiter") }
        #expect(e?.code == .tooLarge)
        #expect(e?.message.contains("stayed in use") == true)
        #expect(budget.reserved == 800)
    }

    @Test("the decode time budget stops a BMP decode between rows")
    func timeBudgetBMP() throws {
        let bmp = Crafted.bmp(width: 1000, height: 1000, bitCount: 24, pixels: [UInt8](repeating: 0x40, count: 3_000_000))
        let e = imagingError { _ = try ImageDecoder.decode(data: bmp, limits: ImagingLimits(maxDecodeSeconds: 0)) }
        #expect(e?.code == .tooLarge)
        #expect(e?.message.contains("BMP decode exceeded the decode time budget of 0 s") == true)
        #expect(try ImageDecoder.decode(data: bmp).pixels.pixel(x: 5, y: 5) == RGBA(0x40, 0x40, 0x40))
    }

    @Test("the decode time budget stops a GIF decode between rows")
    func timeBudgetGIF() throws {
        let gif = Crafted.gif(screen: (64, 64), frame: (64, 64), paintedPixels: 64 * 64)
        #expect(errorCode { _ = try ImageDecoder.decode(data: gif, limits: ImagingLimits(maxDecodeSeconds: 0)) } == .tooLarge)
        #expect(try ImageDecoder.decode(data: gif).pixels.pixel(x: 63, y: 63) == RGBA(255, 0, 0))
    }
}
