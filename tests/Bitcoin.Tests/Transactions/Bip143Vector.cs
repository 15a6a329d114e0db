namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>One BIP 143 example: the unsigned and the signed transaction, and each signature made on it.</summary>
public sealed record Bip143Vector(string Name, string UnsignedTxHex, string SignedTxHex, IReadOnlyList<Bip143Signing> Signings)
{
    public override string ToString() => Name;
}
