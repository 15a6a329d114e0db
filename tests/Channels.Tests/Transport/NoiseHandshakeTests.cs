using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>The handshake state machine beyond the spec's fixed vectors: fresh keys, misuse, wrong peers.</summary>
public class NoiseHandshakeTests
{
    [Fact]
    public void Fresh_initiator_and_responder_agree_on_mirrored_keys_and_learn_each_others_identity()
    {
        using var initiatorKey = PrivateKey.Generate();
        using var responderKey = PrivateKey.Generate();
        using var initiator = NoiseHandshake.CreateInitiator(initiatorKey, responderKey.PublicKey);
        using var responder = NoiseHandshake.CreateResponder(responderKey);

        responder.ReadActOne(initiator.WriteActOne());
        initiator.ReadActTwo(responder.WriteActTwo());
        responder.ReadActThree(initiator.WriteActThree());
        using var initiatorSession = initiator.CompleteSession();
        using var responderSession = responder.CompleteSession();

        Assert.Equal(initiatorKey.PublicKey.ToBytes(), responderSession.RemoteStaticKey.ToBytes());
        Assert.Equal(responderKey.PublicKey.ToBytes(), initiatorSession.RemoteStaticKey.ToBytes());

        // 1500 messages each way cross three key rotations on each of the four cipher states.
        for (int i = 0; i < 1500; i++)
        {
            var message = BitConverter.GetBytes(i);
            Assert.Equal(message, responderSession.Decryptor.Decrypt(initiatorSession.Encryptor.Encrypt(message)));
            Assert.Equal(message, initiatorSession.Decryptor.Decrypt(responderSession.Encryptor.Encrypt(message)));
        }
    }

    [Fact]
    public void An_initiator_that_expects_another_node_fails_act_one_at_the_responder()
    {
        using var initiatorKey = PrivateKey.Generate();
        using var responderKey = PrivateKey.Generate();
        using var someoneElse = PrivateKey.Generate();
        using var initiator = NoiseHandshake.CreateInitiator(initiatorKey, someoneElse.PublicKey);
        using var responder = NoiseHandshake.CreateResponder(responderKey);

        var error = Assert.Throws<NoiseHandshakeException>(() => responder.ReadActOne(initiator.WriteActOne()));

        Assert.Equal(1, error.Act);
        Assert.Equal(NoiseHandshakeFailure.BadTag, error.Reason);
    }

    [Fact]
    public void A_tampered_act_two_fails_the_initiator_with_bad_tag()
    {
        using var initiatorKey = PrivateKey.Generate();
        using var responderKey = PrivateKey.Generate();
        using var initiator = NoiseHandshake.CreateInitiator(initiatorKey, responderKey.PublicKey);
        using var responder = NoiseHandshake.CreateResponder(responderKey);
        responder.ReadActOne(initiator.WriteActOne());
        var actTwo = responder.WriteActTwo();
        actTwo[^1] ^= 1;

        var error = Assert.Throws<NoiseHandshakeException>(() => initiator.ReadActTwo(actTwo));

        Assert.Equal((2, NoiseHandshakeFailure.BadTag), (error.Act, error.Reason));
        Assert.Throws<InvalidOperationException>(initiator.WriteActThree);
    }

    [Fact]
    public void Each_role_refuses_the_other_roles_steps()
    {
        using var key = PrivateKey.Generate();
        using var initiator = NoiseHandshake.CreateInitiator(key, key.PublicKey);
        using var responder = NoiseHandshake.CreateResponder(key);

        Assert.True(initiator.IsInitiator);
        Assert.False(responder.IsInitiator);
        Assert.Throws<InvalidOperationException>(() => initiator.ReadActOne(new byte[NoiseHandshake.ActOneLength]));
        Assert.Throws<InvalidOperationException>(responder.WriteActOne);
        Assert.Throws<InvalidOperationException>(responder.WriteActTwo);
        Assert.Throws<InvalidOperationException>(initiator.CompleteSession);
    }

    [Fact]
    public void The_session_is_handed_over_only_once()
    {
        using var initiatorKey = PrivateKey.Generate();
        using var responderKey = PrivateKey.Generate();
        using var initiator = NoiseHandshake.CreateInitiator(initiatorKey, responderKey.PublicKey);
        using var responder = NoiseHandshake.CreateResponder(responderKey);
        responder.ReadActOne(initiator.WriteActOne());
        initiator.ReadActTwo(responder.WriteActTwo());
        initiator.WriteActThree();

        using var session = initiator.CompleteSession();

        Assert.Throws<InvalidOperationException>(initiator.CompleteSession);
    }

    [Fact]
    public void An_act_longer_than_its_fixed_size_is_a_caller_error()
    {
        using var key = PrivateKey.Generate();
        using var responder = NoiseHandshake.CreateResponder(key);

        Assert.Throws<ArgumentException>(() => responder.ReadActOne(new byte[NoiseHandshake.ActOneLength + 1]));
    }

    [Fact]
    public void A_disposed_handshake_refuses_to_continue()
    {
        using var key = PrivateKey.Generate();
        var initiator = NoiseHandshake.CreateInitiator(key, key.PublicKey);
        initiator.Dispose();

        Assert.Throws<InvalidOperationException>(initiator.WriteActOne);
    }
}
