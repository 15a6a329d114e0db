namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// Signature hash types (Bitcoin Core's script/interpreter.h). The low five bits
/// select the base type (<see cref="All"/>, <see cref="None"/>,
/// <see cref="Single"/>); <see cref="AnyoneCanPay"/> is a modifier bit. The byte
/// is appended to each signature and committed to as a 4-byte integer.
/// There is no zero member: 0 is not a valid segwit v0 hash type.
/// </summary>
[Flags]
public enum SigHashType
{
    /// <summary>SIGHASH_ALL: sign every input and output.</summary>
    All = 0x01,

    /// <summary>SIGHASH_NONE: sign every input, no output.</summary>
    None = 0x02,

    /// <summary>SIGHASH_SINGLE: sign every input and the output at the same index.</summary>
    Single = 0x03,

    /// <summary>SIGHASH_ANYONECANPAY: sign only this input.</summary>
    AnyoneCanPay = 0x80,
}
