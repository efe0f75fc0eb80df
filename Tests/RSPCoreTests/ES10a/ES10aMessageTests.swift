import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// Encodes `value`, compares with `expected`, decodes back, and checks that a truncated encoding throws.
private func expectRoundTrip<T: DERImplicitlyTaggable & Equatable>(
    _ value: T, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let der = try hex(expected)
    #expect(try value.derEncoded() == der, sourceLocation: sourceLocation)
    #expect(try T(derBytes: der) == value, sourceLocation: sourceLocation)
    #expect(throws: ASN1Error.self, sourceLocation: sourceLocation) { try T(derBytes: der.dropLast()) }
}

@Suite("ES10a messages")
struct ES10aMessageTests {
    @Test("EuiccConfiguredAddressesRequest is the empty 'BF3C' SEQUENCE")
    func configuredAddressesRequest() throws {
        try expectRoundTrip(EuiccConfiguredAddressesRequest(), "bf3c00")
        #expect(throws: ASN1Error.self) { try EuiccConfiguredAddressesRequest(derBytes: hex("bf3d00")) }
    }

    @Test("EuiccConfiguredAddressesResponse tags its untagged addresses '80' and '81'")
    func configuredAddressesResponse() throws {
        try expectRoundTrip(
            EuiccConfiguredAddressesResponse(defaultDpAddress: "a", rootDsAddress: "b"), "bf3c06 800161 810162")
        try expectRoundTrip(EuiccConfiguredAddressesResponse(defaultDpAddress: nil, rootDsAddress: "b"), "bf3c03 810162")
    }

    @Test("EuiccConfiguredAddressesResponse without the mandatory rootDsAddress is rejected")
    func configuredAddressesResponseMissingRoot() throws {
        #expect(throws: ASN1Error.self) { try EuiccConfiguredAddressesResponse(derBytes: hex("bf3c03 800161")) }
    }

    @Test("EuiccConfiguredAddressesResponse from a newer eUICC with an extra field still decodes")
    func configuredAddressesResponseExtension() throws {
        let decoded = try EuiccConfiguredAddressesResponse(derBytes: hex("bf3c09 800161 810162 820100"))
        #expect(decoded == EuiccConfiguredAddressesResponse(defaultDpAddress: "a", rootDsAddress: "b"))
    }

    @Test("EuiccConfiguredAddressesResponse with an address that is not UTF-8 is rejected")
    func configuredAddressesResponseInvalidUTF8() throws {
        #expect(throws: ASN1Error.self) { try EuiccConfiguredAddressesResponse(derBytes: hex("bf3c03 8101ff")) }
    }

    @Test("SetDefaultDpAddressRequest carries the address as '80'")
    func setDefaultDpAddressRequest() throws {
        try expectRoundTrip(SetDefaultDpAddressRequest(defaultDpAddress: "a"), "bf3f03 800161")
    }

    @Test("SetDefaultDpAddressResponse result is '80' and keeps unknown values")
    func setDefaultDpAddressResponse() throws {
        try expectRoundTrip(SetDefaultDpAddressResponse(setDefaultDpAddressResult: .ok), "bf3f03 800100")
        try expectRoundTrip(SetDefaultDpAddressResponse(setDefaultDpAddressResult: .undefinedError), "bf3f03 80017f")
        let unknown = try SetDefaultDpAddressResponse(derBytes: hex("bf3f03 800105"))
        #expect(unknown.setDefaultDpAddressResult.rawValue == 5)
        #expect(unknown.setDefaultDpAddressResult.name == nil)
        #expect(try unknown.derEncoded() == hex("bf3f03 800105"))
    }

    @Test("ISDRProprietaryApplicationTemplate keeps lpaeSupport as a universal BIT STRING '03'")
    func isdrTemplate() throws {
        try expectRoundTrip(
            ISDRProprietaryApplicationTemplate(svn: [0x02, 0x02, 0x00], lpaeSupport: BitString(bits: [0])),
            "e009 8203020200 03020780")
        try expectRoundTrip(ISDRProprietaryApplicationTemplate(svn: [0x02, 0x02, 0x00]), "e005 8203020200")
    }

    @Test("ISDRProprietaryApplicationTemplate with an svn that is not 3 bytes is rejected")
    func isdrTemplateBadSvn() throws {
        #expect(throws: ASN1Error.self) { try ISDRProprietaryApplicationTemplate(derBytes: hex("e004 82020202")) }
    }

    @Test("LpaeActivationRequest carries lpaeOption as '80'")
    func lpaeActivationRequest() throws {
        try expectRoundTrip(LpaeActivationRequest(lpaeOption: BitString(bits: [0])), "bf4204 80020780")
        try expectRoundTrip(LpaeActivationRequest(lpaeOption: BitString(bits: [1])), "bf4204 80020640")
    }

    @Test("LpaeActivationResponse result is '80'")
    func lpaeActivationResponse() throws {
        try expectRoundTrip(LpaeActivationResponse(lpaeActivationResult: .ok), "bf4203 800100")
        try expectRoundTrip(LpaeActivationResponse(lpaeActivationResult: .notSupported), "bf4203 800101")
    }
}
