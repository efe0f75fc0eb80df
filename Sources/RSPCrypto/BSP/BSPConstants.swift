/// Constants of the BPP protection protocol, BSP, formerly SCP03t (SGP.22 §2.5.4, §2.6.4, §5.5,
/// GlobalPlatform Card Specification Amendment F).
public enum BSPConstants {
    /// '86': segments of the Profile Protection Package / Unprotected Profile Package, encrypted and MACed
    /// (sequenceOf86, SGP.22 §2.5.5).
    public static let profileSegmentTag: UInt8 = 0x86
    /// '87': ConfigureISDP and ReplaceSessionKeys, encrypted and MACed (firstSequenceOf87, secondSequenceOf87).
    public static let encryptedTag: UInt8 = 0x87
    /// '88': StoreMetadata, MACed only (sequenceOf88).
    public static let macOnlyTag: UInt8 = 0x88

    /// Key type in the control reference template and the KDF SharedInfo: AES, '88'
    /// (GlobalPlatform Card Specification Table 11-16; SGP.22 ControlRefTemplate.keyType).
    public static let keyTypeAES: UInt8 = 0x88
    /// Key length in bytes in the control reference template and SharedInfo: 16 (AES-128).
    public static let keyLength: UInt8 = 0x10

    /// AES block size, also the size of the ICV and of the block-counter block.
    public static let blockSize = 16
    /// Bytes of the C-MAC appended to each segment: the 8 most significant bytes of the AES-CMAC.
    public static let macLength = 8

    /// SGP.22 §2.5.3 (v3.0 wording): the protected data is split into segments of at most 1020 bytes
    /// "including the tag, length field and MAC".
    public static let maxSegmentSize = 1020
    /// Plaintext bytes per segment: 1020 − tag (1) − length field (3, '82' ‖ LL) − MAC (8) = 1008.
    ///
    /// This is how pySim reads §2.5.3, and the recorded pySim session splits its UPP this way (twelve
    /// 1008-byte segments, each padded to 1024 bytes of ciphertext, i.e. 1036-byte '86' TLVs). Any chunk
    /// size up to 1023 gives the same 1024-byte ciphertext; the receiver only concatenates.
    public static let maxPlaintextPerSegment = maxSegmentSize - 1 - 3 - macLength
}
