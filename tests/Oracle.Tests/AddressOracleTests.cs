using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Scripts;
using NB = NBitcoin;

namespace Microchannels.Oracle.Tests;

/// <summary>
/// Our addresses against NBitcoin's on seeded random hashes: P2PKH and P2SH (base58check),
/// P2WPKH and P2WSH (bech32), for main, test and regtest; each side's string decodes to
/// the other's output script.
/// </summary>
public sealed class AddressOracleTests
{
    private static readonly (Network Ours, NB.Network Theirs)[] Networks =
    [
        (Network.Main, NB.Network.Main),
        (Network.Testnet, NB.Network.TestNet),
        (Network.Regtest, NB.Network.RegTest),
    ];

    [Fact]
    public void Addresses_of_2000_random_hashes_agree_with_NBitcoin()
    {
        var random = new Random(47);
        for (int n = 0; n < 2000; n++)
        {
            var (ours, theirs) = Networks[n % Networks.Length];
            var hash20 = RandomTransactions.Bytes(random, 20);
            var hash32 = RandomTransactions.Bytes(random, 32);
            (Script Script, NB.IDestination Destination)[] kinds =
            [
                (StandardScripts.PayToPubKeyHash(hash20), new NB.KeyId(hash20)),
                (StandardScripts.PayToScriptHash(hash20), new NB.ScriptId(hash20)),
                (StandardScripts.PayToWitnessPubKeyHash(hash20), new NB.WitKeyId(hash20)),
                (new Script(new SegwitAddress(ours, 0, hash32).ToScriptPubKey()), new NB.WitScriptId(hash32)),
            ];

            foreach (var (script, destination) in kinds)
            {
                var theirAddress = destination.ScriptPubKey.GetDestinationAddress(theirs)!;
                string ourAddress = BitcoinAddress.FromScriptPubKey(script.AsSpan(), ours);
                Assert.Equal(theirAddress.ToString(), ourAddress);
                Assert.Equal(theirAddress.ScriptPubKey.ToBytes(), script.ToBytes());
                Assert.Equal(script.ToBytes(), BitcoinAddress.ToScriptPubKey(theirAddress.ToString(), ours));
                Assert.Equal(theirAddress.ScriptPubKey, NB.BitcoinAddress.Create(ourAddress, theirs).ScriptPubKey);
            }
        }
    }
}
