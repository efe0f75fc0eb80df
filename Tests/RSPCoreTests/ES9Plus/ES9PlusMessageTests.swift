import Foundation
import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// Encodes `value`, compares with `expected`, decodes back, and checks that a truncated encoding throws.
private func expectRoundTrip<T: DERImplicitlyTaggable & Equatable>(
    _ value: T, _ expected: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(try value.derEncoded() == expected, sourceLocation: sourceLocation)
    #expect(try T(derBytes: expected) == value, sourceLocation: sourceLocation)
    #expect(throws: ASN1Error.self, sourceLocation: sourceLocation) { try T(derBytes: expected.dropLast()) }
}

/// Decodes recorded bytes and checks that re-encoding gives them back unchanged.
@discardableResult
private func expectReencodes<T: DERImplicitlyTaggable>(
    _ type: T.Type, _ der: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) throws -> T {
    let value = try T(derBytes: der)
    #expect(try value.derEncoded() == der, sourceLocation: sourceLocation)
    #expect(throws: ASN1Error.self, sourceLocation: sourceLocation) { try T(derBytes: der.dropLast()) }
    return value
}

private let transactionIdHex = "A136211522C14BB6BC73A8B4B67B8F30"

// Vectors assembled from the recorded pySim ES9+ session (JSON fields wrapped in the ASN.1 binding);
// each was checked against pycrate's DER codec compiled from sgp22-v2-rsp.asn.

/// euiccChallenge of 01-initiateAuthentication.req.
private let euiccChallengeHex = """
    B0001D9157C391902553937D5388DAB3
    """
/// euiccInfo1 of 01-initiateAuthentication.req.
private let euiccInfo1Hex = """
    BF20358203020400A9160414304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26AA160414304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26
    """
/// 01-initiateAuthentication.req as InitiateAuthenticationRequest 'BF39'.
private let initiateAuthenticationRequestHex = """
    BF39658110B0001D9157C391902553937D5388DAB3831974657374736D6470706C7573312E6578616D706C652E636F6DBF20358203020400\
    A9160414304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26AA160414304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26
    """
/// serverSigned1 of 01-initiateAuthentication.resp.
private let serverSigned1Hex = """
    30518010A136211522C14BB6BC73A8B4B67B8F308110B0001D9157C391902553937D5388DAB3831974657374736D6470706C7573312E6578\
    616D706C652E636F6D8410A532D79BEE80796D2C2EB68199271499
    """
/// 01-initiateAuthentication.resp as InitiateAuthenticationResponse 'BF39' { 'A0' InitiateAuthenticationOkEs9 }.
private let initiateAuthenticationResponseHex = """
    BF39820300A08202FC8010A136211522C14BB6BC73A8B4B67B8F3030518010A136211522C14BB6BC73A8B4B67B8F308110B0001D9157C391\
    902553937D5388DAB3831974657374736D6470706C7573312E6578616D706C652E636F6D8410A532D79BEE80796D2C2EB681992714995F37\
    403DFADF148C72E8BDBAF1582B692B9FDC91371C731F47CF1518DE75E1F32ACC163C2E5350186DF05D7A4DA6DCB75F22F0C8B5C31765BCAD\
    9D5613639E916679020414304BC5ACC1ACDF54B40E17BD46E61D264E2DCB263082023A308201DFA00302010202020100300A06082A8648CE\
    3D04030230443110300E06035504030C07546573742043493111300F060355040B0C0854455354434552543110300E060355040A0C075253\
    5054455354310B3009060355040613024954301E170D3230303430313038333133305A170D3330303333303038333133305A3025310D300B\
    060355040A0C0441434D453114301206035504030C0B5445535420534D2D44502B3059301306072A8648CE3D020106082A8648CE3D030107\
    034200044DFED4F4694791BF1695CEA0307A35B418019695387BB75B7D2447B6B5209F0445AE4E5E521CD13888D75FE07C8580222AE20DBA\
    AC1D77CD76304993421BD739A381DF3081DC301F0603551D23041830168014304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26301D060355\
    1D0E04160414BD5A82CC1A96602118BA7560A1FF83A78B210BE5300E0603551D1104073005880388370A300E0603551D0F0101FF04040302\
    078030170603551D200101FF040D300B300906076781120102010430610603551D1F045A3058302AA028A0268624687474703A2F2F63692E\
    746573742E6578616D706C652E636F6D2F43524C2D412E63726C302AA028A0268624687474703A2F2F63692E746573742E6578616D706C65\
    2E636F6D2F43524C2D422E63726C300A06082A8648CE3D0403020349003046022100B36AE11FF6ADD6064BB456D60158495A5003919F08D6\
    D32C46B6CAC582C794FC02210085015F7C33C608E888BA30FC898A812171CB67B2A3CF553C935FA33EF13D015C
    """
/// 02-authenticateClient.req as AuthenticateClientRequest 'BF3B' { 80 txid, BF38 … }.
private let authenticateClientRequestHex = """
    BF3B8205C68010A136211522C14BB6BC73A8B4B67B8F30BF388205AFA08205AB3081E68010A136211522C14BB6BC73A8B4B67B8F30831974\
    657374736D6470706C7573312E6578616D706C652E636F6D8410A532D79BEE80796D2C2EB68199271499BF22788103020301820302040083\
    03234200840D810100820400049C68830222238505006B36D3C3860311020087030203008802029CA9160414304BC5ACC1ACDF54B40E17BD\
    46E61D264E2DCB26AA160414304BC5ACC1ACDF54B40E17BD46E61D264E2DCB2604030100000C0E4F534D4F434F4D2D544553542D31A02A80\
    1E5453343856352D53414950322D332D4E4F424552544C562D554E49515545A108800435230145A1005F374029E0343BA781C5A73A6AE679\
    E42F1C6007ABBCC164E9B4B72DA35C0FED90DC66156AEDD0CD2D23124EA7E855B7F53295FAFF45BBB3910DEAE3FC5C78361128BC308201FF\
    308201A4A00302010202080200000000000001300A06082A8648CE3D0403023037310B300906035504061302455331153013060355040A0C\
    0C52535020546573742045554D3111300F06035504030C0845554D20546573743020170D3230303430313039343835385A180F3734393630\
    3132343039343835385A3064310B300906035504061302455331153013060355040A0C0C52535020546573742045554D3129302706035504\
    05132038393034393033323132333435313233343531323334353637383930313233353113301106035504030C0A54657374206555494343\
    3059301306072A8648CE3D020106082A8648CE3D030107034200046DB3F53ADC87DC2FF10C7BFCD87AD13AE97009AFA065A6757EE571B3F2\
    EBB18F46C1D68F3EDEB0E74B2E5D542051E7D27F50952028605AFDEF79FE9FFFD03959A36B3069301F0603551D23041830168014DD3DA24D\
    350C1CC5D0AF0965F40EC34C5EE409F1301D0603551D0E04160414A52476AF5D50AA376437CCB1DA2172EF45F484F0300E0603551D0F0101\
    FF04040302078030170603551D200101FF040D300B3009060767811201020101300A06082A8648CE3D0403020349003046022100A99F76E8\
    CE1A3DF01D223EEADC4A5C43564F3ECB644F26ED21EB9421E3B92EAF0221008BF0559EC8CA4B7F4C7D5C1ACDA292845108BCC4C2E2CAD2AD\
    DEA490C27489F9308202783082021FA003020102020412345678300A06082A8648CE3D04030230443110300E06035504030C075465737420\
    43493111300F060355040B0C0854455354434552543110300E060355040A0C0752535054455354310B30090603550406130249543020170D\
    3230303430313039323833375A180F32303534303332343039323833375A3037310B300906035504061302455331153013060355040A0C0C\
    52535020546573742045554D3111300F06035504030C0845554D20546573743059301306072A8648CE3D020106082A8648CE3D0301070342\
    00041330D59256AC0CB50BD928D0F4C68007C485FE3F42988AD3EE3875AE33F4983AB23B4DD4C31340D676DD8E11F9C5CBA1B11EB694EED0\
    994DB529285E632C8906A382010830820104301F0603551D23041830168014304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26301D060355\
    1D0E04160414DD3DA24D350C1CC5D0AF0965F40EC34C5EE409F1300E0603551D0F0101FF04040302020430170603551D200101FF040D300B\
    3009060767811201020102300E0603551D1104073005880388370530120603551D130101FF040830060101FF02010030350603551D1F042E\
    302C302AA028A0268624687474703A2F2F63692E746573742E6578616D706C652E636F6D2F43524C2D422E63726C303E0603551D1E0101FF\
    04343032A030302EA42C302A31153013060355040A0C0C52535020546573742045554D3111300F060355040513083839303439303332300A\
    06082A8648CE3D0403020347003044022077AB8B1F8623C0DBEE5898109EF37A1B7DCCCFDDAE7CEE1629421B7A24373D8A0220613E352D27\
    4DAFDB6A93B8B7E1A76F08F17E623A99865ED44BB7A28140340C51
    """
/// 02-authenticateClient.resp as AuthenticateClientOk '30' { 80 txid, BF25 metadata, BF21 { smdpSigned2, 5F37, cert } }.
private let authenticateClientOkHex = """
    308203538010A136211522C14BB6BC73A8B4B67B8F30BF2581A05A0A989444999999990971F1910A4F736D6F636F6D53504E921E54533438\
    56352D53414950322D332D4E4F424552544C562D554E49515545950102B663301F80020640811974657374736D6470706C7573312E657861\
    6D706C652E636F6D301F80020520811974657374736D6470706C7573312E6578616D706C652E636F6D301F80020410811974657374736D64\
    70706C7573312E6578616D706C652E636F6DBF2182029830158010A136211522C14BB6BC73A8B4B67B8F300101005F3740967328791D2A43\
    EB4855F4C38043D64F66C14D3314A6C22063918096149132318A5537C731510828A001A347561A3EB9FA046B8EC6C511B35B4BA3867869A8\
    563082023A308201DFA00302010202020101300A06082A8648CE3D04030230443110300E06035504030C07546573742043493111300F0603\
    55040B0C0854455354434552543110300E060355040A0C0752535054455354310B3009060355040613024954301E170D3230303430313038\
    333434365A170D3330303333303038333434365A3025310D300B060355040A0C0441434D453114301206035504030C0B5445535420534D2D\
    44502B3059301306072A8648CE3D020106082A8648CE3D03010703420004104C2AE3D02DEF9C979261A7C6710076B970721D0955A2644AE0\
    5FAE4BC2314E5DC09F6BF0118026165342E212318775E365F3B57325373066B9906E0BD1388DA381DF3081DC301F0603551D230418301680\
    14304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26301D0603551D0E04160414E6EAF71EE0FB9430ECCD1EBB421F881437C13263300E0603\
    551D1104073005880388370A300E0603551D0F0101FF04040302078030170603551D200101FF040D300B3009060767811201020105306106\
    03551D1F045A3058302AA028A0268624687474703A2F2F63692E746573742E6578616D706C652E636F6D2F43524C2D412E63726C302AA028\
    A0268624687474703A2F2F63692E746573742E6578616D706C652E636F6D2F43524C2D422E63726C300A06082A8648CE3D04030203490030\
    46022100FF8F2DF03E3B530403A8792A6487FAF31A7F9848B85D62E159B9CB315FCBB82F022100D5AF0C860DC8629B80E56E1AAAD7B786A0\
    0F783A568EF83E400D29CE227725FE
    """
/// 03-getBoundProfilePackage.req as GetBoundProfilePackageRequest 'BF3A' { 80 txid, BF21 … }.
private let getBoundProfilePackageRequestHex = """
    BF3A81B48010A136211522C14BB6BC73A8B4B67B8F30BF21819EA0819B30568010A136211522C14BB6BC73A8B4B67B8F305F4941041A1A80\
    E32831DBD02EA1DCDF36489E4723483219895933423EB54271B992DA8A52F66E69BFAE105AEEFC715A81E6A316B565FB5562E0021948D624\
    242A37AD5A5F3740A9C5D2B4D6D8ECCA706879B8578CD96B5190A550018007AAA93531D7A9419B2C9549CA3712F4180124F8BE036300572F\
    3F8BD0BA49FD19A0B02DEFB2E4B84587
    """
/// 04-handleNotification.req as HandleNotification 'BF3D' { 'A0' { BF37 … } }.
private let handleNotificationHex = """
    BF3D81AAA081A7BF3781A3BF275D8010A136211522C14BB6BC73A8B4B67B8F30BF2F22800101810207800C1974657374736D6470706C7573\
    312E6578616D706C652E636F6D060388370AA21FA01D4F10A0000005591010FFFFFFFF890000100004093007A00530038001005F374057BA\
    25FAB76A68D7809B48CDC8E2A2A2D4F8698B326D8434040E7CDAB29A99F5DC6D939B3D03A855FC94713B5F1BD8D97D3FD31F46A25B137C03\
    00768D5DD054
    """
/// initialiseSecureChannelRequest 'BF23' of the recorded bound profile package.
private let initialiseSecureChannelRequestHex = """
    BF2381AE8201018010A136211522C14BB6BC73A8B4B67B8F30A61080018881011084086D61686C7A6569745F494104786713E72227584B39\
    706002C7C25FCBD1BC4FE49C50BB683CCB1DA0FE3370F72D86A41AC3D5D14F6DC887BE062DFCECAAE9B685C25A05D9CAF3BE92C19D1C555F\
    3740A58BF732232B3C50F72FCEEBB9892278E5E6BE2D897B0A2829ABF3D19AFAE3CD06086754B1B2F524E583C2F0B49B2526C8E3697300C9\
    B17EB72F869BCCD29334
    """

@Suite("ES9+ messages")
struct ES9PlusMessageTests {
    // MARK: InitiateAuthentication

    @Test("InitiateAuthenticationRequest built from the recorded session's fields matches its encoding")
    func initiateAuthenticationRequest() throws {
        let request = InitiateAuthenticationRequest(
            euiccChallenge: OctetString(try hex(euiccChallengeHex)),
            smdpAddress: "testsmdpplus1.example.com",
            euiccInfo1: try EUICCInfo1(derBytes: hex(euiccInfo1Hex)))
        try expectRoundTrip(request, try hex(initiateAuthenticationRequestHex))
    }

    @Test("InitiateAuthenticationRequest with a 15-byte euiccChallenge is rejected")
    func initiateAuthenticationRequestShortChallenge() throws {
        let der = try hex("bf3926 810f \(String(euiccChallengeHex.dropLast(2))) 830161 \(euiccInfo1Hex)")
        #expect(throws: ASN1Error.self) { try InitiateAuthenticationRequest(derBytes: der) }
    }

    @Test("InitiateAuthenticationResponse from the recorded session re-encodes byte for byte and keeps serverSigned1")
    func initiateAuthenticationResponseOk() throws {
        let response = try expectReencodes(
            InitiateAuthenticationResponse.self, try hex(initiateAuthenticationResponseHex))
        guard case .initiateAuthenticationOk(let ok) = response else {
            Issue.record("expected initiateAuthenticationOk, got \(response)")
            return
        }
        #expect(ok.transactionId.hex == transactionIdHex)
        #expect(ok.serverSigned1.derBytes == (try hex(serverSigned1Hex)))
        #expect(ok.serverSigned1.value.serverAddress == "testsmdpplus1.example.com")
        #expect(ok.serverSignature1.count == 64)
        #expect(ok.euiccCiPKIdToBeUsed.hex == "304BC5ACC1ACDF54B40E17BD46E61D264E2DCB26")
    }

    @Test("InitiateAuthenticationOkEs9 stands alone as a universal SEQUENCE '30'")
    func initiateAuthenticationOkAlone() throws {
        let response = try InitiateAuthenticationResponse(derBytes: hex(initiateAuthenticationResponseHex))
        guard case .initiateAuthenticationOk(let ok) = response else {
            Issue.record("expected initiateAuthenticationOk")
            return
        }
        // 'BF39 82 0300 A0 82 02FC …' → '30 82 02FC …'
        let standalone = [0x30] + (try hex(initiateAuthenticationResponseHex)).dropFirst(6)
        try expectRoundTrip(ok, Array(standalone))
    }

    @Test("InitiateAuthenticationResponse error is '81' inside 'BF39'")
    func initiateAuthenticationResponseError() throws {
        try expectRoundTrip(
            InitiateAuthenticationResponse.initiateAuthenticationError(.invalidDpAddress), try hex("bf3903 810101"))
        #expect(InitiateAuthenticationResponse.InitiateAuthenticationError.ciPKNotSupported.rawValue == 3)
    }

    // MARK: AuthenticateClient

    @Test("AuthenticateClientRequest from the recorded session re-encodes byte for byte with a single 'BF38'")
    func authenticateClientRequestRecorded() throws {
        let request = try expectReencodes(AuthenticateClientRequest.self, try hex(authenticateClientRequestHex))
        #expect(request.transactionId.hex == transactionIdHex)
        guard case .authenticateResponseOk = request.authenticateServerResponse else {
            Issue.record("expected authenticateResponseOk")
            return
        }
    }

    @Test("AuthenticateClientRequest also accepts an explicitly doubled 'BF38 { BF38 … }' and re-encodes it singly")
    func authenticateClientRequestDoubledTag() throws {
        let single = try hex("bf3b0e 800101 bf3808 a106 800101 020101")
        let doubled = try hex("bf3b11 800101 bf380b bf3808 a106 800101 020101")
        let request = AuthenticateClientRequest(
            transactionId: [0x01],
            authenticateServerResponse: .authenticateResponseError(
                AuthenticateResponseError(transactionId: [0x01], authenticateErrorCode: .invalidCertificate)))
        try expectRoundTrip(request, single)
        #expect(try AuthenticateClientRequest(derBytes: doubled) == request)
    }

    @Test("AuthenticateClientRequest with a transactionId longer than 16 bytes is rejected")
    func authenticateClientRequestLongTransactionId() throws {
        let der = try hex("bf3b1f 8011 \(transactionIdHex)00 bf3808 a106 800101 020101")
        #expect(throws: ASN1Error.self) { try AuthenticateClientRequest(derBytes: der) }
    }

    @Test("AuthenticateClientOk from the recorded session re-encodes byte for byte")
    func authenticateClientOkRecorded() throws {
        let ok = try expectReencodes(AuthenticateClientOk.self, try hex(authenticateClientOkHex))
        #expect(ok.transactionId.hex == transactionIdHex)
        #expect(ok.profileMetaData.serviceProviderName == "OsmocomSPN")
    }

    @Test("AuthenticateClientResponseEs9 puts AuthenticateClientOk under 'A0'")
    func authenticateClientResponseOk() throws {
        let okBytes = try hex(authenticateClientOkHex)
        let ok = try AuthenticateClientOk(derBytes: okBytes)
        // '30 82 0353 …' (855 bytes) → 'BF3B 82 0357 A0 82 0353 …'
        let expected = [0xBF, 0x3B, 0x82, 0x03, 0x57, 0xA0] + okBytes.dropFirst()
        try expectRoundTrip(AuthenticateClientResponseEs9.authenticateClientOk(ok), Array(expected))
    }

    @Test("AuthenticateClientResponseEs9 error is '81' and keeps unknown codes")
    func authenticateClientResponseError() throws {
        try expectRoundTrip(
            AuthenticateClientResponseEs9.authenticateClientError(.noEligibleProfile), try hex("bf3b03 810108"))
        let unknown = try AuthenticateClientResponseEs9(derBytes: hex("bf3b03 810163"))
        #expect(unknown == .authenticateClientError(.init(rawValue: 99)))
    }

    // MARK: GetBoundProfilePackage

    @Test("GetBoundProfilePackageRequest from the recorded session re-encodes byte for byte with a single 'BF21'")
    func getBoundProfilePackageRequestRecorded() throws {
        let request = try expectReencodes(
            GetBoundProfilePackageRequest.self, try hex(getBoundProfilePackageRequestHex))
        #expect(request.transactionId.hex == transactionIdHex)
        guard case .downloadResponseOk = request.prepareDownloadResponse else {
            Issue.record("expected downloadResponseOk")
            return
        }
    }

    @Test("GetBoundProfilePackageResponse puts GetBoundProfilePackageOk under 'A0' with the BPP as 'BF36'")
    func getBoundProfilePackageResponseOk() throws {
        let bpp = BoundProfilePackage(
            initialiseSecureChannelRequest: try InitialiseSecureChannelRequest(derBytes: hex(initialiseSecureChannelRequestHex)),
            firstSequenceOf87: [[0xAB, 0xCD]],
            sequenceOf88: [[0xEF]],
            sequenceOf86: [[0x01, 0x02], [0x03]])
        let ok = GetBoundProfilePackageOk(transactionId: OctetString(try hex(transactionIdHex)), boundProfilePackage: bpp)
        let expected = try hex(
            """
            bf3a81df a081dc 8010 \(transactionIdHex) bf3681c6 \(initialiseSecureChannelRequestHex) \
            a004 8702abcd a103 8801ef a307 86020102 860103
            """)
        try expectRoundTrip(GetBoundProfilePackageResponse.getBoundProfilePackageOk(ok), expected)
        try expectRoundTrip(ok, [0x30] + expected.dropFirst(4).dropFirst())
    }

    @Test("GetBoundProfilePackageResponse error is '81'")
    func getBoundProfilePackageResponseError() throws {
        try expectRoundTrip(
            GetBoundProfilePackageResponse.getBoundProfilePackageError(.invalidTransactionId), try hex("bf3a03 81015f"))
    }

    // MARK: HandleNotification

    @Test("HandleNotification from the recorded session wraps the PendingNotification in an explicit 'A0'")
    func handleNotificationRecorded() throws {
        let notification = try expectReencodes(HandleNotification.self, try hex(handleNotificationHex))
        guard case .profileInstallationResult = notification.pendingNotification else {
            Issue.record("expected profileInstallationResult")
            return
        }
    }

    @Test("HandleNotification without the 'A0' wrapper is rejected")
    func handleNotificationUnwrapped() throws {
        let wrapped = try hex(handleNotificationHex)
        // 'BF3D 81AA A0 81A7 BF37 …' → 'BF3D 81A7 BF37 …'
        let unwrapped = [0xBF, 0x3D, 0x81, 0xA7] + wrapped.dropFirst(7)
        #expect(throws: ASN1Error.self) { try HandleNotification(derBytes: Array(unwrapped)) }
    }

    // MARK: CancelSession

    @Test("CancelSessionRequestEs9 tags transactionId '80' and re-tags the CancelSessionResponse CHOICE as 'A1'")
    func cancelSessionRequest() throws {
        let request = CancelSessionRequestEs9(
            transactionId: [0x01, 0x02], cancelSessionResponse: .cancelSessionResponseError(.invalidTransactionId))
        try expectRoundTrip(request, try hex("bf4109 80020102 a103 810105"))
    }

    @Test("CancelSessionRequestEs9 also accepts the explicit form 'A1 { BF41 … }' that asn1tools and pycrate produce")
    func cancelSessionRequestExplicitForm() throws {
        let request = try CancelSessionRequestEs9(derBytes: hex("bf410c 80020102 a106 bf4103 810105"))
        #expect(request.cancelSessionResponse == .cancelSessionResponseError(.invalidTransactionId))
        #expect(try request.derEncoded() == hex("bf4109 80020102 a103 810105"))
    }

    @Test("CancelSessionRequestEs9 is not confused with the ES10b CancelSessionRequest that shares 'BF41'")
    func cancelSessionRequestNotES10b() throws {
        #expect(throws: ASN1Error.self) { try CancelSessionRequestEs9(derBytes: hex("bf4107 80020102 810101")) }
    }

    @Test("CancelSessionResponseEs9 is 'A0 00' on success and '81' on error")
    func cancelSessionResponse() throws {
        try expectRoundTrip(CancelSessionResponseEs9.cancelSessionOk(CancelSessionOk()), try hex("bf4102 a000"))
        try expectRoundTrip(CancelSessionResponseEs9.cancelSessionError(.undefinedError), try hex("bf4103 81017f"))
        try expectRoundTrip(CancelSessionOk(), [0x30, 0x00])
    }

    // MARK: RemoteProfileProvisioning

    @Test("RemoteProfileProvisioningRequest wraps each request in 'A2'")
    func remoteProfileProvisioningRequest() throws {
        let notification = try HandleNotification(derBytes: hex(handleNotificationHex))
        try expectRoundTrip(
            RemoteProfileProvisioningRequest.handleNotification(notification),
            try hex("a281ae \(handleNotificationHex)"))
        let initiate = InitiateAuthenticationRequest(
            euiccChallenge: OctetString(Array(repeating: 0, count: 16)), smdpAddress: "a",
            euiccInfo1: EUICCInfo1(svn: [0x02, 0x02, 0x00], euiccCiPKIdListForVerification: [[0x01]], euiccCiPKIdListForSigning: [[0x01]]))
        try expectRoundTrip(
            RemoteProfileProvisioningRequest.initiateAuthenticationRequest(initiate),
            try hex("A22ABF3927811000000000000000000000000000000000830161BF200F8203020200A903040101AA03040101"))
        #expect(throws: ASN1Error.self) { try RemoteProfileProvisioningRequest(derBytes: hex("a203 bf4200")) }
    }

    @Test("RemoteProfileProvisioningResponse re-tags each response CHOICE implicitly: one 'BF40' inside 'A2'")
    func remoteProfileProvisioningResponse() throws {
        let response = RemoteProfileProvisioningResponse.authenticateClientResponseEs11(.authenticateClientError(.invalidTransactionId))
        try expectRoundTrip(response, try hex("a206 bf4003 810107"))
        // asn1tools doubles the tag; that form decodes to the same value.
        #expect(try RemoteProfileProvisioningResponse(derBytes: hex("a209 bf4006 bf4003 810107")) == response)
        try expectRoundTrip(
            RemoteProfileProvisioningResponse.cancelSessionResponseEs9(.cancelSessionOk(CancelSessionOk())),
            try hex("a205 bf4102 a000"))
    }

    @Test("RemoteProfileProvisioningResponse renders as JSON with the alternative's name")
    func remoteProfileProvisioningResponseJSON() throws {
        let response = RemoteProfileProvisioningResponse.getBoundProfilePackageResponse(
            .getBoundProfilePackageError(.confirmationCodeMissing))
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        #expect(json == #"{"getBoundProfilePackageResponse":{"getBoundProfilePackageError":"confirmationCodeMissing(2)"}}"#)
    }
}
