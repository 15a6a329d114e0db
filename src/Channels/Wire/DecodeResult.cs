namespace Microchannels.Channels.Wire;

/// <summary>What <see cref="MessageCodec.Decode"/> found in one message.</summary>
public sealed record DecodeResult(LightningMessage Message)
{
    /// <summary>An unknown odd type, which BOLT 1 says the receiver MUST ignore.</summary>
    public bool ShouldIgnore => Message is UnknownMessage;
}
