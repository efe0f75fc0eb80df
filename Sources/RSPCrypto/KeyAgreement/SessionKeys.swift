import Crypto

/// The BSP session keys derived after ECKA (SGP.22 §2.6.6.2 / §5.5.2, GlobalPlatform Card Specification
/// Amendment F §6.5.2.3): the ANSI X9.63 KDF with SHA-256 over the shared secret Z gives 48 bytes,
/// split into the initial MAC chaining value (16) ‖ S-ENC (16) ‖ S-MAC (16).
///
/// SharedInfo is keyType ‖ keyLen ‖ hostId-LV ‖ EID-LV (LV = one length byte then the value; the EID
/// as its 16 bytes). The recorded pySim session only verifies with the EID-LV present.
public struct SessionKeys: Hashable, Sendable {
    /// The initial MAC chaining value (16 bytes).
    public var initialMacChainingValue: [UInt8]
    /// S-ENC, the AES-128 encryption key (16 bytes).
    public var sEnc: [UInt8]
    /// S-MAC, the AES-128 CMAC key (16 bytes).
    public var sMac: [UInt8]

    public init(initialMacChainingValue: [UInt8], sEnc: [UInt8], sMac: [UInt8]) {
        self.initialMacChainingValue = initialMacChainingValue
        self.sEnc = sEnc
        self.sMac = sMac
    }

    /// SharedInfo for the X9.63 KDF: keyType ‖ keyLen ‖ len(hostId) ‖ hostId ‖ len(EID) ‖ EID.
    public static func sharedInfo(
        hostId: [UInt8], eid: [UInt8],
        keyType: UInt8 = BSPConstants.keyTypeAES, keyLength: UInt8 = BSPConstants.keyLength
    ) throws -> [UInt8] {
        guard (1...16).contains(hostId.count) else {
            throw KeyAgreementError.invalidSharedInfo("hostId has \(hostId.count) bytes, expected 1...16")
        }
        guard eid.count == 16 else {
            throw KeyAgreementError.invalidSharedInfo("EID has \(eid.count) bytes, expected 16")
        }
        return [keyType, keyLength, UInt8(hostId.count)] + hostId + [UInt8(eid.count)] + eid
    }

    /// Derives the session keys from Z with the X9.63 KDF (SHA-256): K_i = SHA-256(Z ‖ i (32-bit BE) ‖ SharedInfo),
    /// i = 1, 2, concatenated and cut to 48 bytes.
    public static func derive(
        sharedSecret: SharedSecret, hostId: [UInt8], eid: [UInt8],
        keyType: UInt8 = BSPConstants.keyTypeAES, keyLength: UInt8 = BSPConstants.keyLength
    ) throws -> SessionKeys {
        let info = try sharedInfo(hostId: hostId, eid: eid, keyType: keyType, keyLength: keyLength)
        let n = Int(BSPConstants.keyLength)
        let material = sharedSecret.x963DerivedSymmetricKey(using: SHA256.self, sharedInfo: info, outputByteCount: 3 * n)
        let bytes = material.withUnsafeBytes { Array($0) }
        return SessionKeys(
            initialMacChainingValue: Array(bytes[0..<n]),
            sEnc: Array(bytes[n..<(2 * n)]),
            sMac: Array(bytes[(2 * n)..<(3 * n)])
        )
    }

    /// ECKA then KDF in one step: our one-time private key, the peer's uncompressed one-time public
    /// key ('04' ‖ X ‖ Y), the hostId from the control reference template and the EID (16 bytes).
    public static func derive(
        oneTimePrivateKey: P256.KeyAgreement.PrivateKey, peerOneTimePublicKey: [UInt8], hostId: [UInt8], eid: [UInt8]
    ) throws -> SessionKeys {
        let z = try ECKA.sharedSecret(privateKey: oneTimePrivateKey, peerPublicKey: peerOneTimePublicKey)
        return try derive(sharedSecret: z, hostId: hostId, eid: eid)
    }
}

extension SessionKeys: CustomStringConvertible, CustomDebugStringConvertible {
    /// Redacted: session keys are secrets and must never reach a log.
    public var description: String { "SessionKeys(<redacted>)" }
    public var debugDescription: String { description }
}
