#if canImport(Glibc)
import Glibc
#endif
@testable import MiniNet
import Testing

/// The last line of defence under the policy: libcurl opens sockets only to the checked
/// addresses, on the url's port, whatever it resolved or was redirected to.
@Suite("libcurl connects only to the checked address")
struct CurlTransferTests {
    func perform(_ url: String, checked: [String]) -> NetworkFailure? {
        let fd = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(fd) }
        let transfer = CurlTransfer(
            url: NetworkURL(url)!, addresses: checked.compactMap(IPAddress.init), maxBytes: 1000, fd: fd)
        do {
            _ = try transfer.perform(timeoutMs: 5000)
            return nil
        } catch { return error }
    }

    @Test func aSocketToAnUncheckedAddressOrPortIsNeverOpened() throws {
        // Port 9 on loopback: nothing listens, so a connection attempt would read "unreachable".
        let control = try #require(perform("http://127.0.0.1:9/", checked: ["127.0.0.1"]))
        guard case .unreachable = control else {
            Issue.record("\(control)")
            return
        }
        let otherAddress = try #require(perform("http://127.0.0.1:9/", checked: ["127.0.0.2"]))
        #expect(otherAddress == .refused("127.0.0.1:9 is not the checked address of 127.0.0.1:9"))
        let v6 = try #require(perform("http://[::1]:9/", checked: ["127.0.0.1"]))
        #expect(v6 == .refused("[::1]:9 is not the checked address of ::1:9"))
    }
}
