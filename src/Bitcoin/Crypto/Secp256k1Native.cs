using System.Runtime.InteropServices;

namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// Raw bindings to libsecp256k1 (Debian package <c>libsecp256k1-1</c>, built
/// with the ECDH module). Signatures follow /usr/include/secp256k1.h and
/// secp256k1_ecdh.h of version 0.2.0; every symbol used here also exists in 0.1.
/// </summary>
/// <remarks>
/// <para>
/// The opaque <c>secp256k1_pubkey</c> and <c>secp256k1_ecdsa_signature</c>
/// structs are 64 bytes each (<see cref="PubKeyStructSize"/>,
/// <see cref="SignatureStructSize"/>); callers pass pointers to buffers of
/// exactly that size, produced only by the library itself (a forged struct
/// would make libsecp256k1 report an illegal argument). Scalars, secret keys
/// and message hashes are 32 bytes.
/// </para>
/// <para>
/// These are <c>internal</c> so that the wrappers in this folder and the
/// benchmark project (InternalsVisibleTo) can call them; nothing else should.
/// Every call takes <see cref="Context"/>, which is safe to share between
/// threads: see Secp256k1Native.Context.cs.
/// </para>
/// </remarks>
internal static unsafe partial class Secp256k1Native
{
    internal const string LibraryName = "libsecp256k1.so.1";

    internal const int PubKeyStructSize = 64;
    internal const int SignatureStructSize = 64;
    internal const int ScalarSize = 32;

    // secp256k1.h: SECP256K1_FLAGS_TYPE_CONTEXT | SECP256K1_FLAGS_BIT_CONTEXT_{SIGN,VERIFY}.
    // 0.2.0 treats both as SECP256K1_CONTEXT_NONE (every context can sign and
    // verify); 0.1 needs them, so we pass them for either version.
    internal const uint ContextSign = 0x0201;
    internal const uint ContextVerify = 0x0101;

    // secp256k1.h: SECP256K1_EC_COMPRESSED = TYPE_COMPRESSION | BIT_COMPRESSION.
    internal const uint EcCompressed = 0x0102;

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_create")]
    internal static partial nint ContextCreate(uint flags);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_destroy")]
    internal static partial void ContextDestroy(nint context);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_randomize")]
    internal static partial int ContextRandomize(nint context, byte* seed32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_context_set_illegal_callback")]
    internal static partial void ContextSetIllegalCallback(nint context, delegate* unmanaged<byte*, void*, void> callback, void* data);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_parse")]
    internal static partial int EcPubKeyParse(nint context, byte* pubKey64, byte* input, nuint inputLength);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_serialize")]
    internal static partial int EcPubKeySerialize(nint context, byte* output, nuint* outputLength, byte* pubKey64, uint flags);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_signature_parse_compact")]
    internal static partial int EcdsaSignatureParseCompact(nint context, byte* signature64, byte* input64);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_signature_parse_der")]
    internal static partial int EcdsaSignatureParseDer(nint context, byte* signature64, byte* input, nuint inputLength);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_signature_serialize_der")]
    internal static partial int EcdsaSignatureSerializeDer(nint context, byte* output, nuint* outputLength, byte* signature64);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_signature_serialize_compact")]
    internal static partial int EcdsaSignatureSerializeCompact(nint context, byte* output64, byte* signature64);

    /// <summary>Returns 1 for a correct signature in lower-S form; a high-S signature returns 0.</summary>
    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_verify")]
    private static partial int EcdsaVerifyImport(nint context, byte* signature64, byte* messageHash32, byte* pubKey64);

    /// <summary>Returns 1 when <paramref name="signatureIn64"/> was high-S. <paramref name="signatureOut64"/> may be null.</summary>
    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_signature_normalize")]
    internal static partial int EcdsaSignatureNormalize(nint context, byte* signatureOut64, byte* signatureIn64);

    /// <summary>A null <paramref name="nonceFunction"/> selects RFC 6979 (secp256k1_nonce_function_default).</summary>
    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdsa_sign")]
    private static partial int EcdsaSignImport(nint context, byte* signature64, byte* messageHash32, byte* secretKey32, nint nonceFunction, nint nonceData);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_seckey_verify")]
    internal static partial int EcSecKeyVerify(nint context, byte* secretKey32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_create")]
    private static partial int EcPubKeyCreateImport(nint context, byte* pubKey64, byte* secretKey32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_seckey_negate")]
    internal static partial int EcSecKeyNegate(nint context, byte* secretKey32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_seckey_tweak_add")]
    internal static partial int EcSecKeyTweakAdd(nint context, byte* secretKey32, byte* tweak32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_tweak_add")]
    private static partial int EcPubKeyTweakAddImport(nint context, byte* pubKey64, byte* tweak32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_seckey_tweak_mul")]
    internal static partial int EcSecKeyTweakMul(nint context, byte* secretKey32, byte* tweak32);

    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_tweak_mul")]
    private static partial int EcPubKeyTweakMulImport(nint context, byte* pubKey64, byte* tweak32);

    /// <summary><paramref name="count"/> must be at least 1 (an illegal argument otherwise).</summary>
    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ec_pubkey_combine")]
    private static partial int EcPubKeyCombineImport(nint context, byte* pubKeyOut64, byte** pubKeysIn, nuint count);

    /// <summary>
    /// A null <paramref name="hashFunction"/> selects secp256k1_ecdh_hash_function_sha256:
    /// SHA-256 of the compressed shared point, 32 bytes into <paramref name="output32"/>.
    /// </summary>
    [LibraryImport(LibraryName, EntryPoint = "secp256k1_ecdh")]
    private static partial int EcdhImport(nint context, byte* output32, byte* pubKey64, byte* secretKey32, nint hashFunction, nint data);

    /// <summary>
    /// Every export bound above. The loader probe checks them all before the
    /// first call, so a library built without a module (e.g. ECDH) fails with
    /// a clear message instead of an EntryPointNotFoundException mid-protocol.
    /// A test keeps this list equal to the LibraryImport entry points.
    /// </summary>
    internal static readonly string[] RequiredExports =
    [
        "secp256k1_context_create",
        "secp256k1_context_destroy",
        "secp256k1_context_randomize",
        "secp256k1_context_set_illegal_callback",
        "secp256k1_ec_pubkey_parse",
        "secp256k1_ec_pubkey_serialize",
        "secp256k1_ecdsa_signature_parse_compact",
        "secp256k1_ecdsa_signature_parse_der",
        "secp256k1_ecdsa_signature_serialize_der",
        "secp256k1_ecdsa_signature_serialize_compact",
        "secp256k1_ecdsa_verify",
        "secp256k1_ecdsa_signature_normalize",
        "secp256k1_ecdsa_sign",
        "secp256k1_ec_seckey_verify",
        "secp256k1_ec_pubkey_create",
        "secp256k1_ec_seckey_negate",
        "secp256k1_ec_seckey_tweak_add",
        "secp256k1_ec_pubkey_tweak_add",
        "secp256k1_ec_seckey_tweak_mul",
        "secp256k1_ec_pubkey_tweak_mul",
        "secp256k1_ec_pubkey_combine",
        "secp256k1_ecdh",
    ];
}
