namespace Microchannels.Meter.Accounting;

/// <summary>A source reported a register below what the ledger already holds; the ledger is unchanged.</summary>
public sealed class RegisterWentBackwardsException(string register, ulong held, ulong reported)
    : Exception($"The {register} register went back from {held} to {reported} units.")
{
    public ulong Held { get; } = held;

    public ulong Reported { get; } = reported;
}
