/// The network an address belongs to, for the policy: page code may reach `.public` addresses;
/// `.local` ones (loopback, private ranges) only when the host allows them explicitly; the
/// `.forbidden` ones (link-local — where cloud metadata services live —, metadata, unspecified,
/// multicast, broadcast, reserved) never.
public enum AddressKind: Equatable, Sendable {
    case `public`
    case local(String)
    case forbidden(String)

    public init(_ address: IPAddress) {
        if let v4 = address.embeddedIPv4 {
            self = AddressKind(v4: v4.bytes)
        } else if address.isIPv4 {
            self = AddressKind(v4: address.bytes)
        } else {
            self = AddressKind(v6: address.bytes)
        }
    }

    private init(v4 b: [UInt8]) {
        switch (b[0], b[1]) {
        case (169, 254) where b[2] == 169 && b[3] == 254: self = .forbidden("metadata")
        case (169, 254): self = .forbidden("link-local")
        case (100, 100) where b[2] == 100 && b[3] == 200: self = .forbidden("metadata")  // Alibaba Cloud
        case (0, _): self = .forbidden("unspecified")
        case (127, _): self = .local("loopback")
        case (10, _), (172, 16...31), (192, 168): self = .local("private")
        case (100, 64...127): self = .local("shared address space")
        case (192, 0) where b[2] == 0: self = .forbidden("IETF protocol assignments")
        case (198, 18...19): self = .local("benchmarking")
        case (224...239, _): self = .forbidden("multicast")
        case (240...255, _): self = .forbidden("reserved")
        default: self = .public
        }
    }

    private init(v6 b: [UInt8]) {
        let zeroPrefix = b[0..<15].allSatisfy { $0 == 0 }
        // fd00:ec2::254 (AWS's IPv6 metadata service) falls in fc00::/7 but is never allowed.
        let awsMetadata: [UInt8] = [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54]
        if zeroPrefix && b[15] == 0 { self = .forbidden("unspecified") }
        else if zeroPrefix && b[15] == 1 { self = .local("loopback") }
        else if b == awsMetadata { self = .forbidden("metadata") }
        else if b[0] == 0xfe && (b[1] & 0xc0) == 0x80 { self = .forbidden("link-local") }
        else if b[0] == 0xfe && (b[1] & 0xc0) == 0xc0 { self = .forbidden("site-local") }
        else if b[0] == 0xff { self = .forbidden("multicast") }
        else if (b[0] & 0xfe) == 0xfc { self = .local("unique local") }
        else if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { self = .forbidden("documentation") }
        else { self = .public }
    }
}
