using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>A loopback listener and a fresh static key for each side, disposed after the test.</summary>
public abstract class LoopbackTest : IDisposable
{
    internal Loopback Listener { get; } = Loopback.Start();

    internal PrivateKey InitiatorKey { get; } = PrivateKey.Generate();

    internal PrivateKey ResponderKey { get; } = PrivateKey.Generate();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Listener.Dispose();
            InitiatorKey.Dispose();
            ResponderKey.Dispose();
        }
    }
}
