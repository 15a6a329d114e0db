namespace Microchannels.EmbeddedChain.Validation;

/// <summary>
/// Why a transaction was refused, in bitcoind's words (consensus/validation.h
/// TxValidationState): <see cref="Reason"/> is its reject reason ("non-BIP68-final",
/// "bad-txns-inputs-missingorspent"), <see cref="Details"/> its debug message.
/// <see cref="MissingInputs"/> is TX_MISSING_INPUTS, which sendrawtransaction answers with
/// RPC error -25 instead of -26.
/// </summary>
public sealed record TxRejection(string Reason, string? Details = null, bool MissingInputs = false)
{
    /// <summary>TxValidationState::ToString(): the reason, then ", " and the debug message when there is one.</summary>
    public override string ToString() => Details is null ? Reason : $"{Reason}, {Details}";
}
