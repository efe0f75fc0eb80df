import Foundation
import SwiftASN1
import Testing

@testable import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// HandleNotification's `pendingNotification` from the recorded session: a ProfileInstallationResult.
private let recordedPendingNotificationHex = """
    bf3781a3bf275d8010a136211522c14bb6bc73a8b4b67b8f30bf2f22800101810207800c1974657374736d6470706c7573312e6578616d\
    706c652e636f6d060388370aa21fa01d4f10a0000005591010ffffffff890000100004093007a00530038001005f374057ba25fab76a68\
    d7809b48cdc8e2a2a2d4f8698b326d8434040e7cdab29a99f5dc6d939b3d03a855fc94713b5f1bd8d97d3fd31f46a25b137c0300768d5d\
    d054
    """

/// seqNumber 5, notificationDelete, address "a.b", with an ICCID.
private let metadataHex = "bf2f18 800105 81020410 0c03612e62 5a0a989444999999990971f1"
private let otherSignedHex = "3023 " + metadataHex + " 5f3701cc 3000 3000"

private func sampleMetadata() throws -> NotificationMetadata {
    NotificationMetadata(
        seqNumber: 5, profileManagementOperation: NotificationEvent.notificationDelete.bitString, notificationAddress: "a.b",
        iccid: try ICCID(bcd: try hex("989444999999990971f1")))
}

@Suite("Notification messages")
struct NotificationTests {
    @Test("PendingNotification from the recorded session is a ProfileInstallationResult that re-encodes byte for byte")
    func recordedPendingNotification() throws {
        let bytes = try hex(recordedPendingNotificationHex)
        let notification = try PendingNotification(derBytes: bytes)
        guard case .profileInstallationResult(let result) = notification else {
            Issue.record("expected profileInstallationResult")
            return
        }
        let data = result.profileInstallationResultData.value
        #expect(data.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        #expect(data.notificationMetadata.seqNumber == 1)
        #expect(data.notificationMetadata.profileManagementOperation.notificationEvents == [.notificationInstall])
        #expect(data.notificationMetadata.notificationAddress == "testsmdpplus1.example.com")
        #expect(data.notificationMetadata.iccid == nil)
        #expect(data.smdpOid == [2, 999, 10])
        guard case .successResult(let success) = data.finalResult else {
            Issue.record("expected successResult")
            return
        }
        #expect(success.aid.hex == "A0000005591010FFFFFFFF8900001000")
        #expect(success.simaResponse.hex == "3007A0053003800100")
        #expect(result.euiccSignPIR.count == 64)
        // The signed part keeps exactly the received 'BF27' TLV.
        #expect(result.profileInstallationResultData.derBytes == Array(bytes[4..<(4 + 3 + 0x5d)]))
        #expect(try notification.derEncoded() == bytes)
        #expect(try ProfileInstallationResult(derBytes: bytes).derEncoded() == bytes)
    }

    @Test("PendingNotification with a truncated encoding or an unknown alternative throws")
    func pendingNotificationMalformed() throws {
        let bytes = try hex(recordedPendingNotificationHex)
        #expect(throws: (any Error).self) { try PendingNotification(derBytes: bytes.dropLast()) }
        #expect(throws: (any Error).self) { try ProfileInstallationResult(derBytes: bytes.dropLast(3)) }
        #expect(throws: (any Error).self) { try PendingNotification(derBytes: try hex("bf3800")) }
    }

    @Test("PendingNotification renders as JSON with the chosen alternatives and the OID in dotted form")
    func pendingNotificationJSON() throws {
        let notification = try PendingNotification(derBytes: try hex(recordedPendingNotificationHex))
        let json = String(decoding: try JSONEncoder().encode(notification), as: UTF8.self)
        #expect(json.contains(#""profileInstallationResult":{"#))
        #expect(json.contains(#""successResult":{"#))
        #expect(json.contains(#""smdpOid":"2.999.10""#))
        #expect(json.contains(#""euiccSignPIR":"57BA25FA"#))
    }

    @Test("ProfileInstallationResultData wraps an ErrorResult as A2 { A1 { 80 81 } } and round-trips")
    func profileInstallationErrorResult() throws {
        let data = ProfileInstallationResultData(
            transactionId: [0x01],
            notificationMetadata: NotificationMetadata(
                seqNumber: 0, profileManagementOperation: NotificationEvent.notificationInstall.bitString, notificationAddress: ""),
            finalResult: .errorResult(ErrorResult(bppCommandId: .configureISDP, errorReason: .scp03tSecurityError)))
        let dataHex = "bf2719 800101 bf2f09800100810207800c00 a208 a106 800101 810108"
        #expect(try data.derEncoded() == (try hex(dataHex)))
        #expect(try ProfileInstallationResultData(derBytes: try hex(dataHex)) == data)

        let result = ProfileInstallationResult(profileInstallationResultData: try Encoded(data), euiccSignPIR: [0xAA, 0xBB])
        let resultHex = "bf3721 " + dataHex + " 5f3702aabb"
        #expect(try result.derEncoded() == (try hex(resultHex)))
        #expect(try ProfileInstallationResult(derBytes: try hex(resultHex)) == result)
        #expect(throws: (any Error).self) { try ProfileInstallationResultData(derBytes: try hex(dataHex).dropLast()) }
        // finalResult must be explicitly tagged: an untagged alternative is rejected.
        #expect(throws: (any Error).self) {
            try ProfileInstallationResultData(derBytes: try hex("bf2717 800101 bf2f09800100810207800c00 a106800101810108"))
        }
    }

    @Test("SuccessResult keeps simaResponse as a universal OCTET STRING and rejects a 4-byte AID")
    func successResult() throws {
        let bytes = try hex("300d 4f05a000000559 0404 30028000")
        let result = try SuccessResult(derBytes: bytes)
        #expect(result.aid.hex == "A000000559" && result.simaResponse.hex == "30028000")
        #expect(try result.derEncoded() == bytes)
        #expect(throws: (any Error).self) { try SuccessResult(derBytes: try hex("300c 4f04a0000005 0404 30028000")) }
        #expect(throws: (any Error).self) { try SuccessResult(derBytes: bytes.dropLast()) }
    }

    @Test("ErrorResult uses automatic tags 80/81/82 and prints its named values")
    func errorResult() throws {
        let result = ErrorResult(bppCommandId: .loadProfileElements, errorReason: .installFailedDueToUnknownError, simaResponse: [0x01])
        let bytes = try hex("3009 800105 81017f 820101")
        #expect(try result.derEncoded() == bytes)
        #expect(try ErrorResult(derBytes: bytes) == result)
        #expect(result.errorReason.description == "installFailedDueToUnknownError(127)")
        #expect(BppCommandId.storeMetadata2.description == "storeMetadata2(3)")
        #expect(throws: (any Error).self) { try ErrorResult(derBytes: bytes.dropLast()) }
    }

    @Test("NotificationMetadata encodes notificationAddress as UTF8String '0C' and iccid as '5A'")
    func notificationMetadata() throws {
        let metadata = try sampleMetadata()
        let bytes = try hex(metadataHex)
        #expect(try metadata.derEncoded() == bytes)
        #expect(try NotificationMetadata(derBytes: bytes) == metadata)
        #expect(throws: (any Error).self) { try NotificationMetadata(derBytes: bytes.dropLast()) }
        // Unknown trailing fields from a newer peer are skipped.
        let extended = try hex("bf2f0d 800105 81020410 0c00 9f7f0100")
        #expect(try NotificationMetadata(derBytes: extended).notificationAddress == "")
        // A notificationAddress that is not valid UTF-8 is a decode error, not silently repaired.
        #expect(throws: (any Error).self) { try NotificationMetadata(derBytes: try hex("bf2f0a 800105 81020410 0c01ff")) }
    }

    @Test("NotificationEvent bits make minimal one-bit BIT STRINGs")
    func notificationEventBits() throws {
        #expect(try NotificationEvent.notificationInstall.bitString.derEncoded() == (try hex("03020780")))
        #expect(try NotificationEvent.notificationEnable.bitString.derEncoded() == (try hex("03020640")))
        #expect(try NotificationEvent.notificationDisable.bitString.derEncoded() == (try hex("03020520")))
        #expect(try NotificationEvent.notificationDelete.bitString.derEncoded() == (try hex("03020410")))
        let both = BitString(notificationEvents: [.notificationEnable, .notificationDelete])
        #expect(both.notificationEvents == [.notificationEnable, .notificationDelete])
        #expect(both.contains(NotificationEvent.notificationEnable) && !both.contains(NotificationEvent.notificationInstall))
    }

    @Test("OtherSignedNotification keeps the signed NotificationMetadata bytes and is the '30' PendingNotification")
    func otherSignedNotification() throws {
        let bytes = try hex(otherSignedHex)
        let notification = try PendingNotification(derBytes: bytes)
        guard case .otherSignedNotification(let other) = notification else {
            Issue.record("expected otherSignedNotification")
            return
        }
        #expect(other.tbsOtherNotification.value == (try sampleMetadata()))
        #expect(other.tbsOtherNotification.derBytes == (try hex(metadataHex)))
        #expect(other.euiccNotificationSignature == [0xCC])
        #expect(try notification.derEncoded() == bytes)

        let built = OtherSignedNotification(
            tbsOtherNotification: try Encoded(try sampleMetadata()), euiccNotificationSignature: [0xCC],
            euiccCertificate: try CertificateDER(derBytes: [0x30, 0x00]), eumCertificate: try CertificateDER(derBytes: [0x30, 0x00]))
        #expect(try built.derEncoded() == bytes)
        #expect(throws: (any Error).self) { try OtherSignedNotification(derBytes: bytes.dropLast()) }
    }

    @Test("ListNotificationRequest carries the optional filter as '81'")
    func listNotificationRequest() throws {
        #expect(try ListNotificationRequest().derEncoded() == (try hex("bf2800")))
        let filtered = ListNotificationRequest(profileManagementOperation: NotificationEvent.notificationInstall.bitString)
        let bytes = try hex("bf2804 81020780")
        #expect(try filtered.derEncoded() == bytes)
        #expect(try ListNotificationRequest(derBytes: bytes) == filtered)
        #expect(throws: (any Error).self) { try ListNotificationRequest(derBytes: bytes.dropLast()) }
    }

    @Test("ListNotificationResponse wraps the list as 'A0' and the error as '81' inside 'BF28'")
    func listNotificationResponse() throws {
        let list = ListNotificationResponse.notificationMetadataList([try sampleMetadata()])
        let listBytes = try hex("bf281d a01b " + metadataHex)
        #expect(try list.derEncoded() == listBytes)
        #expect(try ListNotificationResponse(derBytes: listBytes) == list)

        let error = ListNotificationResponse.listNotificationsResultError(.undefinedError)
        let errorBytes = try hex("bf2803 81017f")
        #expect(try error.derEncoded() == errorBytes)
        #expect(try ListNotificationResponse(derBytes: errorBytes) == error)
        #expect(throws: (any Error).self) { try ListNotificationResponse(derBytes: listBytes.dropLast()) }
        #expect(throws: (any Error).self) { try ListNotificationResponse(derBytes: try hex("bf2803 82017f")) }
    }

    @Test("RetrieveNotificationsListRequest wraps searchCriteria explicitly as 'A0' around '80' or '81'")
    func retrieveNotificationsListRequest() throws {
        #expect(try RetrieveNotificationsListRequest().derEncoded() == (try hex("bf2b00")))
        #expect(try RetrieveNotificationsListRequest(derBytes: try hex("bf2b00")) == RetrieveNotificationsListRequest())

        let bySeq = RetrieveNotificationsListRequest(searchCriteria: .seqNumber(5))
        let seqBytes = try hex("bf2b05 a003 800105")
        #expect(try bySeq.derEncoded() == seqBytes)
        #expect(try RetrieveNotificationsListRequest(derBytes: seqBytes) == bySeq)

        let byOp = RetrieveNotificationsListRequest(
            searchCriteria: .profileManagementOperation(NotificationEvent.notificationDisable.bitString))
        let opBytes = try hex("bf2b06 a004 81020520")
        #expect(try byOp.derEncoded() == opBytes)
        #expect(try RetrieveNotificationsListRequest(derBytes: opBytes) == byOp)

        #expect(throws: (any Error).self) { try RetrieveNotificationsListRequest(derBytes: seqBytes.dropLast()) }
        // searchCriteria must be the explicit 'A0' wrapper: an unwrapped '80' is rejected, not read as seqNumber.
        #expect(throws: (any Error).self) { try RetrieveNotificationsListRequest(derBytes: try hex("bf2b03 800105")) }
    }

    @Test("RetrieveNotificationsListResponse lists PendingNotifications in 'A0' and reports errors as '81'")
    func retrieveNotificationsListResponse() throws {
        let pir = try hex(recordedPendingNotificationHex)
        let other = try hex(otherSignedHex)
        let listBytes = try hex("bf2b81cf a081cc") + pir + other
        let response = try RetrieveNotificationsListResponse(derBytes: listBytes)
        guard case .notificationList(let list) = response else {
            Issue.record("expected notificationList")
            return
        }
        #expect(list.count == 2)
        #expect(try response.derEncoded() == listBytes)

        let error = RetrieveNotificationsListResponse.notificationsListResultError(.noResultAvailable)
        let errorBytes = try hex("bf2b03 810101")
        #expect(try error.derEncoded() == errorBytes)
        #expect(try RetrieveNotificationsListResponse(derBytes: errorBytes) == error)
        #expect(throws: (any Error).self) { try RetrieveNotificationsListResponse(derBytes: listBytes.dropLast()) }
    }

    @Test("NotificationSentRequest and NotificationSentResponse use the automatic tag '80'")
    func notificationSent() throws {
        let request = NotificationSentRequest(seqNumber: 5)
        let requestBytes = try hex("bf3003 800105")
        #expect(try request.derEncoded() == requestBytes)
        #expect(try NotificationSentRequest(derBytes: requestBytes) == request)
        #expect(throws: (any Error).self) { try NotificationSentRequest(derBytes: requestBytes.dropLast()) }

        let response = NotificationSentResponse(deleteNotificationStatus: .nothingToDelete)
        let responseBytes = try hex("bf3003 800101")
        #expect(try response.derEncoded() == responseBytes)
        #expect(try NotificationSentResponse(derBytes: responseBytes) == response)
        #expect(try NotificationSentResponse(derBytes: try hex("bf3003 800100")).deleteNotificationStatus == .ok)
        #expect(throws: (any Error).self) { try NotificationSentResponse(derBytes: responseBytes.dropLast()) }
    }
}
