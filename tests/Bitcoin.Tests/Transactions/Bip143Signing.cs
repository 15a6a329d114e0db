using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>
/// One signature in a BIP 143 example. <see cref="ScriptCodeHex"/> is the script
/// code without its length prefix. <see cref="ExpectedSigHashHex"/> is the digest
/// in raw SHA-256 output order, as the BIP prints it (see <see cref="Bip143Vectors"/>
/// for the two legacy inputs). <see cref="SignatureHex"/> is DER plus the hash-type
/// byte, as it appears in the signed transaction.
/// </summary>
public sealed record Bip143Signing(
    int InputIndex,
    bool IsWitnessV0,
    string ScriptCodeHex,
    long Amount,
    SigHashType HashType,
    string ExpectedSigHashHex,
    string? PrivateKeyHex,
    string? PublicKeyHex,
    string? SignatureHex);
