using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// The state machine threw something other than a protocol rule while handling
/// <see cref="InputName"/> (a bug, a signer that failed, an exhausted resource). The input
/// had no effect (states are immutable); <see cref="Exception.InnerException"/> is what was thrown.
/// </summary>
public sealed class EngineFaultException : ChannelException
{
    public EngineFaultException(ChannelId channelId, string inputName, Exception fault)
        : base(channelId, $"The channel engine failed on {inputName}: {fault?.Message}", fault ?? throw new ArgumentNullException(nameof(fault)))
    {
        InputName = inputName;
    }

    public string InputName { get; }

    public override bool FailsChannel => false;
}
