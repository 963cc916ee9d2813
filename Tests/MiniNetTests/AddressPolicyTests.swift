import MiniCore
import MiniNet
import Testing

@Suite("Address kinds and the allowed-host policy")
struct AddressPolicyTests {
    @Test("address kinds", arguments: [
        ("8.8.8.8", "public"), ("93.184.216.34", "public"), ("2606:4700::1111", "public"),
        ("127.0.0.1", "local"), ("127.255.0.9", "local"), ("10.1.2.3", "local"), ("172.16.0.1", "local"),
        ("172.31.255.255", "local"), ("192.168.1.1", "local"), ("100.64.0.1", "local"), ("::1", "local"),
        ("fd12:3456::1", "local"), ("::ffff:127.0.0.1", "local"), ("::ffff:10.0.0.1", "local"),
        ("169.254.169.254", "forbidden"), ("169.254.0.1", "forbidden"), ("fe80::1", "forbidden"),
        ("fd00:ec2::254", "forbidden"), ("::ffff:169.254.169.254", "forbidden"), ("64:ff9b::a9fe:a9fe", "forbidden"),
        ("0.0.0.0", "forbidden"), ("::", "forbidden"), ("224.0.0.1", "forbidden"), ("255.255.255.255", "forbidden"),
        ("100.100.100.200", "forbidden"), ("172.32.0.1", "public"), ("2002:7f00:1::1", "local"), ("2002:a9fe:a9fe::", "forbidden"),
    ])
    func kinds(_ text: String, _ expected: String) throws {
        let kind = try #require(IPAddress(text)).kind
        switch kind {
        case .public: #expect(expected == "public", "\(text)")
        case .local: #expect(expected == "local", "\(text)")
        case .forbidden: #expect(expected == "forbidden", "\(text)")
        }
    }

    @Test("allowed-host entries parse like the consoles' legal domains")
    func entries() throws {
        #expect(AllowedHost("img.example.com")?.description == "https://img.example.com")
        #expect(AllowedHost("HTTP://Img.Example.com:8080/")?.description == "http://img.example.com:8080")
        #expect(AllowedHost("http://[::1]:9000")?.description == "http://[::1]:9000")
        for bad in ["", "https://", "a.com/path", "*.a.com", "u@a.com", "a.com:0", "a.com:99999", "a.com:x", "a b.com"] {
            #expect(AllowedHost(bad) == nil, "\(bad)")
        }
        let bare = try #require(AllowedHost("img.example.com"))
        #expect(bare.matches(try #require(NetworkURL("https://img.example.com/a.jpg"))))
        #expect(bare.matches(try #require(NetworkURL("https://IMG.example.com./a.jpg"))))
        // https only, and no port unless the entry names one (WeChat: not even :443).
        #expect(!bare.matches(try #require(NetworkURL("http://img.example.com/a.jpg"))))
        #expect(!bare.matches(try #require(NetworkURL("https://img.example.com:443/a.jpg"))))
        #expect(!bare.matches(try #require(NetworkURL("https://img.example.com:8443/a.jpg"))))
        #expect(!bare.matches(try #require(NetworkURL("https://evil-img.example.com/a.jpg"))))
        #expect(!bare.matches(try #require(NetworkURL("https://img.example.com.evil.test/a.jpg"))))
    }

    @Test("urls page code cannot sneak past the parser")
    func urls() {
        for bad in [
            "ftp://a.com/x", "file:///etc/passwd", "gopher://a.com", "https://user:pw@a.com/", "https:///x",
            "https://a.com:0/", "https://a%2ecom/", "https://a.com/\u{0}x", "https://a.com /x",
        ] {
            #expect(NetworkURL(bad) == nil, "\(bad)")
        }
        #expect(NetworkURL("https://[::1]:8080/x")?.host == "::1")
        #expect(NetworkURL("HTTPS://A.com/x")?.scheme == "https")
    }

    @Test("checked by default; local addresses only by explicit allowance; forbidden ones never")
    func decisions() throws {
        let url = { (s: String) in NetworkURL(s)! }
        func refused(_ p: NetworkPolicy, _ u: String, _ address: String? = nil) -> Bool {
            do {
                try p.check(url(u))
                if let address { try p.check(IPAddress(address)!, for: url(u)) }
                return false
            } catch { return true }
        }
        let none = NetworkPolicy()
        #expect(refused(none, "https://img.example.com/a.jpg"))
        let listed = NetworkPolicy(allowedHosts: [AllowedHost("img.example.com")!, AllowedHost("http://127.0.0.1:8080")!])
        #expect(!refused(listed, "https://img.example.com/a.jpg", "93.184.216.34"))
        // A listed name that resolves to a local or forbidden address is refused (rebinding).
        #expect(refused(listed, "https://img.example.com/a.jpg", "127.0.0.1"))
        #expect(refused(listed, "https://img.example.com/a.jpg", "169.254.169.254"))
        // A listed numeric loopback address is its own explicit allowance, on its port only.
        #expect(!refused(listed, "http://127.0.0.1:8080/a.jpg", "127.0.0.1"))
        #expect(refused(listed, "http://127.0.0.1:8081/a.jpg", "127.0.0.1"))
        let unchecked = NetworkPolicy(checksDomains: false)
        #expect(!refused(unchecked, "http://anything.test/a.jpg", "93.184.216.34"))
        #expect(refused(unchecked, "http://anything.test/a.jpg", "10.0.0.1"))
        #expect(refused(unchecked, "http://metadata.google.internal/computeMetadata/v1/"))
        let local = NetworkPolicy(checksDomains: false, allowsLocalNetwork: true)
        #expect(!refused(local, "http://anything.test/a.jpg", "192.168.0.5"))
        #expect(refused(local, "http://anything.test/a.jpg", "169.254.169.254"))
        #expect(refused(local, "http://anything.test/a.jpg", "fe80::1"))
        #expect(refused(local, "http://anything.test/a.jpg", "fd00:ec2::254"))
    }
}
