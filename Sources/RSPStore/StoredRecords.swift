import Foundation
import RSPCore

// Each record read from a row of its table, in either database (`StoredRow`). The writers stay
// beside each database's SQL: their placeholders and bindings differ, the readings do not.

extension SessionRecord {
    init(row: some StoredRow) throws {
        self.init(
            transactionId: try row.transactionID("transaction_id"),
            state: try row.rawEnum("state", as: SessionState.self),
            euiccChallenge: try row.bytes("euicc_challenge"),
            serverChallenge: try row.bytes("server_challenge"),
            ciPKId: try row.bytes("ci_pkid"),
            euiccSVN: try row.bytes("euicc_svn"),
            matchingId: try row.optionalString("matching_id"),
            eid: try row.optionalEID("eid"),
            euiccCertificate: try row.optionalBytes("euicc_certificate"),
            smdpSignature2: try row.optionalBytes("smdp_signature2"),
            ccRequired: try row.bool("cc_required"),
            euiccOtpk: try row.optionalBytes("euicc_otpk"),
            createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"),
            negotiatedVersion: try row.optionalVersion("negotiated_version"),
            negotiatedFeatures: try row.optionalFeatures("negotiated_features"))
    }
}

extension OrderRecord {
    init(row: some StoredRow) throws {
        self.init(
            matchingId: try row.string("matching_id"),
            iccid: try row.iccid("iccid"),
            eid: try row.optionalEID("eid"),
            confirmationCodeHash: try row.optionalBytes("confirmation_code_hash"),
            confirmationCodeAttemptsLeft: try row.int("confirmation_code_attempts_left"),
            state: try row.rawEnum("state", as: ProfileLifecycleState.self),
            reason: try row.optionalString("reason"),
            downloadedBy: try row.optionalEID("downloaded_by"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            expiresAt: try row.optionalDate("expires_at"),
            operatorName: try row.optionalString("operator_name"),
            smdsAddress: try row.optionalString("smds_address"))
    }
}

extension NotificationRecord {
    init(row: some StoredRow) throws {
        self.init(
            eid: try row.optionalEID("eid"),
            iccid: try row.optionalICCID("iccid"),
            seqNumber: try row.int("seq_number"),
            event: try row.string("event"),
            transactionId: try row.optionalTransactionID("transaction_id"),
            payload: try row.bytes("payload"),
            receivedAt: try row.date("received_at"))
    }
}

extension CallbackRecord {
    init(row: some StoredRow) throws {
        self.init(
            id: try row.int64("id"), operatorName: try row.string("operator_name"), url: try row.string("url"),
            body: try row.bytes("body"), createdAt: try row.date("created_at"), nextAttemptAt: try row.date("next_attempt_at"),
            attempts: try row.int("attempts"), lastError: try row.optionalString("last_error"),
            deliveredAt: try row.optionalDate("delivered_at"))
    }
}

extension EventRecord {
    init(row: some StoredRow) throws {
        self.init(
            eventId: try row.string("event_id"), eid: try row.eid("eid"),
            rspServerAddress: try row.string("rsp_server_address"), registeredBy: try row.string("registered_by"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"))
    }
}

extension SMDSSessionRecord {
    init(row: some StoredRow) throws {
        self.init(
            transactionId: try row.transactionID("transaction_id"),
            state: try row.rawEnum("state", as: SMDSSessionState.self),
            euiccChallenge: try row.bytes("euicc_challenge"), serverChallenge: try row.bytes("server_challenge"),
            ciPKId: try row.bytes("ci_pkid"), euiccSVN: try row.bytes("euicc_svn"), eid: try row.optionalEID("eid"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
            negotiatedVersion: try row.optionalVersion("negotiated_version"),
            negotiatedFeatures: try row.optionalFeatures("negotiated_features"))
    }
}
