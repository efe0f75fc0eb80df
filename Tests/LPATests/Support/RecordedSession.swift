import Foundation
import RSPCore
import RSPTestSupport
import SwiftASN1

/// The messages of the pySim session (`shared/vectors/pysim-es9plus-session`), as the types
/// the LPA exchanges: real DER, real signatures, recorded between two independent programs.
struct RecordedSession: Sendable {
    static let smdpAddress = "testsmdpplus1.example.com"

    let transactionId: OctetString
    let euiccInfo1: EUICCInfo1
    let euiccChallenge: OctetString
    let initiateAuthentication: InitiateAuthenticationOkEs9
    let authenticateServerResponse: AuthenticateServerResponse
    let authenticateClient: AuthenticateClientOk
    let prepareDownloadResponse: PrepareDownloadResponse
    let bppBytes: [UInt8]
    let bpp: BoundProfilePackage
    let installationResult: ProfileInstallationResult

    init() throws {
        let initiateReq = "messages/01-initiateAuthentication.req.json"
        let initiateResp = "messages/01-initiateAuthentication.resp.json"
        let authResp = "messages/02-authenticateClient.resp.json"
        guard let tidHex = try Vectors.json(initiateResp)["transactionId"] as? String,
            let tid = OctetString(hex: tidHex)
        else { throw VectorFieldMissing(field: "\(initiateResp)#transactionId") }
        transactionId = tid
        euiccInfo1 = try EUICCInfo1(derBytes: try Vectors.base64Field("euiccInfo1", of: initiateReq))
        euiccChallenge = OctetString(try Vectors.base64Field("euiccChallenge", of: initiateReq))
        initiateAuthentication = InitiateAuthenticationOkEs9(
            transactionId: tid,
            serverSigned1: try Encoded<ServerSigned1>(derBytes: try Vectors.base64Field("serverSigned1", of: initiateResp)),
            serverSignature1: try Self.signature(try Vectors.base64Field("serverSignature1", of: initiateResp)),
            euiccCiPKIdToBeUsed: try OctetString(derBytes: try Vectors.base64Field("euiccCiPKIdToBeUsed", of: initiateResp)),
            serverCertificate: try CertificateDER(derBytes: try Vectors.base64Field("serverCertificate", of: initiateResp)))
        authenticateServerResponse = try AuthenticateServerResponse(
            derBytes: try Vectors.base64Field("authenticateServerResponse", of: "messages/02-authenticateClient.req.json"))
        authenticateClient = AuthenticateClientOk(
            transactionId: tid,
            profileMetaData: try StoreMetadataRequest(derBytes: try Vectors.base64Field("profileMetadata", of: authResp)),
            prepareDownloadRequest: PrepareDownloadRequest(
                smdpSigned2: try Encoded<SmdpSigned2>(derBytes: try Vectors.base64Field("smdpSigned2", of: authResp)),
                smdpSignature2: try Self.signature(try Vectors.base64Field("smdpSignature2", of: authResp)),
                smdpCertificate: try CertificateDER(derBytes: try Vectors.base64Field("smdpCertificate", of: authResp))))
        prepareDownloadResponse = try PrepareDownloadResponse(
            derBytes: try Vectors.base64Field("prepareDownloadResponse", of: "messages/03-getBoundProfilePackage.req.json"))
        bppBytes = try Vectors.bytes("bpp.der")
        bpp = try BoundProfilePackage(derBytes: bppBytes)
        installationResult = try ProfileInstallationResult(
            derBytes: try Vectors.base64Field("pendingNotification", of: "messages/04-handleNotification.req.json"))
    }

    /// A '5F37' signature data object's value.
    static func signature(_ dataObject: [UInt8]) throws -> OctetString {
        try OctetString(derEncoded: try DER.parse(dataObject), withIdentifier: .application(55))
    }

    /// The same offer with the SM-DP+ requiring a Confirmation Code (ccRequiredFlag true).
    func authenticateClientRequiringConfirmationCode() throws -> AuthenticateClientOk {
        var offer = authenticateClient
        var signed = offer.prepareDownloadRequest.smdpSigned2.value
        signed.ccRequiredFlag = true
        offer.prepareDownloadRequest.smdpSigned2 = try Encoded(signed)
        return offer
    }
}

/// A field a test expected in the vectors is absent.
struct VectorFieldMissing: Error, CustomStringConvertible {
    var field: String
    var description: String { "vector field missing: \(field)" }
}
