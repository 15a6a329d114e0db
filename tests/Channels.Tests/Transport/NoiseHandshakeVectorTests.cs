using System.Text.RegularExpressions;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>
/// BOLT 8, Appendix A, "Initiator Tests" and "Responder Tests": every printed act,
/// every final key pair and every printed error, one row per named vector.
/// </summary>
public partial class NoiseHandshakeVectorTests
{
    public static TheoryData<string> InitiatorVectors() => Bolt8Vectors.NamesStartingWith("transport-initiator");

    public static TheoryData<string> ResponderVectors() => Bolt8Vectors.NamesStartingWith("transport-responder");

    [Fact]
    public void The_spec_holds_5_initiator_and_10_responder_vectors()
    {
        Assert.Equal(5, InitiatorVectors().Count);
        Assert.Equal(10, ResponderVectors().Count);
    }

    [Theory]
    [MemberData(nameof(InitiatorVectors))]
    public void Initiator_produces_the_printed_outputs_or_error(string name)
    {
        var vector = Bolt8Vectors.Named(name);
        using var localStatic = PrivateKey.FromBytes(vector.Bytes("ls.priv"));
        var remoteStatic = PublicKey.FromBytes(vector.Bytes("rs.pub"));
        using var handshake = new NoiseHandshake(localStatic, remoteStatic, Ephemeral(vector));
        Assert.Equal(vector.Bytes("ls.pub"), localStatic.PublicKey.ToBytes());

        var steps = new Queue<Bolt8Step>(vector.Steps);
        AssertOutput(steps.Dequeue(), handshake.WriteActOne());
        if (ReadOrExpectError(steps, 2, handshake.ReadActTwo, handshake))
        {
            return;
        }

        AssertOutput(steps.Dequeue(), handshake.WriteActThree());
        using var session = handshake.CompleteSession();
        AssertSessionKeys(steps.Dequeue(), session);
        Assert.Equal(vector.Bytes("rs.pub"), session.RemoteStaticKey.ToBytes());
        Assert.Empty(steps);
    }

    [Theory]
    [MemberData(nameof(ResponderVectors))]
    public void Responder_produces_the_printed_outputs_or_error(string name)
    {
        var vector = Bolt8Vectors.Named(name);
        using var localStatic = PrivateKey.FromBytes(vector.Bytes("ls.priv"));
        using var handshake = new NoiseHandshake(localStatic, null, Ephemeral(vector));
        Assert.Equal(vector.Bytes("ls.pub"), localStatic.PublicKey.ToBytes());

        var steps = new Queue<Bolt8Step>(vector.Steps);
        if (ReadOrExpectError(steps, 1, handshake.ReadActOne, handshake))
        {
            return;
        }

        AssertOutput(steps.Dequeue(), handshake.WriteActTwo());
        if (ReadOrExpectError(steps, 3, handshake.ReadActThree, handshake))
        {
            return;
        }

        using var session = handshake.CompleteSession();
        AssertSessionKeys(steps.Dequeue(), session);

        // The responder learns the initiator's static key: the initiator vector's ls.pub.
        var initiator = Bolt8Vectors.Named("transport-initiator successful handshake");
        Assert.Equal(initiator.Bytes("ls.pub"), session.RemoteStaticKey.ToBytes());
        Assert.Empty(steps);
    }

    // The intermediate h and ck are printed as comments in "transport-initiator successful handshake".
    [Fact]
    public void Initiator_intermediate_hash_and_chaining_key_match_the_printed_comments()
    {
        var vector = Bolt8Vectors.Named("transport-initiator successful handshake");
        using var localStatic = PrivateKey.FromBytes(vector.Bytes("ls.priv"));
        using var handshake = new NoiseHandshake(localStatic, PublicKey.FromBytes(vector.Bytes("rs.pub")), Ephemeral(vector));

        handshake.WriteActOne();
        Assert.Equal("9d1ffbb639e7e20021d9259491dc7b160aab270fb1339ef135053f6f2cebe9ce", Convert.ToHexStringLower(handshake.HandshakeHash));
        Assert.Equal("b61ec1191326fa240decc9564369dbb3ae2b34341d1e11ad64ed89f89180582f", Convert.ToHexStringLower(handshake.ChainingKey));

        handshake.ReadActTwo(Bolt8Vectors.Hex(vector.Steps[1].Value));
        Assert.Equal("90578e247e98674e661013da3c5c1ca6a8c8f48c90b485c0dfa1494e23d56d72", Convert.ToHexStringLower(handshake.HandshakeHash));
        Assert.Equal("e89d31033a1b6bf68c07d22e08ea4d7884646c4b60a9528598ccb4ee2c8f56ba", Convert.ToHexStringLower(handshake.ChainingKey));
    }

    private static PrivateKey Ephemeral(Bolt8Case vector)
    {
        var ephemeral = PrivateKey.FromBytes(vector.Bytes("e.priv"));
        Assert.Equal(vector.Bytes("e.pub"), ephemeral.PublicKey.ToBytes());
        return ephemeral;
    }

    private static void AssertOutput(Bolt8Step step, byte[] actual)
    {
        Assert.False(step.IsInput);
        Assert.Equal(Bolt8Vectors.Hex(step.Value), actual);
    }

    /// <summary>
    /// Feeds the next input act. If the vector then prints an error, asserts that exact
    /// typed error and that the failed handshake refuses every further use; returns true.
    /// </summary>
    private static bool ReadOrExpectError(Queue<Bolt8Step> steps, int act, ActReader read, NoiseHandshake handshake)
    {
        var input = steps.Dequeue();
        Assert.True(input.IsInput);
        var bytes = Bolt8Vectors.Hex(input.Value);
        if (!steps.Peek().IsError)
        {
            read(bytes);
            return false;
        }

        var (expectedAct, expectedReason) = ParseError(steps.Dequeue().Value);
        var error = Assert.Throws<NoiseHandshakeException>(() => read(bytes));
        Assert.Equal(act, expectedAct);
        Assert.Equal(expectedAct, error.Act);
        Assert.Equal(expectedReason, error.Reason);
        Assert.Empty(steps);

        Assert.False(handshake.IsComplete);
        Assert.Throws<InvalidOperationException>(handshake.CompleteSession);
        Assert.Throws<InvalidOperationException>(() => read(bytes));
        return true;
    }

    private static (int Act, NoiseHandshakeFailure Reason) ParseError(string printed)
    {
        var match = ErrorPattern().Match(printed);
        Assert.True(match.Success, printed);
        var reason = match.Groups[2].Value switch
        {
            "READ_FAILED" => NoiseHandshakeFailure.ReadFailed,
            "BAD_VERSION" => NoiseHandshakeFailure.BadVersion,
            "BAD_PUBKEY" => NoiseHandshakeFailure.BadPublicKey,
            "BAD_CIPHERTEXT" => NoiseHandshakeFailure.BadCiphertext,
            "BAD_TAG" => NoiseHandshakeFailure.BadTag,
            var other => throw new InvalidOperationException($"Unknown BOLT 8 error {other}."),
        };
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), reason);
    }

    // "sk,rk=0x..,0x.." (initiator) or "rk,sk=0x..,0x.." (responder).
    private static void AssertSessionKeys(Bolt8Step step, NoiseSession session)
    {
        Assert.False(step.IsInput);
        var parts = step.Value.Split('=');
        var names = parts[0].Split(',');
        var values = parts[1].Split(',');
        var keys = names.Zip(values).ToDictionary(p => p.First, p => Bolt8Vectors.Hex(p.Second));
        Assert.Equal(keys["sk"], session.Encryptor.State.Key.ToArray());
        Assert.Equal(keys["rk"], session.Decryptor.State.Key.ToArray());

        // rck = sck = ck: the final chaining key, which the message test starts from.
        var finalChainingKey = Bolt8Vectors.Named("transport-message test").Bytes("ck");
        Assert.Equal(finalChainingKey, session.Encryptor.State.ChainingKey.ToArray());
        Assert.Equal(finalChainingKey, session.Decryptor.State.ChainingKey.ToArray());
        Assert.Equal(0UL, session.Encryptor.State.Nonce);
        Assert.Equal(0UL, session.Decryptor.State.Nonce);
    }

    private delegate void ActReader(ReadOnlySpan<byte> act);

    [GeneratedRegex(@"ACT(\d)_([A-Z_]+)")]
    private static partial Regex ErrorPattern();
}
