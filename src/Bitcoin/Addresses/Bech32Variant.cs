namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// The two checksum constants of the Bech32 family: BIP 173 ("Bech32", constant 1)
/// and BIP 350 ("Bech32m", constant 0x2bc830a3). Nothing else differs between them.
/// </summary>
public enum Bech32Variant
{
    Bech32,
    Bech32m,
}
